/**
 * The columns of each importable list, with the headings accepted in Vietnamese and English. Safe on
 * both sides: the import page shows them, the checks (import-rows.ts) match headings against them.
 */
import { z } from "zod";
import type { MessageKey } from "~/lib/i18n";

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;
/** Cells read from one file, blank ones included: 5,000 rows of 40 columns (the longest list has 10). */
export const MAX_IMPORT_CELLS = 200_000;

export const importKinds = ["households", "supplies", "payments"] as const;
export type ImportKind = (typeof importKinds)[number];

/** The upload form's fields besides the file. */
export const importPreviewSchema = z.object({ kind: z.enum(importKinds, { message: "hh.import.kind" }) });
/** The preview's confirm button: the stored file named by its content address. */
export const importCommitSchema = z.object({ intent: z.literal("commit"), kind: z.enum(importKinds), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export interface ImportColumn {
  id: string;
  label: MessageKey;
  headings: readonly string[];
  required: boolean;
  date?: boolean;
}

const col = (id: string, label: MessageKey, headings: string[], required = true, date = false): ImportColumn => ({ id, label, headings, required, date });

/** Columns of each list; headings are matched without diacritics, case, spaces or bracketed notes. */
export const importColumns: Record<ImportKind, readonly ImportColumn[]> = {
  households: [
    col("code", "hh.field.code", ["Mã hộ", "Code", "Household code"]),
    col("headName", "hh.field.headName", ["Họ tên chủ hộ", "Chủ hộ", "Họ và tên chủ hộ", "Head of household", "Head name"]),
    col("headSex", "hh.field.headSex", ["Giới tính", "Giới tính chủ hộ", "Sex", "Sex of the head"]),
    col("memberCount", "hh.field.memberCount", ["Số nhân khẩu", "Nhân khẩu", "Members", "Member count"]),
    col("ethnicity", "hh.field.ethnicity", ["Dân tộc", "Ethnicity"]),
    col("commune", "hh.field.commune", ["Xã/phường", "Xã", "Phường", "Commune", "Commune/ward"]),
    col("village", "hh.field.village", ["Thôn/xóm", "Thôn", "Xóm", "Village"], false),
    col("joinedOn", "hh.field.joinedOn", ["Ngày vào", "Ngày vào hợp tác xã", "Ngày vào HTX", "Joined on", "Joined the cooperative on"], true, true),
    col("leftOn", "hh.field.leftOn", ["Ngày ra", "Ngày ra khỏi hợp tác xã", "Ngày ra HTX", "Left on", "Left the cooperative on"], false, true),
    col("baselineYear", "hh.field.baselineYear", ["Năm cơ sở", "Năm đo thu nhập cơ sở", "Baseline year"], false),
    col("baselineIncomeVnd", "hh.field.baselineIncome", ["Thu nhập cơ sở", "Baseline income"], false),
  ],
  supplies: [
    col("reference", "hh.field.reference", ["Số phiếu", "Reference", "Note number"]),
    col("householdCode", "hh.field.household", ["Mã hộ", "Household code", "Household"]),
    col("product", "hh.field.product", ["Nguyên liệu", "Sản phẩm", "Raw material", "Product"]),
    col("lotCode", "hh.field.lotCode", ["Số lô", "Lô", "Lot", "Lot code"]),
    col("quantity", "hh.field.quantity", ["Khối lượng", "Số lượng", "Quantity"]),
    col("uom", "hh.field.uom", ["Đơn vị", "ĐVT", "Unit"]),
    col("suppliedOn", "hh.field.suppliedOn", ["Ngày giao", "Ngày", "Delivered on", "Date"], true, true),
    col("pricePaidVnd", "hh.field.pricePaid", ["Tiền đã trả", "Tiền đã trả khi giao", "Thành tiền", "Paid at delivery", "Price paid"], false),
  ],
  payments: [
    col("reference", "hh.field.reference", ["Số phiếu", "Reference", "Note number"]),
    col("householdCode", "hh.field.household", ["Mã hộ", "Household code", "Household"]),
    col("kind", "hh.field.kind", ["Khoản chi", "Loại", "Kind", "Payment for"]),
    col("paidOn", "hh.field.paidOn", ["Ngày chi", "Ngày", "Paid on", "Date"], true, true),
    col("amountVnd", "hh.field.amount", ["Số tiền", "Amount"]),
    col("note", "hh.field.note", ["Ghi chú", "Note"], false),
  ],
};

