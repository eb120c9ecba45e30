import { Link } from "@remix-run/react";
import { TableWrap } from "~/components/TableWrap";
import { formatDate } from "~/lib/format";
import { useT } from "~/lib/use-t";
import type { CaseStatus, ReportKind } from "~/supervision/case-words";
import { CaseStatusBadge } from "./CaseView";

/** Cases as a table, each reference linking to its page under `base`. */
export function CaseTable({
  cases,
  base,
  locale,
}: {
  cases: { id: string; reference: string; kind: ReportKind; status: CaseStatus; receivedOn: string; dueOn: string; overdue: boolean; assignee: string | null; product: string | null; commune: string | null }[];
  base: string;
  locale: "vi" | "en";
}) {
  const t = useT();
  return (
    <TableWrap label={t("case.desk.title")}>
      <table className="table" data-testid="case-table">
        <thead>
          <tr>
            <th scope="col">{t("case.col.reference")}</th>
            <th scope="col">{t("case.col.kind")}</th>
            <th scope="col">{t("case.col.status")}</th>
            <th scope="col">{t("case.col.received")}</th>
            <th scope="col">{t("case.col.due")}</th>
            <th scope="col">{t("case.col.about")}</th>
            <th scope="col">{t("case.col.assignee")}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`${base}/${c.id}`}>{c.reference}</Link>
              </td>
              <td>{t(`rep.kind.${c.kind}`)}</td>
              <td>
                <CaseStatusBadge status={c.status} overdue={c.overdue} />
              </td>
              <td>{formatDate(c.receivedOn, locale)}</td>
              <td>{formatDate(c.dueOn, locale)}</td>
              <td>{[c.product, c.commune].filter(Boolean).join(" · ")}</td>
              <td>{c.assignee ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

