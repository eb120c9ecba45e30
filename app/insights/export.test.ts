import * as XLSX from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { exportFileName, sheetName, tableToCsv, tableToXlsx } from "./export.server";
import type { DataTable } from "./tables";

const table: DataTable = {
  id: "provinces",
  title: "Tỉnh",
  columns: [
    { label: "Tỉnh mua", kind: "text" },
    { label: "Đơn", kind: "number" },
    { label: "Giá trị (đồng)", kind: "vnd" },
  ],
  rows: [
    ["Hà Nội", 3, 490_000],
    ['Đà Nẵng, "TP"', 1, 100_000],
    ["=HYPERLINK(1)", 0, 0],
    ["Không rõ", null, null],
  ],
  total: ["Tổng", 4, 590_000],
};

describe("CSV export", () => {
  it("starts with a byte-order mark, quotes what needs it and keeps the totals row", () => {
    const csv = tableToCsv(table);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "Tỉnh mua,Đơn,Giá trị (đồng)",
      "Hà Nội,3,490000",
      '"Đà Nẵng, ""TP""",1,100000',
      "'=HYPERLINK(1),0,0",
      "Không rõ,,",
      "Tổng,4,590000",
      "",
    ]);
  });
});

describe("XLSX export", () => {
  it("writes one sheet whose cells are the table's, numbers as numbers", () => {
    const book = XLSX.read(tableToXlsx(table), { type: "array" });
    // The sheet is named in the reader's language, as the page's table is.
    expect(book.SheetNames).toEqual(["Tỉnh"]);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets["Tỉnh"]!, { header: 1, defval: null });
    expect(rows[0]).toEqual(["Tỉnh mua", "Đơn", "Giá trị (đồng)"]);
    expect(rows[1]).toEqual(["Hà Nội", 3, 490000]);
    expect(rows[5]).toEqual(["Tổng", 4, 590000]);
  });
});

describe("sheet names", () => {
  it("follow the title within Excel's rules", () => {
    expect(sheetName({ id: "flows", title: "Dòng giá trị: hộ → HTX [2026]" })).toBe("Dòng giá trị hộ → HTX 2026");
    expect([...sheetName({ id: "x", title: "Doanh số theo tháng / tỉnh mua hàng và người mua quay lại" })].length).toBeLessThanOrEqual(31);
    expect(sheetName({ id: "summary", title: "''" })).toBe("summary");
    expect(sheetName({ id: "summary", title: "  ?*  " })).toBe("summary");
    expect(sheetName({ id: "s", title: "'Tổng hợp'" })).toBe("Tổng hợp");
    expect(sheetName({ id: "s", title: "Tổng\u0007hợp\n" })).toBe("Tổng hợp");
  });
});

describe("export file names", () => {
  it("are ASCII and name the view, table and period", () => {
    expect(exportFileName("market", table, { from: "2026-01", to: "2026-11" }, "xlsx")).toBe("ocop-market-provinces-2026-01-2026-11.xlsx");
  });
});
