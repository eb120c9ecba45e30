import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** What an independent decoder reads from a QR image (null: no code found). */
export function decodeQr(png: PNG): string | null {
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** The first label of a 50×30 mm sheet, rendered at 300 dpi by poppler (pdftoppm) and cropped to its QR square. */
export function decodeFirstPdfLabel(pdf: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), "labels-e2e-"));
  try {
    writeFileSync(join(dir, "sheet.pdf"), pdf);
    execFileSync("pdftoppm", ["-r", "300", "-png", "-f", "1", "-l", "1", join(dir, "sheet.pdf"), join(dir, "page")]);
    const page = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith("page")) as string)));
    const px = 300 / 25.4;
    const size = Math.round(29 * px);
    const crop = new PNG({ width: size, height: size });
    PNG.bitblt(page, crop, Math.round(5 * px), Math.round(13.5 * px), size, size, 0, 0);
    return decodeQr(crop);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
