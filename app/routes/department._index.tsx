import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts/BarChart";
import { DashboardHeader } from "~/components/charts/DashboardHeader";
import { DataTableView } from "~/components/charts/DataTableView";
import { Figures } from "~/components/Figures";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireDashboardViewer } from "~/insights/access.server";
import { filtersToSearch } from "~/insights/filters";
import { ecommerceSharePercent } from "~/insights/overview.server";
import { headerData, loadDashboard } from "~/insights/views.server";
import { formatNumber, formatVnd, todayInVietnam } from "~/lib/format";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";

export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const locale = getLocale(args.request);
  const data = await loadDashboard(args.context.db, {
    view: "overview",
    search: new URL(args.request.url).searchParams,
    today: todayInVietnam(),
    locale,
    logger: args.context.logger,
  });
  if (data.view !== "overview") throw new Error("overview expected");
  const { overview } = data;
  return {
    ...headerData(data, translate(locale, "ins.overview.title")),
    overview,
    ecommerceShare: ecommerceSharePercent(overview),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function DepartmentOverview() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { overview: o } = data;
  const exportHref = (table: string, format: string) => `/department/export?${filtersToSearch(data.filters, { view: "overview", table, format })}`;
  const ocopTable = data.tables.find((x) => x.id === "ocop");
  return (
    <div className="container">
      <DashboardHeader
        {...data}
        path="/department"
        lead={t("ins.overview.lead")}
      />
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t("ins.overview.keyFigures")}</h2>
        <Figures
          items={[
            { key: "ins.fig.cooperatives", value: o.cooperatives },
            { key: "ins.fig.producers", value: o.producers },
            { key: "ins.fig.ocopProducts", value: o.ocopProducts },
            { key: "ins.fig.expiring", value: o.expiring.length },
            { key: "ins.fig.batches", value: o.batches },
            { key: "ins.fig.scans", value: o.scans },
            { key: "ins.fig.subOrders", value: o.subOrders },
            { key: "ins.fig.ocopEntitiesSelling", value: o.ocopEntitiesSelling },
          ]}
        />
        <dl className="stats" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))" }}>
          <div className="stats__item">
            <dt>{t("ins.fig.salesValue")}</dt>
            <dd data-testid="sales-value" data-value={o.salesValueVnd}>
              {formatVnd(o.salesValueVnd, locale)}
            </dd>
          </div>
          <div className="stats__item">
            <dt>{t("ins.fig.ecommerceShare")}</dt>
            <dd data-testid="ecommerce-share">
              {data.ecommerceShare === null ? t("ins.fig.notApplicable") : `${formatNumber(data.ecommerceShare, locale, 1)} %`}
            </dd>
          </div>
        </dl>
      </section>
      {ocopTable ? (
        <BarChart
          title={t("ins.overview.ocopChart")}
          bars={ocopTable.rows.map((r) => ({ label: String(r[0]), value: Number(r[4] ?? 0) }))}
          format={(v) => formatNumber(v, locale)}
        />
      ) : null}
      {data.tables.map((table) => (
        <DataTableView key={table.id} table={table} exportHref={exportHref} />
      ))}
      <section className="section" aria-labelledby="how-title">
        <h2 id="how-title">{t("ins.overview.howTitle")}</h2>
        <ul>
          <li>{t("ins.overview.howParticipants")}</li>
          <li>{t("ins.overview.howBatches")}</li>
          <li>{t("ins.overview.howScans")}</li>
          <li>{t("ins.overview.howSales")}</li>
          <li>{t("ins.overview.howEcommerce")}</li>
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
