import { describe, expect, it } from "vitest";
import { sharedReads } from "./shared-reads";

describe("reads shared for a while", () => {
  it("reads once per key and period, shares a pending read, and keeps scopes apart", async () => {
    const shared = sharedReads<number>(1_000, 10);
    const scope = {};
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    const [a, b] = await Promise.all([shared.get(scope, "k", read, 0), shared.get(scope, "k", read, 999)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    expect(await shared.get(scope, "k", read, 1_000)).toBe(2);
    expect(await shared.get(scope, "other", read, 1_000)).toBe(3);
    expect(await shared.get({}, "k", read, 1_000)).toBe(4);
  });

  it("does not keep a failed read", async () => {
    const shared = sharedReads<string>(1_000, 10);
    const scope = {};
    await expect(shared.get(scope, "k", () => Promise.reject(new Error("down")), 0)).rejects.toThrow("down");
    expect(await shared.get(scope, "k", () => Promise.resolve("up"), 1)).toBe("up");
  });

  it("drops the oldest key past its size", async () => {
    const shared = sharedReads<string>(1_000, 2);
    const scope = {};
    await shared.get(scope, "a", () => Promise.resolve("a1"), 0);
    await shared.get(scope, "b", () => Promise.resolve("b1"), 0);
    await shared.get(scope, "c", () => Promise.resolve("c1"), 0);
    expect(await shared.get(scope, "b", () => Promise.resolve("b2"), 1)).toBe("b1");
    expect(await shared.get(scope, "a", () => Promise.resolve("a2"), 1)).toBe("a2");
  });
});
