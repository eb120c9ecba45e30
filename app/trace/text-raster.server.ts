/**
 * Vietnamese text as 1-bit bitmaps for thermal printers, whose built-in fonts have no Vietnamese diacritics:
 * Be Vietnam Pro (the PDF sheets' font) shaped by fontkit (pdfkit's font engine) and filled by a scanline
 * rasteriser (non-zero winding, sampled at pixel centres).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { openSync, type Font } from "fontkit";
import type { Bitmap, TextRenderer } from "./thermal";

const fonts = new Map<string, Font>();
function font(bold: boolean): Font {
  const key = bold ? "600SemiBold" : "400Regular";
  let f = fonts.get(key);
  if (!f) {
    const dir = dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/be-vietnam-pro"));
    f = openSync(join(dir, key, `BeVietnamPro_${key}.ttf`));
    fonts.set(key, f);
  }
  return f;
}

type Edge = [x0: number, y0: number, x1: number, y1: number];

/** The outline of `text` at `size` dots per em as straight edges, y down from the top of the line (ascent). */
function outline(f: Font, text: string, size: number): { edges: Edge[]; advance: number } {
  const run = f.layout(text);
  const scale = size / f.unitsPerEm;
  const edges: Edge[] = [];
  let pen = 0;
  run.glyphs.forEach((glyph, i) => {
    const pos = run.positions[i] as (typeof run.positions)[number];
    const ox = pen + pos.xOffset * scale;
    const oy = f.ascent * scale - pos.yOffset * scale;
    const map = (x: number, y: number): [number, number] => [ox + x * scale, oy - y * scale];
    let start: [number, number] = [0, 0];
    let at: [number, number] = [0, 0];
    const line = (to: [number, number]) => {
      if (to[1] !== at[1]) edges.push([at[0], at[1], to[0], to[1]]);
      at = to;
    };
    for (const { command, args } of glyph.path.commands) {
      const a = args;
      if (command === "moveTo") {
        if (at !== start) line(start);
        start = map(a[0] as number, a[1] as number);
        at = start;
      } else if (command === "lineTo") line(map(a[0] as number, a[1] as number));
      else if (command === "quadraticCurveTo") {
        const [p0, c, p1] = [at, map(a[0] as number, a[1] as number), map(a[2] as number, a[3] as number)];
        for (let t = 1; t <= 8; t += 1) {
          const u = t / 8;
          line([(1 - u) ** 2 * p0[0] + 2 * (1 - u) * u * c[0] + u * u * p1[0], (1 - u) ** 2 * p0[1] + 2 * (1 - u) * u * c[1] + u * u * p1[1]]);
        }
      } else if (command === "bezierCurveTo") {
        const [p0, c1, c2, p1] = [at, map(a[0] as number, a[1] as number), map(a[2] as number, a[3] as number), map(a[4] as number, a[5] as number)];
        for (let t = 1; t <= 10; t += 1) {
          const u = t / 10;
          const b = [(1 - u) ** 3, 3 * (1 - u) ** 2 * u, 3 * (1 - u) * u * u, u ** 3] as const;
          line([b[0] * p0[0] + b[1] * c1[0] + b[2] * c2[0] + b[3] * p1[0], b[0] * p0[1] + b[1] * c1[1] + b[2] * c2[1] + b[3] * p1[1]]);
        }
      } else line(start);
    }
    line(start);
    pen += pos.xAdvance * scale;
  });
  return { edges, advance: pen };
}

/** Width in dots of `text` at `size` dots per em. */
export function measureText(text: string, size: number, bold: boolean): number {
  const f = font(bold);
  return (f.layout(text).advanceWidth * size) / f.unitsPerEm;
}

/** `text` filled black on white; as tall as the font's ascent + descent at `size` (ink above it is kept too). */
export function rasterizeText(text: string, size: number, bold: boolean): Bitmap {
  const f = font(bold);
  const { edges, advance } = outline(f, text, size);
  const top = Math.floor(Math.min(0, ...edges.map((e) => Math.min(e[1], e[3]))));
  const lineHeight = ((f.ascent - f.descent) * size) / f.unitsPerEm;
  const height = Math.max(1, Math.ceil(Math.max(lineHeight, ...edges.map((e) => Math.max(e[1], e[3])))) - top);
  const width = Math.max(1, Math.ceil(Math.max(advance, ...edges.map((e) => Math.max(e[0], e[2])))));
  const bits = new Uint8Array(width * height);
  for (let row = 0; row < height; row += 1) {
    const y = top + row + 0.5;
    const crossings: [number, number][] = [];
    for (const [x0, y0, x1, y1] of edges) {
      if ((y0 <= y && y1 > y) || (y1 <= y && y0 > y)) crossings.push([x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), y1 > y0 ? 1 : -1]);
    }
    crossings.sort((p, q) => p[0] - q[0]);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i += 1) {
      winding += (crossings[i] as [number, number])[1];
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil((crossings[i] as [number, number])[0] - 0.5));
      const to = Math.min(width - 1, Math.floor((crossings[i + 1] as [number, number])[0] - 0.5));
      for (let x = from; x <= to; x += 1) bits[row * width + x] = 1;
    }
  }
  return { width, height, bits };
}

/** The renderer thermal.ts is given. */
export const vietnameseText: TextRenderer = { measure: measureText, rasterize: rasterizeText };
