import type { Database } from "#db/client.server";
import type { AssignChoices, CaseHistoryData, CaseViewData } from "~/components/supervision/CaseView";
import type { LotCounterfeitReportData } from "~/components/supervision/LotCounterfeitReports";
import { vietnamDate, vietnamToday } from "~/lib/vietnam-time";
import { uploadUrl } from "~/storage/storage.server";
import { availableCaseActions, awaitsAnswer, type CaseAction, type CaseParty } from "./case-rules";
import { assignmentChoices, getCase, listLotCounterfeitReports, listLotCounterfeitReportsForDesk, type CaseViewer } from "./cases.server";

export interface CasePageData {
  kase: CaseViewData;
  history: CaseHistoryData[];
  party: CaseParty;
  actions: CaseAction[];
  choices: AssignChoices | null;
}

/** A case as its page shows it to this viewer; a 404 when the viewer has no business with it. */
export async function loadCasePage(db: Database, viewer: CaseViewer, caseId: string): Promise<CasePageData> {
  const detail = await getCase(db, viewer, caseId);
  if (!detail) throw new Response("Not Found", { status: 404 });
  const { kase, history, party } = detail;
  const actions = availableCaseActions(party, kase.status);
  const choices = actions.includes("assign") ? await assignmentChoices(db) : null;
  return {
    party,
    actions,
    choices,
    kase: {
      id: kase.id,
      reference: kase.reference,
      kind: kase.kind,
      status: kase.status,
      description: kase.description,
      receivedAt: kase.receivedAt.toISOString(),
      dueOn: String(kase.dueOn),
      overdue: awaitsAnswer(kase.status) && String(kase.dueOn) < vietnamToday(),
      productName: kase.productName,
      productSlug: kase.productSlug,
      subjectName: kase.subjectName,
      subjectOrganisationId: kase.subjectOrganisationId,
      communeName: kase.communeName,
      batchCode: kase.batchCode,
      lotCode: kase.lotCode,
      serial: kase.serial,
      code: kase.code,
      orderNumber: kase.orderNumber,
      pagePath: kase.pagePath,
      placeBought: kase.placeBought,
      // The photo is served to the department, the supervisors and the assigned cooperative (app/storage/access.server.ts);
      // a commune officer reads the report's text only (decision 0023).
      photoUrl: kase.photoKey && !(party === "assignee" && !kase.assignedOrganisationId) ? uploadUrl(kase.photoKey) : null,
      // The reporter's contact stays with the department and the supervisors, never with the producer reported on.
      contact: party === "assignee" ? null : { name: kase.contactName, phone: kase.contactPhone, email: kase.contactEmail },
      assigneeKind: kase.assigneeKind,
      answer: kase.answer,
      answeredAt: kase.answeredAt?.toISOString() ?? null,
    },
    history: history.map((h) => {
      const d = h.detail ?? {};
      const assignee = [d.organisation, d.officer, d.commune].find((v): v is string => typeof v === "string") ?? null;
      return { id: h.id, at: h.at.toISOString(), step: h.step, actor: h.actor, actorOrganisation: h.actorOrganisation, note: h.note, assignee };
    }),
  };
}

/**
 * Counterfeit reports about a lot, where the lot's unusual scans show: on its producer's pages (linked only when
 * assigned to it) or on the case desk's side ("desk": every report, linked).
 */
export async function loadLotCounterfeitReports(db: Database, batchId: string, scope: { organisationId: string } | "desk"): Promise<LotCounterfeitReportData[]> {
  const reports = scope === "desk" ? await listLotCounterfeitReportsForDesk(db, batchId) : await listLotCounterfeitReports(db, batchId, scope.organisationId);
  return reports.map((r) => ({
    receivedOn: vietnamDate(r.receivedAt),
    serial: r.serial,
    placeBought: r.placeBought,
    status: r.status,
    reference: r.reference,
    caseId: r.caseId,
  }));
}
