import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts/BarChart";
import { DashboardHeader } from "~/components/charts/DashboardHeader";
import { DataTableView } from "~/components/charts/DataTableView";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireDashboardViewer } from "~/insights/access.server";
import { filtersToSearch } from "~/insights/filters";
import { statusRows } from "~/insights/household-aggregates.server";
import { INCOME_TARGET, MINORITY_POVERTY_TARGET_PERCENT, YEARLY_REDUCTION_TARGET_POINTS } from "~/insights/targets.server";
import { headerData, loadDashboard } from "~/insights/views.server";
import { formatNumber, todayInVietnam } from "~/lib/format";
import { translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";

type Verdict = "met" | "notMet" | "unknown";

export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const locale = getLocale(args.request);
  const data = await loadDashboard(args.context.db, {
    view: "households",
    search: new URL(args.request.url).searchParams,
    today: todayInVietnam(),
    locale,
    logger: args.context.logger,
  });
  if (data.view !== "households") throw new Error("households expected");
  const h = data.households;
  const verdict = (value: number | null, ok: (v: number) => boolean): Verdict => (value === null ? "unknown" : ok(value) ? "met" : "notMet");
  const a = h.aggregates.statusBySex;
  return {
    ...headerData(data, translate(locale, "ins.hh.title")),
    year: h.year,
    figures: [
      { key: "multiple", value: h.income.all.multiple, verdict: verdict(h.income.all.multiple, (v) => v >= INCOME_TARGET.low), unit: "×" },
      { key: "minorityRate", value: h.minorityPoverty.ratePercent, verdict: verdict(h.minorityPoverty.ratePercent, (v) => v < MINORITY_POVERTY_TARGET_PERCENT), unit: "%" },
      { key: "reduction", value: h.minorityPoverty.reductionPoints, verdict: verdict(h.minorityPoverty.reductionPoints, (v) => v > YEARLY_REDUCTION_TARGET_POINTS), unit: "" },
      // The overall change has no target of its own in the resolution: it is reported beside the ethnic-minority one.
      { key: "overallReduction", value: h.overallPoverty.reductionPoints, verdict: "noTarget" as const, unit: "" },
    ],
    // Only shown row totals are charted; the table says "< 5" or "x" (hidden to protect a small group) for the rest.
    statusBars: statusRows.map((s, i) => ({ status: s, value: a.rowTotals[i] ?? null })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function DepartmentHouseholds() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const exportHref = (table: string, format: string) => `/department/export?${filtersToSearch(data.filters, { view: "households", table, format })}`;
  const shownBars = data.statusBars.filter((b): b is { status: (typeof b)["status"]; value: number } => b.value !== null);
  return (
    <div className="container">
      <DashboardHeader
        {...data}
        path="/department/households"
        lead={t("ins.hh.lead")}
      />
      <p>
        <strong>{t("ins.hh.year", { year: data.year })}</strong>
      </p>
      <dl className="stats" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(240px, 1fr))" }}>
        {data.figures.map((f) => (
          <div className="stats__item" key={f.key} data-testid={`target-${f.key}`}>
            <dt>
              {f.key === "multiple"
                ? t("ins.hh.fig.multiple", { year: data.year, baseline: 2020 })
                : f.key === "minorityRate"
                  ? t("ins.hh.fig.minorityRate", { year: data.year })
                  : f.key === "overallReduction"
                    ? t("ins.hh.fig.overallReduction", { from: data.year - 1, to: data.year })
                    : t("ins.hh.fig.reduction", { from: data.year - 1, to: data.year })}
            </dt>
            <dd>{f.value === null ? t("ins.fig.notApplicable") : `${formatNumber(f.value, locale, 2)}${f.unit ? ` ${f.unit}` : ""}`}</dd>
            <dd className="muted" data-verdict={f.verdict}>
              {t(`ins.hh.${f.verdict}` as MessageKey)}
            </dd>
          </div>
        ))}
      </dl>
      <BarChart
        title={t("ins.hh.chart.status", { year: data.year })}
        bars={shownBars.map((b) => ({ label: t(`ins.hh.status.${b.status}` as MessageKey), value: b.value }))}
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
