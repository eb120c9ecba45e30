/**
 * Checking imported rows (households, deliveries, payments) against the same zod schemas the forms
 * use, plus what only a list can get wrong: headings in either language, names instead of ids,
 * duplicate codes within the file, merged cells. Pure: the caller passes what the database knows
 * (`ImportContext`); each rejected row says why, as message keys with values.
 */
import type { ZodError } from "zod";
import { fieldErrors } from "~/lib/field-errors";
import type { MessageKey } from "~/lib/i18n";
import { importColumns, type ImportColumn, type ImportKind } from "./import-columns";
import { findEthnicityCode, foldName } from "./ethnic-groups";
import { cellText, parseDateCell, type Cell, type SheetRow } from "./import-file";
import { householdFormSchema, paymentFormSchema, supplyFormSchema, type HouseholdInput, type PaymentInput, type SupplyInput } from "./schema";

export const foldHeading = (h: string) => foldName(h.replace(/\([^)]*\)/g, "")).replace(/[/:*#]/g, "");

export interface RowError {
  /** Column id, or "_row" for the row as a whole. */
  field: string;
  key: MessageKey;
  vars?: Record<string, string | number>;
}

export interface ImportContext {
  /** Calendar date in Vietnam: nothing is dated after it. */
  today: string;
  communes: readonly { id: number; nameVi: string }[];
  households: readonly (HouseholdInput & { id: string })[];
  rawProducts: readonly { id: string; nameVi: string; nameEn: string | null; slug: string }[];
  lots: readonly { id: string; productId: string; lotCode: string; uom: string; status: string }[];
  supplies: readonly { reference: string; householdId: string; batchId: string; quantity: string; uom: string; suppliedOn: string; pricePaidVnd: number }[];
  payments: readonly { reference: string; householdId: string; kind: string; paidOn: string; amountVnd: number; note: string | null }[];
}

export type RowOutcome = "new" | "update" | "unchanged";

export type CheckedRow =
  | { line: number; ok: true; outcome: RowOutcome; display: string[]; value: ImportValue }
  | { line: number; ok: false; display: string[]; errors: RowError[] };

/** A row's typed input, parsed by the form's schema: the commit writes it as the form's command would. */
export type ImportValue =
  | { kind: "households"; input: HouseholdInput; existingId: string | null }
  | { kind: "supplies"; productId: string; lotCode: string; input: SupplyInput }
  | { kind: "payments"; input: PaymentInput };

export type CheckResult =
  | { ok: true; rows: CheckedRow[]; valid: number; invalid: number }
  | { ok: false; key: MessageKey; vars?: Record<string, string | number> };

const stripPrefix = (v: string) => v.replace(/^(xã|phường|thị trấn|commune|ward)\s+/i, "");

const sexes: Record<string, "male" | "female"> = { nam: "male", male: "male", m: "male", nu: "female", female: "female", f: "female" };
const kinds: Record<string, PaymentInput["kind"]> = {
  thumua: "purchase",
  mua: "purchase",
  thumuanongsan: "purchase",
  purchase: "purchase",
  producepurchase: "purchase",
  tiencong: "wage",
  cong: "wage",
  wage: "wage",
  wages: "wage",
  chialai: "profit_share",
  lai: "profit_share",
  profitshare: "profit_share",
};
const uoms: Record<string, string> = {
  kg: "KGM", kgm: "KGM", kilogam: "KGM", kilogram: "KGM", can: "KGM",
  tan: "TNE", tne: "TNE", tonne: "TNE", tonnes: "TNE", t: "TNE",
  lit: "LTR", ltr: "LTR", l: "LTR", litre: "LTR", liter: "LTR",
  cai: "H87", qua: "H87", h87: "H87", piece: "H87", pieces: "H87", pcs: "H87",
};

/** Finds each column by its heading; the missing required ones are named. */
export function mapColumns(kind: ImportKind, header: readonly string[]): { ok: true; index: Map<string, number> } | { ok: false; missing: ImportColumn[] } {
  return mapColumnsOf(importColumns[kind], header);
}

/** Finds each of `columns` by its heading in any list (households' lists, the support ledger's). */
export function mapColumnsOf(columns: readonly ImportColumn[], header: readonly string[]): { ok: true; index: Map<string, number> } | { ok: false; missing: ImportColumn[] } {
  const folded = header.map(foldHeading);
  const index = new Map<string, number>();
  const missing: ImportColumn[] = [];
  for (const c of columns) {
    const wanted = new Set(c.headings.map(foldHeading));
    const at = folded.findIndex((h, i) => wanted.has(h) && ![...index.values()].includes(i));
    if (at >= 0) index.set(c.id, at);
    else if (c.required) missing.push(c);
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, index };
}

/** Zod field errors of a form (the one field-error helper's), as row errors on the import's columns. */
export function zodErrors(error: ZodError, rename: Record<string, string> = {}): RowError[] {
  const byField = new Map<string, RowError>();
  for (const [path, key] of Object.entries(fieldErrors(error))) {
    const field = rename[path] ?? (path === "_form" ? "_row" : path);
    if (!byField.has(field)) byField.set(field, { field, key: key as MessageKey });
  }
  return [...byField.values()];
}

export function checkImport(kind: ImportKind, sheet: { header: readonly string[]; rows: readonly SheetRow[] }, ctx: ImportContext): CheckResult {
  const mapped = mapColumns(kind, sheet.header);
  if (!mapped.ok) return { ok: false, key: "hh.import.error.missingColumns", vars: { columns: mapped.missing.map((c) => c.headings[0]!).join(", ") } };
  const columns = importColumns[kind];
  const firstLineOf = new Map<string, number>();
  const newLots = new Map<string, string>();
  const rows = sheet.rows.map((row): CheckedRow => {
    const get = (id: string): Cell => {
      const i = mapped.index.get(id);
      return i === undefined ? null : (row.cells[i] ?? null);
    };
    const text = (id: string) => cellText(get(id));
    const errors: RowError[] = [];
    const dates: Record<string, string> = {};
    for (const c of columns) {
      if (!c.date) continue;
      const raw = get(c.id);
      if (raw === null || cellText(raw) === "") {
        dates[c.id] = "";
        continue;
      }
      const iso = parseDateCell(raw);
      if (iso) dates[c.id] = iso;
      else errors.push({ field: c.id, key: "hh.import.error.date", vars: { value: cellText(raw) } });
    }
    const display = columns.map((c) => (c.date && dates[c.id] ? dates[c.id]! : text(c.id)));
    if (row.merged) return { line: row.line, ok: false, display, errors: [{ field: "_row", key: "hh.import.error.mergedCells" }] };

    const keyColumn = kind === "households" ? "code" : "reference";
    const key = text(keyColumn);
    if (key) {
      const first = firstLineOf.get(key);
      if (first !== undefined) errors.push({ field: keyColumn, key: "hh.import.error.duplicateInFile", vars: { row: first } });
      else firstLineOf.set(key, row.line);
    }

    const fail = (more: RowError[] = []): CheckedRow => ({ line: row.line, ok: false, display, errors: [...errors, ...more] });
    const household = (code: string) => ctx.households.find((h) => h.code === code);

    if (kind === "households") {
      const communeText = text("commune");
      const commune = ctx.communes.find((c) => foldName(c.nameVi) === foldName(stripPrefix(communeText)));
      if (communeText && !commune) errors.push({ field: "commune", key: "hh.import.error.unknownCommune", vars: { value: communeText } });
      const ethnicityText = text("ethnicity");
      const ethnicityCode = ethnicityText ? findEthnicityCode(ethnicityText) : null;
      if (ethnicityText && !ethnicityCode) errors.push({ field: "ethnicity", key: "hh.import.error.unknownEthnicity", vars: { value: ethnicityText } });
      const sexText = text("headSex");
      const sex = sexes[foldName(sexText)];
      if (sexText && !sex) errors.push({ field: "headSex", key: "hh.import.error.unknownSex" });
      const form: Record<string, string> = {
        code: key,
        headName: text("headName"),
        headSex: sex ?? "",
        memberCount: text("memberCount"),
        ethnicityCode: ethnicityCode ?? "",
        communeId: commune ? String(commune.id) : "",
        village: text("village"),
        joinedOn: dates.joinedOn ?? "",
        leftOn: dates.leftOn ?? "",
        baselineYear: text("baselineYear"),
        baselineIncomeVnd: text("baselineIncomeVnd"),
      };
      const parsed = householdFormSchema.safeParse(form);
      const rename = { ethnicityCode: "ethnicity", communeId: "commune" };
      const flagged = new Set(errors.map((e) => e.field));
      if (!parsed.success) return fail(zodErrors(parsed.error, rename).filter((e) => !flagged.has(e.field)));
      if (errors.length > 0) return fail();
      const existing = household(parsed.data.code);
      const same =
        existing &&
        (Object.keys(parsed.data) as (keyof HouseholdInput)[]).every((k) => (existing[k] ?? null) === (parsed.data[k] ?? null));
      return {
        line: row.line,
        ok: true,
        outcome: !existing ? "new" : same ? "unchanged" : "update",
        display,
        value: { kind, input: parsed.data, existingId: existing?.id ?? null },
      };
    }

    const householdCode = text("householdCode");
    const owner = householdCode ? household(householdCode) : undefined;
    if (householdCode && !owner) errors.push({ field: "householdCode", key: "hh.import.error.unknownHousehold", vars: { value: householdCode } });

    if (kind === "payments") {
      const kindText = text("kind");
      const paymentKind = kinds[foldName(kindText)];
      if (kindText && !paymentKind) errors.push({ field: "kind", key: "hh.import.error.unknownKind" });
      const form: Record<string, string> = {
        householdId: owner?.id ?? "00000000-0000-0000-0000-000000000000",
        reference: key,
        kind: paymentKind ?? "",
        paidOn: dates.paidOn ?? "",
        amountVnd: text("amountVnd"),
        note: text("note"),
      };
      const parsed = paymentFormSchema.safeParse(form);
      const flagged = new Set(errors.map((e) => e.field));
      if (!householdCode) errors.push({ field: "householdCode", key: "hh.error.required" });
      if (!parsed.success) return fail(zodErrors(parsed.error, { householdId: "householdCode" }).filter((e) => !flagged.has(e.field) && e.field !== "householdCode"));
      if (parsed.data.paidOn > ctx.today) errors.push({ field: "paidOn", key: "hh.error.future" });
      if (errors.length > 0) return fail();
      const existing = ctx.payments.find((p) => p.reference === parsed.data.reference);
      if (existing) {
        const same =
          existing.householdId === parsed.data.householdId &&
          existing.kind === parsed.data.kind &&
          existing.paidOn === parsed.data.paidOn &&
          existing.amountVnd === parsed.data.amountVnd &&
          (existing.note ?? null) === parsed.data.note;
        if (!same) return fail([{ field: "reference", key: "hh.error.referenceTaken" }]);
      }
      return { line: row.line, ok: true, outcome: existing ? "unchanged" : "new", display, value: { kind, input: parsed.data } };
    }

    // Deliveries.
    const productText = text("product");
    const product = ctx.rawProducts.find(
      (p) => p.slug === productText || foldName(p.nameVi) === foldName(productText) || (p.nameEn !== null && foldName(p.nameEn) === foldName(productText)),
    );
    if (productText && !product) errors.push({ field: "product", key: "hh.import.error.unknownProduct", vars: { value: productText } });
    const uomText = text("uom");
    const uom = uoms[foldName(uomText)];
    if (uomText && !uom) errors.push({ field: "uom", key: "hh.import.error.unknownUom" });
    const lotCode = text("lotCode");
    const form: Record<string, string> = {
      householdId: owner?.id ?? "00000000-0000-0000-0000-000000000000",
      reference: key,
      mode: "new",
      productId: product?.id ?? "00000000-0000-0000-0000-000000000000",
      lotCode,
      quantity: text("quantity"),
      uom: uom ?? "",
      suppliedOn: dates.suppliedOn ?? "",
      pricePaidVnd: text("pricePaidVnd") || "0",
    };
    if (!householdCode) errors.push({ field: "householdCode", key: "hh.error.required" });
    if (!productText) errors.push({ field: "product", key: "hh.error.required" });
    const parsed = supplyFormSchema.safeParse(form);
    const flagged = new Set(errors.map((e) => e.field));
    const rename = { householdId: "householdCode", productId: "product" };
    if (!parsed.success) return fail(zodErrors(parsed.error, rename).filter((e) => !flagged.has(e.field)));
    const s = parsed.data;
    if (s.suppliedOn > ctx.today) errors.push({ field: "suppliedOn", key: "hh.error.future" });
    else if (owner && (s.suppliedOn < owner.joinedOn || (owner.leftOn && s.suppliedOn > owner.leftOn))) errors.push({ field: "suppliedOn", key: "hh.error.notMember" });
    if (errors.length > 0) return fail();
    const existing = ctx.supplies.find((x) => x.reference === s.reference);
    const lot = ctx.lots.find((l) => l.productId === product!.id && l.lotCode === lotCode);
    if (existing) {
      const same =
        existing.householdId === s.householdId &&
        Number(existing.quantity) === Number(s.quantity) &&
        existing.uom === s.uom &&
        existing.suppliedOn === s.suppliedOn &&
        existing.pricePaidVnd === s.pricePaidVnd &&
        lot?.id === existing.batchId;
      if (!same) return fail([{ field: "reference", key: "hh.error.referenceTaken" }]);
      return { line: row.line, ok: true, outcome: "unchanged", display, value: { kind, productId: product!.id, lotCode, input: s } };
    }
    const lotKey = `${product!.id}|${lotCode}`;
    if (lot) {
      if (lot.status !== "active") return fail([{ field: "lotCode", key: "hh.error.batchClosed" }]);
      if (lot.uom !== s.uom) return fail([{ field: "uom", key: "hh.error.uomMismatch" }]);
    } else {
      const uomOfNewLot = newLots.get(lotKey);
      if (uomOfNewLot && uomOfNewLot !== s.uom) return fail([{ field: "uom", key: "hh.error.uomMismatch" }]);
      newLots.set(lotKey, s.uom);
    }
    return { line: row.line, ok: true, outcome: "new", display, value: { kind, productId: product!.id, lotCode, input: s } };
  });
  const valid = rows.filter((r) => r.ok).length;
  return { ok: true, rows, valid, invalid: rows.length - valid };
}

export { importColumns, importKinds, type ImportKind } from "./import-columns";
