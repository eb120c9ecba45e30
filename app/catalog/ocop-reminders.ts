/** When a cooperative is reminded that a product's OCOP certificate runs out. Pure: no database, no clock. */
import { certificateState } from "./ocop";

/** Calendar months before the expiry date on which the cooperative's managers are mailed (and asked to renew). */
export const EXPIRY_REMINDER_MONTHS = [6, 3, 1] as const;
export type ExpiryReminderMonths = (typeof EXPIRY_REMINDER_MONTHS)[number];

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The day `months` calendar months before `isoDay`; a day the earlier month does not have rolls back to its last day
 * (six months before 31/08 is 28/02 or 29/02; one month before 31/03 is 28/02 or 29/02).
 */
export function monthsBefore(isoDay: string, months: number): string {
  const m = isoDate.exec(isoDay);
  if (!m) throw new RangeError(`Not a calendar date: ${isoDay}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const check = new Date(Date.UTC(year, month, day));
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day) throw new RangeError(`Not a calendar date: ${isoDay}`);
  const target = month - months;
  const lastDay = new Date(Date.UTC(year, target + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, target, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/**
 * The reminder due on `today` for a certificate valid through `expiresOn`: the nearest threshold whose day has come
 * (on or after the day 6 months before → the 6-month reminder; 3 months before → the 3-month one; 1 month → the
 * 1-month one). One that was missed (the server was down on the day) is not sent late under a wrong heading: only the
 * nearest counts. Null before the 6-month day and once the certificate has expired.
 */
export function dueExpiryReminder(expiresOn: string, today: string): { thresholdMonths: ExpiryReminderMonths; daysLeft: number } | null {
  const { daysLeft } = certificateState(expiresOn, today);
  if (daysLeft < 0) return null;
  const threshold = [...EXPIRY_REMINDER_MONTHS].sort((a, b) => a - b).find((months) => today >= monthsBefore(expiresOn, months));
  return threshold === undefined ? null : { thresholdMonths: threshold, daysLeft };
}
