import type { LoaderFunctionArgs } from "@remix-run/node";
import { EPCIS_MEDIA_TYPE, EPCIS_VERSION_HEADER } from "~/trace/epcis";
import { getBatchEpcisDocument } from "~/trace/epcis-export.server";

/** GET /api/epcis/batches/{id or short code}: the batch's events and its lineage's as EPCIS 2.0 JSON-LD. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const document = await getBatchEpcisDocument(context.db, params.id ?? "", context.publicUrl);
  const headers = {
    ...EPCIS_VERSION_HEADER,
    "GS1-CBV-Version": "2.0.0",
    "Access-Control-Allow-Origin": "*",
  };
  if (!document) {
    return new Response(JSON.stringify({ type: "epcisException:NoSuchResourceException", title: "Unknown batch" }), {
      status: 404,
      headers: { ...headers, "Content-Type": "application/problem+json" },
    });
  }
  return new Response(JSON.stringify(document), {
    headers: { ...headers, "Content-Type": EPCIS_MEDIA_TYPE, "Cache-Control": "public, max-age=60" },
  });
}
