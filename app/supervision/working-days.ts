/**
 * Working days for case due dates: Monday to Friday. Saturdays and Sundays are skipped; public holidays are not
 * (yet) known to the app, so a case due after Tết is due earlier than a person would count — never later.
 * Dates are ISO calendar dates (YYYY-MM-DD) in Vietnam's time; the caller turns an instant into one.
 */

/** Working days a case has before its answer is due (counted from the day after receipt). */
export const CASE_DUE_WORKING_DAYS = 7;

const DAY_MS = 86_400_000;

function parse(isoDate: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`not an ISO date: ${isoDate}`);
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${isoDate}`);
  return ms;
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isWorkingDay(isoDate: string): boolean {
  const weekday = new Date(parse(isoDate)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `days` working days after `isoDate` (the start day itself never counts): received on a Friday with
 * 1 working day → the Monday; received on a Saturday with 1 → the Monday too. `days` 0 gives the date itself.
 */
export function addWorkingDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError("days must be a whole number ≥ 0");
  let ms = parse(isoDate);
  let left = days;
  while (left > 0) {
    ms += DAY_MS;
    if (isWorkingDay(format(ms))) left -= 1;
  }
  return format(ms);
}

/** Working days from `from` to `to` (after `from`, up to and including `to`); negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string): number {
  const a = parse(from);
  const b = parse(to);
  if (b < a) return -workingDaysBetween(to, from);
  let count = 0;
  for (let ms = a + DAY_MS; ms <= b; ms += DAY_MS) if (isWorkingDay(format(ms))) count += 1;
  return count;
}

/** The due date of a case received on `receivedOn`. */
export function caseDueOn(receivedOn: string): string {
  return addWorkingDays(receivedOn, CASE_DUE_WORKING_DAYS);
}
