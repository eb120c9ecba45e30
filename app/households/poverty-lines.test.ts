import { describe, expect, it } from "vitest";
import { compareWithPovertyLine, povertyStandardFor, povertyStandards, validateStandards, yearlyPovertyLine } from "./poverty-lines";

describe("poverty standards by period", () => {
  it("picks the standard in force each year", () => {
    expect(povertyStandardFor(2020)?.id).toBe("2016-2021");
    expect(povertyStandardFor(2021)?.id).toBe("2016-2021");
    expect(povertyStandardFor(2022)?.id).toBe("2022-2025");
    expect(povertyStandardFor(2025)?.id).toBe("2022-2025");
    expect(povertyStandardFor(2026)?.id).toBe("2026-2030");
  });

  it("has no standard outside the configured periods or for non-integer years", () => {
    expect(povertyStandardFor(2015)).toBeNull();
    expect(povertyStandardFor(2031)).toBeNull();
    expect(povertyStandardFor(2022.5)).toBeNull();
    expect(povertyStandardFor(Number.NaN)).toBeNull();
  });

  it("gives yearly lines per area (Decree 07/2021: 1.5 million rural, 2 million urban a month)", () => {
    expect(yearlyPovertyLine(2024, "rural")).toBe(18_000_000);
    expect(yearlyPovertyLine(2024, "urban")).toBe(24_000_000);
    expect(yearlyPovertyLine(2019, "rural")).toBe(8_400_000);
    expect(yearlyPovertyLine(2040, "rural")).toBeNull();
  });

  it("compares an income with the line, the line itself counting as poor", () => {
    expect(compareWithPovertyLine(18_000_000, 2024, "rural")).toEqual({ lineVnd: 18_000_000, ratio: 1, belowOrAtLine: true });
    expect(compareWithPovertyLine(36_000_000, 2024, "rural")?.ratio).toBe(2);
    expect(compareWithPovertyLine(36_000_000, 2024, "rural")?.belowOrAtLine).toBe(false);
    expect(compareWithPovertyLine(-1, 2024, "rural")).toBeNull();
    expect(compareWithPovertyLine(Number.NaN, 2024, "rural")).toBeNull();
    expect(compareWithPovertyLine(1, 1990, "rural")).toBeNull();
  });

  it("accepts a replacement set of standards as configuration", () => {
    const custom = [{ ...povertyStandards[0]!, id: "x", fromYear: 2000, toYear: 2040 }];
    expect(povertyStandardFor(2035, custom)?.id).toBe("x");
  });

  it("the shipped configuration has no gaps or overlaps, and bad ones are reported", () => {
    expect(validateStandards(povertyStandards)).toEqual([]);
    const [a, b] = povertyStandards;
    expect(validateStandards([a!, { ...b!, fromYear: 2021 }])).toContain("2016-2021 overlaps 2022-2025");
    expect(validateStandards([a!, { ...b!, fromYear: 2023 }])).toContain("gap between 2016-2021 and 2022-2025");
    expect(validateStandards([{ ...a!, toYear: 2010 }])).toContain("2016-2021: ends before it starts");
    expect(validateStandards([{ ...a!, poorLineVnd: { rural: -5, urban: 1 } }]).length).toBeGreaterThan(0);
  });
});
