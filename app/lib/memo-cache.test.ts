import { describe, expect, it } from "vitest";
import { createMemoCache, memoCachePerScope } from "./memo-cache";

describe("memo cache", () => {
  it("serves a value while fresh, shares a pending load and hands the expired value to the next load", async () => {
    let clock = 0;
    const cache = createMemoCache<number>({ freshMs: 1_000, now: () => clock });
    let loads = 0;
    const load = async (expired: number | undefined) => {
      loads += 1;
      return (expired ?? 0) + 10;
    };
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([a, b, loads]).toEqual([10, 10, 1]);
    clock = 999;
    expect(cache.fresh("k")).toBe(10);
    expect(await cache.get("k", load)).toBe(10);
    clock = 1_000;
    expect(cache.fresh("k")).toBeUndefined();
    expect(await cache.get("k", load)).toBe(20);
    expect(loads).toBe(2);
  });

  it("lets each value choose its freshness and whether it is kept", async () => {
    const cache = createMemoCache<string>({ freshMs: (v) => (v === "found" ? 5_000 : 1_000), keep: (v) => v !== "bad", now: () => 0 });
    await cache.get("a", async () => "found");
    await cache.get("b", async () => "missing");
    await cache.get("c", async () => "bad");
    expect([cache.fresh("a", 4_999), cache.fresh("b", 999), cache.fresh("b", 1_000), cache.fresh("c", 0)]).toEqual(["found", "missing", undefined, undefined]);
  });

  it("does not keep a failed load and keeps the expired value for the next try", async () => {
    let clock = 0;
    const cache = createMemoCache<string>({ freshMs: 10, now: () => clock });
    await cache.get("k", async () => "one");
    clock = 10;
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async (expired) => `${expired} again`)).toBe("one again");
  });

  it("drops the oldest entries past a count or a total size, leaving the newest", async () => {
    const byCount = createMemoCache<string>({ freshMs: 1_000, maxEntries: 2, now: () => 0 });
    for (const k of ["a", "b", "c"]) await byCount.get(k, async () => k);
    expect([byCount.fresh("a"), byCount.fresh("b"), byCount.fresh("c")]).toEqual([undefined, "b", "c"]);
    const bySize = createMemoCache<string>({ freshMs: 1_000, maxSize: 5, sizeOf: (v) => v.length, now: () => 0 });
    await bySize.get("a", async () => "xxx");
    await bySize.get("b", async () => "yyy");
    expect(bySize.stats()).toEqual({ entries: 1, size: 3 });
    await bySize.get("c", async () => "z".repeat(9));
    expect(bySize.stats()).toEqual({ entries: 1, size: 9 });
  });

  it("keeps scopes apart", async () => {
    const cacheOf = memoCachePerScope<string>({ freshMs: Infinity });
    const one = {};
    await cacheOf(one).get("k", async () => "one");
    expect(await cacheOf({}).get("k", async () => "other")).toBe("other");
    expect(cacheOf(one).fresh("k")).toBe("one");
  });
});
