/**
 * Checking a support list (CSV or XLSX, one entry per row) before anything is written: headings in either
 * language (app/households/import-rows.ts's matching), names instead of ids (programme, kind, commune,
 * cooperative), household codes of the cooperative, and the same zod schema the officer's form uses. Pure: the
 * caller passes what the database knows; each rejected row says why.
 */
import type { ImportColumn } from "~/households/import-columns";
import { foldName } from "~/households/ethnic-groups";
import { cellText, parseDateCell, type Cell, type SheetRow } from "~/households/import-file";
import { mapColumnsOf, zodErrors, type RowError } from "~/households/import-rows";
import type { MessageKey } from "~/lib/i18n";
import { supportEntrySchema, supportKinds, supportProgrammes, type SupportEntryInput, type SupportKind, type SupportProgramme } from "./schema";

const col = (id: string, label: MessageKey, headings: string[], required = true, date = false): ImportColumn => ({ id, label, headings, required, date });

export const supportImportColumns: readonly ImportColumn[] = [
  col("programme", "sup.field.programme", ["Chương trình", "Programme", "Program"]),
  col("project", "sup.field.project", ["Dự án", "Project"]),
  col("kind", "sup.field.kind", ["Hình thức", "Hình thức hỗ trợ", "Kind", "Kind of support"]),
  col("valueVnd", "sup.field.value", ["Giá trị", "Giá trị (đồng)", "Số tiền", "Value", "Value (VND)"]),
  col("givenOn", "sup.field.givenOn", ["Ngày", "Ngày hỗ trợ", "Given on", "Date"], true, true),
  col("commune", "sup.field.commune", ["Xã/phường", "Xã", "Phường", "Commune"]),
  col("cooperative", "sup.field.cooperative", ["Hợp tác xã", "HTX", "Cooperative"]),
  col("beneficiary", "sup.field.beneficiary", ["Người nhận", "Đối tượng", "Beneficiary"]),
  col("householdCodes", "sup.field.householdCodes", ["Mã hộ", "Household codes", "Households"], false),
  col("revolving", "sup.field.revolving", ["Quay vòng", "Quỹ quay vòng", "Revolving"], false),
  col("note", "sup.field.note", ["Ghi chú", "Note"], false),
];

export interface SupportImportContext {
  today: string;
  communes: readonly { id: number; nameVi: string }[];
  cooperatives: readonly { id: string; name: string; slug: string }[];
  /** Households by cooperative: code, id, membership dates. */
  households: Readonly<Record<string, readonly { id: string; code: string; joinedOn: string; leftOn: string | null }[]>>;
}

export type SupportCheckedRow =
  | { line: number; ok: true; outcome: "new"; display: string[]; value: { input: SupportEntryInput; householdIds: string[] } }
  | { line: number; ok: false; display: string[]; errors: RowError[] };

export type SupportCheckResult =
  | { ok: true; rows: SupportCheckedRow[]; valid: number; invalid: number }
  | { ok: false; key: MessageKey; vars?: Record<string, string | number> };

const byFold = <T extends string>(entries: Record<string, T>) => new Map(Object.entries(entries).map(([k, v]) => [foldName(k), v]));
const programmes = byFold<SupportProgramme>({
  "nông thôn mới": "new_rural",
  "xây dựng nông thôn mới": "new_rural",
  ntm: "new_rural",
  "new rural development": "new_rural",
  "giảm nghèo": "poverty_reduction",
  "giảm nghèo bền vững": "poverty_reduction",
  "sustainable poverty reduction": "poverty_reduction",
  "dân tộc thiểu số": "ethnic_minority",
  "vùng đồng bào dân tộc thiểu số và miền núi": "ethnic_minority",
  "ethnic-minority and mountain areas": "ethnic_minority",
  "quỹ của tỉnh": "provincial_fund",
  "quỹ tỉnh": "provincial_fund",
  "provincial fund": "provincial_fund",
  ...Object.fromEntries(supportProgrammes.map((p) => [p, p])),
});
const kinds = byFold<SupportKind>({
  "tiền mặt": "cash",
  cash: "cash",
  "cây giống, con giống": "seedlings_livestock",
  "cây giống": "seedlings_livestock",
  "con giống": "seedlings_livestock",
  "seedlings or livestock": "seedlings_livestock",
  "máy móc": "machinery",
  machinery: "machinery",
  "vật tư": "inputs",
  "vật tư đầu vào": "inputs",
  inputs: "inputs",
  "tập huấn": "training",
  "đào tạo": "training",
  training: "training",
  "liên kết chuỗi": "value_chain",
  "liên kết chuỗi giá trị": "value_chain",
  "value-chain linkage": "value_chain",
  "hạ tầng": "infrastructure",
  infrastructure: "infrastructure",
  ...Object.fromEntries(supportKinds.map((k) => [k, k])),
});
const beneficiaries = byFold<"cooperative" | "households">({
  htx: "cooperative",
  "hợp tác xã": "cooperative",
  cooperative: "cooperative",
  hộ: "households",
  "hộ thành viên": "households",
  households: "households",
  household: "households",
});
const yes = new Set(["co", "x", "1", "yes", "true", "quay vong"].map(foldName));
const stripPrefix = (v: string) => v.replace(/^(xã|phường|thị trấn|commune|ward)\s+/i, "");

export function checkSupportImport(sheet: { header: readonly string[]; rows: readonly SheetRow[] }, ctx: SupportImportContext): SupportCheckResult {
  const mapped = mapColumnsOf(supportImportColumns, sheet.header);
  if (!mapped.ok) return { ok: false, key: "hh.import.error.missingColumns", vars: { columns: mapped.missing.map((c) => c.headings[0]!).join(", ") } };
  const rows = sheet.rows.map((row): SupportCheckedRow => {
    const get = (id: string): Cell => {
      const i = mapped.index.get(id);
      return i === undefined ? null : (row.cells[i] ?? null);
    };
    const text = (id: string) => cellText(get(id));
    const errors: RowError[] = [];
    const rawDate = get("givenOn");
    const givenOn = rawDate === null || cellText(rawDate) === "" ? "" : parseDateCell(rawDate);
    if (givenOn === null) errors.push({ field: "givenOn", key: "hh.import.error.date", vars: { value: cellText(rawDate) } });
    const display = supportImportColumns.map((c) => (c.id === "givenOn" && givenOn ? givenOn : text(c.id)));
    if (row.merged) return { line: row.line, ok: false, display, errors: [{ field: "_row", key: "hh.import.error.mergedCells" }] };

    const lookup = <T>(id: string, map: Map<string, T>, key: MessageKey): T | "" => {
      const value = text(id);
      if (!value) return "";
      const found = map.get(foldName(value));
      if (found === undefined) errors.push({ field: id, key, vars: { value } });
      return found ?? "";
    };
    const programme = lookup("programme", programmes, "sup.import.error.unknownProgramme");
    const kind = lookup("kind", kinds, "sup.import.error.unknownKind");
    const beneficiary = lookup("beneficiary", beneficiaries, "sup.import.error.unknownBeneficiary");
    const communeText = text("commune");
    const commune = ctx.communes.find((c) => foldName(c.nameVi) === foldName(stripPrefix(communeText)));
    if (communeText && !commune) errors.push({ field: "commune", key: "hh.import.error.unknownCommune", vars: { value: communeText } });
    const coopText = text("cooperative");
    // "HTX Chè …" is how lists write "Hợp tác xã Chè …".
    const coopName = (name: string) => foldName(name.replace(/^htx\s+/i, "Hợp tác xã "));
    const coop = ctx.cooperatives.find((c) => c.slug === coopText || coopName(c.name) === coopName(coopText));
    if (coopText && !coop) errors.push({ field: "cooperative", key: "sup.import.error.unknownCooperative", vars: { value: coopText } });

    const form: Record<string, string> = {
      programme,
      project: text("project"),
      kind,
      valueVnd: text("valueVnd"),
      givenOn: givenOn ?? "",
      communeId: commune ? String(commune.id) : "",
      beneficiary,
      organisationId: coop?.id ?? "",
      householdCodes: text("householdCodes"),
      revolving: yes.has(foldName(text("revolving"))) ? "on" : "",
      note: text("note"),
    };
    const parsed = supportEntrySchema.safeParse(form);
    const flagged = new Set(errors.map((e) => e.field));
    const rename = { communeId: "commune", organisationId: "cooperative" };
    if (!parsed.success) {
      return { line: row.line, ok: false, display, errors: [...errors, ...zodErrors(parsed.error, rename).filter((e) => !flagged.has(e.field))] };
    }
    if (errors.length > 0) return { line: row.line, ok: false, display, errors };
    const input = parsed.data;
    if (input.givenOn > ctx.today) return { line: row.line, ok: false, display, errors: [{ field: "givenOn", key: "sup.error.future" }] };
    const members = ctx.households[input.organisationId] ?? [];
    const householdIds: string[] = [];
    for (const code of input.householdCodes) {
      const h = members.find((m) => m.code === code && m.joinedOn <= input.givenOn && (m.leftOn === null || m.leftOn >= input.givenOn));
      if (!h) return { line: row.line, ok: false, display, errors: [{ field: "householdCodes", key: "sup.error.unknownHousehold" }] };
      householdIds.push(h.id);
    }
    return { line: row.line, ok: true, outcome: "new", display, value: { input, householdIds } };
  });
  const valid = rows.filter((r) => r.ok).length;
  return { ok: true, rows, valid, invalid: rows.length - valid };
}
