import { describe, expect, it } from "vitest";
import { cellText, decodeText, excelSerialToIso, parseCsv, parseDateCell, readSpreadsheet } from "./import-file";
import { csvText, encodeWindows1258, householdHeader, patchXlsxPart, utf8, xlsxFile } from "../../tests/setup/household-import-fixtures";
import { MAX_IMPORT_BYTES, MAX_IMPORT_CELLS, MAX_IMPORT_ROWS } from "./import-columns";
import { checkZip } from "./zip-guard.server";

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

describe("hostile XLSX files", () => {
  const sheetPart = "xl/worksheets/sheet1.xml";

  it("refuses an archive that unpacks to far more than any import needs (a zip bomb), before opening it", () => {
    // 30 MB of spaces inside the sheet's XML: a few tens of kilobytes once compressed.
    const bomb = patchXlsxPart(xlsxFile(rows), sheetPart, (xml) => xml.replace("<sheetData>", `<sheetData>${" ".repeat(30 * 1024 * 1024)}`));
    expect(bomb.length).toBeLessThan(MAX_IMPORT_BYTES);
    expect(checkZip(bomb)).toEqual({ ok: false, reason: "tooLarge" });
    expect(readSpreadsheet(bomb)).toEqual({ ok: false, reason: "unpackedTooLarge" });
  });

  it("catches a directory that understates what an entry unpacks to", () => {
    const file = xlsxFile(rows);
    const good = checkZip(file);
    expect(good.ok).toBe(true);
    // Rewrite every central-directory entry's unpacked size to 1 byte.
    const lying = Uint8Array.from(file);
    const view = new DataView(lying.buffer);
    for (let at = 0; at + 46 < lying.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 1, true);
    expect(checkZip(lying)).toEqual({ ok: false, reason: "tooLarge" });
    expect(readSpreadsheet(lying)).toEqual({ ok: false, reason: "unpackedTooLarge" });
  });

  it("refuses archives with too many entries, or cut short", () => {
    const file = xlsxFile(rows);
    expect(checkZip(file, { maxUnpackedBytes: 1024 * 1024, maxEntries: 3 })).toEqual({ ok: false, reason: "tooLarge" });
    expect(checkZip(file.subarray(0, file.length - 30))).toEqual({ ok: false, reason: "unreadable" });
    expect(readSpreadsheet(file.subarray(0, Math.floor(file.length / 2)))).toEqual({ ok: false, reason: "unreadable" });
  });

  it("reads the cells there are, whatever range the sheet declares or its merged ranges span", () => {
    const file = patchXlsxPart(xlsxFile([householdHeader, rows[1]!, [], ["TC-002", "Lò Văn Páo", "Nam", 5, "Thái", "Tân Cương", null, "01/03/2021", null, null]]), sheetPart, (xml) =>
      xml
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')
        .replace("</sheetData>", `</sheetData><mergeCells count="2"><mergeCell ref="K1:K1048576"/><mergeCell ref="B4:B1048000"/></mergeCells>`),
    );
    const read = readSpreadsheet(file);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.header).toEqual(householdHeader);
    expect(read.rows.map((r) => [r.line, r.cells[0], r.cells.length, r.merged])).toEqual([
      [2, "TC-001", householdHeader.length, true],
      [4, "TC-002", householdHeader.length, true],
    ]);
  });

  it("says a sheet has too many rows without building them", () => {
    const many = [householdHeader, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => [`TC-${i}`, "A"])];
    expect(readSpreadsheet(xlsxFile(many))).toEqual({ ok: false, reason: "tooManyRows" });
  });
});

describe("row and cell limits", () => {
  it("stops reading a CSV of a million rows at the row limit, without building them", () => {
    // 2 MB of "1,2" lines: a million rows, which used to be split into arrays in full before being counted.
    const million = utf8("a,b\n" + "1,2\n".repeat(Math.floor((MAX_IMPORT_BYTES - 4) / 4)));
    expect(million.length).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
    expect(readSpreadsheet(million)).toEqual({ ok: false, reason: "tooManyRows" });
    expect(parseCsv("a\n1\n2\n3\n", { rows: 3, cells: 100 })).toBe("tooManyRows");
    // Blank lines do not count as rows.
    expect(parseCsv("a\n\n\n\n1\n", { rows: 2, cells: 100 })).toEqual([["a"], [""], [""], [""], ["1"]]);
  });

  it("refuses a file of too many cells, CSV or XLSX", () => {
    const wide = utf8(householdHeader.join(",") + "\n" + "x".padEnd(MAX_IMPORT_CELLS + 1, ",") + "\n");
    expect(readSpreadsheet(wide)).toEqual({ ok: false, reason: "tooManyCells" });
    expect(parseCsv("a,b,c\n1,2,3\n", { rows: 100, cells: 5 })).toBe("tooManyCells");
    const many = xlsxFile([householdHeader, ...Array.from({ length: 30 }, (_, i) => [`TC-${i}`, "A", "Nam", 4])]);
    expect(readSpreadsheet(many, { rows: 100, cells: 100 })).toEqual({ ok: false, reason: "tooManyCells" });
    expect(readSpreadsheet(many, { rows: 100, cells: 200 }).ok).toBe(true);
  });
});
