import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { exportFormats, exportResponse } from "~/insights/export.server";
import { todayInVietnam } from "~/lib/format";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { listRegister, parseRegisterFilter, registerTable } from "~/ocop/register-queries.server";

/** The public register as CSV or XLSX: exactly the rows the page shows for the same filter. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const format = z.enum(exportFormats).safeParse(url.searchParams.get("format") ?? "csv");
  if (!format.success) throw new Response("Bad Request", { status: 400 });
  const today = todayInVietnam();
  const rows = await listRegister(context.db, parseRegisterFilter(url.searchParams), today, 100_000);
  const response = exportResponse("register", registerTable(rows, translator(getLocale(request))), { from: today, to: today }, format.data);
  response.headers.set("Cache-Control", "public, no-cache");
  return response;
}
