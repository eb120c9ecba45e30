/**
 * The one definition of Vietnam's time for the app: the zone, its fixed offset (no daylight saving)
 * and "today". Framework-free and safe in the browser. SQL uses VIETNAM_TIME_ZONE too.
 */
export const VIETNAM_TIME_ZONE = "Asia/Ho_Chi_Minh";
/** Vietnam has kept UTC+7 all year since 1975. */
export const VIETNAM_OFFSET = "+07:00";
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Today's calendar date in Vietnam, as YYYY-MM-DD. */
export function vietnamToday(now: Date = new Date()): string {
  return vietnamDate(now);
}

/** The calendar date in Vietnam of an instant, as YYYY-MM-DD. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which a Vietnamese calendar date begins (00:00 in Vietnam). */
export function startOfVietnamDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00${VIETNAM_OFFSET}`);
}

/** "2026-11-20T06:30" read as a wall-clock time in Vietnam → the UTC instant; null when not a real time. */
export function fromVietnamLocal(local: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/.test(local)) return null;
  const instant = new Date(`${local.length === 16 ? `${local}:00` : local}${VIETNAM_OFFSET}`);
  if (Number.isNaN(instant.getTime())) return null;
  // Date rolls 2026-02-30 over to March: only a time that reads back the same is real.
  const back = new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, local.length);
  return back === local ? instant : null;
}
