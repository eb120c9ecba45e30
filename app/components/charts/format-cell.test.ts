import { describe, expect, it } from "vitest";
import { shortMonthLabel, shortMonthLabels } from "./format-cell";

describe("month labels under chart columns", () => {
  it("name every month, in both languages", () => {
    const year = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`);
    expect(shortMonthLabels(year, "vi")).toEqual(["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12"]);
    expect(shortMonthLabels(year, "en")).toEqual(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]);
    expect(new Set(shortMonthLabels(year, "vi")).size).toBe(12);
  });
  it("carry the year when the months span two", () => {
    expect(shortMonthLabels(["2025-12", "2026-01"], "vi")).toEqual(["T12/25", "T1/26"]);
    expect(shortMonthLabels(["2025-12", "2026-01"], "en")).toEqual(["Dec 25", "Jan 26"]);
  });
  it("leave anything that is not a month as it is", () => {
    expect(shortMonthLabel("2026-13", "vi")).toBe("2026-13");
    expect(shortMonthLabel("abc", "en")).toBe("abc");
  });
});
