import { Link } from "@remix-run/react";
import { TableWrap } from "~/components/TableWrap";
import { formatDate } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";
import type { CaseStatus } from "~/supervision/case-words";
import { CaseStatusBadge } from "./CaseView";

export interface LotCounterfeitReportData {
  receivedOn: string;
  serial: string | null;
  placeBought: string | null;
  status: CaseStatus;
  reference: string | null;
  caseId: string | null;
}

/**
 * Citizens' counterfeit reports about a lot, shown where its unusual scans are: a case assigned to the cooperative
 * links to it under `casesBase`; others only say the department has them. Nothing when there are none.
 */
export function LotCounterfeitReports({ reports, casesBase }: { reports: LotCounterfeitReportData[]; casesBase: string }) {
  const t = useT();
  const locale = useLocale();
  if (reports.length === 0) return null;
  return (
    <section aria-labelledby="lot-reports" className="stack" data-testid="lot-counterfeit-reports">
      <h3 id="lot-reports">{t("case.lot.title")}</h3>
      <p className="small">{t("case.lot.intro")}</p>
      <TableWrap label={t("case.lot.title")}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("case.col.received")}</th>
              <th scope="col">{t("case.lot.serial")}</th>
              <th scope="col">{t("case.lot.placeBought")}</th>
              <th scope="col">{t("case.col.status")}</th>
              <th scope="col">{t("case.lot.case")}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r, i) => (
              <tr key={r.caseId ?? `${r.receivedOn}-${i}`}>
                <td>{formatDate(r.receivedOn, locale)}</td>
                <td className="mono">{r.serial ?? "—"}</td>
                <td>{r.placeBought ?? "—"}</td>
                <td>
                  <CaseStatusBadge status={r.status} />
                </td>
                <td>{r.caseId && r.reference ? <Link to={`${casesBase}/${r.caseId}`}>{r.reference}</Link> : t("case.lot.notAssigned")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
