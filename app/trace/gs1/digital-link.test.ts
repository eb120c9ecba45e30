import { describe, expect, it } from "vitest";
import { gtinCheckDigit } from "~/catalog/gtin";
import { encodeAiValue, isPathSafeAiValue, MAX_DIGITAL_LINK_LENGTH } from "./digital-link";
import { formatDigitalLinkUri, parseDigitalLinkPath } from "./digital-link.server";
import { CSET82 } from "./syntax-dictionary";

// A Vietnamese (893) GTIN-14 with its check digit computed, not typed.
const gtin = `0893504950123${gtinCheckDigit("0893504950123")}`;

/** Deterministic PRNG (mulberry32) so a failing round trip can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(next: () => number, max = 20): string {
  const length = 1 + Math.floor(next() * max);
  let out = "";
  for (let i = 0; i < length; i += 1) out += CSET82[Math.floor(next() * CSET82.length)];
  return isPathSafeAiValue(out) ? out : randomValue(next, max);
}

describe("parseDigitalLinkPath: valid URIs", () => {
  it("parses GTIN, lot and serial with attributes and other parameters", () => {
    const result = parseDigitalLinkPath(`/01/${gtin}/10/TC-2025%2F07/21/ABC123`, "?17=261231&11=250701&linkType=all");
    expect(result).toEqual({
      ok: true,
      primary: { ai: "01", value: gtin },
      qualifiers: [
        { ai: "10", value: "TC-2025/07" },
        { ai: "21", value: "ABC123" },
      ],
      attributes: { "17": "261231", "11": "250701" },
      params: { linkType: "all" },
      key: { gtin, lot: "TC-2025/07", serial: "ABC123" },
      canonicalPath: `/01/${gtin}/10/TC-2025%2F07/21/ABC123`,
    });
  });

  it("accepts each optional qualifier alone and in order, and the 235 alternative", () => {
    for (const path of [
      `/01/${gtin}`,
      `/01/${gtin}/22/V1`,
      `/01/${gtin}/10/L1`,
      `/01/${gtin}/21/S1`,
      `/01/${gtin}/22/V1/21/S1`,
      `/01/${gtin}/22/V1/10/L1/21/S1`,
      `/01/${gtin}/235/TPX1`,
    ]) {
      expect(parseDigitalLinkPath(path)).toMatchObject({ ok: true });
    }
  });

  it("tolerates one trailing slash and gives the same key", () => {
    const a = parseDigitalLinkPath(`/01/${gtin}/10/L1/`);
    const b = parseDigitalLinkPath(`/01/${gtin}/10/L1`);
    expect(a).toEqual(b);
  });

  it("takes the query from the path when not given apart, and from URLSearchParams", () => {
    expect(parseDigitalLinkPath(`/01/${gtin}/10/L1?15=270100`)).toMatchObject({ ok: true, attributes: { "15": "270100" } });
    expect(parseDigitalLinkPath(`/01/${gtin}/10/L1`, new URLSearchParams("17=261231&lang=vi"))).toMatchObject({
      ok: true,
      attributes: { "17": "261231" },
      params: { lang: "vi" },
    });
  });

  it("decodes raw sub-delimiters and lower-case hex, then canonicalises", () => {
    const result = parseDigitalLinkPath(`/01/${gtin}/10/A!B(C)%2a%2f`);
    expect(result).toMatchObject({ ok: true, key: { lot: "A!B(C)*/" }, canonicalPath: `/01/${gtin}/10/A%21B%28C%29%2A%2F` });
  });

  it("decodes once: %2541 is the three characters %41", () => {
    expect(parseDigitalLinkPath(`/01/${gtin}/10/%2541`)).toMatchObject({ ok: true, key: { lot: "%41" } });
  });
});

describe("parseDigitalLinkPath: rejections", () => {
  const reason = (path: string, query?: string) => {
    const r = parseDigitalLinkPath(path, query);
    return r.ok ? "ok" : r.reason;
  };

  it.each([
    ["bad check digit", `/01/${gtin.slice(0, 13)}${(Number(gtin[13]) + 1) % 10}`, "bad_check_digit"],
    ["GTIN-13 not padded", `/01/${gtin.slice(1)}`, "value_too_short"],
    ["GTIN too long", `/01/0${gtin}`, "value_too_long"],
    ["letters in GTIN", `/01/0893504950123A`, "bad_characters"],
    ["qualifier order 21 before 10", `/01/${gtin}/21/S1/10/L1`, "qualifier_order"],
    ["qualifier order 10 before 22", `/01/${gtin}/10/L1/22/V1`, "qualifier_order"],
    ["mixed alternatives", `/01/${gtin}/10/L1/235/X`, "qualifier_order"],
    ["not a GTIN qualifier", `/01/${gtin}/254/X`, "qualifier_not_allowed"],
    ["date as a path qualifier", `/01/${gtin}/17/261231`, "qualifier_not_allowed"],
    ["duplicate qualifier", `/01/${gtin}/10/L1/10/L2`, "duplicate_ai"],
    ["unknown AI", `/01/${gtin}/99999/X`, "unknown_ai"],
    ["unknown numeric AI 23", `/01/${gtin}/23/X`, "unknown_ai"],
    ["convenience alpha", `/gtin/${gtin}`, "unknown_ai"],
    ["lot too long", `/01/${gtin}/10/${"A".repeat(21)}`, "value_too_long"],
    ["encoded lot too long", `/01/${gtin}/10/${"%41".repeat(21)}`, "value_too_long"],
    ["empty lot", `/01/${gtin}/10/`, "missing_value"],
    ["AI without value", `/01/${gtin}/10`, "missing_value"],
    ["double slash", `/01/${gtin}//10/L1`, "empty_segment"],
    ["two trailing slashes", `/01/${gtin}/10/L1//`, "empty_segment"],
    ["malformed percent", `/01/${gtin}/10/AB%2`, "bad_percent_encoding"],
    ["non-hex percent", `/01/${gtin}/10/AB%G1`, "bad_percent_encoding"],
    ["percent-encoded space", `/01/${gtin}/10/A%20B`, "bad_characters"],
    ["encoded NUL", `/01/${gtin}/10/A%00B`, "bad_characters"],
    ["encoded UTF-8", `/01/${gtin}/10/T%C3%82N`, "bad_characters"],
    ["raw non-ASCII", `/01/${gtin}/10/TÂN`, "bad_characters"],
    ["raw space", `/01/${gtin}/10/A B`, "bad_characters"],
    ["raw backslash", `/01/${gtin}/10/A\\B`, "bad_characters"],
    ["tilde (URI-safe, not CSET 82)", `/01/${gtin}/10/A~B`, "bad_characters"],
    ["at sign", `/01/${gtin}/10/A@B`, "bad_characters"],
    ["no path", ``, "missing_primary_key"],
    ["root only", `/`, "missing_primary_key"],
    ["lot as primary key", `/10/L1`, "missing_primary_key"],
    ["SSCC is a key, not ours", `/00/106141411234567897`, "unsupported_primary_key"],
    ["prefix before the key", `/products/01/${gtin}`, "unknown_ai"],
  ])("%s", (_name, path, expected) => {
    expect(reason(path)).toBe(expected);
  });

  it.each([
    ["bad date attribute", "17=261332", "bad_date"],
    ["short date", "17=2612", "value_too_short"],
    ["serial in the query", "21=S1", "attribute_not_allowed"],
    ["lot again in the query", "10=L1", "duplicate_ai"],
    ["GTIN again in the query", `01=${gtin}`, "duplicate_ai"],
    ["duplicate attribute", "17=261231&17=261231", "duplicate_ai"],
    ["unknown numeric AI", "9999=1", "unknown_ai"],
    ["malformed percent in a parameter", "linkType=%zz", "bad_percent_encoding"],
    ["excluded pair", "37=12", "excluded_ai_pair"],
    ["missing requirement", "250=X", "missing_required_ai"],
  ])("query: %s", (_name, query, expected) => {
    expect(reason(`/01/${gtin}/10/L1`, query)).toBe(expected);
  });

  it("keeps key qualifiers out of the query", () => {
    expect(reason(`/01/${gtin}`, "10=L1")).toBe("attribute_not_allowed");
    expect(reason(`/01/${gtin}`, "22=V1")).toBe("attribute_not_allowed");
    expect(reason(`/01/${gtin}`, "00=106141411234567897")).toBe("attribute_not_allowed");
  });

  it("rejects over-long input before looking at it", () => {
    const long = `/01/${gtin}/10/${"A".repeat(10 * 1024)}`;
    expect(reason(long)).toBe("path_too_long");
    expect(reason(`/01/${gtin}`, `x=${"a".repeat(MAX_DIGITAL_LINK_LENGTH)}`)).toBe("path_too_long");
  });

  it("gives a padding hint for a GTIN-13", () => {
    const r = parseDigitalLinkPath(`/01/${gtin.slice(1)}`);
    expect(r.ok ? "" : r.detail).toMatch(/left-padded/);
  });
});

describe("formatDigitalLinkUri", () => {
  it("formats the canonical URI with percent-encoding and sorted attributes", () => {
    expect(
      formatDigitalLinkUri("https://trace.example.vn/", { gtin, lot: "TC/25 07".replace(" ", "-"), serial: "A+B" }, {
        "17": "261231",
        "11": "250701",
      }),
    ).toBe(`https://trace.example.vn/01/${gtin}/10/TC%2F25-07/21/A%2BB?11=250701&17=261231`);
    expect(formatDigitalLinkUri("https://t.vn", { gtin, cpv: "V1", lot: "L" })).toBe(`https://t.vn/01/${gtin}/22/V1/10/L`);
  });

  it("refuses values the dictionary rejects", () => {
    expect(() => formatDigitalLinkUri("https://t.vn", { gtin: gtin.slice(1) })).toThrow(RangeError);
    expect(() => formatDigitalLinkUri("https://t.vn", { gtin, lot: "A".repeat(21) })).toThrow(RangeError);
    expect(() => formatDigitalLinkUri("https://t.vn", { gtin, lot: "TÂN" })).toThrow(RangeError);
    expect(() => formatDigitalLinkUri("https://t.vn", { gtin }, { "17": "261399" })).toThrow(RangeError);
    expect(() => formatDigitalLinkUri("https://t.vn", { gtin }, { "21": "S" })).toThrow(RangeError);
    expect(() => formatDigitalLinkUri("ftp://t.vn", { gtin })).toThrow(RangeError);
    expect(() => formatDigitalLinkUri("https://t.vn?x=1", { gtin })).toThrow(RangeError);
  });

  it("encodes every CSET 82 character that is not RFC 3986 unreserved", () => {
    const encoded = encodeAiValue(CSET82);
    expect(encoded).toMatch(/^[A-Za-z0-9\-._%]+$/);
    expect(decodeURIComponent(encoded)).toBe(CSET82);
    expect(new URL(`https://t.vn/01/${gtin}/10/${encodeAiValue('"%/?#')}`).pathname).toBe(`/01/${gtin}/10/%22%25%2F%3F%23`);
  });

  it("refuses the values . and .. which URL parsers remove as dot segments, even percent-encoded", () => {
    expect(new URL(`https://t.vn/01/${gtin}/21/%2E`).pathname).toBe(`/01/${gtin}/21/`);
    expect(() => formatDigitalLinkUri("https://t.vn", { gtin, serial: "." })).toThrow(/dot segment/);
    expect(() => formatDigitalLinkUri("https://t.vn", { gtin, lot: ".." })).toThrow(/dot segment/);
    expect(formatDigitalLinkUri("https://t.vn", { gtin, lot: "..." })).toBe(`https://t.vn/01/${gtin}/10/...`);
    expect(isPathSafeAiValue(".")).toBe(false);
    expect(isPathSafeAiValue(".5")).toBe(true);
  });

  it("round-trips 5,000 random lots, serials and CPVs drawn from the 82-character set", () => {
    const next = prng(20250701);
    for (let i = 0; i < 5000; i += 1) {
      const key = {
        gtin,
        ...(next() < 0.3 ? { cpv: randomValue(next) } : {}),
        ...(next() < 0.9 ? { lot: randomValue(next) } : {}),
        ...(next() < 0.7 ? { serial: randomValue(next) } : {}),
      };
      const uri = formatDigitalLinkUri("https://trace.example.vn", key, next() < 0.5 ? { "17": "261231" } : {});
      // Through the WHATWG URL parser, as the server sees the request target.
      const url = new URL(uri);
      const parsed = parseDigitalLinkPath(url.pathname, url.search);
      expect(parsed.ok ? parsed.key : parsed).toEqual(key);
      expect(parsed.ok && `${url.origin}${parsed.canonicalPath}${url.search}`).toBe(uri);
    }
  });
});
