/**
 * GS1 Barcode Syntax Dictionary: a parser for its text format and value validation driven by the
 * format specification it gives per Application Identifier (AI). Pure: no I/O, safe in the browser.
 * The text itself is read by syntax-dictionary.server.ts.
 */

/** Character sets of the dictionary's component types (GS1 General Specifications, figures 7.11-1..3). */
export type CharacterSet = "N" | "X" | "Y" | "Z";

export interface FormatComponent {
  charset: CharacterSet;
  minLength: number;
  maxLength: number;
  /** Square-bracketed in the dictionary: may be absent once the data is exhausted. */
  optional: boolean;
  /** Linter names applied to this component, in order (csum, yymmd0, gcppos2, ...). */
  linters: string[];
}

export interface AiEntry {
  ai: string;
  /** The dictionary's flags: "*" pre-defined length, "?" permitted as a Digital Link data attribute. */
  flags: string;
  /** The specification exactly as written, e.g. "N14,csum,gcppos2" or "N6,yymmdd [N6],yymmdd". */
  specification: string;
  components: FormatComponent[];
  /** The dictionary's short title, e.g. "BATCH/LOT" (AIs of a range share it). */
  title: string;
  predefinedLength: boolean;
  digitalLinkAttribute: boolean;
  /** Present when the AI is a Digital Link primary key; each inner list is one ordered qualifier sequence. */
  dlPrimaryKey: string[][] | null;
  /** Each `req=` attribute: one of the alternatives must be present; an alternative is a set of AIs or patterns (e.g. "31nn"). */
  requires: string[][][];
  /** The `ex=` AIs or patterns this AI may not appear with. */
  excludes: string[];
  /** Any other attribute as written, for completeness. */
  otherAttributes: string[];
}

export interface SyntaxDictionary {
  entries: ReadonlyMap<string, AiEntry>;
  get(ai: string): AiEntry | undefined;
}

const FLAG_CHARS = new Set("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~");
const COMPONENT = /^(\[)?([NXYZ])(\d+)?(?:\.\.(\d+))?(\])?((?:,[a-z0-9]+)*)$/;

function parseComponent(token: string, line: number): FormatComponent {
  const m = COMPONENT.exec(token);
  if (!m) throw new SyntaxError(`Syntax dictionary line ${line}: bad component "${token}"`);
  const [, open, charset, fixedOrMin, max, close, linters = ""] = m;
  if (Boolean(open) !== Boolean(close)) throw new SyntaxError(`Syntax dictionary line ${line}: unbalanced "${token}"`);
  // "N..20" is 1 to 20, "N14" exactly 14.
  const variable = max !== undefined;
  const minLength = variable ? 1 : Number(fixedOrMin);
  const maxLength = variable ? Number(max) : Number(fixedOrMin);
  if (!variable && fixedOrMin === undefined) throw new SyntaxError(`Syntax dictionary line ${line}: no length in "${token}"`);
  return {
    charset: charset as CharacterSet,
    minLength,
    maxLength,
    optional: Boolean(open),
    linters: linters.split(",").filter(Boolean),
  };
}

function expandRange(ais: string, line: number): string[] {
  const [from, to] = ais.split("-");
  if (!from || !/^\d{2,4}$/.test(from)) throw new SyntaxError(`Syntax dictionary line ${line}: bad AI "${ais}"`);
  if (to === undefined) return [from];
  if (to.length !== from.length || Number(to) < Number(from)) {
    throw new SyntaxError(`Syntax dictionary line ${line}: bad AI range "${ais}"`);
  }
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n += 1) out.push(String(n).padStart(from.length, "0"));
  return out;
}

/** Parses the dictionary's text (comments start with "#"; one entry per line). */
export function parseSyntaxDictionary(text: string): SyntaxDictionary {
  const entries = new Map<string, AiEntry>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const hash = raw.indexOf("#");
    const body = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (body === "") continue;
    const title = hash === -1 ? "" : raw.slice(hash + 1).trim();
    const tokens = body.split(/\s+/);
    const aiToken = tokens.shift() as string;
    let flags = "";
    if (tokens[0] !== undefined && [...tokens[0]].every((c) => FLAG_CHARS.has(c))) flags = tokens.shift() as string;

    const components: FormatComponent[] = [];
    const specTokens: string[] = [];
    while (tokens[0] !== undefined && COMPONENT.test(tokens[0])) {
      const token = tokens.shift() as string;
      specTokens.push(token);
      components.push(parseComponent(token, lineNo));
    }
    if (components.length === 0) throw new SyntaxError(`Syntax dictionary line ${lineNo}: no specification`);

    let dlPrimaryKey: string[][] | null = null;
    const requires: string[][][] = [];
    const excludes: string[] = [];
    const otherAttributes: string[] = [];
    for (const attribute of tokens) {
      const [key, value] = attribute.split("=", 2) as [string, string | undefined];
      if (key === "dlpkey") {
        dlPrimaryKey = value === undefined ? [[]] : value.split("|").map((seq) => seq.split(","));
      } else if (key === "req" && value) {
        requires.push(value.split(",").map((alt) => alt.split("+")));
      } else if (key === "ex" && value) {
        excludes.push(...value.split(","));
      } else {
        otherAttributes.push(attribute);
      }
    }

    for (const ai of expandRange(aiToken, lineNo)) {
      entries.set(ai, {
        ai,
        flags,
        specification: specTokens.join(" "),
        components,
        title,
        predefinedLength: flags.includes("*"),
        digitalLinkAttribute: flags.includes("?"),
        dlPrimaryKey,
        requires,
        excludes,
        otherAttributes,
      });
    }
  }
  return { entries, get: (ai) => entries.get(ai) };
}

// ---------------------------------------------------------------------------------------------
// Value validation

/** GS1 AI encodable character set 82 (General Specifications figure 7.11-1). */
export const CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
/** Character set 39 (figure 7.11-2). */
export const CSET39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CSET64 = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

const charsets: Record<CharacterSet, ReadonlySet<string>> = {
  N: new Set("0123456789"),
  X: new Set(CSET82),
  Y: new Set(CSET39),
  Z: new Set(CSET64),
};

export type AiValueProblem =
  | "value_too_short"
  | "value_too_long"
  | "bad_characters"
  | "bad_check_digit"
  | "bad_check_characters"
  | "bad_date"
  | "bad_time"
  | "bad_value";

export type AiValueVerdict = { ok: true } | { ok: false; problem: AiValueProblem; detail: string };

type Linter = (data: string) => true | { problem: AiValueProblem; detail: string };

/** The GS1 mod-10 check digit over all digits but the last (weights 3,1,3,... from the right). */
function mod10Ok(data: string): boolean {
  let sum = 0;
  for (let i = data.length - 2, weight = 3; i >= 0; i -= 1, weight = 4 - weight) sum += (data.charCodeAt(i) - 48) * weight;
  return (10 - (sum % 10)) % 10 === data.charCodeAt(data.length - 1) - 48;
}

const CSET32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113,
  127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251,
  257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397,
  401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
];

/** GS1 alphanumeric check character pair (General Specifications 7.9.5), as the reference linter computes it. */
function csumAlphaOk(data: string): boolean {
  if (data.length < 2 || data.length - 2 > PRIMES.length) return false;
  let sum = 0;
  const body = data.slice(0, -2);
  for (let i = 0; i < body.length; i += 1) {
    const weight = CSET82.indexOf(body[i] as string);
    if (weight < 0) return false;
    sum += weight * (PRIMES[body.length - 1 - i] as number);
  }
  sum %= 1021;
  return data.at(-2) === CSET32[sum >> 5] && data.at(-1) === CSET32[sum & 31];
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function dateOk(year: number, month: number, day: number, dayZeroAllowed: boolean): true | string {
  if (month < 1 || month > 12) return "month must be 01-12";
  if (day === 0) return dayZeroAllowed ? true : "day 00 is not allowed here";
  const max = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return day <= max ? true : `day must be 01-${max}`;
}

/** YY to a full year by the sliding window of General Specifications 7.12 (-49..+50 years around now). */
export function centuryFor(yy: number, currentYear = new Date().getUTCFullYear()): number {
  const cy = currentYear % 100;
  const century = currentYear - cy;
  if (yy - cy >= 51) return century - 100 + yy;
  if (yy - cy > -50) return century + yy;
  return century + 100 + yy;
}

function yymmdd(dayZeroAllowed: boolean): Linter {
  return (data) => {
    if (!/^\d{6}$/.test(data)) return { problem: "bad_date", detail: "expected YYMMDD" };
    const verdict = dateOk(centuryFor(Number(data.slice(0, 2))), Number(data.slice(2, 4)), Number(data.slice(4, 6)), dayZeroAllowed);
    return verdict === true ? true : { problem: "bad_date", detail: verdict };
  };
}

function yyyymmdd(dayZeroAllowed: boolean): Linter {
  return (data) => {
    if (!/^\d{8}$/.test(data)) return { problem: "bad_date", detail: "expected YYYYMMDD" };
    const verdict = dateOk(Number(data.slice(0, 4)), Number(data.slice(4, 6)), Number(data.slice(6, 8)), dayZeroAllowed);
    return verdict === true ? true : { problem: "bad_date", detail: verdict };
  };
}

function range(name: string, length: number, max: number, problem: AiValueProblem = "bad_time"): Linter {
  return (data) =>
    data.length === length && /^\d+$/.test(data) && Number(data) <= max ? true : { problem, detail: `${name} out of range` };
}

function gcpAt(offset: number): Linter {
  // Without a registry of allocated prefixes the reference linter only checks the 4-digit minimum prefix.
  return (data) =>
    /^\d{4}/.test(data.slice(offset)) ? true : { problem: "bad_value", detail: "does not start with a GS1 Company Prefix" };
}

const LINTERS: Record<string, Linter> = {
  csum: (d) => (/^\d+$/.test(d) && mod10Ok(d) ? true : { problem: "bad_check_digit", detail: "mod-10 check digit is wrong" }),
  csumalpha: (d) => (csumAlphaOk(d) ? true : { problem: "bad_check_characters", detail: "check character pair is wrong" }),
  yymmd0: yymmdd(true),
  yymmdd: yymmdd(false),
  yyyymmd0: yyyymmdd(true),
  yyyymmdd: yyyymmdd(false),
  hh: range("hour", 2, 23),
  mi: range("minute", 2, 59),
  ss: range("second", 2, 59),
  hhmi: (d) =>
    /^\d{4}$/.test(d) && Number(d.slice(0, 2)) <= 23 && Number(d.slice(2)) <= 59
      ? true
      : { problem: "bad_time", detail: "expected HHMI" },
  gcppos1: gcpAt(0),
  gcppos2: gcpAt(1),
  zero: (d) => (d === "0" ? true : { problem: "bad_value", detail: "must be 0" }),
  nonzero: (d) => (/[1-9]/.test(d) ? true : { problem: "bad_value", detail: "must not be zero" }),
  nozeroprefix: (d) => (d === "0" || !d.startsWith("0") ? true : { problem: "bad_value", detail: "must not start with 0" }),
  hasnondigit: (d) => (/\D/.test(d) ? true : { problem: "bad_value", detail: "must contain a non-digit" }),
  yesno: (d) => (d === "0" || d === "1" ? true : { problem: "bad_value", detail: "must be 0 or 1" }),
  hyphen: (d) => (/^-*$/.test(d) ? true : { problem: "bad_value", detail: "must be hyphens" }),
  winding: (d) => (/^[019]$/.test(d) ? true : { problem: "bad_value", detail: "winding must be 0, 1 or 9" }),
  iso5218: (d) => (/^[0129]$/.test(d) ? true : { problem: "bad_value", detail: "must be an ISO/IEC 5218 code" }),
  pcenc: (d) => (/%(?![0-9A-Fa-f]{2})/.test(d) ? { problem: "bad_value", detail: "bad percent-encoding" } : true),
  pieceoftotal: (d) => {
    const half = d.length / 2;
    const piece = Number(d.slice(0, half));
    const total = Number(d.slice(half));
    return d.length % 2 === 0 && piece >= 1 && total >= 1 && piece <= total
      ? true
      : { problem: "bad_value", detail: "piece must be 1..total" };
  },
};

/**
 * Linters whose reference data (country, currency, package type and coupon tables, IBAN, geo)
 * this app does not carry; the component's character set and length are still checked.
 */
export const UNCHECKED_LINTERS: ReadonlySet<string> = new Set([
  "iso3166",
  "iso3166999",
  "iso3166alpha2",
  "iso3166list",
  "iso4217",
  "iban",
  "importeridx",
  "packagetype",
  "mediatype",
  "couponcode",
  "couponposoffer",
  "latitude",
  "longitude",
  "posinseqslash",
  "cset64",
]);

/**
 * Validates a value against an AI's format specification: components consume prefixes of the data in
 * order (fixed length, or the rest for a variable final component); optional ones may be skipped once
 * the data is exhausted; each component's character set, length and linters apply.
 */
export function validateAiValue(entry: AiEntry, value: string): AiValueVerdict {
  const minTotal = entry.components.filter((c) => !c.optional).reduce((n, c) => n + c.minLength, 0);
  const maxTotal = entry.components.reduce((n, c) => n + c.maxLength, 0);
  if (value.length > maxTotal) {
    return { ok: false, problem: "value_too_long", detail: `AI (${entry.ai}) allows at most ${maxTotal} characters` };
  }
  if (value.length < minTotal) {
    return { ok: false, problem: "value_too_short", detail: `AI (${entry.ai}) needs at least ${minTotal} characters` };
  }
  let position = 0;
  for (const component of entry.components) {
    if (position >= value.length) {
      if (component.optional) break;
      return { ok: false, problem: "value_too_short", detail: `AI (${entry.ai}) is missing a component` };
    }
    const part = value.slice(position, position + component.maxLength);
    if (part.length < component.minLength) {
      return { ok: false, problem: "value_too_short", detail: `AI (${entry.ai}) component is too short` };
    }
    const allowed = charsets[component.charset];
    for (const [offset, char] of [...part].entries()) {
      if (!allowed.has(char)) {
        return {
          ok: false,
          problem: "bad_characters",
          detail: `AI (${entry.ai}) character ${position + offset + 1} is not in character set ${component.charset}`,
        };
      }
    }
    for (const name of component.linters) {
      const lint = LINTERS[name];
      if (!lint) {
        if (UNCHECKED_LINTERS.has(name)) continue;
        throw new Error(`Syntax dictionary linter "${name}" is not implemented`);
      }
      const verdict = lint(part);
      if (verdict !== true) return { ok: false, problem: verdict.problem, detail: `AI (${entry.ai}): ${verdict.detail}` };
    }
    position += part.length;
  }
  if (position < value.length) {
    return { ok: false, problem: "value_too_long", detail: `AI (${entry.ai}) has data beyond its specification` };
  }
  return { ok: true };
}

/** Whether an AI matches a dictionary pattern such as "31nn" or "394n" ("n" is any digit). */
export function aiMatchesPattern(ai: string, pattern: string): boolean {
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i += 1) if (pattern[i] !== "n" && pattern[i] !== ai[i]) return false;
  return true;
}

export type AssociationProblem =
  | { ok: false; problem: "missing_required_ai"; ai: string; detail: string }
  | { ok: false; problem: "excluded_ai_pair"; ai: string; detail: string };

/** Checks the `req=` and `ex=` pairings over the AIs found together (path and query of one URI). */
export function checkAiAssociations(dictionary: SyntaxDictionary, ais: readonly string[]): { ok: true } | AssociationProblem {
  const present = (pattern: string) => ais.some((ai) => aiMatchesPattern(ai, pattern));
  for (const ai of ais) {
    const entry = dictionary.get(ai);
    if (!entry) continue;
    for (const requirement of entry.requires) {
      if (!requirement.some((group) => group.every(present))) {
        const wanted = requirement.map((g) => g.join("+")).join(" or ");
        return { ok: false, problem: "missing_required_ai", ai, detail: `AI (${ai}) requires ${wanted}` };
      }
    }
    for (const pattern of entry.excludes) {
      const clash = ais.find((other) => other !== ai && aiMatchesPattern(other, pattern));
      if (clash) return { ok: false, problem: "excluded_ai_pair", ai, detail: `AI (${ai}) may not appear with AI (${clash})` };
    }
  }
  return { ok: true };
}
