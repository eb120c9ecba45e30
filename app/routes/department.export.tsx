import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireDashboardViewer } from "~/insights/access.server";
import { exportFormats, exportResponse } from "~/insights/export.server";
import { loadDashboard, viewSchema } from "~/insights/views.server";
import { todayInVietnam } from "~/lib/format";
import { getLocale } from "~/lib/locale.server";

const exportQuery = z.object({
  view: viewSchema,
  table: z.string().regex(/^[a-z-]{1,40}$/),
  format: z.enum(exportFormats),
});

/** CSV or XLSX of one dashboard table, for the same filters as the page it was linked from. */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const search = new URL(args.request.url).searchParams;
  const query = exportQuery.safeParse({ view: search.get("view"), table: search.get("table"), format: search.get("format") });
  if (!query.success) throw Response.json({ messageKey: "error.badRequest.body" }, { status: 400 });
  const locale = getLocale(args.request);
  const data = await loadDashboard(args.context.db, { view: query.data.view, search, today: todayInVietnam(), locale, logger: args.context.logger });
  const table = data.tables.find((x) => x.id === query.data.table);
  if (!table) throw Response.json({ messageKey: "ins.export.notFound" }, { status: 404 });
  return exportResponse(query.data.view, table, data.filters, query.data.format);
}
