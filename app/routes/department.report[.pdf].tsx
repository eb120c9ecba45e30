import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatCell, formatMonth } from "~/components/charts/format-cell";
import { requireDashboardViewer } from "~/insights/access.server";
import { departmentReportPdf } from "~/insights/report.server";
import { loadDashboard } from "~/insights/views.server";
import { formatDateTime, todayInVietnam } from "~/lib/format";
import { localized, translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";

/** The one-page PDF of the place and period in the URL (same filters as the dashboards). */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const locale = getLocale(args.request);
  const t = translator(locale);
  const search = new URL(args.request.url).searchParams;
  const today = todayInVietnam();
  const input = { search, today, locale, logger: args.context.logger };
  const overview = await loadDashboard(args.context.db, { ...input, view: "overview" });
  const market = await loadDashboard(args.context.db, { ...input, view: "market" });
  const households = await loadDashboard(args.context.db, { ...input, view: "households" });
  if (households.view !== "households") throw new Error("households expected");
  const table = (data: typeof overview, id: string) => {
    const found = data.tables.find((x) => x.id === id);
    if (!found) throw new Error(`report: no table ${id}`);
    return found;
  };
  const { scope } = overview;
  const province = localized(locale, scope.province.nameVi, scope.province.nameEn);
  const place = scope.commune ? t("ins.filter.placeCommune", { commune: scope.commune.nameVi, province }) : province;
  const sales = overview.freshness.find((f) => f.rollup === "sales");
  const provinces = table(market, "provinces");
  const pdf = await departmentReportPdf({
    title: t("ins.report.title"),
    lines: [
      t("ins.report.period", { place, from: formatMonth(scope.filters.from, locale), to: formatMonth(scope.filters.to, locale) }),
      t("ins.report.generated", { time: formatDateTime(new Date(), locale), sales: sales ? formatDateTime(sales.coveredUntil, locale) : "—" }),
    ],
    sections: [
      { heading: t("ins.report.overview"), table: table(overview, "summary") },
      { heading: t("ins.overview.ocopTable"), table: table(overview, "ocop") },
      { heading: t("ins.market.monthsTable"), table: table(market, "months"), maxRows: 12 },
      // Provinces with sales only, best first; the table on the page lists all 34.
      {
        heading: t("ins.report.topProvinces"),
        table: { ...provinces, rows: provinces.rows.filter((r) => typeof r[2] === "number" && r[2] > 0), total: provinces.total },
        maxRows: 5,
        columns: [0, 1, 2, 3],
      },
      { heading: t("ins.report.households", { year: households.households.year }), table: table(households, "targets") },
      { heading: t("ins.hh.statusEthnicityTable", { year: households.households.year }), table: table(households, "status-ethnicity") },
    ],
    footer: t("ins.report.footer"),
    format: (value, kind) => formatCell(value, kind, locale),
  });
  const name = `ocop-report-${scope.filters.from}-${scope.filters.to}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${name}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
