/**
 * GS1 Digital Link: Compression (decompression side), as a conformant resolver SHALL support
 * (gs1-resolver-conformance-1.2.txt). A fully compressed URI is `https://host/{base64url}`: the path is a
 * bit string of AI codes and values. Per AI element:
 * - 8 bits as two hex digits h1h2: 00–99 start a numeric AI whose total length (2, 3 or 4 digits) table P
 *   gives (the 3rd and 4th digits follow as 4 bits each); other values name an optimised sequence of AIs
 *   (table Opt); Fh followed by 3 bits starts a non-GS1 key=value pair.
 * - the value by the AI's format: fixed-length numeric as one binary number of ceil(n·log2 10) bits;
 *   variable numeric as a length (ceil(log2 max) bits) then the number; alphanumeric as a 3-bit encoding
 *   (0 digits, 1 lower hex, 2 upper hex, 3 base64url, 4 ASCII 7-bit), the length (variable only) and the characters.
 * Tables P and Opt and the bit widths follow GS1's reference implementation (github.com/gs1/GS1DigitalLinkToolkit.js).
 * The formats below cover the AIs a GTIN's Digital Link carries; any other AI makes the URI not ours (null).
 * Pure: the result is then parsed like any uncompressed URI.
 */

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const HEX = "0123456789ABCDEF";

/** Table P: the length of a numeric AI from its first two digits. */
const AI_LENGTH: Record<string, 2 | 3 | 4> = {
  "00": 2, "01": 2, "02": 2, "10": 2, "11": 2, "12": 2, "13": 2, "15": 2, "16": 2, "17": 2, "20": 2, "21": 2, "22": 2,
  "23": 3, "24": 3, "25": 3, "30": 2, "31": 4, "32": 4, "33": 4, "34": 4, "35": 4, "36": 4, "37": 2, "39": 4,
  "40": 3, "41": 3, "42": 3, "70": 4, "71": 3, "72": 4, "80": 4, "81": 4, "82": 4,
  "90": 2, "91": 2, "92": 2, "93": 2, "94": 2, "95": 2, "96": 2, "97": 2, "98": 2, "99": 2,
};

/** Table Opt: optimised sequences of AIs under one non-decimal code. */
const OPTIMISED: Record<string, readonly string[]> = {
  "0A": ["01", "22"], "0B": ["01", "10"], "0C": ["01", "21"], "0D": ["01", "17"], "0E": ["01", "7003"], "0F": ["01", "30"],
  "1A": ["01", "10", "21", "17"], "1B": ["01", "15"], "1C": ["01", "11"], "1D": ["01", "16"], "1E": ["01", "91"], "1F": ["01", "10", "15"],
  "2A": ["01", "3100"], "2B": ["01", "3101"], "2C": ["01", "3102"], "2D": ["01", "3103"], "2E": ["01", "3104"], "2F": ["01", "3105"],
  "3A": ["01", "3200"], "3B": ["01", "3201"], "3C": ["01", "3202"], "3D": ["01", "3203"], "3E": ["01", "3204"], "3F": ["01", "3205"],
};

/** A value component: N or X, fixed length L or maximum M. */
type Component = { kind: "N" | "X"; fixed: number } | { kind: "N" | "X"; max: number };
const N = (fixed: number): Component => ({ kind: "N", fixed });
const Nv = (max: number): Component => ({ kind: "N", max });
const Xv = (max: number): Component => ({ kind: "X", max });

const FORMATS: Record<string, readonly Component[]> = {
  "01": [N(14)], "10": [Xv(20)], "21": [Xv(20)], "22": [Xv(20)], "235": [Xv(28)],
  "11": [N(6)], "12": [N(6)], "13": [N(6)], "15": [N(6)], "16": [N(6)], "17": [N(6)], "7003": [N(10)],
  "20": [N(2)], "30": [Nv(8)], "37": [Nv(8)], "91": [Xv(90)],
  ...Object.fromEntries([0, 1, 2, 3, 4, 5].flatMap((d) => [[`310${d}`, [N(6)]], [`320${d}`, [N(6)]]])),
};

const lengthBits = (max: number) => Math.ceil(Math.log(max) / Math.log(2) + 0.01);
const valueBits = (digits: number) => Math.ceil((digits * Math.log(10)) / Math.log(2) + 0.01);

class Bits {
  cursor = 0;
  constructor(readonly bits: string) {}
  get remaining() {
    return this.bits.length - this.cursor;
  }
  take(n: number): string {
    if (n > this.remaining) throw new RangeError("truncated");
    const out = this.bits.slice(this.cursor, this.cursor + n);
    this.cursor += n;
    return out;
  }
  int(n: number): number {
    return n === 0 ? 0 : parseInt(this.take(n), 2);
  }
  digits(count: number): string {
    if (count === 0) return "";
    return BigInt(`0b${this.take(valueBits(count))}`).toString().padStart(count, "0");
  }
}

function readCharacters(bits: Bits, encoding: number, count: number): string {
  switch (encoding) {
    case 0:
      return bits.digits(count);
    case 1:
    case 2: {
      let s = "";
      for (let i = 0; i < count; i++) s += HEX[bits.int(4)];
      return encoding === 1 ? s.toLowerCase() : s;
    }
    case 3: {
      let s = "";
      for (let i = 0; i < count; i++) s += BASE64URL[bits.int(6)];
      return s;
    }
    case 4: {
      let s = "";
      for (let i = 0; i < count; i++) s += String.fromCharCode(bits.int(7));
      return s;
    }
    default:
      throw new RangeError(`encoding ${encoding}`);
  }
}

function readValue(bits: Bits, ai: string): string {
  const format = FORMATS[ai];
  if (!format) throw new RangeError(`AI ${ai} not supported`);
  let value = "";
  for (const c of format) {
    if (c.kind === "N") value += "fixed" in c ? bits.digits(c.fixed) : bits.digits(bits.int(lengthBits(c.max)));
    else {
      const encoding = bits.int(3);
      const count = "fixed" in c ? c.fixed : bits.int(lengthBits(c.max));
      value += readCharacters(bits, encoding, count);
    }
  }
  return value;
}

export interface DecompressedElement {
  /** A GS1 AI, or a non-GS1 query key. */
  key: string;
  value: string;
  gs1: boolean;
}

/** Decodes the base64url bit string of a compressed Digital Link; null when it is not one. */
export function decompressElements(compressed: string): DecompressedElement[] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(compressed)) return null;
  let binary = "";
  for (const ch of compressed) binary += BASE64URL.indexOf(ch).toString(2).padStart(6, "0");
  const bits = new Bits(binary);
  const out: DecompressedElement[] = [];
  try {
    while (bits.remaining > 8) {
      const h1 = HEX[bits.int(4)] as string;
      const h2 = HEX[bits.int(4)] as string;
      const code = h1 + h2;
      if (/^\d\d$/.test(code)) {
        const length = AI_LENGTH[code];
        if (!length) return null;
        let ai = code;
        for (let i = 2; i < length; i++) {
          const d = bits.int(4);
          if (d > 9) return null;
          ai += String(d);
        }
        out.push({ key: ai, value: readValue(bits, ai), gs1: true });
      } else if (OPTIMISED[code]) {
        for (const ai of OPTIMISED[code]) out.push({ key: ai, value: readValue(bits, ai), gs1: true });
      } else if (h1 === "F") {
        // A non-GS1 key: its length is h2's 4 bits and 3 more, then the key in base64url, then the value.
        bits.cursor -= 4;
        const keyLength = bits.int(7);
        const key = readCharacters(bits, 3, keyLength);
        const encoding = bits.int(3);
        const count = bits.int(7);
        out.push({ key, value: readCharacters(bits, encoding, count), gs1: false });
      } else {
        return null;
      }
    }
  } catch {
    return null;
  }
  return out.length > 0 ? out : null;
}

/** Path order of a GTIN's key qualifiers (GS1 Digital Link). */
const GTIN_QUALIFIERS = ["22", "10", "21"] as const;

/**
 * The uncompressed Digital Link path and query of a compressed GTIN URI path (`/{base64url}`), values
 * percent-encoded; null when the path is not a compressed Digital Link with a GTIN.
 */
export function decompressDigitalLinkPath(pathname: string): { pathname: string; search: string } | null {
  const elements = decompressElements(pathname.replace(/^\/+|\/+$/g, ""));
  if (!elements) return null;
  const byKey = new Map(elements.map((e) => [e.key, e]));
  const gtin = byKey.get("01");
  if (!gtin || byKey.size !== elements.length) return null;
  let path = `/01/${gtin.value}`;
  for (const ai of GTIN_QUALIFIERS) {
    const element = byKey.get(ai);
    if (element) path += `/${ai}/${encodeURIComponent(element.value)}`;
  }
  const query = elements
    .filter((e) => e.key !== "01" && !(GTIN_QUALIFIERS as readonly string[]).includes(e.key))
    .map((e) => `${encodeURIComponent(e.key)}=${encodeURIComponent(e.value)}`)
    .join("&");
  return { pathname: path, search: query };
}

/**
 * Cheap check before decompressing: one path segment of base64url characters, long enough for a GTIN
 * (8 + 47 bits = 10 characters at least), so the app's own one-word pages are never mistaken for one.
 */
export function isCompressedDigitalLinkPath(pathname: string): boolean {
  return /^\/[A-Za-z0-9_-]{10,}\/?$/.test(pathname) && decompressDigitalLinkPath(pathname) !== null;
}
