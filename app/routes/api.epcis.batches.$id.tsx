import type { LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/identity/request.server";
import { workspaceOrganisationIds } from "~/identity/roles";
import { EPCIS_MEDIA_TYPE, EPCIS_VERSION_HEADER } from "~/trace/epcis";
import { organisationOfApiKey } from "~/trace/api-keys.server";
import { exportBatchEpcis } from "~/trace/epcis-export.server";

/**
 * GET /api/epcis/batches/{id or short code}: the batch's events and its lineage's as EPCIS 2.0 JSON-LD.
 * Anyone gets the public export (what the origin page shows; open CORS, cacheable) of an approved
 * organisation's batch; a member's session or the organisation's API key (`Authorization: Bearer <key>`)
 * gets the full export (notes, every attachment), never shared between readers nor across origins.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { params, context, request } = args;
  const authorization = request.headers.get("Authorization");
  const [keyOrganisation, viewer] = await Promise.all([organisationOfApiKey(context.db, authorization), getViewer(args)]);
  const readerOrganisations = [...(keyOrganisation ? [keyOrganisation] : []), ...(viewer ? workspaceOrganisationIds(viewer.memberships) : [])];
  const found = await exportBatchEpcis(context.db, params.id ?? "", { baseUrl: context.publicUrl, readerOrganisations });
  const headers: Record<string, string> = { ...EPCIS_VERSION_HEADER, "GS1-CBV-Version": "2.0.0", Vary: "Authorization, Cookie" };
  const problem = (status: number, type: string, title: string) =>
    new Response(JSON.stringify({ type, title }), {
      status,
      headers: { ...headers, "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store", "Content-Type": "application/problem+json" },
    });
  if (!found.ok) {
    return found.reason === "not_found"
      ? problem(404, "epcisException:NoSuchResourceException", "Unknown batch")
      : problem(403, "epcisException:SecurityException", "The producer is not verified yet: its EPCIS export is not public");
  }
  const cors: Record<string, string> =
    found.audience === "public" ? { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60" } : { "Cache-Control": "private, no-store" };
  return new Response(JSON.stringify(found.document), {
    headers: { ...headers, ...cors, "Content-Type": EPCIS_MEDIA_TYPE, "X-EPCIS-Audience": found.audience },
  });
}
