import { createHash } from "node:crypto";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { rowsOf } from "#db/client.server";
import { throttleHits } from "#db/schema";

/**
 * Throttles that hold under concurrency and across app instances (decision 0015 in docs/decisions): ONE statement
 * counts the attempt and returns the count, before any expensive or revealing work (a password hash, a look-up, a
 * mail). Concurrent attempts on one key queue on its row, so each gets its own number: with a limit of 5, at most
 * 5 of 300 simultaneous attempts are evaluated. Call it on the root database, never inside a transaction: the
 * count must commit at once whatever happens next, and must not hold its row lock across the work.
 */

export interface ThrottleRule {
  /** Names what is counted: "sign_in_account", "order_lookup", ... */
  scope: string;
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;

/**
 * The app's throttles, in one place. Per-address limits are generous: a cooperative's office or a commune's shared
 * connection is one address for many people. Behind a proxy, TRUST_PROXY must be set, or every client shares the
 * proxy's address and its limits.
 */
export const throttleRules = {
  /** Guesses at one account's password. */
  signInAccount: { scope: "sign_in_account", limit: 5, windowMs: 15 * MINUTE },
  /** Sign-in attempts from one client address, across accounts (password spraying). */
  signInAddress: { scope: "sign_in_address", limit: 100, windowMs: 15 * MINUTE },
  /** Phone numbers tried against one order number. */
  orderLookup: { scope: "order_lookup", limit: 5, windowMs: 15 * MINUTE },
  /** Order look-ups from one client address, across order numbers. */
  orderLookupAddress: { scope: "order_lookup_address", limit: 60, windowMs: 15 * MINUTE },
  /** Reset mails for one e-mail address: each mails a live link. */
  passwordResetAccount: { scope: "password_reset_account", limit: 3, windowMs: 60 * MINUTE },
  passwordResetAddress: { scope: "password_reset_address", limit: 20, windowMs: 60 * MINUTE },
  /** New accounts from one client address. */
  signUpAddress: { scope: "sign_up_address", limit: 20, windowMs: 60 * MINUTE },
  /** Citizens' reports from one client address (each may carry a photo of up to 8 MB). */
  citizenReportAddress: { scope: "citizen_report_address", limit: 10, windowMs: 60 * MINUTE },
} as const satisfies Record<string, ThrottleRule>;

export interface ThrottleCheck {
  rule: ThrottleRule;
  /** What is counted under the rule: an e-mail, a client address, an order number. Stored only as a digest. */
  key: string;
}

export type ThrottleDecision = { ok: true } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

function digest(scope: string, key: string): string {
  return createHash("sha256").update(`${scope}\u0000${key.normalize("NFC").toLowerCase()}`).digest("hex");
}

/**
 * Counts one attempt under every check and decides in the same statement's answer: refused when any count is
 * over its limit, with the seconds until the longest such window ends (for `Retry-After`).
 */
export async function takeAttempt(db: Database, checks: readonly ThrottleCheck[], now: Date = new Date()): Promise<ThrottleDecision> {
  const rows = new Map<string, { scope: string; keyHash: string; limit: number; endsAt: Date }>();
  for (const { rule, key } of checks) {
    const keyHash = digest(rule.scope, key);
    rows.set(`${rule.scope}:${keyHash}`, { scope: rule.scope, keyHash, limit: rule.limit, endsAt: new Date(now.getTime() + rule.windowMs) });
  }
  if (rows.size === 0) return { ok: true };
  const values = sql.join(
    [...rows.values()].map((r) => sql`(${r.scope}, ${r.keyHash}, 1, ${r.endsAt.toISOString()}::timestamptz)`),
    sql`, `,
  );
  const nowIso = now.toISOString();
  const result = await db.execute(sql`
    insert into throttle_hits as t (scope, key_hash, hits, window_ends_at) values ${values}
    on conflict (scope, key_hash) do update set
      hits = case when t.window_ends_at <= ${nowIso}::timestamptz then 1 else t.hits + 1 end,
      window_ends_at = case when t.window_ends_at <= ${nowIso}::timestamptz then excluded.window_ends_at else t.window_ends_at end
    returning scope, key_hash, hits, window_ends_at`);
  let retryAfterMs = 0;
  for (const row of rowsOf<{ scope: string; key_hash: string; hits: number; window_ends_at: Date | string }>(result)) {
    const rule = rows.get(`${row.scope}:${row.key_hash}`);
    if (!rule || Number(row.hits) <= rule.limit) continue;
    retryAfterMs = Math.max(retryAfterMs, new Date(row.window_ends_at).getTime() - now.getTime());
  }
  if (retryAfterMs <= 0) return { ok: true };
  return { ok: false, reason: "throttled", retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

/** Forgets the counts of these checks (a successful sign-in clears its account's guesses). */
export async function clearAttempts(db: Database, checks: readonly ThrottleCheck[]): Promise<void> {
  if (checks.length === 0) return;
  await db
    .delete(throttleHits)
    .where(or(...checks.map(({ rule, key }) => and(eq(throttleHits.scope, rule.scope), eq(throttleHits.keyHash, digest(rule.scope, key))))));
}

/** Drops windows that ended before `before` (upkeep; a stale row would restart at 1 anyway). */
export async function pruneAttempts(db: Database, before: Date = new Date()): Promise<number> {
  const deleted = await db.delete(throttleHits).where(lt(throttleHits.windowEndsAt, before)).returning({ scope: throttleHits.scope });
  return deleted.length;
}
