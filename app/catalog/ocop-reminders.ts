/** When a cooperative is reminded that a product's OCOP certificate runs out. Pure: no database, no clock. */
import { certificateState } from "./ocop";

/** Days before the expiry date on which the cooperative's managers are mailed. */
export const EXPIRY_REMINDER_DAYS = [90, 30, 7] as const;
export type ExpiryReminderDays = (typeof EXPIRY_REMINDER_DAYS)[number];

/**
 * The reminder due on `today` for a certificate valid through `expiresOn`: the nearest threshold not yet passed
 * (89 days left → the 90-day reminder, 25 → the 30-day one, 0 → the 7-day one). One that was missed (the server was
 * down on the day) is not sent late under a wrong heading: only the nearest counts. Null when more than 90 days
 * remain or the certificate has already expired.
 */
export function dueExpiryReminder(expiresOn: string, today: string): { thresholdDays: ExpiryReminderDays; daysLeft: number } | null {
  const { daysLeft } = certificateState(expiresOn, today);
  if (daysLeft < 0) return null;
  const threshold = [...EXPIRY_REMINDER_DAYS].sort((a, b) => a - b).find((d) => daysLeft <= d);
  return threshold === undefined ? null : { thresholdDays: threshold, daysLeft };
}
