import { describe, expect, it } from "vitest";
import { afterFailure, FIRST_RETRY_MS, LONGEST_RETRY_MS, MAX_ATTEMPTS, retryDelayMs } from "./backoff";

describe("retry backoff", () => {
  it("doubles from 30 seconds and stops growing at 6 hours", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(11)).toBe(LONGEST_RETRY_MS);
    expect(retryDelayMs(1_000_000)).toBe(LONGEST_RETRY_MS);
  });

  it("refuses attempt numbers that are not whole and positive", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => retryDelayMs(bad)).toThrow(RangeError);
  });

  it("keeps a message pending until its last attempt, then fails it", () => {
    const now = new Date("2026-11-25T00:00:00Z");
    expect(afterFailure(1, now)).toEqual({ status: "pending", nextAttemptAt: new Date(now.getTime() + FIRST_RETRY_MS) });
    expect(afterFailure(MAX_ATTEMPTS - 1, now).status).toBe("pending");
    expect(afterFailure(MAX_ATTEMPTS, now)).toEqual({ status: "failed", nextAttemptAt: now });
  });
});
