import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DashboardHeader } from "~/components/charts/DashboardHeader";
import { DataTableView } from "~/components/charts/DataTableView";
import { SankeyChart } from "~/components/charts/SankeyChart";
import { SelectField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireDashboardViewer } from "~/insights/access.server";
import { filtersToSearch } from "~/insights/filters";
import { layoutFlows } from "~/insights/sankey-layout";
import { chainNodeLabel } from "~/insights/tables";
import type { ChainSelection } from "~/insights/value-chain.server";
import { headerData, loadDashboard } from "~/insights/views.server";
import { formatNumber, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, translate, translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";

const COLUMN = { commune: 0, hidden: 0, cooperative: 1, step: 2, province: 3 } as const;

export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const locale = getLocale(args.request);
  const data = await loadDashboard(args.context.db, {
    view: "value-chains",
    search: new URL(args.request.url).searchParams,
    today: todayInVietnam(),
    locale,
    logger: args.context.logger,
  });
  if (data.view !== "value-chains") throw new Error("value chains expected");
  const { chain } = data;
  const t = translator(locale);
  const layout = layoutFlows(
    chain.nodes.map((n) => ({ id: n.id, label: chainNodeLabel(n, t), column: COLUMN[n.kind] })),
    chain.links.map((l) => ({ source: l.source, target: l.target, value: l.valueVnd })),
  );
  const selection: ChainSelection = "product" in chain.selection ? { product: chain.selection.product } : { key: chain.selection.key };
  return {
    ...headerData(data, translate(locale, "ins.chain.title")),
    selection,
    products: chain.products.map((p) => ({ id: p.id, name: `${localized(locale, p.nameVi, p.nameEn)} · ${p.organisationName}`, key: p.keyLevel !== null })),
    covered: chain.covered,
    salesValueVnd: chain.salesValueVnd,
    unitsSold: chain.unitsSold,
    attributedVnd: chain.attributedVnd,
    layout,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function DepartmentValueChains() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const choice: Record<string, string> = "product" in data.selection ? { product: data.selection.product } : { key: data.selection.key };
  const exportHref = (table: string, format: string) =>
    `/department/export?${filtersToSearch(data.filters, { ...choice, view: "value-chains", table, format })}`;
  return (
    <div className="container">
      <DashboardHeader
        {...data}
        path="/department/value-chains"
        lead={t("ins.chain.lead")}
        extraFields={
          <>
            <SelectField
              name="key"
              label={t("ins.chain.keyLabel")}
              error={data.errors.key}
              defaultValue={"key" in data.selection ? data.selection.key : "any"}
              options={[
                { value: "any", label: t("ins.chain.allKey") },
                { value: "province", label: t("ins.chain.keyProvince") },
                { value: "commune", label: t("ins.chain.keyCommune") },
              ]}
            />
            <SelectField
              name="product"
              label={t("ins.chain.productLabel")}
              error={data.errors.product}
              defaultValue={"product" in data.selection ? data.selection.product : ""}
              emptyLabel={t("ins.chain.byLevel")}
              options={data.products.map((p) => ({ value: p.id, label: p.key ? `${p.name} (${t("ins.chain.keyMark")})` : p.name }))}
            />
          </>
        }
      />
      <dl className="stats" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))" }}>
        <div className="stats__item">
          <dt>{t("ins.chain.fig.products")}</dt>
          <dd>{formatNumber(data.covered, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ins.chain.fig.sales")}</dt>
          <dd data-testid="chain-sales" data-value={data.salesValueVnd}>
            {formatVnd(data.salesValueVnd, locale)}
          </dd>
        </div>
        <div className="stats__item">
          <dt>{t("ins.chain.fig.units")}</dt>
          <dd>{formatNumber(data.unitsSold, locale)}</dd>
        </div>
        <div className="stats__item">
          <dt>{t("ins.chain.fig.attributed")}</dt>
          <dd>{formatVnd(data.attributedVnd, locale)}</dd>
        </div>
      </dl>
      {data.layout.nodes.length > 0 ? (
        <SankeyChart title={t("ins.chain.diagram")} description={t("ins.chain.diagramDesc")} layout={data.layout} format={(v) => formatVnd(v, locale)} />
      ) : (
        <p className="notice" data-testid="chain-empty">
          {t("ins.chain.empty")}
        </p>
      )}
      {data.tables.map((table) => (
        <DataTableView key={table.id} table={table} exportHref={exportHref} />
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
