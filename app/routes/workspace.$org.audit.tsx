import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auditFields, auditWhat } from "~/workspace/audit-words";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";
import { PRODUCT_MANAGERS, requireWorkspace } from "~/workspace/access.server";
import { auditViews, parseAuditView } from "~/workspace/audit-view";
import { listOrganisationAudit } from "~/workspace/audit-view.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args, PRODUCT_MANAGERS);
  const view = parseAuditView(new URL(args.request.url).searchParams.get("show"));
  return { view, rows: await listOrganisationAudit(args.context.db, organisation.id, { view }) };
}

export default function AuditRoute() {
  const { view, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t("ws.audit.title")}</h2>
      <p className="field__hint">{t("ws.audit.hint")}</p>
      <nav aria-label={t("ws.audit.show")} className="pagination" data-testid="audit-views">
        {auditViews.map((v) =>
          v === view ? (
            <strong key={v} aria-current="page">
              {t(`ws.audit.show.${v}`)}
            </strong>
          ) : (
            <Link key={v} to={v === "changes" ? "." : `?show=${v}`}>
              {t(`ws.audit.show.${v}`)}
            </Link>
          ),
        )}
      </nav>
      {rows.length === 0 ? (
        <p>{t(view === "views" ? "ws.audit.emptyViews" : "ws.audit.empty")}</p>
      ) : (
        <TableWrap label={t("ws.audit.title")}>
          <table className="table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">{t("ws.audit.when")}</th>
                <th scope="col">{t("ws.audit.who")}</th>
                <th scope="col">{t("ws.audit.what")}</th>
                <th scope="col">{t("ws.audit.fields")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.occurredAt, locale)}</td>
                  <td>{r.actor ?? t("ws.audit.system")}</td>
                  <td>{auditWhat(t, r.entityType, r.action)}</td>
                  <td>{auditFields(t, r.changedFields)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
