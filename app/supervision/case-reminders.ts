/**
 * When a case's holder is reminded of it (pure, safe anywhere): once when its answer is due within
 * REMINDER_WORKING_DAYS working days, and once when it is overdue. Only cases still waiting for an answer.
 */
import { awaitsAnswer } from "./case-rules";
import type { CaseStatus } from "./case-words";
import { workingDaysBetween } from "./working-days";

/** Working days before the due date at which the holder is reminded. */
export const REMINDER_WORKING_DAYS = 2;

export type CaseReminderKind = "before_due" | "overdue";

/**
 * The reminder a case has due on `today` (Vietnam's date), or null. A case found already overdue gets only the
 * overdue reminder: a "due soon" mail after the date has passed would mislead.
 */
export function dueCaseReminder(status: CaseStatus, dueOn: string, today: string): CaseReminderKind | null {
  if (!awaitsAnswer(status)) return null;
  if (today > dueOn) return "overdue";
  return workingDaysBetween(today, dueOn) <= REMINDER_WORKING_DAYS ? "before_due" : null;
}
