import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { exportFormats } from "~/insights/export.server";
import { todayInVietnam } from "~/lib/format";
import { getLocale } from "~/lib/locale.server";
import { keyDataElementsResponse } from "~/trace/kde.server";
import { requireWorkspace } from "~/workspace/access.server";
import { getOrganisationBatchHead } from "~/trace/lineage-trace.server";

const query = z.object({ batchId: z.guid(), format: z.enum(exportFormats) });

/** The key-data-elements sheet of one of the cooperative's lots (CSV or XLSX, `?format=`): a download, not a page. */
export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const parsed = query.safeParse({ batchId: args.params.batchId, format: new URL(args.request.url).searchParams.get("format") });
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const db = args.context.db;
  // Another organisation's lot is not found here, whether or not it exists.
  if ((await getOrganisationBatchHead(db, parsed.data.batchId))?.organisationId !== organisation.id) throw new Response("Not Found", { status: 404 });
  const response = await keyDataElementsResponse(
    db,
    parsed.data.batchId,
    { kind: "cooperative", organisationId: organisation.id },
    getLocale(args.request),
    parsed.data.format,
    todayInVietnam(),
  );
  if (!response) throw new Response("Not Found", { status: 404 });
  return response;
}
