/**
 * The criteria sheet editing form, without JavaScript: every criterion's fields are named by their path in the sheet
 * ("criteria.3.options.1.points"), so zod's issue paths name the very field to show an error beside. Reading the form
 * back into a raw sheet, and its buttons (add a criterion to a part, remove one), are pure and tested. Safe in the
 * browser.
 */
import { ocopParts, type Criterion, type OcopPart } from "./rules";

/** Blank option rows shown under each criterion so an option can be added without JavaScript. */
export const SPARE_OPTION_ROWS = 1;
export const MAX_OPTIONS = 8;

export type FormIntent = { kind: "save" } | { kind: "publish" } | { kind: "add"; part: OcopPart } | { kind: "remove"; index: number };

export function parseIntent(value: unknown): FormIntent {
  if (typeof value !== "string") return { kind: "save" };
  if (value === "publish") return { kind: "publish" };
  const add = /^add:([ABC])$/.exec(value);
  if (add) return { kind: "add", part: add[1] as OcopPart };
  const remove = /^remove:(\d{1,2})$/.exec(value);
  if (remove) return { kind: "remove", index: Number(remove[1]) };
  return { kind: "save" };
}

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

/** "2,5" and "2.5" are the same points; an empty box is no value (zod then says the field is required). */
export function parsePoints(raw: string): number | undefined {
  const s = raw.trim().replace(",", ".");
  if (s === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * The sheet as the form sent it, not yet validated: criteria in the order of their indexes, options whose label and
 * points are all empty dropped (the spare rows), `documentKind` kept only for document evidence and
 * `platformEvidence` only for a platform figure.
 */
export function criteriaFromForm(form: FormData): { criteria: unknown[] } {
  const indexes = new Set<number>();
  for (const key of form.keys()) {
    const m = /^criteria\.(\d{1,2})\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  const criteria = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => {
      const p = `criteria.${i}`;
      const options: unknown[] = [];
      for (let o = 0; o < MAX_OPTIONS + SPARE_OPTION_ROWS; o++) {
        const q = `${p}.options.${o}`;
        if (!form.has(`${q}.points`) && !form.has(`${q}.label.vi`)) continue;
        const vi = text(form, `${q}.label.vi`);
        const en = text(form, `${q}.label.en`);
        const points = parsePoints(text(form, `${q}.points`));
        if (vi === "" && en === "" && points === undefined) continue;
        options.push({ label: { vi, en }, points });
      }
      const evidence = text(form, `${p}.evidence`);
      return {
        code: text(form, `${p}.code`),
        part: text(form, `${p}.part`),
        section: { vi: text(form, `${p}.section.vi`), en: text(form, `${p}.section.en`) },
        text: { vi: text(form, `${p}.text.vi`), en: text(form, `${p}.text.en`) },
        options,
        evidence,
        ...(evidence === "platform_figure" && text(form, `${p}.platformEvidence`) ? { platformEvidence: text(form, `${p}.platformEvidence`) } : {}),
        ...(evidence === "document" && text(form, `${p}.documentKind`) ? { documentKind: text(form, `${p}.documentKind`) } : {}),
        required: form.get(`${p}.required`) === "on",
        checkAgainstAnnex: form.get(`${p}.checkAgainstAnnex`) === "on",
      };
    });
  return { criteria };
}

/** The next free code of a part ("C3.3" after "C3.2"; "A1" when the part is empty). */
export function nextCode(criteria: ReadonlyArray<{ code?: unknown; part?: unknown }>, part: OcopPart): string {
  const codes = criteria.filter((c) => c.part === part && typeof c.code === "string").map((c) => c.code as string);
  const last = codes[codes.length - 1];
  if (!last) return `${part}1`;
  const m = /^([ABC])(\d{1,2})(?:\.(\d{1,2}))?$/.exec(last);
  if (!m) return `${part}${codes.length + 1}`;
  let candidate = m[3] === undefined ? `${part}${Number(m[2]) + 1}` : `${part}${m[2]}.${Number(m[3]) + 1}`;
  while (codes.includes(candidate)) candidate = `${candidate}1`.slice(0, 6);
  return candidate;
}

/** A new criterion for a part, placed after the part's last one: a 0 and a 1 point option to start from. */
export function addCriterion(criteria: readonly unknown[], part: OcopPart): unknown[] {
  const list = criteria as ReadonlyArray<Partial<Criterion>>;
  const lastOfPart = list.map((c) => c.part).lastIndexOf(part);
  const previous = lastOfPart >= 0 ? list[lastOfPart] : undefined;
  const fresh = {
    code: nextCode(list, part),
    part,
    section: previous?.section ?? { vi: "", en: "" },
    text: { vi: "", en: "" },
    options: [
      { label: { vi: "Không đạt", en: "Not met" }, points: 0 },
      { label: { vi: "Đạt", en: "Met" }, points: 1 },
    ],
    evidence: "none",
    required: false,
    checkAgainstAnnex: true,
  };
  const at = lastOfPart >= 0 ? lastOfPart + 1 : insertionPointForPart(list, part);
  return [...criteria.slice(0, at), fresh, ...criteria.slice(at)];
}

function insertionPointForPart(list: ReadonlyArray<Partial<Criterion>>, part: OcopPart): number {
  const later = ocopParts.slice(ocopParts.indexOf(part) + 1);
  const firstLater = list.findIndex((c) => later.includes(c.part as OcopPart));
  return firstLater >= 0 ? firstLater : list.length;
}

export function removeCriterion(criteria: readonly unknown[], index: number): unknown[] {
  return criteria.filter((_, i) => i !== index);
}
