import { describe, expect, it } from "vitest";
import QRCode from "qrcode";
import { issueSerials } from "./gs1/serials.server";
import { labelHumanReadable, labelUri } from "./labels.server";
import type { LabelSize, ThermalDpi, ThermalLanguage } from "./labels";
import { vietnameseText, rasterizeText } from "./text-raster.server";
import { thermalLabels, type ThermalInput } from "./thermal";

// ---- A small reader of what the printer receives: ZPL and TSPL, written from the printers' manuals ----

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface ParsedLabel {
  width: number;
  height: number;
  qr: { x: number; y: number; cell: number; ecc: string; data: string }[];
  texts: (Box & { text: string })[];
  bitmaps: (Box & { ink: number })[];
}

function zplFieldData(raw: string, fh: boolean): string {
  return fh ? raw.replace(/_([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))) : raw;
}

/** Parses ZPL: each ^XA…^XZ is one label; fields are ^FO + (^BQ | ^GF | ^A0 ^FB) + ^FD … ^FS. */
function parseZpl(file: Buffer): ParsedLabel[] {
  const text = file.toString("utf8");
  const labels: ParsedLabel[] = [];
  for (const [, body] of text.matchAll(/\^XA([\s\S]*?)\^XZ/g)) {
    const label: ParsedLabel = { width: 0, height: 0, qr: [], texts: [], bitmaps: [] };
    const commands = (body as string).split("^").filter(Boolean).map((c) => c.replace(/\n$/, ""));
    let origin = { x: 0, y: 0 };
    let qr: { cell: number } | null = null;
    let font: { h: number; w: number } | null = null;
    let block: { w: number; lines: number } | null = null;
    let fh = false;
    expect(commands).toContain("CI28");
    for (const c of commands) {
      const name = c.slice(0, 2);
      const args = c.slice(2);
      if (name === "PW") label.width = Number(args);
      else if (name === "LL") label.height = Number(args);
      else if (name === "FO") {
        const [x, y] = args.split(",").map(Number);
        origin = { x: x as number, y: y as number };
      } else if (name === "BQ") {
        const [orientation, model, magnification] = args.split(",");
        expect([orientation, model]).toEqual(["N", "2"]);
        qr = { cell: Number(magnification) };
      } else if (name === "A0") {
        const [, h, w] = args.split(",");
        font = { h: Number(h), w: Number(w) };
      } else if (name === "FB") {
        const [w, lines] = args.split(",").map(Number);
        block = { w: w as number, lines: lines as number };
      } else if (name === "FH") fh = true;
      else if (name === "GF") {
        const [format, total, field, rowBytes, hex] = args.split(",");
        expect(format).toBe("A");
        expect(Number(total)).toBe(Number(field));
        expect(hex).toMatch(/^[0-9A-F]*$/);
        expect((hex as string).length).toBe(2 * Number(total)); // the data is exactly the declared size
        expect(Number(total) % Number(rowBytes)).toBe(0);
        const bytes = Buffer.from(hex as string, "hex");
        const ink = [...bytes].reduce((sum, b) => sum + b.toString(2).replace(/0/g, "").length, 0);
        label.bitmaps.push({ ...origin, w: Number(rowBytes) * 8, h: Number(total) / Number(rowBytes), ink });
      } else if (name === "FD") {
        const data = zplFieldData(args, fh);
        if (qr) {
          const [, ecc, payload] = /^([LMQH])A,([\s\S]*)$/.exec(data) ?? [];
          label.qr.push({ ...origin, cell: qr.cell, ecc: ecc as string, data: payload as string });
        } else if (font && block) label.texts.push({ ...origin, w: block.w, h: block.lines * font.h, text: data });
        else throw new Error(`field data without a field: ${c}`);
      } else if (name === "FS") {
        qr = null;
        font = null;
        block = null;
        fh = false;
      }
    }
    labels.push(label);
  }
  return labels;
}

const TSPL_FONT: Record<string, { w: number; h: number }> = { "1": { w: 8, h: 12 }, "2": { w: 12, h: 20 }, "3": { w: 16, h: 24 }, "4": { w: 24, h: 32 } };

/** Parses TSPL: SIZE once, then CLS … PRINT per label; BITMAP carries width × height raw bytes after its header. */
function parseTspl(file: Buffer, dpi: number): ParsedLabel[] {
  const labels: ParsedLabel[] = [];
  let i = 0;
  let size = { width: 0, height: 0 };
  let label: ParsedLabel | null = null;
  const unquote = (s: string) => {
    expect(s).toMatch(/^"[\s\S]*"$/);
    return s.slice(1, -1).replace(/\\\["\]/g, '"');
  };
  while (i < file.length) {
    if (file.subarray(i, i + 7).toString("latin1") === "BITMAP ") {
      let commas = 0;
      let j = i + 7;
      while (commas < 5) if (file[j++] === 0x2c) commas += 1;
      const [x, y, rowBytes, height, mode] = file.subarray(i + 7, j - 1).toString("latin1").split(",").map(Number) as [number, number, number, number, number];
      expect(mode).toBe(0);
      const data = file.subarray(j, j + rowBytes * height);
      expect(data.length).toBe(rowBytes * height);
      expect(file.subarray(j + rowBytes * height, j + rowBytes * height + 2).toString("latin1")).toBe("\r\n"); // nothing more, nothing less
      const ink = [...data].reduce((sum, b) => sum + b.toString(2).padStart(8, "0").replace(/1/g, "").length, 0); // 0 bits print
      label!.bitmaps.push({ x, y, w: rowBytes * 8, h: height, ink });
      i = j + rowBytes * height + 2;
      continue;
    }
    const end = file.indexOf("\r\n", i, "latin1");
    expect(end).toBeGreaterThan(-1);
    const line = file.subarray(i, end).toString("latin1");
    i = end + 2;
    const [, command, rest = ""] = /^(\S+)\s?([\s\S]*)$/.exec(line) ?? [];
    if (command === "SIZE") {
      const [, w, h] = /^([\d.]+) mm,([\d.]+) mm$/.exec(rest) ?? [];
      size = { width: Math.round((Number(w) * dpi) / 25.4), height: Math.round((Number(h) * dpi) / 25.4) };
    } else if (command === "CLS") label = { ...size, qr: [], texts: [], bitmaps: [] };
    else if (command === "QRCODE") {
      const [, x, y, ecc, cell, mode, rotation, data] = /^(\d+),(\d+),([LMQH]),(\d+),([AM]),(\d+),("[\s\S]*")$/.exec(rest) ?? [];
      expect([mode, rotation]).toEqual(["A", "0"]);
      label!.qr.push({ x: Number(x), y: Number(y), cell: Number(cell), ecc: ecc as string, data: unquote(data as string) });
    } else if (command === "TEXT") {
      const [, x, y, font, rotation, xm, ym, text] = /^(\d+),(\d+),"(\w)",(\d+),(\d+),(\d+),("[\s\S]*")$/.exec(rest) ?? [];
      expect([rotation, xm, ym]).toEqual(["0", "1", "1"]);
      const f = TSPL_FONT[font as string]!;
      const content = unquote(text as string);
      label!.texts.push({ x: Number(x), y: Number(y), w: content.length * f.w, h: f.h, text: content });
    } else if (command === "PRINT") {
      expect(rest).toBe("1,1");
      labels.push(label!);
      label = null;
    } else expect(["GAP", "DIRECTION", "REFERENCE"]).toContain(command);
  }
  return labels;
}

// ---- The labels ----

const batch = { shortCode: "7K3M9QXW2RTV4", lotCode: "TCDB2604-012ABCDEFGH", gtin: "08936041100015" };
const longName = "Chè Tân Cương đặc biệt thượng hạng ướp hoa nhài — Hợp tác xã Chè Tân Cương Xanh, Thái Nguyên";
const origin = "https://truyxuat.thainguyen.gov.vn";

function input(language: ThermalLanguage, size: LabelSize, dpi: ThermalDpi, labels: ThermalInput["labels"]): ThermalInput {
  return {
    language,
    size,
    dpi,
    productName: longName,
    infoLines: [`Lô: ${batch.lotCode}`, "NSX: 02/11/2026", "HSD: 02/11/2027", "Hạn dùng: 02/01/2028"],
    labels,
    text: vietnameseText,
  };
}

const inside = (b: Box, label: { width: number; height: number }) => b.x >= 0 && b.y >= 0 && b.x + b.w <= label.width && b.y + b.h <= label.height;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe("thermal printer labels (ZPL, TSPL), read back by a parser", () => {
  for (const language of ["zpl", "tspl"] as const) {
    for (const size of ["50x30", "40x30"] as const) {
      for (const dpi of [203, 300] as const) {
        it(`${language.toUpperCase()} ${size} mm at ${dpi} dpi: one label per code, the exact URI in a native QR, everything inside the label`, () => {
          const serials = issueSerials(5);
          const codes = [
            ...serials.map((s) => ({ uri: labelUri(origin, batch, s), human: labelHumanReadable(batch, s) })),
            { uri: labelUri(origin, { ...batch, gtin: null }), human: labelHumanReadable({ ...batch, gtin: null }) },
            // A URI with characters the command languages treat specially.
            { uri: `${origin}/t/7K3M9QXW2RTV4?x=a~b_c^d`, human: ["7K3M9QXW2RTV4"] },
          ];
          const file = thermalLabels(input(language, size, dpi, codes));
          const labels = language === "zpl" ? parseZpl(file) : parseTspl(file, dpi);
          expect(labels).toHaveLength(codes.length);
          const dpmm = dpi / 25.4;
          const [wmm, hmm] = size.split("x").map(Number) as [number, number];
          for (const [i, label] of labels.entries()) {
            expect(label.width).toBe(Math.round(wmm * dpmm));
            expect(label.height).toBe(Math.round(hmm * dpmm));
            expect(label.qr).toHaveLength(1);
            const qr = label.qr[0]!;
            expect(qr.data).toBe(codes[i]!.uri);
            expect(qr.ecc).toBe("M");
            // The largest symbol the printer may draw for it (one byte segment; "A"utomatic mode is never bigger).
            const n = QRCode.create([{ data: Buffer.from(qr.data, "utf8"), mode: "byte" }], { errorCorrectionLevel: "M" }).modules.size;
            const zone = { x: qr.x - 4 * qr.cell, y: qr.y - 4 * qr.cell, w: (n + 8) * qr.cell, h: (n + 8) * qr.cell };
            expect(inside(zone, label), `label ${i}: quiet zone inside the label`).toBe(true);
            expect(qr.cell * 25.4 / dpi, "module at least 0.25 mm").toBeGreaterThanOrEqual(0.25);
            for (const b of [...label.texts, ...label.bitmaps]) {
              expect(inside(b, label), `label ${i}: ${JSON.stringify({ ...b, text: undefined })} inside`).toBe(true);
              expect(overlaps(b, zone), `label ${i}: nothing in the quiet zone`).toBe(false);
            }
            // Printer fonts get ASCII only; the Vietnamese lines came as bitmaps with ink.
            for (const t of label.texts) expect(t.text).toMatch(/^[\x20-\x7e]+$/);
            expect(label.texts.map((t) => t.text).join(" ")).not.toMatch(/Chè|Lô|Hạn/);
            expect(label.bitmaps.length).toBeGreaterThanOrEqual(2);
            for (const b of label.bitmaps) expect(b.ink).toBeGreaterThan(0);
            expect(label.texts.map((t) => t.text).join(" ")).toContain("02/11/2026");
          }
          // GS1 labels print the element string; the lot label its short code.
          const gs1 = labels[0]!.texts.map((t) => t.text).join(" ");
          for (const element of [`(01) ${batch.gtin}`, `(10) ${batch.lotCode}`, `(21) ${serials[0]}`]) expect(gs1).toContain(element);
          expect(labels[5]!.texts.map((t) => t.text).join(" ")).toContain(batch.shortCode);
        });
      }
    }
  }

  it("renders Vietnamese diacritics as ink: 'Chè' is not 'Che', and the marks sit above the letters", () => {
    const a = rasterizeText("Che", 40, true);
    const b = rasterizeText("Chè", 40, true);
    expect(a.height).toBeGreaterThan(20);
    const inkRows = (bm: typeof a) => Array.from({ length: bm.height }, (_, y) => bm.bits.subarray(y * bm.width, (y + 1) * bm.width).some(Boolean));
    const firstInk = (bm: typeof a) => inkRows(bm).indexOf(true);
    expect(firstInk(b)).toBeLessThanOrEqual(firstInk(a));
    const count = (bm: typeof a) => bm.bits.reduce((s, v) => s + v, 0);
    expect(count(b)).toBeGreaterThan(count(a));
    expect(Math.abs(a.width - vietnameseText.measure("Che", 40, true))).toBeLessThanOrEqual(2);
  });

  it("refuses a URI too long for the label rather than print a symbol over its edges", () => {
    const uri = `${origin}/t/${"A".repeat(1500)}`;
    expect(() => thermalLabels(input("zpl", "40x30", 203, [{ uri, human: ["x"] }]))).toThrow(RangeError);
  });
});
