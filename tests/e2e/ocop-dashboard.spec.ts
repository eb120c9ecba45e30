import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";

/*
 * The department's OCOP dashboard (issue #17): figures, tables with CSV and XLSX downloads of exactly what is shown,
 * the OCOP tab among the dashboards, and no access for anyone but the department.
 */

test("a department officer reads the OCOP dashboard and downloads its tables", async ({ page }) => {
  await signIn(page, demo.officer);
  await page.goto("/department");
  await page.getByRole("navigation", { name: /./ }).getByRole("link", { name: "OCOP", exact: true }).click();
  await expect(page).toHaveURL(/\/department\/ocop\?/);
  await expect(page.getByRole("heading", { level: 1, name: "Đánh giá OCOP" })).toBeVisible();
  for (const id of ["stages", "places", "results", "expiring", "stars", "storefront"]) await expect(page.locator(`[data-table="${id}"]`)).toBeVisible();
  // Until applications exist the page says so rather than showing blank figures.
  const applications = await page.getByTestId("ocop-applications").textContent();
  if (applications?.trim() === "0") await expect(page.getByTestId("ocop-empty")).toBeVisible();
  await expect(page.locator('[data-table="storefront"]')).toContainText("Mục tiêu của Chương trình (%)");
  await expect(page.locator('[data-table="stages"] tbody tr').first()).toBeVisible();

  const csvHref = await page.locator('[data-table="stars"] a[data-export="csv"]').getAttribute("href");
  expect(csvHref).toMatch(/^\/department\/export\?.*view=ocop.*table=stars.*format=csv/);
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain("Ngày tính");

  const xlsxHref = await page.locator('[data-table="storefront"] a[data-export="xlsx"]').getAttribute("href");
  const xlsx = await page.request.get(xlsxHref!);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");

  // Filters travel in the address: six months give six rows.
  await page.goto("/department/ocop?province=19&from=2026-01&to=2026-06");
  await expect(page.locator('[data-table="stages"] tbody tr')).toHaveCount(6);
});

test("only the department sees the OCOP dashboard", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  expect((await page.goto("/department/ocop"))?.url()).toMatch(/\/login/);
  await signIn(page, demo.tanCuongManager);
  expect((await page.goto("/department/ocop"))?.status()).toBe(403);
  expect((await page.request.get("/department/export?view=ocop&table=stages&format=csv")).status()).toBe(403);
  await context.close();
});
