/**
 * Spreadsheet files as cooperatives send them, built in code for the import tests (unit, database
 * and Playwright): CSV in UTF-8 with or without BOM or in Windows-1258, and XLSX with real date
 * cells and merged ranges.
 */
import * as XLSX from "@e965/xlsx";

let cp1258: Map<string, number> | null = null;

/** Encodes text as Windows-1258 the way Vietnamese Windows does: base letters plus combining tone marks. */
export function encodeWindows1258(text: string): Uint8Array {
  if (!cp1258) {
    const decoder = new TextDecoder("windows-1258");
    cp1258 = new Map();
    for (let b = 0; b < 256; b++) {
      const ch = decoder.decode(Uint8Array.of(b));
      if (ch !== "\ufffd" && !cp1258.has(ch)) cp1258.set(ch, b);
    }
  }
  const table = cp1258;
  const out: number[] = [];
  for (const ch of text.normalize("NFC")) {
    const direct = table.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const [base = "", ...marks] = [...ch.normalize("NFD")];
    // Keep one mark in a precomposed letter (ê, ơ, ư, ă, â, ô) where the code page has it.
    const at = marks.findIndex((m) => table.has((base + m).normalize("NFC")));
    const head = at >= 0 ? table.get((base + marks[at]!).normalize("NFC")) : table.get(base);
    const rest = at >= 0 ? marks.filter((_, i) => i !== at) : marks;
    if (head === undefined) throw new RangeError(`not encodable in Windows-1258: ${ch}`);
    out.push(head);
    for (const mark of rest) {
      const b = table.get(mark);
      if (b === undefined) throw new RangeError(`not encodable in Windows-1258: ${ch}`);
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

export const csvText = (rows: readonly (readonly string[])[], delimiter = ",") =>
  rows.map((r) => r.map((c) => (/[",;\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter)).join("\r\n") + "\r\n";

export const utf8 = (text: string, bom = false) => {
  const body = new TextEncoder().encode(text);
  return bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...body]) : body;
};

/** An XLSX workbook of one sheet; `Date` cells become Excel date serials, `merges` are "A2:A3" ranges. */
export function xlsxFile(rows: readonly (readonly (string | number | Date | null)[])[], merges: readonly string[] = []): Uint8Array {
  const sheet = XLSX.utils.aoa_to_sheet(rows.map((r) => [...r]), { cellDates: false });
  if (merges.length > 0) sheet["!merges"] = merges.map((m) => XLSX.utils.decode_range(m));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, "Danh sach");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }) as ArrayBuffer);
}

export const householdHeader = ["Mã hộ", "Họ tên chủ hộ", "Giới tính", "Số nhân khẩu", "Dân tộc", "Xã/phường", "Thôn/xóm", "Ngày vào", "Năm cơ sở", "Thu nhập cơ sở"];
export const supplyHeader = ["Số phiếu", "Mã hộ", "Nguyên liệu", "Số lô", "Khối lượng", "Đơn vị", "Ngày giao", "Tiền đã trả"];
export const paymentHeader = ["Số phiếu", "Mã hộ", "Khoản chi", "Ngày chi", "Số tiền", "Ghi chú"];

/** Rewrites one part of an XLSX file (e.g. "xl/worksheets/sheet1.xml"), as a hostile or unusual writer might. */
export function patchXlsxPart(bytes: Uint8Array, part: string, change: (xml: string) => string): Uint8Array {
  const zip = XLSX.CFB.read(Buffer.from(bytes), { type: "buffer" });
  const entry = XLSX.CFB.find(zip, `/${part}`);
  if (!entry?.content) throw new Error(`no part ${part}`);
  entry.content = Buffer.from(change(Buffer.from(entry.content as Uint8Array).toString("utf8")), "utf8");
  entry.size = (entry.content as Buffer).length;
  return new Uint8Array(XLSX.CFB.write(zip, { fileType: "zip", type: "buffer", compression: true }) as Buffer);
}
