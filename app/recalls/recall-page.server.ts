/** What the workspace's and the department's recall pages share: the view as they show it, and their one action. */
import type { Database } from "#db/client.server";
import type { RecallDetailData } from "~/components/recalls/RecallDetail";
import type { Actor } from "~/lib/transact.server";
import type { RecallView } from "./recall-queries.server";
import { closeRecall, confirmRecall, recordRecallDisposition, releaseRecallHold, type RecallActor } from "./recalls.server";

/**
 * The recall for a page: everything for the department (organisationId null); for a cooperative, every lot (with its
 * organisation, as the public notice shows) but only its own order lines and holds.
 */
export function recallDetailData(view: RecallView, organisationId: string | null): RecallDetailData {
  const { recall } = view;
  const mine = (id: string) => organisationId === null || id === organisationId;
  return {
    number: recall.number,
    status: recall.status,
    lotStatus: recall.lotStatus,
    reason: recall.reason,
    severity: recall.severity,
    messageVi: recall.messageVi,
    messageEn: recall.messageEn,
    openedByName: view.openedByName,
    openedAt: recall.openedAt.toISOString(),
    confirmedAt: recall.confirmedAt?.toISOString() ?? null,
    closedAt: recall.closedAt?.toISOString() ?? null,
    closingReport: recall.closingReport,
    lots: view.lots.map((l) => ({ ...l, own: organisationId !== null && l.organisationId === organisationId })),
    lines: view.lines.filter((l) => mine(l.organisationId)),
    buyers: view.buyers,
    buyersReached: view.buyersReached,
    holds: view.holds.filter((h) => mine(h.organisationId)).map((h) => ({ subOrderId: h.subOrderId, reference: h.reference, releasedAt: h.releasedAt?.toISOString() ?? null, status: h.status })),
  };
}

/** Whether a cooperative has anything to do with the recall (opened it, or has lots or orders in its scope). */
export function involves(view: RecallView, organisationId: string): boolean {
  return view.recall.openedByOrganisationId === organisationId || view.lots.some((l) => l.organisationId === organisationId) || view.lines.some((l) => l.organisationId === organisationId);
}

export type RecallActionResult = { ok: true } | { ok: false; formError?: string; fieldErrors?: Record<string, string> };

/** One form post on a recall page: confirm, close, record a disposition, release a hold. */
export async function actOnRecall(
  db: Database,
  actor: Actor,
  args: { who: RecallActor; view: RecallView; values: Record<string, string>; publicUrl: string },
): Promise<RecallActionResult> {
  const { who, view, values } = args;
  const recallId = view.recall.id;
  const intent = values.intent;
  const result =
    intent === "confirm"
      ? await confirmRecall(db, actor, { recallId, who, publicUrl: args.publicUrl })
      : intent === "close"
        ? await closeRecall(db, actor, { recallId, who, form: { summary: values.summary } })
        : intent === "disposition" && who.kind === "cooperative"
          ? await recordRecallDisposition(db, actor, { organisationId: who.organisationId, recallId, form: { batchId: values.batchId, kind: values.kind, units: values.units, note: values.note } })
          : intent === "release" && who.kind === "cooperative" && who.role === "cooperative_manager"
            ? await releaseRecallHold(db, actor, { organisationId: who.organisationId, recallId, subOrderId: values.subOrderId ?? "" })
            : ({ ok: false, reason: "forbidden" } as const);
  if (result.ok) return { ok: true };
  if (result.reason === "invalid_input") return { ok: false, fieldErrors: result.fieldErrors };
  return { ok: false, formError: `recall.refusal.${result.reason}` };
}
