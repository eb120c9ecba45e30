import { describe, expect, it } from "vitest";
import { gtinCheckDigit, isValidGtin14, toGtin14 } from "./gtin";

describe("gtinCheckDigit", () => {
  it.each([
    // GS1's own example GTIN in the Digital Link standard.
    ["0952012345678", 8],
    // EAN-13 example from the barcode's Wikipedia article (a Stabilo pen).
    ["400638133393", 1],
    // UPC-A example (GTIN-12).
    ["03600029145", 2],
    // EAN-8 example.
    ["9638507", 4],
    // GS1 General Specifications example of a GTIN-14 with indicator digit 1.
    ["1061414100001", 9],
    ["0000000000000", 0],
  ])("%s → %i", (body, digit) => {
    expect(gtinCheckDigit(body)).toBe(digit);
  });

  it.each(["", "123", "12345678901234", "09520123456a8", " 0952012345678"])("refuses body %j", (bad) => {
    expect(() => gtinCheckDigit(bad)).toThrow(RangeError);
  });
});

describe("isValidGtin14", () => {
  it("accepts GTIN-14s with the right check digit", () => {
    expect(isValidGtin14("09520123456788")).toBe(true);
    expect(isValidGtin14("10614141000019")).toBe(true);
    expect(isValidGtin14("04006381333931")).toBe(true);
  });

  it.each(["09520123456787", "9520123456788", "095201234567888", "0952012345678X", "", "09520 123456788"])(
    "rejects %j",
    (bad) => {
      expect(isValidGtin14(bad)).toBe(false);
    },
  );
});

describe("toGtin14", () => {
  it.each([
    ["96385074", "00000096385074"],
    ["036000291452", "00036000291452"],
    ["4006381333931", "04006381333931"],
    ["9780306406157", "09780306406157"],
    ["09520123456788", "09520123456788"],
    [" 4006381333931 ", "04006381333931"],
  ])("%s → %s", (code, gtin14) => {
    expect(toGtin14(code)).toBe(gtin14);
    expect(isValidGtin14(gtin14)).toBe(true);
  });

  it.each(["4006381333932", "96385075", "1234567890", "123456789", "40063813339311", "abcdefghijklm", "", "400-6381333931"])(
    "returns null for %j",
    (bad) => {
      expect(toGtin14(bad)).toBeNull();
    },
  );
});
