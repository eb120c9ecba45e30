import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireDashboardViewer } from "~/insights/access.server";
import { exportFormats } from "~/insights/export.server";
import { todayInVietnam } from "~/lib/format";
import { getLocale } from "~/lib/locale.server";
import { keyDataElementsResponse } from "~/trace/kde.server";

const query = z.object({ batchId: z.guid(), format: z.enum(exportFormats) });

/** The key-data-elements sheet of any lot for the department (CSV or XLSX, `?format=`): a download, not a page. */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const parsed = query.safeParse({ batchId: args.params.batchId, format: new URL(args.request.url).searchParams.get("format") });
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const response = await keyDataElementsResponse(args.context.db, parsed.data.batchId, { kind: "department" }, getLocale(args.request), parsed.data.format, todayInVietnam());
  if (!response) throw new Response("Not Found", { status: 404 });
  return response;
}
