/**
 * The case page's forms, one `intent` each, shared by the department desk and the cooperative workspace: the route
 * authorises and checks CSRF, this calls the one command the intent names.
 */
import type { Database } from "#db/client.server";
import { answerCase, assignCase, closeCase, commentOnCase, escalateCase, type CaseStepResult, type CaseViewer } from "./cases.server";
import type { CaseAction } from "./case-rules";

const commands: Record<CaseAction, typeof assignCase> = {
  assign: assignCase,
  answer: answerCase,
  close: closeCase,
  escalate: escalateCase,
  comment: commentOnCase,
};

export function isCaseIntent(value: unknown): value is CaseAction {
  return typeof value === "string" && Object.hasOwn(commands, value);
}

export type CaseActionAnswer =
  | { ok: true; intent: CaseAction }
  | { ok: false; intent: CaseAction | null; reason: string; fieldErrors: Record<string, string>; values: Record<string, string> };

export async function runCaseAction(
  db: Database,
  viewer: CaseViewer,
  caseId: string,
  values: Record<string, string>,
  context: { publicUrl: string },
): Promise<CaseActionAnswer> {
  const intent = values.intent;
  if (!isCaseIntent(intent)) return { ok: false, intent: null, reason: "invalid_input", fieldErrors: {}, values };
  const result: CaseStepResult = await commands[intent](db, viewer, caseId, values, context);
  if (result.ok) return { ok: true, intent };
  return { ok: false, intent, reason: result.reason, fieldErrors: result.fieldErrors ?? {}, values };
}
