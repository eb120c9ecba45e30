/**
 * GS1 Digital Link URI syntax (1.x) for the keys this app resolves: GTIN (AI 01) with its ordered key
 * qualifiers in the path and data attributes in the query. Pure: every rule about AIs (which are
 * primary keys, their qualifier order, formats, check digits, dates, pairings) comes from the syntax
 * dictionary passed in; digital-link.server.ts binds the vendored one.
 *
 * Choices where the standard leaves room or the app is stricter:
 * - The GTIN must be 14 digits as the URI syntax requires; GTIN-8/12/13 are rejected (value_too_short),
 *   not padded, so that each item has exactly one URI. Pad with `toGtin14` before formatting.
 * - Only numeric AIs: the convenience alphas (/gtin/, /lot/, /ser/) of DL 1.0/1.1 were deprecated, and
 *   accepting them would give one item several URIs.
 * - The primary key starts the path (no path prefix before /01/): the app resolves at its root.
 * - Raw RFC 3986 path characters are tolerated on input and decoded once; output percent-encodes every
 *   character that is not RFC 3986 "unreserved" (so `"` becomes %22, which a bare URI cannot carry).
 * - Values "." and ".." cannot be formatted: URL parsers drop them as dot segments (even as %2E).
 * - A "+" in the query is a literal plus (RFC 3986), not a space: GS1 values never contain spaces.
 */
import {
  checkAiAssociations,
  validateAiValue,
  type AiValueProblem,
  type SyntaxDictionary,
} from "./syntax-dictionary";

/** Longest request target accepted: GS1 advises QR payloads well under this; longer is abuse. */
export const MAX_DIGITAL_LINK_LENGTH = 2048;

/** The only primary key this app resolves. */
const GTIN_AI = "01";

export type DigitalLinkFailureReason =
  | "path_too_long"
  | "bad_percent_encoding"
  | "empty_segment"
  | "missing_primary_key"
  | "unsupported_primary_key"
  | "unknown_ai"
  | "missing_value"
  | "qualifier_order"
  | "qualifier_not_allowed"
  | "duplicate_ai"
  | "attribute_not_allowed"
  | "missing_required_ai"
  | "excluded_ai_pair"
  | AiValueProblem;

export interface AiElement {
  ai: string;
  value: string;
}

export interface GtinKey {
  gtin: string;
  cpv?: string;
  lot?: string;
  serial?: string;
}

export interface DigitalLinkParsed {
  ok: true;
  primary: { ai: "01"; value: string };
  /** In path order (22, 10, 21 for a GTIN; 235 is also a GTIN qualifier in the dictionary). */
  qualifiers: AiElement[];
  /** Data attributes from the query, by AI (11 production, 15 best before, 17 expiry, 7007 harvest date, ...). */
  attributes: Record<string, string>;
  /** Query parameters that are not AIs (linkType, context, lang, ...), decoded; first occurrence wins. */
  params: Record<string, string>;
  key: GtinKey;
  /** /01/{gtin}[/22/..][/10/..][/21/..] percent-encoded canonically, without a trailing slash or query. */
  canonicalPath: string;
}

export interface DigitalLinkFailure {
  ok: false;
  reason: DigitalLinkFailureReason;
  detail: string;
  /** The AI the problem is about, when there is one. */
  ai?: string;
}

export type DigitalLinkParseResult = DigitalLinkParsed | DigitalLinkFailure;

function fail(reason: DigitalLinkFailureReason, detail: string, ai?: string): DigitalLinkFailure {
  return ai === undefined ? { ok: false, reason, detail } : { ok: false, reason, detail, ai };
}

// RFC 3986 pchar minus "%" (handled apart), plus the double quote that the GS1 grammar writes bare.
const RAW_PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@"]$/;
// In a query "/" and "?" are also allowed raw; "&" and "=" are separators there, so never raw inside a part.
const RAW_QUERY_CHARS = /^[A-Za-z0-9\-._~!$'()*+,;:@"/?]$/;
const HEX = /^[0-9A-Fa-f]{2}$/;

/** Decodes one path segment or query part strictly: %XX only, ASCII only, no raw characters a URI cannot hold. */
function strictDecode(raw: string, rawAllowed: RegExp): string | DigitalLinkFailure {
  let out = "";
  for (let i = 0; i < raw.length; i += 1) {
    const char = raw[i] as string;
    if (char === "%") {
      const hex = raw.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return fail("bad_percent_encoding", `malformed percent-encoding at "${raw.slice(i, i + 3)}"`);
      const code = Number.parseInt(hex, 16);
      // GS1 character sets are printable ASCII; encoded control or non-ASCII bytes are never valid data.
      if (code < 0x21 || code > 0x7e) return fail("bad_characters", `encoded byte %${hex.toUpperCase()} is not allowed`);
      out += String.fromCharCode(code);
      i += 2;
    } else if (rawAllowed.test(char)) {
      out += char;
    } else {
      return fail("bad_characters", `character ${JSON.stringify(char)} is not allowed in a URI`);
    }
  }
  return out;
}

/** Percent-encodes an AI value for a path segment or query value: all but RFC 3986 unreserved characters. */
export function encodeAiValue(value: string): string {
  let out = "";
  for (const char of value) {
    if (/^[A-Za-z0-9\-._~]$/.test(char)) out += char;
    else {
      const code = char.charCodeAt(0);
      if (code > 0x7e || code < 0x20) throw new RangeError(`Not an ASCII character: ${JSON.stringify(char)}`);
      out += `%${code.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

/**
 * Whether a value survives as a path segment: "." and ".." (also as %2E) are dot segments that every
 * WHATWG/RFC 3986 URL parser removes, so a lot or serial spelt that way cannot be put in a URI path.
 */
export function isPathSafeAiValue(value: string): boolean {
  return value !== "." && value !== "..";
}

function checkValue(dictionary: SyntaxDictionary, ai: string, value: string): DigitalLinkFailure | null {
  const entry = dictionary.get(ai);
  if (!entry) return fail("unknown_ai", `AI (${ai}) is not in the GS1 syntax dictionary`, ai);
  const verdict = validateAiValue(entry, value);
  if (verdict.ok) return null;
  const hint =
    ai === GTIN_AI && verdict.problem === "value_too_short" && /^\d{8}$|^\d{12,13}$/.test(value)
      ? "; a GTIN-8/12/13 must be left-padded with zeros to 14 digits"
      : "";
  return fail(verdict.problem, `${verdict.detail}${hint}`, ai);
}

const AI_SHAPE = /^\d{2,4}$/;

function splitQuery(query: string | URLSearchParams | undefined): Array<[string, string]> | DigitalLinkFailure {
  if (query === undefined) return [];
  if (typeof query !== "string") return [...query.entries()];
  const text = query.startsWith("?") ? query.slice(1) : query;
  const pairs: Array<[string, string]> = [];
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    const name = strictDecode(rawName, RAW_QUERY_CHARS);
    if (typeof name !== "string") return name;
    const value = strictDecode(rawValue, RAW_QUERY_CHARS);
    if (typeof value !== "string") return value;
    pairs.push([name, value]);
  }
  return pairs;
}

/** The qualifier sequence the AIs follow in order, or why none fits. */
function checkQualifierOrder(
  sequences: string[][],
  ais: string[],
): DigitalLinkFailure | null {
  const known = new Set(sequences.flat());
  for (const ai of ais) {
    if (!known.has(ai)) return fail("qualifier_not_allowed", `AI (${ai}) is not a key qualifier of AI (01)`, ai);
  }
  const fits = sequences.some((sequence) => {
    let last = -1;
    for (const ai of ais) {
      const index = sequence.indexOf(ai);
      if (index <= last) return false;
      last = index;
    }
    return true;
  });
  if (fits) return null;
  const allowed = sequences.map((s) => s.map((ai) => `/${ai}`).join("")).join(" or ");
  return fail("qualifier_order", `key qualifiers must follow the order ${allowed}`, ais.at(-1));
}

/**
 * Parses the path (and query) of a GS1 Digital Link URI for a GTIN, e.g. "/01/09506000134352/10/ABC%2F1/21/XYZ"
 * with query "17=261231&linkType=all". A trailing slash is tolerated. Returns a specific reason on failure.
 */
export function parseDigitalLinkPath(
  dictionary: SyntaxDictionary,
  path: string,
  query?: string | URLSearchParams,
): DigitalLinkParseResult {
  const queryLength = typeof query === "string" ? query.length : query ? query.toString().length : 0;
  if (path.length + queryLength > MAX_DIGITAL_LINK_LENGTH) {
    return fail("path_too_long", `longer than ${MAX_DIGITAL_LINK_LENGTH} characters`);
  }
  let pathOnly = path;
  let queryInput = query;
  const hashAt = pathOnly.indexOf("#");
  if (hashAt !== -1) pathOnly = pathOnly.slice(0, hashAt);
  const questionAt = pathOnly.indexOf("?");
  if (questionAt !== -1) {
    queryInput ??= pathOnly.slice(questionAt + 1);
    pathOnly = pathOnly.slice(0, questionAt);
  }

  if (!pathOnly.startsWith("/")) return fail("missing_primary_key", "the path must start with /01/");
  const rawSegments = pathOnly.slice(1).split("/");
  if (rawSegments.length > 1 && rawSegments.at(-1) === "") rawSegments.pop();
  if (rawSegments.length === 1 && rawSegments[0] === "") return fail("missing_primary_key", "no primary key in the path");
  if (rawSegments.some((s) => s === "")) return fail("empty_segment", "the path has an empty segment (//)");

  const segments: string[] = [];
  for (const raw of rawSegments) {
    const decoded = strictDecode(raw, RAW_PATH_CHARS);
    if (typeof decoded !== "string") return decoded;
    segments.push(decoded);
  }

  const primaryAi = segments[0] as string;
  if (!AI_SHAPE.test(primaryAi)) {
    return fail("unknown_ai", `"${primaryAi}" is not a numeric AI (convenience names such as /gtin/ are not accepted)`);
  }
  const primaryEntry = dictionary.get(primaryAi);
  if (!primaryEntry) return fail("unknown_ai", `AI (${primaryAi}) is not in the GS1 syntax dictionary`, primaryAi);
  if (!primaryEntry.dlPrimaryKey) return fail("missing_primary_key", `AI (${primaryAi}) is not a primary key`, primaryAi);
  if (primaryAi !== GTIN_AI) {
    return fail("unsupported_primary_key", `this resolver answers for GTIN (01) only, not AI (${primaryAi})`, primaryAi);
  }
  if (segments.length % 2 !== 0) {
    return fail("missing_value", `AI (${segments.at(-1)}) has no value`, segments.at(-1));
  }

  const seen = new Set<string>([primaryAi]);
  const qualifiers: AiElement[] = [];
  for (let i = 2; i < segments.length; i += 2) {
    const ai = segments[i] as string;
    if (!AI_SHAPE.test(ai) || !dictionary.get(ai)) return fail("unknown_ai", `"${ai}" is not a known AI`, ai);
    if (seen.has(ai)) return fail("duplicate_ai", `AI (${ai}) appears twice`, ai);
    seen.add(ai);
    qualifiers.push({ ai, value: segments[i + 1] as string });
  }
  const orderProblem = checkQualifierOrder(
    primaryEntry.dlPrimaryKey,
    qualifiers.map((q) => q.ai),
  );
  if (orderProblem) return orderProblem;

  const gtin = segments[1] as string;
  const gtinProblem = checkValue(dictionary, GTIN_AI, gtin);
  if (gtinProblem) return gtinProblem;
  for (const q of qualifiers) {
    const problem = checkValue(dictionary, q.ai, q.value);
    if (problem) return problem;
  }

  const pairs = splitQuery(queryInput);
  if (!Array.isArray(pairs)) return pairs;
  const qualifierAis = new Set(primaryEntry.dlPrimaryKey.flat());
  const attributes: Record<string, string> = {};
  const params: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (!AI_SHAPE.test(name)) {
      if (!(name in params)) params[name] = value;
      continue;
    }
    const entry = dictionary.get(name);
    if (!entry) return fail("unknown_ai", `AI (${name}) in the query is not in the GS1 syntax dictionary`, name);
    if (seen.has(name)) return fail("duplicate_ai", `AI (${name}) appears twice`, name);
    if (qualifierAis.has(name) || entry.dlPrimaryKey || !entry.digitalLinkAttribute) {
      return fail("attribute_not_allowed", `AI (${name}) may not be a Digital Link data attribute here`, name);
    }
    const problem = checkValue(dictionary, name, value);
    if (problem) return problem;
    seen.add(name);
    attributes[name] = value;
  }

  const association = checkAiAssociations(dictionary, [...seen]);
  if (!association.ok) return fail(association.problem, association.detail, association.ai);

  const key: GtinKey = { gtin };
  for (const q of qualifiers) {
    if (q.ai === "22") key.cpv = q.value;
    else if (q.ai === "10") key.lot = q.value;
    else if (q.ai === "21") key.serial = q.value;
  }
  const canonicalPath = [`/01/${gtin}`, ...qualifiers.map((q) => `/${q.ai}/${encodeAiValue(q.value)}`)].join("");
  return { ok: true, primary: { ai: "01", value: gtin }, qualifiers, attributes, params, key, canonicalPath };
}

/**
 * The canonical Digital Link URI for a GTIN and its qualifiers, e.g. https://host/01/0893.../10/LOT/21/SER?17=261231.
 * Throws RangeError on values the dictionary rejects: callers pass stored, already-validated data.
 */
export function formatDigitalLinkUri(
  dictionary: SyntaxDictionary,
  base: string,
  key: GtinKey,
  attributes: Record<string, string> = {},
): string {
  const root = base.replace(/\/+$/, "");
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/i.test(root)) throw new RangeError(`Not an http(s) base URI: ${base}`);
  const elements: AiElement[] = [{ ai: GTIN_AI, value: key.gtin }];
  if (key.cpv !== undefined) elements.push({ ai: "22", value: key.cpv });
  if (key.lot !== undefined) elements.push({ ai: "10", value: key.lot });
  if (key.serial !== undefined) elements.push({ ai: "21", value: key.serial });
  const unsafe = elements.find((e) => !isPathSafeAiValue(e.value));
  if (unsafe) throw new RangeError(`AI (${unsafe.ai}) value "${unsafe.value}" is a dot segment that URL parsers remove`);
  const path = elements.map((e) => `/${e.ai}/${encodeAiValue(e.value)}`).join("");
  const query = Object.keys(attributes)
    .sort()
    .map((ai) => `${ai}=${encodeAiValue(attributes[ai] as string)}`)
    .join("&");
  const uri = `${root}${path}${query ? `?${query}` : ""}`;
  // One set of rules: what we print must parse back, so check it with the parser itself.
  const check = parseDigitalLinkPath(dictionary, path, query);
  if (!check.ok) throw new RangeError(`Cannot format Digital Link: ${check.reason} (${check.detail})`);
  if (Object.keys(check.params).length > 0) throw new RangeError("Attributes must be GS1 AIs");
  return uri;
}

/** The parser and formatter bound to one dictionary. */
export function createDigitalLink(dictionary: SyntaxDictionary) {
  return {
    parseDigitalLinkPath: (path: string, query?: string | URLSearchParams) => parseDigitalLinkPath(dictionary, path, query),
    formatDigitalLinkUri: (base: string, key: GtinKey, attributes?: Record<string, string>) =>
      formatDigitalLinkUri(dictionary, base, key, attributes),
  };
}
