/**
 * Upkeep the embedded database needs and a PostgreSQL server does by itself. PGlite runs no autovacuum: without
 * this, tables that change all day (stock, scan counts, catalogue entries, sessions) keep every dead row version
 * and the planner never learns how big any table is. So, on PGlite only: ANALYZE when the server starts (cheap: it
 * samples), and VACUUM (ANALYZE) every night at 03:00 in Vietnam, when hardly anyone shops or scans; the one
 * connection waits while it runs (about a second for a 60 MB database). See docs/decisions/0014-embedded-upkeep.md.
 */
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./client.server";

/** Vietnam keeps UTC+7 all year (no daylight saving time). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds from `now` to the next `hour`:00 in Vietnam (a full day when it is that moment exactly). */
export function msUntilVietnamHour(now: Date, hour: number): number {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0-23: ${hour}`);
  const local = now.getTime() + VIETNAM_OFFSET_MS;
  const sinceMidnight = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const wait = (hour * 3_600_000 - sinceMidnight + DAY_MS) % DAY_MS;
  return wait === 0 ? DAY_MS : wait;
}

export type UpkeepKind = "analyze" | "vacuum";

/** Runs one round of upkeep; a PostgreSQL server is left to its autovacuum (returns null). */
export async function runEmbeddedUpkeep(handle: Pick<DatabaseHandle, "db" | "driver">, kind: UpkeepKind): Promise<{ ms: number } | null> {
  if (handle.driver !== "pglite") return null;
  const started = performance.now();
  await handle.db.execute(kind === "vacuum" ? sql`vacuum (analyze)` : sql`analyze`);
  return { ms: Math.round(performance.now() - started) };
}

export interface UpkeepSchedule {
  stop(): void;
}

/**
 * On PGlite: ANALYZE now (in the background), then VACUUM (ANALYZE) at `hour`:00 Vietnam time every day.
 * Timers do not keep the process alive. On a PostgreSQL server: nothing.
 */
export function scheduleEmbeddedUpkeep(
  handle: Pick<DatabaseHandle, "db" | "driver">,
  report: (kind: UpkeepKind, outcome: { ms: number } | { error: string }) => void,
  options: { hour?: number; now?: () => Date } = {},
): UpkeepSchedule {
  if (handle.driver !== "pglite") return { stop() {} };
  const hour = options.hour ?? 3;
  const now = options.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const run = (kind: UpkeepKind) =>
    runEmbeddedUpkeep(handle, kind).then(
      (done) => report(kind, done!),
      (error: unknown) => report(kind, { error: String(error) }),
    );
  const planNight = () => {
    if (stopped) return;
    timer = setTimeout(() => void run("vacuum").finally(planNight), msUntilVietnamHour(now(), hour));
    timer.unref();
  };
  void run("analyze");
  planNight();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
