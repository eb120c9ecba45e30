import { describe, expect, it } from "vitest";
import { daysBetween, formatDate, formatDateTime, formatUom, formatVnd, todayInVietnam } from "./format";

describe("formatVnd", () => {
  it("formats whole dong in each language", () => {
    expect(formatVnd(150000, "vi").replace(/\s/g, " ")).toBe("150.000 ₫");
    expect(formatVnd(150000, "en")).toContain("150,000");
  });
  it("refuses fractional or unsafe amounts", () => {
    expect(() => formatVnd(1.5, "vi")).toThrow(RangeError);
    expect(() => formatVnd(Number.MAX_SAFE_INTEGER + 2, "vi")).toThrow(RangeError);
  });
});

describe("dates and times", () => {
  it("shows a calendar date without shifting it", () => {
    expect(formatDate("2026-01-01", "en")).toBe("1 Jan 2026");
    expect(formatDate("2024-09-12", "vi")).toBe("12/09/2024");
  });
  it("rejects something that is not a date", () => {
    expect(() => formatDate("01/02/2026", "vi")).toThrow(RangeError);
    expect(() => formatDateTime("nonsense", "vi")).toThrow(RangeError);
  });
  it("shows instants in Vietnam's time zone", () => {
    // 17:30 UTC on 31 Dec is already 1 Jan in Hà Nội (UTC+7).
    expect(formatDateTime(new Date("2025-12-31T17:30:00Z"), "en")).toBe("1 Jan 2026, 00:30");
    expect(formatDateTime(new Date("2025-12-31T17:30:00Z"), "vi")).toBe("00:30 01/01/2026");
    expect(todayInVietnam(new Date("2025-12-31T17:30:00Z"))).toBe("2026-01-01");
  });
  it("counts days between dates", () => {
    expect(daysBetween("2026-02-27", "2026-03-01")).toBe(2);
    expect(daysBetween("2026-03-01", "2026-02-27")).toBe(-2);
  });
});

describe("formatUom", () => {
  it("writes units as people do and counts in the product's unit", () => {
    expect(formatUom("KGM", "hộp")).toBe("kg");
    expect(formatUom("H87", "hộp")).toBe("hộp");
    expect(formatUom("XYZ", "hộp")).toBe("XYZ");
  });
});
