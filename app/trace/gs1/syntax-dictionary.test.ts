import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { centuryFor, checkAiAssociations, parseSyntaxDictionary, validateAiValue, type AiEntry } from "./syntax-dictionary";
import { getSyntaxDictionary } from "./syntax-dictionary.server";

const vendored = fileURLToPath(new URL("./gs1-syntax-dictionary.txt", import.meta.url));
const upstream = fileURLToPath(new URL("../../../../shared/standards/gs1-syntax-dictionary.txt", import.meta.url));
const haveUpstream = existsSync(upstream);

const dictionary = getSyntaxDictionary();
function entry(ai: string): AiEntry {
  const e = dictionary.get(ai);
  if (!e) throw new Error(`AI ${ai} missing`);
  return e;
}

describe("vendored GS1 syntax dictionary", () => {
  it.skipIf(!haveUpstream)(`is byte-identical to ../shared/standards (skipped when ${upstream} is absent)`, () => {
    expect(readFileSync(vendored).equals(readFileSync(upstream))).toBe(true);
  });

  it("keeps its Apache-2.0 licence header", () => {
    const text = readFileSync(vendored, "utf8");
    expect(text).toContain("Licensed under the Apache License, Version 2.0");
    expect(text).toContain("Copyright (c) 2021-2025 GS1 AISBL");
  });

  it("parses every entry line, ranges expanded", () => {
    expect(dictionary.entries.size).toBeGreaterThan(400);
    expect(dictionary.get("3103")?.title).toBe("NET WEIGHT (kg)");
    expect(dictionary.get("95")?.specification).toBe("X..90");
    expect(dictionary.get("8110")?.title).toBe("");
  });
});

describe("AI entries", () => {
  it("01 GTIN: N14 with csum, primary key with two alternative qualifier sequences", () => {
    const gtin = entry("01");
    expect(gtin).toMatchObject({
      title: "GTIN",
      flags: "*?",
      specification: "N14,csum,gcppos2",
      predefinedLength: true,
      digitalLinkAttribute: true,
      dlPrimaryKey: [["22", "10", "21"], ["235"]],
      excludes: ["255", "37"],
      requires: [],
    });
    expect(gtin.components).toEqual([
      { charset: "N", minLength: 14, maxLength: 14, optional: false, linters: ["csum", "gcppos2"] },
    ]);
  });

  it("10 lot: X..20, a data attribute, requires a trade item key", () => {
    expect(entry("10")).toMatchObject({
      title: "BATCH/LOT",
      flags: "?",
      digitalLinkAttribute: true,
      predefinedLength: false,
      dlPrimaryKey: null,
      requires: [[["01"], ["02"], ["03"], ["8006"], ["8026"]]],
      components: [{ charset: "X", minLength: 1, maxLength: 20, optional: false, linters: [] }],
    });
  });

  it("21 serial and 22 CPV: X..20, not data attributes", () => {
    expect(entry("21")).toMatchObject({
      title: "SERIAL",
      flags: "",
      digitalLinkAttribute: false,
      requires: [[["01"], ["03"], ["8006"]]],
      excludes: ["235"],
      components: [{ charset: "X", minLength: 1, maxLength: 20 }],
    });
    expect(entry("22")).toMatchObject({ title: "CPV", digitalLinkAttribute: false, requires: [[["01"]]] });
  });

  it("11, 15, 17 dates: N6 with yymmd0 (day 00 allowed)", () => {
    for (const [ai, title] of [
      ["11", "PROD DATE"],
      ["15", "BEST BEFORE or BEST BY"],
      ["17", "USE BY or EXPIRY"],
    ] as const) {
      expect(entry(ai)).toMatchObject({
        title,
        flags: "*?",
        components: [{ charset: "N", minLength: 6, maxLength: 6, linters: ["yymmd0"] }],
      });
    }
    expect(entry("17").requires).toEqual([[["01"], ["02"], ["03"], ["255"], ["8006"], ["8026"]]]);
  });

  it("reads optional components, their linters and grouped requirements", () => {
    expect(entry("7007").components).toEqual([
      { charset: "N", minLength: 6, maxLength: 6, optional: false, linters: ["yymmdd"] },
      { charset: "N", minLength: 6, maxLength: 6, optional: true, linters: ["yymmdd"] },
    ]);
    expect(entry("250").requires).toEqual([[["01", "21"], ["03", "21"], ["8006", "21"]]]);
    expect(entry("8010").components[0]?.charset).toBe("Y");
    expect(entry("414").dlPrimaryKey).toEqual([["254"], ["7040"]]);
    expect(entry("00").dlPrimaryKey).toEqual([[]]);
  });

  it("rejects malformed dictionary lines", () => {
    expect(() => parseSyntaxDictionary("01 *? Q14 # bad")).toThrow(SyntaxError);
    expect(() => parseSyntaxDictionary("01 *? # no spec")).toThrow(SyntaxError);
  });
});

describe("validateAiValue", () => {
  const v = (ai: string, value: string) => validateAiValue(entry(ai), value);

  it("checks GTIN length, digits and check digit", () => {
    expect(v("01", "09506000134352")).toEqual({ ok: true });
    expect(v("01", "09506000134353")).toMatchObject({ ok: false, problem: "bad_check_digit" });
    expect(v("01", "9506000134352")).toMatchObject({ ok: false, problem: "value_too_short" });
    expect(v("01", "095060001343520")).toMatchObject({ ok: false, problem: "value_too_long" });
    expect(v("01", "0950600013435A")).toMatchObject({ ok: false, problem: "bad_characters" });
  });

  it("checks the 82-character set and length of X..20", () => {
    expect(v("10", "ABC-12/3.x_\"%&'()*+,:;<=>?!")).toMatchObject({ ok: false, problem: "value_too_long" });
    expect(v("10", "ABC-12/3.x_\"%&'()*+,")).toEqual({ ok: true });
    expect(v("10", "TÂN-CƯƠNG")).toMatchObject({ ok: false, problem: "bad_characters" });
    expect(v("10", "A B")).toMatchObject({ ok: false, problem: "bad_characters" });
    expect(v("10", "A~B")).toMatchObject({ ok: false, problem: "bad_characters" });
    expect(v("10", "")).toMatchObject({ ok: false, problem: "value_too_short" });
  });

  it("checks dates: yymmd0 allows day 00, yymmdd does not; leap years by the sliding century", () => {
    expect(v("17", "261231")).toEqual({ ok: true });
    expect(v("17", "260200")).toEqual({ ok: true });
    expect(v("17", "260230")).toMatchObject({ ok: false, problem: "bad_date" });
    expect(v("17", "261301")).toMatchObject({ ok: false, problem: "bad_date" });
    expect(v("15", "280229")).toEqual({ ok: true });
    expect(v("15", "270229")).toMatchObject({ ok: false, problem: "bad_date" });
    expect(v("7006", "260100")).toMatchObject({ ok: false, problem: "bad_date" });
    expect(v("7007", "250601250615")).toEqual({ ok: true });
    expect(v("7007", "250601")).toEqual({ ok: true });
    expect(v("7007", "2506012506")).toMatchObject({ ok: false, problem: "value_too_short" });
  });

  it("applies csumalpha (GMN) and character set 39 (CPID)", () => {
    expect(v("8013", "1987654Ad4X4bL5ttr2310c2K")).toEqual({ ok: true });
    expect(v("8013", "1987654Ad4X4bL5ttr2310cXK")).toMatchObject({ ok: false, problem: "bad_check_characters" });
    expect(v("8010", "0123-ABC#/")).toEqual({ ok: true });
    expect(v("8010", "0123abc")).toMatchObject({ ok: false, problem: "bad_characters" });
  });

  it("centuryFor uses the -49..+50 window", () => {
    expect(centuryFor(26, 2026)).toBe(2026);
    expect(centuryFor(76, 2026)).toBe(2076);
    expect(centuryFor(77, 2026)).toBe(1977);
    expect(centuryFor(0, 2060)).toBe(2100);
  });
});

describe("checkAiAssociations", () => {
  it("enforces req= and ex=", () => {
    expect(checkAiAssociations(dictionary, ["01", "10", "21", "17"])).toEqual({ ok: true });
    expect(checkAiAssociations(dictionary, ["10"])).toMatchObject({ ok: false, problem: "missing_required_ai", ai: "10" });
    expect(checkAiAssociations(dictionary, ["01", "250"])).toMatchObject({ ok: false, problem: "missing_required_ai" });
    expect(checkAiAssociations(dictionary, ["01", "21", "250"])).toEqual({ ok: true });
    expect(checkAiAssociations(dictionary, ["01", "37"])).toMatchObject({ ok: false, problem: "excluded_ai_pair" });
    expect(checkAiAssociations(dictionary, ["01", "3103", "3102"])).toMatchObject({ ok: false, problem: "excluded_ai_pair" });
  });
});
