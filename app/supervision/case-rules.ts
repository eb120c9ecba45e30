/**
 * The case workflow as pure rules (safe in the browser too): which step each party may take from which status.
 *
 *   received ──assign──▶ assigned ──answer──▶ answered ──close──▶ closed
 *       │                  │  ▲                  │
 *       └──────escalate────┴──┼──────────────────┘──▶ escalated ──assign / answer──▶ …
 *
 * - The department (its officers) assigns, re-assigns, answers any open case, closes and escalates.
 * - The assigned cooperative answers the cases assigned to it, and comments on them.
 * - A supervisor (Fatherland Front, socio-political organisations) reads every case, comments, escalates, and
 *   closes an answered case — closing is the supervision's acceptance of the answer, not a change of any record;
 *   a supervisor never assigns or answers (docs/decisions/0023-citizen-cases.md).
 * - A closed case takes no further step but comments.
 */
import type { CaseStatus } from "./case-words";

export type CaseParty = "department" | "supervisor" | "assignee";
export type CaseAction = "assign" | "answer" | "close" | "escalate" | "comment";
export type CaseRefusalReason = "not_allowed" | "wrong_status";

const rules: Record<CaseAction, { parties: readonly CaseParty[]; from: readonly CaseStatus[]; to: CaseStatus | null }> = {
  assign: { parties: ["department"], from: ["received", "assigned", "escalated"], to: "assigned" },
  answer: { parties: ["department", "assignee"], from: ["received", "assigned", "escalated"], to: "answered" },
  close: { parties: ["department", "supervisor"], from: ["answered"], to: "closed" },
  escalate: { parties: ["department", "supervisor"], from: ["received", "assigned", "answered"], to: "escalated" },
  comment: { parties: ["department", "supervisor", "assignee"], from: ["received", "assigned", "answered", "escalated", "closed"], to: null },
};

export type CaseDecision = { ok: true; to: CaseStatus } | { ok: false; reason: CaseRefusalReason };

/**
 * May `party` take `action` on a case in `status`? The assignee answers only a case assigned to it (status
 * assigned): an escalated case is back with the department.
 */
export function decideCaseStep(party: CaseParty, action: CaseAction, status: CaseStatus): CaseDecision {
  const rule = rules[action];
  if (!rule.parties.includes(party)) return { ok: false, reason: "not_allowed" };
  if (!rule.from.includes(status)) return { ok: false, reason: "wrong_status" };
  if (party === "assignee" && action === "answer" && status !== "assigned") return { ok: false, reason: "wrong_status" };
  return { ok: true, to: rule.to ?? status };
}

/** The steps `party` may take now, for showing only the forms that can succeed. */
export function availableCaseActions(party: CaseParty, status: CaseStatus): CaseAction[] {
  return (Object.keys(rules) as CaseAction[]).filter((action) => decideCaseStep(party, action, status).ok);
}

/** An open case is one still waiting for an answer (the due date counts for it). */
export function awaitsAnswer(status: CaseStatus): boolean {
  return status === "received" || status === "assigned" || status === "escalated";
}
