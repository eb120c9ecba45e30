import { describe, expect, it } from "vitest";
import { yearChoices, yearFromUrl } from "./year";

describe("year of a page", () => {
  it("reads ?year= within range, else the current year", () => {
    expect(yearFromUrl("http://x/a?year=2024", 2026)).toBe(2024);
    expect(yearFromUrl("http://x/a", 2026)).toBe(2026);
    expect(yearFromUrl("http://x/a?year=1999", 2026)).toBe(2026);
    expect(yearFromUrl("http://x/a?year=2030", 2026)).toBe(2026);
    expect(yearFromUrl("http://x/a?year=20x4", 2026)).toBe(2026);
  });
  it("offers 2020 up to the current year, newest first", () => {
    expect(yearChoices(2022)).toEqual([2022, 2021, 2020]);
  });
});
