import { describe, expect, it } from "vitest";
import { cellText, decodeText, excelSerialToIso, parseCsv, parseDateCell, readSpreadsheet } from "./import-file";
import { csvText, encodeWindows1258, householdHeader, utf8, xlsxFile } from "../../tests/setup/household-import-fixtures";

const rows = [householdHeader, ["TC-001", "Nguyễn Thị Hoà", "Nữ", "4", "Sán Dìu", "Tân Cương", "Xóm Hồng Thái 2", "15/01/2020", "2020", "18.000.000"]];

describe("reading spreadsheets", () => {
  it("reads UTF-8 with and without a byte-order mark to the same NFC text", () => {
    for (const bom of [false, true]) {
      const read = readSpreadsheet(utf8(csvText(rows), bom));
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.encoding).toBe(bom ? "utf-8-bom" : "utf-8");
      expect(read.header[0]).toBe("Mã hộ");
      expect(read.rows[0]!.cells[1]).toBe("Nguyễn Thị Hoà");
      expect(read.rows[0]!.line).toBe(2);
    }
  });

  it("decodes Windows-1258 (tone marks as combining characters) and normalises to NFC", () => {
    const bytes = encodeWindows1258(csvText(rows));
    // Windows-1258 writes ễ as ê + a combining tilde (0xDE): the decoded text must still be composed.
    expect([...bytes]).toContain(0xde);
    const read = readSpreadsheet(bytes);
    expect(read.ok && read.encoding).toBe("windows-1258");
    if (!read.ok) return;
    expect(read.rows[0]!.cells[1]).toBe("Nguyễn Thị Hoà".normalize("NFC"));
    expect(read.rows[0]!.cells[4]).toBe("Sán Dìu");
    expect(read.header).toEqual(householdHeader);
  });

  it("reads UTF-8 text written decomposed (NFD) as NFC", () => {
    const { text } = decodeText(utf8("Nguyễn".normalize("NFD")));
    expect(text).toBe("Nguyễn".normalize("NFC"));
  });

  it("parses quoted fields, doubled quotes, CRLF and Excel's semicolons", () => {
    expect(parseCsv('a;b;c\r\n"x;1";"say ""hi""";\n')).toEqual([
      ["a", "b", "c"],
      ["x;1", 'say "hi"', ""],
    ]);
    expect(parseCsv("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reads XLSX cells, skips blank rows and marks rows under merged ranges", () => {
    const bytes = xlsxFile(
      [householdHeader, ["TC-001", "A Văn", "Nam", 4, "Kinh", "Tân Cương", null, new Date(Date.UTC(2020, 0, 15)), 2020, 18_000_000], [], ["TC-002", null, "Nữ", 3, "Tày", "Tân Cương", null, "2021-03-01", null, null], ["TC-003", null, "Nữ", 3, "Tày", "Tân Cương", null, "01/03/2021", null, null]],
      ["B4:B5"],
    );
    const read = readSpreadsheet(bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.encoding).toBe("xlsx");
    expect(read.rows.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(read.rows.map((r) => r.merged)).toEqual([false, true, true]);
    const dateCell = read.rows[0]!.cells[7];
    expect(typeof dateCell).toBe("number");
    expect(parseDateCell(dateCell!)).toBe("2020-01-15");
    expect(read.rows[0]!.cells[3]).toBe(4);
  });

  it("refuses empty, binary and oversized files with a reason", () => {
    expect(readSpreadsheet(new Uint8Array())).toEqual({ ok: false, reason: "empty" });
    expect(readSpreadsheet(utf8(csvText([householdHeader])))).toEqual({ ok: false, reason: "empty" });
    expect(readSpreadsheet(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toEqual({ ok: false, reason: "unreadable" });
    expect(readSpreadsheet(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]))).toEqual({ ok: false, reason: "unreadable" });
    expect(readSpreadsheet(new Uint8Array(3 * 1024 * 1024).fill(65))).toEqual({ ok: false, reason: "tooLarge" });
  });
});

describe("dates and cells", () => {
  it("reads dd/mm/yyyy, d-m-yyyy, dd.mm.yyyy, yyyy-mm-dd and Excel serials", () => {
    expect(parseDateCell("15/01/2020")).toBe("2020-01-15");
    expect(parseDateCell("5-3-2021")).toBe("2021-03-05");
    expect(parseDateCell("05.03.2021")).toBe("2021-03-05");
    expect(parseDateCell("2021-03-05")).toBe("2021-03-05");
    expect(parseDateCell(43845)).toBe("2020-01-15");
    expect(parseDateCell("43845")).toBe("2020-01-15");
    expect(excelSerialToIso(1)).toBe("1900-01-01");
    expect(excelSerialToIso(61)).toBe("1900-03-01");
  });

  it("refuses impossible and ambiguous dates", () => {
    expect(parseDateCell("31/02/2021")).toBeNull();
    expect(parseDateCell("2021-13-01")).toBeNull();
    expect(parseDateCell("01/15/2020")).toBeNull();
    expect(parseDateCell("hôm qua")).toBeNull();
    expect(parseDateCell(60)).toBeNull();
    expect(parseDateCell(-3)).toBeNull();
    expect(parseDateCell(true)).toBeNull();
  });

  it("turns cells into form text", () => {
    expect(cellText(18000000)).toBe("18000000");
    expect(cellText(12.3456)).toBe("12.346");
    expect(cellText("  TC-1 ")).toBe("TC-1");
    expect(cellText(null)).toBe("");
  });
});
