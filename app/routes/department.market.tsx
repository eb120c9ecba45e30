import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart, ColumnChart } from "~/components/charts/BarChart";
import { DashboardHeader } from "~/components/charts/DashboardHeader";
import { DataTableView } from "~/components/charts/DataTableView";
import { shortMonthLabels } from "~/components/charts/format-cell";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PaymentFlags } from "~/components/market/PaymentFlags";
import { requireDashboardViewer } from "~/insights/access.server";
import { filtersToSearch } from "~/insights/filters";
import { repeatBuyerPercent } from "~/insights/market.server";
import { headerData, loadDashboard } from "~/insights/views.server";
import { formatNumber, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { listRecentPaymentFlags } from "~/market/payment-checks.server";

export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const locale = getLocale(args.request);
  const data = await loadDashboard(args.context.db, {
    view: "market",
    search: new URL(args.request.url).searchParams,
    today: todayInVietnam(),
    locale,
    logger: args.context.logger,
  });
  if (data.view !== "market") throw new Error("market expected");
  const { market } = data;
  return {
    ...headerData(data, translate(locale, "ins.market.title")),
    months: market.months,
    ranked: market.provinces.map((p) => ({ nameVi: p.nameVi, nameEn: p.nameEn, valueVnd: p.valueVnd, scans: p.scans })),
    scansUnknownProvince: market.scansUnknownProvince,
    reached: market.provinces.filter((p) => p.subOrders > 0).length,
    newProvinces: market.newProvinces.length,
    repeatRate: repeatBuyerPercent(market),
    paidSalesVnd: market.months.reduce((n, m) => n + m.valueVnd, 0),
    awaitingPayment: market.awaitingPayment,
    // Card payments that did not match what the app asked for (the orders stayed unpaid).
    paymentFlags: await listRecentPaymentFlags(args.context.db),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function DepartmentMarket() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const exportHref = (table: string, format: string) => `/department/export?${filtersToSearch(data.filters, { view: "market", table, format })}`;
  const byScans = [...data.ranked].sort((a, b) => b.scans - a.scans).filter((p) => p.scans > 0);
  return (
    <div className="container">
      <DashboardHeader
        {...data}
        path="/department/market"
        lead={t("ins.market.lead")}
      />
      <dl className="stats" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))" }}>
        <div className="stats__item">
          <dt>{t("ins.fig.provincesReached")}</dt>
          <dd data-testid="provinces-reached">{formatNumber(data.reached, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ins.fig.newProvinces")}</dt>
          <dd>{formatNumber(data.newProvinces, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ins.fig.repeatRate")}</dt>
          <dd>{data.repeatRate === null ? t("ins.fig.notApplicable") : `${formatNumber(data.repeatRate, locale, 1)} %`}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ins.market.paidSales")}</dt>
          <dd data-testid="paid-sales">{formatVnd(data.paidSalesVnd, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ins.market.awaitingPayment")}</dt>
          <dd data-testid="awaiting-payment">{formatVnd(data.awaitingPayment.valueVnd, locale)}</dd>
          <dd className="muted">{t("ins.market.awaitingOrders", { count: formatNumber(data.awaitingPayment.subOrders, locale) })}</dd>
        </div>
      </dl>
      <ColumnChart
        title={t("ins.market.monthsChart")}
        bars={shortMonthLabels(data.months.map((m) => m.month), locale).map((label, i) => ({ label, value: data.months[i]!.valueVnd }))}
        format={(v) => formatNumber(Math.round(v / 1000), locale) + "k"}
      />
      <BarChart
        title={t("ins.market.provincesChart")}
        bars={data.ranked.map((p) => ({ label: localized(locale, p.nameVi, p.nameEn), value: p.valueVnd }))}
        format={(v) => formatVnd(v, locale)}
      />
      <BarChart
        title={t("ins.market.scansChart")}
        bars={[
          ...byScans.map((p) => ({ label: localized(locale, p.nameVi, p.nameEn), value: p.scans })),
          ...(data.scansUnknownProvince > 0 ? [{ label: t("ins.market.unknownProvince"), value: data.scansUnknownProvince }] : []),
        ]}
        format={(v) => formatNumber(v, locale)}
      />
      {data.tables.map((table) => (
        <DataTableView key={table.id} table={table} exportHref={exportHref} />
      ))}
      <PaymentFlags flags={data.paymentFlags} withOrder intro={false} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
