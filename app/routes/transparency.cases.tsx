import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { formatNumber } from "~/lib/format";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { loadCaseStatistics } from "~/supervision/statistics.server";

/** Public statistics of citizens' reports: aggregates only, no sign-in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const stats = await loadCaseStatistics(context.db);
  return { title: translate(getLocale(request), "stats.title"), stats };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export default function CaseStatisticsPage() {
  const { stats } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const percent = (share: number | null) => (share === null ? t("stats.none") : `${formatNumber(Math.round(share * 1000) / 10, locale, 1)} %`);
  return (
    <div className="container section stack">
      <h1>{t("stats.title")}</h1>
      <p>{t("stats.intro")}</p>
      <dl className="facts" data-testid="case-stats">
        <dt>{t("stats.total")}</dt>
        <dd>{formatNumber(stats.total.cases, locale)}</dd>
        <dt>{t("stats.answered")}</dt>
        <dd>{formatNumber(stats.total.answered, locale)}</dd>
        <dt>{t("stats.onTimeShare")}</dt>
        <dd>{percent(stats.onTimeShare)}</dd>
        <dt>{t("stats.medianDays")}</dt>
        <dd>{stats.medianWorkingDays === null ? t("stats.none") : formatNumber(stats.medianWorkingDays, locale, 1)}</dd>
      </dl>
      <h2>{t("stats.byKind")}</h2>
      <TableWrap label={t("stats.byKind")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("case.col.kind")}</th>
              <th scope="col">{t("stats.col.count")}</th>
              <th scope="col">{t("stats.col.answered")}</th>
              <th scope="col">{t("stats.col.onTime")}</th>
            </tr>
          </thead>
          <tbody>
            {stats.byKind.map((k) => (
              <tr key={k.kind}>
                <th scope="row">{t(`rep.kind.${k.kind}`)}</th>
                <td>{formatNumber(k.cases, locale)}</td>
                <td>{formatNumber(k.answered, locale)}</td>
                <td>{formatNumber(k.onTime, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h2>{t("stats.byCommune")}</h2>
      <TableWrap label={t("stats.byCommune")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("case.filter.commune")}</th>
              <th scope="col">{t("stats.col.count")}</th>
              <th scope="col">{t("stats.col.answered")}</th>
              <th scope="col">{t("stats.col.onTime")}</th>
            </tr>
          </thead>
          <tbody>
            {stats.byCommune.map((c) => (
              <tr key={c.other ? "other" : String(c.communeId)}>
                <th scope="row">{c.other ? t("stats.otherCommunes") : (c.name ?? t("stats.unknownCommune"))}</th>
                <td>{formatNumber(c.cases, locale)}</td>
                <td>{formatNumber(c.answered, locale)}</td>
                <td>{formatNumber(c.onTime, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        <Link to="/reports/new">{t("stats.reportLink")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
