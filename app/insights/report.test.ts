import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { departmentReportPdf } from "./report.server";
import type { DataTable } from "./tables";

function pdfText(pdf: Buffer): { pages: number; text: string } {
  const dir = mkdtempSync(join(tmpdir(), "report-test-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"]).toString();
    return { pages: text.split("\f").filter((p) => p.trim() !== "").length, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const table = (id: string, rows: number): DataTable => ({
  id,
  title: id,
  columns: [
    { label: "Nhóm", kind: "text" },
    { label: "Số hộ", kind: "number" },
  ],
  rows: Array.from({ length: rows }, (_, i) => [`Dòng ${id} ${i + 1}`, i + 1]),
  total: ["Tổng cộng", (rows * (rows + 1)) / 2],
});

describe("the department's printable report", () => {
  it("prints every row: a section that does not fit goes on to the next page", async () => {
    const pdf = await departmentReportPdf({
      title: "Báo cáo",
      lines: ["Tỉnh Thái Nguyên"],
      sections: [
        { heading: "Tổng hợp", table: table("a", 40) },
        { heading: "Hộ theo tình trạng", table: table("b", 30) },
        { heading: "Năm tỉnh", table: table("c", 20), maxRows: 5 },
      ],
      footer: "OCOP Trace",
      format: (v) => String(v),
    });
    const { pages, text } = pdfText(pdf);
    expect(pages).toBeGreaterThan(1);
    for (let i = 1; i <= 40; i++) expect(text).toContain(`Dòng a ${i}`);
    for (let i = 1; i <= 30; i++) expect(text).toContain(`Dòng b ${i}`);
    // A "top 5" keeps five rows, and its totals row.
    expect(text).toContain("Dòng c 5");
    expect(text).not.toContain("Dòng c 6");
    expect(text.match(/Tổng cộng/g)).toHaveLength(3);
  }, 30_000);

  it("keeps a short report on one page", async () => {
    const pdf = await departmentReportPdf({
      title: "Báo cáo",
      lines: [],
      sections: [{ heading: "Tổng hợp", table: table("a", 5) }],
      footer: "OCOP Trace",
      format: (v) => String(v),
    });
    expect(pdfText(pdf).pages).toBe(1);
  });

  it("prints a QR code back to the live page when asked (the notice-board print), and none otherwise", async () => {
    const input = { title: "Minh bạch hỗ trợ", lines: ["Đại Từ"], sections: [{ heading: "Theo hình thức", table: table("k", 3) }], footer: "OCOP Trace", format: (v: unknown) => String(v) };
    const url = "https://ocop.example.vn/transparency/support?province=19&year=2026";
    const withQr = await departmentReportPdf({ ...input, qr: { url, caption: url } });
    const without = await departmentReportPdf(input);
    const images = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Subtype \/Image/g) ?? []).length;
    expect(images(withQr)).toBeGreaterThan(0);
    expect(images(without)).toBe(0);
    // The caption under the code wraps in its narrow column: read without the line breaks.
    expect(pdfText(withQr).text.replace(/\s+/g, "")).toContain("ocop.example.vn/transparency/support");
  });
});
