import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDateTime, formatNumber } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";
import { listRecallRegister } from "~/recalls/recall-queries.server";
import { requireWorkspace } from "~/workspace/access.server";

/** The cooperative's recalls: those it opened, and those with its lots or orders in scope. */
export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const rows = await listRecallRegister(args.context.db, { organisationId: access.organisation.id });
  return {
    slug: access.organisation.slug,
    rows: rows.map((r) => ({ number: r.number, status: r.status, reason: r.reason, openedByName: r.openedByName, openedAt: r.openedAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null, lots: r.lots })),
  };
}

export default function WorkspaceRecalls() {
  const { slug, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="recalls-h">
      <h2 id="recalls-h">{t("recall.workspace.title")}</h2>
      <p className="muted">{t("recall.workspace.lead")}</p>
      {rows.length === 0 ? (
        <p>{t("recall.workspace.empty")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="recalls-h" tabIndex={0}>
          <table className="table" data-testid="workspace-recalls">
            <thead>
              <tr>
                <th scope="col">{t("recall.col.number")}</th>
                <th scope="col">{t("recall.col.status")}</th>
                <th scope="col">{t("recall.col.reason")}</th>
                <th scope="col">{t("recall.col.organisation")}</th>
                <th scope="col">{t("recall.col.opened")}</th>
                <th scope="col">{t("recall.review.lots")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.number}>
                  <td>
                    <Link to={`/workspace/${slug}/recalls/${r.number}`} className="mono">
                      {r.number}
                    </Link>
                  </td>
                  <td>{t(`recall.status.${r.status}`)}</td>
                  <td>{t(`recall.reason.${r.reason}`)}</td>
                  <td>{r.openedByName}</td>
                  <td>{formatDateTime(r.openedAt, locale)}</td>
                  <td>{formatNumber(r.lots, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
