import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireDashboardViewer } from "~/insights/access.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { listRecallRegister } from "~/recalls/recall-queries.server";
import { minutesToConfirm } from "~/recalls/rules";

/** The department's recall register: open and closed recalls with their figures. */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const rows = await listRecallRegister(args.context.db);
  return {
    title: translate(getLocale(args.request), "recall.register.title"),
    rows: rows.map((r) => ({
      ...r,
      openedAt: r.openedAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      minutesToConfirm: minutesToConfirm(r.openedAt, r.confirmedAt),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function RecallRegister() {
  const { title, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1 id="register-h">{title}</h1>
      <p className="muted">{t("recall.register.lead")}</p>
      {rows.length === 0 ? (
        <p>{t("recall.register.empty")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="register-h" tabIndex={0}>
          <table className="table" data-testid="recall-register">
            <thead>
              <tr>
                <th scope="col">{t("recall.col.number")}</th>
                <th scope="col">{t("recall.col.status")}</th>
                <th scope="col">{t("recall.col.reason")}</th>
                <th scope="col">{t("recall.col.organisation")}</th>
                <th scope="col">{t("recall.col.opened")}</th>
                <th scope="col">{t("recall.col.toConfirm")}</th>
                <th scope="col">{t("recall.col.scope")}</th>
                <th scope="col">{t("recall.col.sold")}</th>
                <th scope="col">{t("recall.col.returned")}</th>
                <th scope="col">{t("recall.col.destroyed")}</th>
                <th scope="col">{t("recall.col.buyers")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.number}>
                  <td>
                    <Link to={`/department/recalls/${r.number}`} className="mono">
                      {r.number}
                    </Link>
                  </td>
                  <td>{t(`recall.status.${r.status}`)}</td>
                  <td>{t(`recall.reason.${r.reason}`)}</td>
                  <td>{r.openedByName}</td>
                  <td>{formatDateTime(r.openedAt, locale)}</td>
                  <td>{r.minutesToConfirm === null ? "—" : t("recall.minutes", { count: formatNumber(r.minutesToConfirm, locale) })}</td>
                  <td>{t("recall.scope.summary", { lots: formatNumber(r.lots, locale), orders: formatNumber(r.orders, locale) })}</td>
                  <td>{formatNumber(r.unitsSold, locale)}</td>
                  <td>{formatNumber(r.unitsReturned, locale)}</td>
                  <td>{formatNumber(r.unitsDestroyed, locale)}</td>
                  <td>
                    {formatNumber(r.buyersReached, locale)} / {formatNumber(r.buyers, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
