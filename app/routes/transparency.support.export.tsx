import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { exportFormats, exportResponse } from "~/insights/export.server";
import { todayInVietnam } from "~/lib/format";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { loadTransparency, resolveTransparencyScope } from "~/support/publication.server";
import { transparencyFilterSchema } from "~/support/schema";

const exportSchema = z.object({ table: z.enum(["by-kind", "cooperatives", "followed"]), format: z.enum(exportFormats) });

/** A public table of /transparency/support as CSV or XLSX: exactly the rows the page shows, hidden cells included. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams);
  const wanted = exportSchema.safeParse(params);
  if (!wanted.success) throw new Response("Bad Request", { status: 400 });
  const locale = getLocale(request);
  const scope = await resolveTransparencyScope(context.db, transparencyFilterSchema.parse(params), todayInVietnam());
  const view = await loadTransparency(context.db, scope, translator(locale));
  const table = view.tables.find((x) => x.id === wanted.data.table);
  if (!table) throw new Response("Not Found", { status: 404 });
  const place = scope.commune ? `${scope.province.code}-${scope.commune.id}` : scope.province.code;
  const response = exportResponse(`support-${place}-${scope.programme}`, table, { from: String(scope.year), to: String(scope.year) }, wanted.data.format);
  // Public figures: anyone may keep them; they change with the ledger, so browsers ask again.
  response.headers.set("Cache-Control", "public, no-cache");
  return response;
}
