import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { throttleHits } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { clearAttempts, pruneAttempts, takeAttempt, type ThrottleRule } from "./throttle.server";

const rule: ThrottleRule = { scope: "test_rule", limit: 5, windowMs: 15 * 60_000 };
const wide: ThrottleRule = { scope: "test_wide", limit: 8, windowMs: 60 * 60_000 };

describe("throttles", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("lets the limit through, then refuses with the seconds left in the window", async () => {
    const now = new Date("2026-12-03T08:00:00Z");
    for (let i = 0; i < 5; i++) expect(await takeAttempt(t.db, [{ rule, key: "a@example.vn" }], now)).toEqual({ ok: true });
    const later = new Date(now.getTime() + 60_000);
    expect(await takeAttempt(t.db, [{ rule, key: "a@example.vn" }], later)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 14 * 60 });
    // Another key is counted on its own; letter case does not make a new key.
    expect(await takeAttempt(t.db, [{ rule, key: "b@example.vn" }], later)).toEqual({ ok: true });
    expect((await takeAttempt(t.db, [{ rule, key: "A@EXAMPLE.VN" }], later)).ok).toBe(false);
  });

  it("starts again from one when the window has ended", async () => {
    const now = new Date("2026-12-03T09:00:00Z");
    for (let i = 0; i < 6; i++) await takeAttempt(t.db, [{ rule, key: "c@example.vn" }], now);
    expect((await takeAttempt(t.db, [{ rule, key: "c@example.vn" }], new Date(now.getTime() + 14 * 60_000))).ok).toBe(false);
    const after = new Date(now.getTime() + 15 * 60_000 + 1);
    expect(await takeAttempt(t.db, [{ rule, key: "c@example.vn" }], after)).toEqual({ ok: true });
  });

  it("refuses when any of several checks is over, naming the longest wait", async () => {
    const now = new Date("2026-12-03T10:00:00Z");
    for (let i = 0; i < 8; i++) await takeAttempt(t.db, [{ rule: wide, key: "10.0.0.1" }], now);
    const decision = await takeAttempt(t.db, [{ rule, key: "fresh@example.vn" }, { rule: wide, key: "10.0.0.1" }], now);
    expect(decision).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 3600 });
  });

  it("clears a key's count, and prunes ended windows", async () => {
    const now = new Date("2026-12-03T11:00:00Z");
    for (let i = 0; i < 6; i++) await takeAttempt(t.db, [{ rule, key: "d@example.vn" }], now);
    await clearAttempts(t.db, [{ rule, key: "d@example.vn" }]);
    expect(await takeAttempt(t.db, [{ rule, key: "d@example.vn" }], now)).toEqual({ ok: true });
    expect(await pruneAttempts(t.db, new Date("2026-12-04T00:00:00Z"))).toBeGreaterThan(0);
    expect(await t.db.select().from(throttleHits)).toEqual([]);
  });

  it("stores no e-mail or address, only digests", async () => {
    await takeAttempt(t.db, [{ rule, key: "private@example.vn" }]);
    const rows = await t.db.select().from(throttleHits);
    expect(JSON.stringify(rows)).not.toContain("private");
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.keyHash))).toBe(true);
  });

  it("lets exactly the limit through when 300 attempts arrive at once", async () => {
    const decisions = await Promise.all(Array.from({ length: 300 }, () => takeAttempt(t.db, [{ rule, key: "burst@example.vn" }])));
    // On PostgreSQL the 300 attempts run on up to 20 connections at once; on PGlite they queue on its one connection.
    expect(decisions.filter((d) => d.ok)).toHaveLength(5);
  });
});
