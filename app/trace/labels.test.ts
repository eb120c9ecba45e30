import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { issueSerials } from "./gs1/serials.server";
import { humanCode, labelHumanReadable, labelSheetPdf, labelUri, qrPng, qrSvg, type LabelSheetInput } from "./labels.server";

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
    const pdf = await labelSheetPdf(sheet([{ uri: labelUri("https://x.vn", batch), human: labelHumanReadable(batch) }]));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/BeVietnamPro/);
  });

  it.skipIf(!pdftoppm)("every code on a rendered page decodes back to its exact URI", async () => {
    const serials = issueSerials(6);
    const labels = serials.map((s) => ({ uri: labelUri("http://127.0.0.1:3000", batch, s), human: labelHumanReadable(batch, s) }));
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
      sheet(serials.map((s) => ({ uri: labelUri("https://trace.example.vn", batch, s), human: labelHumanReadable(batch, s) }))),
    );
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type \/Page(?![a-z])/g) ?? [];
    expect(pages).toHaveLength(Math.ceil(10_000 / 36));
  }, 60_000);
});

// ---- Measured on the rendered output: quiet zones and text boxes ----

const longName = "Chè Tân Cương đặc biệt thượng hạng ướp hoa nhài — Hợp tác xã Chè Tân Cương Xanh, xã Tân Cương, Thái Nguyên";
const longLot = "TCDB2604-012/ĐẶC"; // not a valid GS1 lot (Đ, Ặ): the short path, and the Vietnamese caption beside it
const gs1Lot = "TCDB2604-012ABCDEFGH"; // 20 characters, the longest AI (10) value
const gtinBatch = { shortCode: "7K3M9QXW2RTV4", lotCode: gs1Lot, gtin: "08936041100015" };
const sizes = ["50x30", "40x30"] as const;

/** The label rectangles of an A4 sheet (pt), from the physical sheet: as many w×h labels as fit, centred. */
function sheetGrid(size: (typeof sizes)[number]): { x: number; y: number; w: number; h: number }[] {
  const [w, h] = size.split("x").map(Number) as [number, number];
  const mm = 72 / 25.4;
  const cols = Math.floor(210 / w);
  const rows = Math.floor(297 / h);
  const left = (210 - cols * w) / 2;
  const top = (297 - rows * h) / 2;
  const rects = [];
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < cols; c += 1) rects.push({ x: (left + c * w) * mm, y: (top + r * h) * mm, w: w * mm, h: h * mm });
  return rects;
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  page: number;
}

/** Every word poppler finds in the PDF, with its bounding box in pt (pdftotext -bbox). */
function pdfWords(pdf: Buffer): Word[] {
  const dir = mkdtempSync(join(tmpdir(), "labels-bbox-"));
  try {
    writeFileSync(join(dir, "sheet.pdf"), pdf);
    execFileSync("/usr/bin/pdftotext", ["-bbox", join(dir, "sheet.pdf"), join(dir, "words.html")]);
    const html = readFileSync(join(dir, "words.html"), "utf8");
    const out: Word[] = [];
    let page = -1;
    for (const match of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      if (match[0] === "<page ") {
        page += 1;
        continue;
      }
      const [, xMin, yMin, xMax, yMax, text] = match;
      out.push({ text: (text as string).replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"'), xMin: Number(xMin), yMin: Number(yMin), xMax: Number(xMax), yMax: Number(yMax), page });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page 1 rendered by poppler at `dpi`, grey. */
function renderPage(pdf: Buffer, dpi: number): PNG {
  const dir = mkdtempSync(join(tmpdir(), "labels-render-"));
  try {
    writeFileSync(join(dir, "sheet.pdf"), pdf);
    execFileSync("/usr/bin/pdftoppm", ["-r", String(dpi), "-png", "-gray", "-f", "1", "-l", "1", join(dir, "sheet.pdf"), join(dir, "page")]);
    return PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith("page")) as string)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const luminance = (png: PNG, x: number, y: number) => png.data[(y * png.width + x) * 4] as number;

/**
 * Finds the QR symbol in a crop with an independent decoder (jsQR: its corners and version), then measures the
 * white around it: how many whole modules on each side are free of any mark before the crop's edge.
 */
function measureQuietZone(img: PNG): { uri: string; modules: { left: number; top: number; right: number; bottom: number } } {
  const found = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
  if (!found) throw new Error("no QR code found");
  const n = 17 + 4 * found.version;
  const { topLeftCorner: tl, topRightCorner: tr, bottomLeftCorner: bl, bottomRightCorner: br } = found.location;
  // The decoder's corners are estimates: the symbol's exact edges are the dark pixels' extent near them (the three
  // finder patterns reach the left, top, right and bottom edges).
  const rough = (Math.max(tr.x, br.x) - Math.min(tl.x, bl.x)) / n / 2;
  const rx0 = Math.max(0, Math.floor(Math.min(tl.x, bl.x) - rough));
  const rx1 = Math.min(img.width - 1, Math.ceil(Math.max(tr.x, br.x) + rough));
  const ry0 = Math.max(0, Math.floor(Math.min(tl.y, tr.y) - rough));
  const ry1 = Math.min(img.height - 1, Math.ceil(Math.max(bl.y, br.y) + rough));
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let y = ry0; y <= ry1; y += 1)
    for (let x = rx0; x <= rx1; x += 1)
      if (luminance(img, x, y) < 128) [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x + 1), Math.min(y0, y), Math.max(y1, y + 1)];
  const module = (x1 - x0) / n;
  // Walk out from the symbol's edge until something dark (text, a star, the cut line) or the crop's edge.
  const clear = (dx: number, dy: number): number => {
    const along = dx === 0 ? [Math.ceil(x0), Math.floor(x1)] : [Math.ceil(y0), Math.floor(y1)];
    const start = dx < 0 ? Math.floor(x0) - 1 : dx > 0 ? Math.ceil(x1) + 1 : dy < 0 ? Math.floor(y0) - 1 : Math.ceil(y1) + 1;
    let distance = 0;
    for (let p = start; p >= 0 && p < (dx === 0 ? img.height : img.width); p += dx + dy) {
      let dark = false;
      // The ring is as long as the symbol plus 4 modules each way, so corners are covered too.
      for (let q = Math.max(0, (along[0] as number) - Math.ceil(4 * module)); q <= Math.min((dx === 0 ? img.width : img.height) - 1, (along[1] as number) + Math.ceil(4 * module)); q += 1) {
        const v = dx === 0 ? luminance(img, q, p) : luminance(img, p, q);
        if (v < 160) {
          dark = true;
          break;
        }
      }
      if (dark) break;
      distance += 1;
    }
    return (distance + 1) / module;
  };
  return { uri: found.data, modules: { left: clear(-1, 0), right: clear(1, 0), top: clear(0, -1), bottom: clear(0, 1) } };
}

function crop(page: PNG, rect: { x: number; y: number; w: number; h: number }, dpi: number, inset: number): PNG {
  const px = dpi / 72;
  const x = Math.round(rect.x * px) + inset;
  const y = Math.round(rect.y * px) + inset;
  const w = Math.round(rect.w * px) - 2 * inset;
  const h = Math.round(rect.h * px) - 2 * inset;
  const out = new PNG({ width: w, height: h });
  PNG.bitblt(page, out, x, y, w, h, 0, 0);
  return out;
}

describe("quiet zone: 4 white modules on every side, measured on what is printed", () => {
  it("PNG download", async () => {
    for (const uri of [labelUri("https://trace.example.vn", gtinBatch, "ABCDEFGH12345"), "https://x.vn/t/7K3M9QXW2RTV4"]) {
      const png = PNG.sync.read(await qrPng(uri, 400));
      const measured = measureQuietZone(png);
      expect(measured.uri).toBe(uri);
      for (const side of Object.values(measured.modules)) expect(side).toBeGreaterThanOrEqual(4);
    }
  });

  it("SVG download: the drawn modules sit 4 modules inside the view box, and rasterised they decode", async () => {
    const uri = labelUri("https://trace.example.vn", gtinBatch, "ABCDEFGH12345");
    const svg = await qrSvg(uri);
    const view = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
    const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? "";
    // qrcode draws each row's dark runs as 1-unit strokes: M x y (absolute), m dx dy (relative), h length.
    const dark = new Set<string>();
    let x = 0;
    let y = 0;
    for (const [, op, a, b] of d.matchAll(/([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
      if (op === "M") [x, y] = [Number(a), Number(b)];
      else if (op === "m") [x, y] = [x + Number(a), y + Number(b)];
      else {
        for (let i = 0; i < Number(a); i += 1) dark.add(`${x + i},${Math.floor(y)}`);
        x += Number(a);
      }
    }
    const cells = [...dark].map((c) => c.split(",").map(Number) as [number, number]);
    const xs = cells.map((c) => c[0]);
    const ys = cells.map((c) => c[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs) + 1, Math.min(...ys), Math.max(...ys) + 1];
    expect((maxX - minX - 17) % 4).toBe(0); // a QR symbol is 17 + 4v modules across: one unit is one module
    expect([minX, minY, view - maxX, view - maxY]).toEqual([4, 4, 4, 4]);
    // Rasterise the parsed modules (8 px each) and decode: the measured geometry is the real symbol's.
    const scale = 8;
    const img = new PNG({ width: view * scale, height: view * scale });
    img.data.fill(255);
    for (const [cx, cy] of cells)
      for (let py = cy * scale; py < (cy + 1) * scale; py += 1)
        for (let px = cx * scale; px < (cx + 1) * scale; px += 1) img.data.fill(0, (py * img.width + px) * 4, (py * img.width + px) * 4 + 3);
    expect(measureQuietZone(img).uri).toBe(uri);
  });

  for (const size of sizes) {
    it.skipIf(!pdftoppm)(`PDF sheet of ${size} mm labels: every symbol on the page decodes and keeps 4 modules inside its cut lines`, async () => {
      const grid = sheetGrid(size);
      const serials = issueSerials(grid.length);
      const labels = serials.map((s, i) =>
        i % 2 === 0
          ? { uri: labelUri("https://truyxuat.thainguyen.gov.vn", gtinBatch, s), human: labelHumanReadable(gtinBatch, s) }
          : { uri: labelUri("https://truyxuat.thainguyen.gov.vn", { ...gtinBatch, gtin: null }, s), human: labelHumanReadable({ ...gtinBatch, gtin: null }, s) },
      );
      const pdf = await labelSheetPdf({ ...sheet(labels), size, productName: longName, lotCode: gs1Lot, expiresOn: "2028-01-02", ocopStars: 5, captions: { lot: "Lô", produced: "NSX", bestBefore: "HSD", useBy: "Hạn dùng" } });
      const dpi = 300;
      const page = renderPage(pdf, dpi);
      for (const [i, rect] of grid.entries()) {
        // Inside the cut line (0.3 pt grey, drawn on the rectangle's edge): 2 px in from it.
        const measured = measureQuietZone(crop(page, rect, dpi, 2));
        expect(measured.uri, `label ${i}`).toBe(labels[i]?.uri);
        for (const [side, modules] of Object.entries(measured.modules)) expect(modules, `label ${i} ${side}`).toBeGreaterThanOrEqual(4);
      }
    }, 120_000);
  }
});

describe("text boxes: every word inside its own label (pdftotext -bbox against the sheet's grid)", () => {
  for (const size of sizes) {
    for (const kind of ["gtin", "short"] as const) {
      it.skipIf(!pdftoppm)(`${size} mm, ${kind === "gtin" ? "GS1 element string" : "short code"}, long Vietnamese name and long lot code`, async () => {
        const grid = sheetGrid(size);
        const lotBatch = kind === "gtin" ? gtinBatch : { ...gtinBatch, lotCode: longLot, gtin: null };
        const serials = issueSerials(grid.length + 3); // a full page and 3 on the next
        const labels = serials.map((s) => ({ uri: labelUri("https://truyxuat.thainguyen.gov.vn", lotBatch, s), human: labelHumanReadable(lotBatch, s) }));
        const pdf = await labelSheetPdf({
          ...sheet(labels),
          size,
          productName: longName,
          lotCode: lotBatch.lotCode,
          expiresOn: "2028-01-02",
          ocopStars: 5,
          captions: { lot: "Lô", produced: "NSX", bestBefore: "HSD", useBy: "Hạn dùng" },
        });
        const words = pdfWords(pdf);
        const eps = 0.01;
        for (const word of words) {
          const rect = grid.find((r) => (word.xMin + word.xMax) / 2 >= r.x && (word.xMin + word.xMax) / 2 <= r.x + r.w && (word.yMin + word.yMax) / 2 >= r.y && (word.yMin + word.yMax) / 2 <= r.y + r.h);
          expect(rect, `"${word.text}" is on no label`).toBeDefined();
          expect(word.xMin, `"${word.text}" crosses the left cut line`).toBeGreaterThanOrEqual(rect!.x - eps);
          expect(word.xMax, `"${word.text}" crosses the right cut line`).toBeLessThanOrEqual(rect!.x + rect!.w + eps);
          expect(word.yMin, `"${word.text}" crosses the top cut line`).toBeGreaterThanOrEqual(rect!.y - eps);
          expect(word.yMax, `"${word.text}" crosses the bottom cut line`).toBeLessThanOrEqual(rect!.y + rect!.h + eps);
        }
        // Each label says what it must: the human-readable code of its own symbol and the dates, in its own box.
        for (const [i, label] of labels.entries()) {
          const rect = grid[i % grid.length]!;
          const page = Math.floor(i / grid.length);
          const mine = words.filter((w) => w.page === page && w.xMin >= rect.x && w.xMax <= rect.x + rect.w && w.yMin >= rect.y && w.yMax <= rect.y + rect.h);
          const text = mine.map((w) => w.text).join(" ");
          expect(text.replace(/\s+/g, ""), `label ${i}`).toContain(label.human.join("").replace(/\s+/g, ""));
          expect(text).toContain("02/01/2028"); // the lot's use-by date
          expect(text).toContain("02/11/2027"); // its best-before date
          expect(text).toMatch(/Chè/);
          if (kind === "gtin") {
            expect(label.human).toEqual([`(01) ${gtinBatch.gtin}`, `(10) ${gs1Lot}`, `(21) ${serials[i]}`]);
          }
        }
      }, 60_000);
    }
  }
});
