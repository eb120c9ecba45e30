import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvDocument } from "./order-export";

describe("CSV cells", () => {
  it("leaves plain text and numbers as they are", () => {
    expect(csvCell("Trà Tân Cương")).toBe("Trà Tân Cương");
    expect(csvCell(120000)).toBe("120000");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell('Gói "đặc biệt", 200 g')).toBe('"Gói ""đặc biệt"", 200 g"');
    expect(csvCell("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    expect(csvCell(" padded ")).toBe('" padded "');
  });

  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    expect(csvCell("+84912345678")).toBe("'+84912345678");
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
  });

  it("refuses numbers that cannot be written", () => {
    expect(() => csvCell(Number.NaN)).toThrow(RangeError);
  });
});

describe("CSV documents", () => {
  it("starts with a byte-order mark and ends lines with CRLF", () => {
    const doc = csvDocument(["Mã", "Số lượng"], [["DH-1", 2]]);
    expect(doc.startsWith(CSV_BOM)).toBe(true);
    expect(doc.slice(1)).toBe("Mã,Số lượng\r\nDH-1,2\r\n");
  });
});
