import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getLocale } from "~/lib/locale.server";
import { todayInVietnam } from "~/lib/format";
import { subOrderStatuses } from "~/market/fulfilment-schema";
import { exportSubOrdersCsv } from "~/market/order-export.server";
import { requireWorkspace } from "~/workspace/access.server";

const exportQuery = z.object({ status: z.enum(subOrderStatuses).optional().catch(undefined) });

/** The cooperative's orders as CSV for Excel (one row per line, with its lots). */
export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const url = new URL(args.request.url);
  const { status } = exportQuery.parse({ status: url.searchParams.get("status") || undefined });
  const csv = await exportSubOrdersCsv(args.context.db, organisation.id, { status: status ?? null, locale: getLocale(args.request) });
  const filename = `don-hang-${organisation.slug}-${todayInVietnam()}${status ? `-${status}` : ""}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
