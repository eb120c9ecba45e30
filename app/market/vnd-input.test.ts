import { describe, expect, it } from "vitest";
import { wholeVndDigits } from "./vnd-input";

describe("wholeVndDigits", () => {
  it("reads plain digits and thousands groups with one separator", () => {
    expect(wholeVndDigits("85000")).toBe("85000");
    expect(wholeVndDigits(" 85.000 ")).toBe("85000");
    expect(wholeVndDigits("85,000")).toBe("85000");
    expect(wholeVndDigits("1 250 000")).toBe("1250000");
    expect(wholeVndDigits("1.250.000")).toBe("1250000");
  });

  it("refuses decimals, badly grouped digits and mixed separators instead of guessing", () => {
    for (const text of ["85000,5", "85.000,50", "8.50.00", "1.250,000", "12.5", "", "abc", "-5000", "1.2345"]) {
      expect(wholeVndDigits(text), text).toBeNull();
    }
  });
});
