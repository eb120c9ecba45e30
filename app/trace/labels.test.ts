import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { issueSerials } from "./gs1/serials.server";
import { humanCode, labelSheetPdf, labelUri, qrPng, qrSvg, type LabelSheetInput } from "./labels.server";

function decodePng(bytes: Buffer): string | null {
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null;
}

const batch = { shortCode: "7K3M9QXW2RTV4", lotCode: "TC-2026/11", gtin: "08930000000019" };

const sheet = (labels: LabelSheetInput["labels"]): LabelSheetInput => ({
  size: "50x30",
  productName: "Chè Tân Cương đặc biệt — Hợp tác xã Tân Cương",
  lotCode: batch.lotCode,
  producedOn: "2026-11-02",
  bestBefore: "2027-11-02",
  ocopStars: 4,
  captions: { lot: "Lô", produced: "NSX", bestBefore: "HSD" },
  formatDate: (d) => d.split("-").reverse().join("/"),
  labels,
  title: "Tem",
});

describe("label URIs", () => {
  it("uses the GS1 Digital Link when the product has a GTIN, the short path otherwise", () => {
    expect(labelUri("https://trace.example.vn", batch)).toBe("https://trace.example.vn/01/08930000000019/10/TC-2026%2F11");
    expect(labelUri("https://trace.example.vn", batch, "ABCDEFGH12345")).toBe(
      "https://trace.example.vn/01/08930000000019/10/TC-2026%2F11/21/ABCDEFGH12345",
    );
    expect(labelUri("https://trace.example.vn/", { ...batch, gtin: null }, "ABCDEFGH12345")).toBe(
      "https://trace.example.vn/t/7K3M9QXW2RTV4/ABCDEFGH12345",
    );
    expect(humanCode(batch, "ABCDEFGH12345")).toBe("7K3M9QXW2RTV4-ABCDEFGH12345");
  });
});

describe("QR images", () => {
  it("PNG decodes back to the exact URI with an independent decoder", async () => {
    const uri = labelUri("http://127.0.0.1:3000", batch, "ABCDEFGH12345");
    expect(decodePng(await qrPng(uri))).toBe(uri);
  });

  it("SVG is an SVG of the code", async () => {
    const svg = await qrSvg("https://trace.example.vn/t/7K3M9QXW2RTV4");
    expect(svg).toMatch(/^<svg[^>]+viewBox/);
  });
});

const pdftoppm = ["/usr/bin/pdftoppm"].find((p) => existsSync(p));
// CI installs poppler-utils (.ci/run): there the decode test must run, never skip.
if (process.env.CI && !pdftoppm) throw new Error("pdftoppm (poppler-utils) is required in CI to decode label PDFs");

describe("label sheets", () => {
  it("embeds the Vietnamese font and starts with a PDF header", async () => {
    const pdf = await labelSheetPdf(sheet([{ uri: labelUri("https://x.vn", batch), code: batch.shortCode }]));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/BeVietnamPro/);
  });

  it.skipIf(!pdftoppm)("every code on a rendered page decodes back to its exact URI", async () => {
    const serials = issueSerials(6);
    const labels = serials.map((s) => ({ uri: labelUri("http://127.0.0.1:3000", batch, s), code: humanCode(batch, s) }));
    const pdf = await labelSheetPdf(sheet(labels));
    const dir = mkdtempSync(join(tmpdir(), "labels-"));
    try {
      writeFileSync(join(dir, "sheet.pdf"), pdf);
      // Crop each label's QR square from a 300 dpi render: 50×30 mm labels, 4 per row, centred on A4.
      execFileSync(pdftoppm as string, ["-r", "300", "-png", "-f", "1", "-l", "1", join(dir, "sheet.pdf"), join(dir, "page")]);
      const page = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith("page")) as string)));
      const px = 300 / 25.4;
      const decoded: string[] = [];
      for (let i = 0; i < labels.length; i += 1) {
        const x0 = Math.round((5 + (i % 4) * 50) * px);
        const y0 = Math.round((13.5 + Math.floor(i / 4) * 30) * px);
        const w = Math.round(29 * px);
        const crop = new PNG({ width: w, height: w });
        PNG.bitblt(page, crop, x0, y0, w, w, 0, 0);
        const result = jsQR(new Uint8ClampedArray(crop.data), w, w);
        decoded.push(result?.data ?? "");
      }
      expect(decoded).toEqual(labels.map((l) => l.uri));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Rendering the page with pdftoppm and decoding six codes took 7-9 s on a loaded 2-core machine.
  }, 60_000);

  // How fast is measured by tests/bench/labels.bench.ts (README "Speed"), not here.
  it("10,000 unit labels make one sheet PDF, 36 labels (4 × 9) to an A4 page", async () => {
    const serials = issueSerials(10_000);
    const pdf = await labelSheetPdf(
      sheet(serials.map((s) => ({ uri: labelUri("https://trace.example.vn", batch, s), code: humanCode(batch, s) }))),
    );
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type \/Page(?![a-z])/g) ?? [];
    expect(pages).toHaveLength(Math.ceil(10_000 / 36));
  }, 60_000);
});
