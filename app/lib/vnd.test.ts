import { describe, expect, it } from "vitest";
import { MAX_VND, parseVnd, wholeVndDigits } from "./vnd";

describe("wholeVndDigits", () => {
  it("reads plain digits and thousands groups with one separator", () => {
    expect(wholeVndDigits("85000")).toBe("85000");
    expect(wholeVndDigits(" 85.000 ")).toBe("85000");
    expect(wholeVndDigits("85,000")).toBe("85000");
    expect(wholeVndDigits("1 250 000")).toBe("1250000");
    expect(wholeVndDigits("1.250.000")).toBe("1250000");
  });

  it("reads a currency mark before or after the amount", () => {
    expect(wholeVndDigits("85.000 ₫")).toBe("85000");
    expect(wholeVndDigits("85.000đ")).toBe("85000");
    expect(wholeVndDigits("85000 VND")).toBe("85000");
    expect(wholeVndDigits("₫85,000")).toBe("85000");
  });

  it("refuses decimals, badly grouped digits and mixed separators instead of guessing", () => {
    for (const text of ["85000,5", "85.000,50", "8.50.00", "1.250,000", "12.5", "", "abc", "-5000", "1.2345", "1e5", "0x10"]) {
      expect(wholeVndDigits(text), text).toBeNull();
    }
  });
});

describe("parseVnd", () => {
  it("gives whole đồng", () => {
    expect(parseVnd("1.500.000")).toEqual({ ok: true, value: 1_500_000 });
    expect(parseVnd("0")).toEqual({ ok: true, value: 0 });
  });

  it("refuses a comma decimal instead of reading 85000,5 as 850,005 đồng", () => {
    expect(parseVnd("85000,5")).toEqual({ ok: false, problem: "not_whole" });
  });

  it("names the problem of each bad amount", () => {
    expect(parseVnd("  ")).toEqual({ ok: false, problem: "empty" });
    expect(parseVnd("-5000")).toEqual({ ok: false, problem: "negative" });
    expect(parseVnd("(5000)")).toEqual({ ok: false, problem: "negative" });
    expect(parseVnd("NaN")).toEqual({ ok: false, problem: "not_whole" });
    expect(parseVnd(String(MAX_VND + 1))).toEqual({ ok: false, problem: "too_large" });
    expect(parseVnd("9".repeat(40))).toEqual({ ok: false, problem: "too_large" });
    expect(parseVnd("50.000", 10_000)).toEqual({ ok: false, problem: "too_large" });
  });
});
