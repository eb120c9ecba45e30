import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as XLSX from "@e965/xlsx";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { docsScreenshot, SCREENSHOTS_TAG } from "./support/screenshots";

const dashboards = [
  { path: "/department", view: "overview" },
  { path: "/department/market", view: "market" },
  { path: "/department/value-chains", view: "value-chains" },
  { path: "/department/households", view: "households" },
] as const;

type Cell = string | number | null;

/** The totals row of a table on the page, as the raw values the page carries (data-value). */
async function screenTotals(page: Page, tableId: string): Promise<Cell[] | null> {
  const row = page.locator(`section[data-table="${tableId}"] tfoot tr`);
  if ((await row.count()) === 0) return null;
  const cells = row.locator("th, td");
  const out: Cell[] = [];
  for (let i = 0; i < (await cells.count()); i++) {
    const cell = cells.nth(i);
    const raw = i === 0 ? await cell.innerText() : await cell.getAttribute("data-value");
    out.push(raw === null || raw === "" ? null : i > 0 && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw.trim());
  }
  return out;
}

function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    }
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

const asCell = (v: unknown): Cell => (v === undefined || v === null || v === "" ? null : typeof v === "number" ? v : /^-?\d+(\.\d+)?$/.test(String(v)) ? Number(v) : String(v));

/**
 * Downloads one table as CSV and as XLSX with the page's own links and checks that both end with the
 * totals row on the screen, and that each numeric total is the sum of the rows above it.
 */
async function checkExports(page: Page, request: APIRequestContext, tableId: string): Promise<void> {
  const totals = await screenTotals(page, tableId);
  const section = page.locator(`section[data-table="${tableId}"]`);
  const csvHref = await section.locator('a[data-export="csv"]').getAttribute("href");
  const xlsxHref = await section.locator('a[data-export="xlsx"]').getAttribute("href");
  expect(csvHref).toContain(new URL(page.url()).searchParams.get("commune") ?? "");

  const csvResponse = await request.get(csvHref!);
  expect(csvResponse.status()).toBe(200);
  expect(csvResponse.headers()["content-type"]).toContain("text/csv");
  const csv = parseCsv(await csvResponse.text()).map((r) => r.map(asCell));
  const xlsxResponse = await request.get(xlsxHref!);
  expect(xlsxResponse.status()).toBe(200);
  const book = XLSX.read(await xlsxResponse.body(), { type: "buffer" });
  // Named in the reader's language, never by the table's id.
  expect(book.SheetNames[0]).not.toBe(tableId);
  const sheet = book.Sheets[book.SheetNames[0]!]!;
  const xlsx = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, blankrows: false, defval: null }).map((r) => r.map(asCell));

  const bodyRows = await section.locator("tbody tr").count();
  // Header + rows (+ totals): the same shape in both files and on the page.
  expect(csv.length).toBe(1 + bodyRows + (totals ? 1 : 0));
  expect(xlsx.length).toBe(csv.length);
  expect(xlsx).toEqual(csv);
  if (!totals) return;
  expect(csv[csv.length - 1]).toEqual(totals);
  const body = csv.slice(1, -1);
  totals.forEach((total, c) => {
    if (c === 0 || typeof total !== "number") return;
    const values = body.map((r) => r[c]);
    // Only additive columns: every cell a number (a "< 5" cell or a distinct count is not summed).
    if (values.every((v) => typeof v === "number") && tableId !== "months") expect(values.reduce((a: number, v) => a + (v as number), 0)).toBe(total);
  });
}

async function applyFilters(page: Page, commune: string): Promise<void> {
  await page.locator("select[name=commune]").selectOption({ label: commune });
  await page.locator("input[name=from]").fill("2026-01");
  await page.locator("input[name=to]").fill("2026-11");
  await page.locator("form:has(select[name=commune]) button[type=submit]").click();
  await expect(page).toHaveURL(/commune=\d+/);
  await expect(page).toHaveURL(/from=2026-01/);
  await expect(page).toHaveURL(/to=2026-11/);
  await expect(page.getByTestId("dashboard-scope")).toContainText(commune);
}

test("a department officer lands on the department overview, and /workspace takes them there too", async ({ page }) => {
  await signIn(page, demo.officer);
  await expect(page).toHaveURL(/\/department$/);
  await expect(page.locator("h1")).toBeVisible();
  await page.goto("/workspace");
  await expect(page).toHaveURL(/\/department$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/department$/);
});

test.describe("department dashboards", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, demo.officer);
  });

  test("each dashboard filters by commune and period, and its downloads match the screen", async ({ page }) => {
    test.setTimeout(120_000);
    for (const d of dashboards) {
      await page.goto(d.path);
      await expect(page.locator("h1")).toBeVisible();
      await applyFilters(page, "Tân Cương");
      const tables = await page.locator("section[data-table]").evaluateAll((els) => els.map((e) => e.getAttribute("data-table")!));
      expect(tables.length).toBeGreaterThan(0);
      for (const id of tables) await checkExports(page, page.request, id);
    }
  });

  test("whole-province overview: OCOP totals in CSV and XLSX match the page and the records", { tag: SCREENSHOTS_TAG }, async ({ page }) => {
    await page.goto("/department?province=19&from=2026-01&to=2026-11");
    const totals = await screenTotals(page, "ocop");
    // The demo data holds OCOP products in Thái Nguyên: the total is real, not an empty table.
    expect(Number(totals?.[4])).toBeGreaterThan(0);
    const summary = page.locator('section[data-table="summary"] tbody tr').filter({ hasText: /OCOP còn hiệu lực/ });
    expect(Number(await summary.locator("td").getAttribute("data-value"))).toBe(totals?.[4]);
    await checkExports(page, page.request, "ocop");
    await docsScreenshot(page, "department-overview", { fullPage: true });
  });

  test("value chain: a Sankey rendered on the server with its table, readable on a phone", { tag: SCREENSHOTS_TAG }, async ({ page }) => {
    await page.goto("/department/value-chains?province=19&from=2026-01&to=2026-11&key=any");
    await expect(page.locator("select[name=key]")).toHaveValue("any");
    const sankey = page.getByTestId("sankey");
    const empty = page.getByTestId("chain-empty");
    await expect(sankey.or(empty)).toBeVisible();
    if (await sankey.isVisible()) {
      // The flows are in the table too; the stages carry the same total.
      const stages = await page.locator('section[data-table="stages"] tbody td').evaluateAll((tds) => tds.map((td) => td.getAttribute("data-value")));
      expect(new Set(stages).size).toBe(1);
      // No two labels overlap, however small a flow (names cut to the room before the next column).
      const overlaps = await sankey.locator("svg text").evaluateAll((texts) => {
        const boxes = texts.map((t) => t.getBoundingClientRect());
        const pairs: string[] = [];
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!, b = boxes[j]!;
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) pairs.push(`${texts[i]!.textContent} / ${texts[j]!.textContent}`);
          }
        return pairs;
      });
      expect(overlaps).toEqual([]);
    } else {
      await expect(page.locator('section[data-table="flows"]')).toContainText(/Chưa có số liệu/);
    }
    await docsScreenshot(page, "department-value-chain", { fullPage: true });
    if (await sankey.isVisible()) {
      // On a phone the page does not overflow: the diagram keeps legible text and scrolls sideways in its own box.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
      const box = sankey.locator(".chart-scroll");
      expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      const fontPx = await sankey.locator("svg text").first().evaluate((t) => t.getBoundingClientRect().height);
      expect(fontPx).toBeGreaterThanOrEqual(9);
    }

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/department/market?province=19&from=2026-01&to=2026-11");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    for (const svg of await page.locator("figure.chart svg").all()) expect((await svg.boundingBox())!.width).toBeLessThanOrEqual(390);
  });

  test("the monthly sales chart names each month", async ({ page }) => {
    await page.goto("/department/market?province=19&from=2026-01&to=2026-11");
    const chart = page.locator("figure.chart").filter({ hasText: "tháng" }).first();
    const labels = await chart.locator("svg text[font-size='11']").allTextContents();
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^T([1-9]|1[0-2])$/);
    expect(new Set(labels).size).toBe(labels.length);
  });

  test("households: small cells read “< 5”, targets say how they are computed @screenshots", async ({ page }) => {
    await page.goto("/department/households?province=19&from=2026-01&to=2026-11");
    await expect(page.locator("h1")).toContainText("mục tiêu");
    await expect(page.locator('section[data-table="status-sex"] tfoot')).toContainText(/< 5|\d/);
    for (const id of ["targets", "status-sex", "status-ethnicity", "income", "transitions", "minority-poverty"]) {
      await expect(page.locator(`section[data-table="${id}"] p.muted`).last()).not.toBeEmpty();
    }
    await expect(page.getByTestId("target-minorityRate")).toContainText(/Dưới 10%|Chưa đủ số liệu|Đạt|Chưa đạt/);
    // The overall change is reported beside the ethnic-minority one.
    await expect(page.getByTestId("target-overallReduction")).toContainText("Mức giảm tỷ lệ hộ nghèo chung");
    await expect(page.locator('section[data-table="targets"]')).toContainText("Tỷ lệ hộ nghèo chung của các hộ tham gia");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await docsScreenshot(page, "department-households-mobile", { fullPage: true });
  });

  test("bad filters in the URL get a clear message, not an error page", async ({ page }) => {
    const response = await page.goto("/department/value-chains?from=2026-13&to=x&commune=abc&product=not-a-uuid");
    expect(response?.status()).toBe(200);
    await expect(page.locator("#f-from-error")).toContainText("năm-tháng");
    await expect(page.locator("#f-product-error")).toContainText("không hợp lệ");
    const market = await page.goto("/department/market?province=99");
    expect(market?.status()).toBe(200);
    await expect(page.locator("#f-province-error")).toContainText("Thái Nguyên");
    const badExport = await page.request.get("/department/export?view=overview&table=nope&format=csv");
    expect(badExport.status()).toBe(404);
    const badFormat = await page.request.get("/department/export?view=overview&table=ocop&format=pdf");
    expect(badFormat.status()).toBe(400);
  });

  test("the PDF report of a period opens and prints every row of its household tables", async ({ page }) => {
    await page.goto("/department?province=19&from=2026-01&to=2026-11");
    const href = await page.locator('a[href^="/department/report.pdf"]').getAttribute("href");
    expect(href).toContain("from=2026-01");
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    const pdf = await response.body();
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(1);
    // The households' status table is printed whole (it used to be cut to its totals row at the page's foot).
    const dir = mkdtempSync(join(tmpdir(), "report-e2e-"));
    writeFileSync(join(dir, "r.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"]).toString();
    rmSync(dir, { recursive: true, force: true });
    const statusSection = text.slice(text.lastIndexOf("Hộ tham gia theo tình trạng nghèo và dân tộc"));
    for (const status of ["Hộ nghèo", "Hộ cận nghèo", "Hộ mới thoát nghèo", "Không nghèo", "Chưa ghi nhận"]) expect(statusSection).toContain(status);
  });

  test("a department officer cannot open any cooperative's household list", async ({ page }) => {
    for (const org of ["htx-che-tan-cuong-xanh", "htx-nong-nghiep-bao-thai-dinh-hoa"]) {
      for (const path of [`/workspace/${org}/households`, `/workspace/${org}/households/new`]) {
        const response = await page.goto(path);
        expect([403, 404], path).toContain(response?.status());
        await expect(page.locator("table")).toHaveCount(0);
      }
    }
  });
});

test("people other than officers and admins cannot see the dashboards", async ({ browser, baseURL }) => {
  for (const who of [demo.consumer, demo.tanCuongManager]) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signIn(page, who);
    for (const path of ["/department", "/department/households", "/department/report.pdf", "/department/export?view=overview&table=ocop&format=csv"]) {
      expect((await page.request.get(path)).status(), `${who} ${path}`).toBe(403);
    }
    await context.close();
  }
  const anonymous = await browser.newContext({ baseURL });
  const response = await anonymous.request.get("/department/value-chains", { maxRedirects: 0 });
  expect(response.status()).toBe(302);
  await anonymous.close();
});
