import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { SCREENSHOTS_TAG } from "./support/screenshots";

// The labels page offers thermal printer files (ZPL, TSPL) besides the PDF sheets; each download is read back here.
const ws = "/workspace/htx-che-tan-cuong-xanh";

interface ReadLabel {
  width: number;
  height: number;
  uris: string[];
  text: string[];
  bitmaps: number;
}

/** ZPL: ^XA…^XZ per label, ^PW/^LL in dots, ^BQ then ^FDMA,<uri>; ^FH_ escapes as _XX. */
function readZpl(body: Buffer): ReadLabel[] {
  return [...body.toString("utf8").matchAll(/\^XA([\s\S]*?)\^XZ/g)].map(([, label]) => {
    const l = label as string;
    const fields = [...l.matchAll(/\^FO\d+,\d+([^]*?)\^FS/g)].map((m) => m[1] as string);
    const data = (f: string) => {
      const raw = /\^FD([^]*)$/.exec(f)?.[1] ?? "";
      return f.includes("^FH_") ? raw.replace(/_([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
    };
    return {
      width: Number(/\^PW(\d+)/.exec(l)?.[1]),
      height: Number(/\^LL(\d+)/.exec(l)?.[1]),
      uris: fields.filter((f) => f.startsWith("^BQN,2,")).map((f) => data(f).replace(/^MA,/, "")),
      text: fields.filter((f) => f.startsWith("^A0N")).map(data),
      bitmaps: fields.filter((f) => f.startsWith("^GFA")).length,
    };
  });
}

/** TSPL: SIZE in mm, CLS … PRINT 1,1 per label, QRCODE …,"<uri>", TEXT …,"<text>", BITMAP with raw bytes. */
function readTspl(body: Buffer, dpi: number): ReadLabel[] {
  const labels: ReadLabel[] = [];
  let size = { width: 0, height: 0 };
  let current: ReadLabel | null = null;
  let i = 0;
  while (i < body.length) {
    const end = body.indexOf("\r\n", i, "latin1");
    const line = body.subarray(i, end === -1 ? body.length : end).toString("latin1");
    if (line.startsWith("BITMAP ")) {
      // The header, then width × height raw bytes (which may hold CR LF themselves), then CR LF.
      const header = /^BITMAP \d+,\d+,(\d+),(\d+),\d+,/.exec(line)!;
      current!.bitmaps += 1;
      i += header[0].length + Number(header[1]) * Number(header[2]) + 2;
      continue;
    }
    i = end + 2;
    const size_ = /^SIZE ([\d.]+) mm,([\d.]+) mm$/.exec(line);
    if (size_) size = { width: Math.round((Number(size_[1]) * dpi) / 25.4), height: Math.round((Number(size_[2]) * dpi) / 25.4) };
    else if (line === "CLS") current = { ...size, uris: [], text: [], bitmaps: 0 };
    else if (line.startsWith("QRCODE ")) current!.uris.push(/,"(.*)"$/.exec(line)![1]!);
    else if (line.startsWith("TEXT ")) current!.text.push(/,"(.*)"$/.exec(line)![1]!);
    else if (line === "PRINT 1,1") labels.push(current!);
  }
  return labels;
}

async function openLabels(page: Page): Promise<string> {
  await signIn(page, demo.tanCuongManager);
  await page.goto(`${ws}/batches`);
  await page.getByRole("link", { name: /TCDB2604-012/ }).first().click();
  await page.getByTestId("labels-link").click();
  await expect(page).toHaveURL(/\/labels$/);
  return page.url();
}

test("thermal printer files: ZPL and TSPL for the lot and its serials, both sizes, 203 and 300 dpi, from the labels page", { tag: SCREENSHOTS_TAG }, async ({ page, baseURL }) => {
  const labelsUrl = await openLabels(page);
  // The address every printed code leads to (PUBLIC_URL) is shown before anything is printed.
  await expect(page.getByTestId("label-address")).toContainText(baseURL!);
  const lotUri = `${baseURL}/01/08936041100015/10/TCDB2604-012`;
  await expect(page.getByTestId("label-uri")).toHaveText(lotUri);

  await page.locator("input[name=count]").fill("2");
  await page.getByRole("button", { name: "Cấp thêm mã" }).click();
  await expect(page.getByRole("status")).toContainText("2");

  // Through the page's own form, as a person would: each language, its file read back.
  const form = page.getByTestId("thermal-form");
  for (const [language, size, dpi] of [
    ["zpl", "40x30", "300"],
    ["tspl", "50x30", "203"],
  ] as const) {
    await form.locator(`input[name=of][value=units]`).check();
    await form.locator("select[name=language]").selectOption(language);
    await form.locator("select[name=size]").selectOption(size);
    await form.locator("select[name=dpi]").selectOption(dpi);
    const downloading = page.waitForEvent("download");
    await page.getByTestId("thermal-download").click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`-units-${size}-${dpi}dpi\\.${language}$`));
    const path = await download.path();
    const body = readFileSync(path);
    const labels = language === "zpl" ? readZpl(body) : readTspl(body, Number(dpi));
    expect(labels.length).toBeGreaterThanOrEqual(2);
    const [w, h] = size.split("x").map(Number) as [number, number];
    for (const label of labels) {
      expect([label.width, label.height]).toEqual([Math.round((w * Number(dpi)) / 25.4), Math.round((h * Number(dpi)) / 25.4)]);
      expect(label.uris).toHaveLength(1);
      expect(label.uris[0]).toMatch(new RegExp(`^${lotUri}/21/[0-9A-Z]{13}$`));
      const serial = label.uris[0]!.split("/21/")[1]!;
      expect(label.text.join(" ")).toContain(`(21) ${serial}`);
      expect(label.text.join(" ")).toContain("(01) 08936041100015");
      expect(label.bitmaps).toBeGreaterThan(0); // the Vietnamese name
    }
    expect(new Set(labels.map((l) => l.uris[0])).size).toBe(labels.length); // one label per code
  }

  // Every other choice, fetched as the form would ask for it.
  for (const language of ["zpl", "tspl"] as const) {
    for (const size of ["50x30", "40x30"] as const) {
      for (const dpi of ["203", "300"] as const) {
        const response = await page.request.get(`${labelsUrl}/thermal?of=batch&language=${language}&size=${size}&dpi=${dpi}`);
        expect(response.status()).toBe(200);
        expect(response.headers()["content-disposition"]).toContain(`.${language}"`);
        const body = await response.body();
        const labels = language === "zpl" ? readZpl(body) : readTspl(body, Number(dpi));
        expect(labels).toHaveLength(1);
        expect(labels[0]!.uris).toEqual([lotUri]);
        expect(labels[0]!.text.join(" ")).toContain("(10) TCDB2604-012");
      }
    }
  }
  expect((await page.request.get(`${labelsUrl}/thermal?of=batch&language=epl&size=50x30&dpi=203`)).status()).toBe(400);

  // The PDF sheets of both sizes: pictures for the README when screenshots are being taken.
  for (const size of ["50x30", "40x30"] as const) {
    const pdf = await page.request.get(`${labelsUrl}/batch.pdf?size=${size}`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    if (process.env.DOCS_SCREENSHOTS === "update" && existsSync("/usr/bin/pdftoppm")) {
      const dir = mkdtempSync(join(tmpdir(), "labels-shot-"));
      try {
        writeFileSync(join(dir, "sheet.pdf"), await pdf.body());
        // The top-left corner of the sheet: two rows of labels at 150 dpi.
        execFileSync("/usr/bin/pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", "-x", "0", "-y", "70", "-W", "1240", "-H", "370", join(dir, "sheet.pdf"), join(dir, "page")]);
        const shot = readdirSync(dir).find((f) => f.startsWith("page")) as string;
        renameSync(join(dir, shot), fileURLToPath(new URL(`../../docs/screenshots/label-sheet-${size}.png`, import.meta.url)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
});
