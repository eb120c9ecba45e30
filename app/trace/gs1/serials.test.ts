import { describe, expect, it } from "vitest";
import { validateAiValue } from "./syntax-dictionary";
import { getSyntaxDictionary } from "./syntax-dictionary.server";
import {
  CODE_BITS,
  CODE_LENGTH,
  CROCKFORD_ALPHABET,
  formatShortPath,
  isCode,
  issueSerials,
  normaliseCode,
  parseShortPath,
  shortCode,
} from "./serials.server";

const serialEntry = getSyntaxDictionary().get("21");
if (!serialEntry) throw new Error("AI 21 missing");

describe("issueSerials", () => {
  // How fast is measured by tests/bench/ (README "Speed"), not here.
  it("issues 100,000 distinct serials", () => {
    const serials = issueSerials(100_000);
    expect(serials).toHaveLength(100_000);
    expect(new Set(serials).size).toBe(100_000);
  });

  it("uses only upper-case Crockford characters that are GS1 CSET 82 and URI-unreserved", () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(64);
    for (const serial of issueSerials(2000)) {
      expect(serial).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
      expect(encodeURIComponent(serial)).toBe(serial);
      expect(validateAiValue(serialEntry, serial)).toEqual({ ok: true });
    }
  });

  it("spreads over the whole alphabet in every position (no constant or biased character)", () => {
    const serials = issueSerials(32_000);
    for (let position = 0; position < CODE_LENGTH; position += 1) {
      const counts = new Map<string, number>();
      for (const s of serials) counts.set(s[position] as string, (counts.get(s[position] as string) ?? 0) + 1);
      // The first character carries 5 full bits too: 65 bits exactly fill 13 characters.
      expect(counts.size).toBe(CROCKFORD_ALPHABET.length);
      for (const n of counts.values()) expect(n).toBeGreaterThan(700);
    }
  });

  it("rejects impossible counts", () => {
    expect(issueSerials(0)).toEqual([]);
    expect(() => issueSerials(-1)).toThrow(RangeError);
    expect(() => issueSerials(1.5)).toThrow(RangeError);
    expect(() => issueSerials(100_001)).toThrow(RangeError);
  });
});

describe("short codes and paths", () => {
  it("shortCode is a 13-character code, different each time", () => {
    const codes = new Set(Array.from({ length: 1000 }, () => shortCode()));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(isCode(c)).toBe(true);
  });

  it("formats and parses /t/{code} and /t/{code}/{serial}", () => {
    const code = shortCode();
    const [serial] = issueSerials(1) as [string];
    expect(parseShortPath(formatShortPath(code))).toEqual({ ok: true, code, serial: null, canonicalPath: `/t/${code}` });
    expect(parseShortPath(formatShortPath(code, serial))).toEqual({
      ok: true,
      code,
      serial,
      canonicalPath: `/t/${code}/${serial}`,
    });
    expect(parseShortPath(`/t/${code.toLowerCase()}/`)).toMatchObject({ ok: true, code, canonicalPath: `/t/${code}` });
  });

  it.each([
    ["/t/", "bad_code"],
    ["/t", "not_a_short_path"],
    ["/x/0123456789ABC", "not_a_short_path"],
    ["/t/0123456789AB", "bad_code"],
    ["/t/0123456789ABCD", "bad_code"],
    ["/t/0123456789ABU", "bad_code"],
    ["/t/0123456789AB%43", "bad_code"],
    ["/t/0123456789ABC/0123456789AB", "bad_serial"],
    ["/t/0123456789ABC/0123456789ABC/x", "not_a_short_path"],
    ["/t/0123456789ABC//", "bad_serial"],
    ["/t/0123456789ABC?x=1", "bad_code"],
    [`/t/${"A".repeat(100)}`, "path_too_long"],
  ])("rejects %s", (path, reason) => {
    expect(parseShortPath(path)).toMatchObject({ ok: false, reason });
  });

  it("normalises codes typed by hand and refuses non-codes", () => {
    expect(normaliseCode("o123-4567-89ab c")).toBe("0123456789ABC");
    expect(normaliseCode("I23456789ABCL")).toBe("123456789ABC1");
    expect(normaliseCode("0123456789ABU")).toBeNull();
    expect(() => formatShortPath("bad")).toThrow(RangeError);
    expect(() => formatShortPath(shortCode(), "bad")).toThrow(RangeError);
  });
});
