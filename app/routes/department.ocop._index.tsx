import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ColumnChart } from "~/components/charts/BarChart";
import { DashboardHeader } from "~/components/charts/DashboardHeader";
import { DataTableView } from "~/components/charts/DataTableView";
import { shortMonthLabels } from "~/components/charts/format-cell";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireDashboardViewer } from "~/insights/access.server";
import { filtersToSearch } from "~/insights/filters";
import { passRate, STOREFRONT_TARGET_PERCENT, storefrontShare } from "~/insights/ocop-dashboard";
import { headerData, loadDashboard } from "~/insights/views.server";
import { formatNumber, todayInVietnam } from "~/lib/format";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";

/** The department's OCOP dashboard: applications, results, expiring certificates, stars over time, storefront share. */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const locale = getLocale(args.request);
  const data = await loadDashboard(args.context.db, {
    view: "ocop",
    search: new URL(args.request.url).searchParams,
    today: todayInVietnam(),
    locale,
    logger: args.context.logger,
  });
  if (data.view !== "ocop") throw new Error("ocop expected");
  const { ocop } = data;
  const decided = ocop.results.reduce((n, r) => n + r.decided, 0);
  const ranked = ocop.results.reduce((n, r) => n + r.ranked, 0);
  const scored = ocop.results.filter((r) => r.meanScore !== null);
  const meanScore = decided === 0 ? null : Math.round((scored.reduce((n, r) => n + r.decided * (r.meanScore ?? 0), 0) / Math.max(1, scored.reduce((n, r) => n + r.decided, 0))) * 100) / 100;
  return {
    ...headerData(data, translate(locale, "ocopd.title")),
    applications: ocop.stages.reduce((n, s) => n + Object.values(s.counts).reduce((a, b) => a + b, 0), 0),
    decided,
    passRate: passRate(ranked, decided),
    meanScore,
    expiring: ocop.expiring.length,
    storefrontShare: storefrontShare(ocop.storefront),
    stageBars: ocop.stages.map((s) => ({ month: s.month, value: Object.values(s.counts).reduce((a, b) => a + b, 0) })),
    starBars: ocop.starsOverTime.map((s) => ({ month: s.month, value: s.stars3 + s.stars4 + s.stars5 })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function DepartmentOcop() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const exportHref = (table: string, format: string) => `/department/export?${filtersToSearch(data.filters, { view: "ocop", table, format })}`;
  const na = t("ins.fig.notApplicable");
  return (
    <div className="container">
      <DashboardHeader {...data} path="/department/ocop" lead={t("ocopd.lead")} />
      <p>
        <Link to="/admin/ocop/criteria">{t("ocopd.criteriaLink")}</Link>
      </p>
      {data.applications === 0 && data.decided === 0 ? (
        <p className="notice" data-testid="ocop-empty">
          {t("ocopd.empty")}
        </p>
      ) : null}
      <dl className="stats" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(180px, 1fr))" }}>
        <div className="stats__item">
          <dt>{t("ocopd.fig.applications")}</dt>
          <dd data-testid="ocop-applications">{formatNumber(data.applications, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ocopd.fig.passRate")}</dt>
          <dd data-testid="ocop-pass-rate">{data.passRate === null ? na : `${formatNumber(data.passRate, locale, 1)} %`}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ocopd.fig.meanScore")}</dt>
          <dd data-testid="ocop-mean-score">{data.meanScore === null ? na : formatNumber(data.meanScore, locale, 2)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ocopd.fig.expiring")}</dt>
          <dd data-testid="ocop-expiring">{formatNumber(data.expiring, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ocopd.fig.storefrontShare")}</dt>
          <dd data-testid="ocop-storefront-share">{data.storefrontShare === null ? na : `${formatNumber(data.storefrontShare, locale, 1)} %`}</dd>
          <dd className="muted">{t("ocopd.fig.target", { target: STOREFRONT_TARGET_PERCENT })}</dd>
        </div>
      </dl>
      <ColumnChart
        title={t("ocopd.stagesChart")}
        bars={shortMonthLabels(data.stageBars.map((b) => b.month), locale).map((label, i) => ({ label, value: data.stageBars[i]!.value }))}
        format={(v) => formatNumber(v, locale)}
      />
      <ColumnChart
        title={t("ocopd.starsChart")}
        bars={shortMonthLabels(data.starBars.map((b) => b.month), locale).map((label, i) => ({ label, value: data.starBars[i]!.value }))}
        format={(v) => formatNumber(v, locale)}
      />
      {data.tables.map((table) => (
        <DataTableView key={table.id} table={table} exportHref={exportHref} />
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
