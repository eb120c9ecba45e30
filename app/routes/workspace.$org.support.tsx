import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { logPersonalDataView } from "~/households/access.server";
import { formatDate, formatVnd } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { entryHouseholds, listLedger } from "~/support/ledger.server";
import { requireWorkspace } from "~/workspace/access.server";

/**
 * The support the cooperative and its member households received. Every member sees the entries; which households
 * received them (codes and names) only the cooperative's managers see, and each such view is logged.
 */
export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const db = args.context.db;
  const rows = await listLedger(db, { organisationId: access.organisation.id });
  const manager = access.role === "cooperative_manager";
  const names = manager ? await entryHouseholds(db, access.organisation.id) : new Map<string, { code: string; headName: string }[]>();
  if (manager && rows.some((r) => r.beneficiary === "households")) {
    await logPersonalDataView(db, access, { entityType: "household_list", entityId: access.organisation.id, detail: { page: "support" } });
  }
  return {
    manager,
    rows: rows.map((r) => ({ ...r, householdNames: manager ? (names.get(r.id) ?? []) : [] })),
  };
}

export default function WorkspaceSupport() {
  const { rows, manager } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="support-heading">
      <h2 id="support-heading">{t("sup.ws.title")}</h2>
      <p>{t("sup.ws.lead")}</p>
      {manager ? null : <p className="muted">{t("sup.ws.namesManagersOnly")}</p>}
      {rows.length === 0 ? (
        <p>{t("sup.ws.empty")}</p>
      ) : (
        <TableWrap label={t("sup.ws.title")}>
          <table className="table" data-testid="workspace-support">
            <thead>
              <tr>
                <th scope="col">{t("sup.field.givenOn")}</th>
                <th scope="col">{t("sup.field.programme")}</th>
                <th scope="col">{t("sup.field.project")}</th>
                <th scope="col">{t("sup.field.kind")}</th>
                <th scope="col">{t("sup.field.beneficiary")}</th>
                <th scope="col" style={{ textAlign: "right" }}>
                  {t("sup.field.value")}
                </th>
                <th scope="col">{t("sup.entry.revolving")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row" style={{ fontWeight: 400 }}>
                    {formatDate(r.givenOn, locale)}
                  </th>
                  <td>{t(`sup.programme.${r.programme}` as MessageKey)}</td>
                  <td>{r.project}</td>
                  <td>{t(`sup.kind.${r.kind}` as MessageKey)}</td>
                  <td>
                    {r.beneficiary === "cooperative"
                      ? t("sup.beneficiary.cooperative")
                      : r.householdNames.length > 0
                        ? r.householdNames.map((h) => `${h.code} ${h.headName}`).join(", ")
                        : t("sup.entry.households", { count: r.households })}
                  </td>
                  <td style={{ textAlign: "right" }}>{formatVnd(r.valueVnd, locale)}</td>
                  <td>{r.revolving ? t("sup.entry.repaid", { repaid: formatVnd(r.repaidVnd, locale), value: formatVnd(r.valueVnd, locale) }) : "—"}</td>
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
