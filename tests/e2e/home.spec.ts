import { expect, test } from "@playwright/test";
import { docsScreenshot, SCREENSHOTS_TAG } from "./support/screenshots";

test("home lists the cooperatives and featured products stored in the database", { tag: SCREENSHOTS_TAG }, async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/OCOP Trace/);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sản phẩm OCOP và nông sản chủ lực Thái Nguyên");

  const cooperatives = page.getByTestId("cooperatives").getByRole("article");
  expect(await cooperatives.count()).toBeGreaterThanOrEqual(6);
  await expect(cooperatives.first().getByRole("link")).toBeVisible();

  const featured = page.getByTestId("featured-products").getByRole("article");
  expect(await featured.count()).toBeGreaterThanOrEqual(4);
  // Prices are integer VND, formatted the Vietnamese way.
  await expect(featured.first().getByText(/₫/)).toBeVisible();
  await expect(page.getByText(/OCOP/).first()).toBeVisible();

  // Demo data says so.
  await expect(page.getByRole("note")).toContainText("dữ liệu minh hoạ");

  await docsScreenshot(page, "home", { fullPage: true });
});

test("home reads well on a phone", { tag: SCREENSHOTS_TAG }, async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await docsScreenshot(page, "home-mobile");
  await context.close();
});

test("health check reports the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(await response.json()).toEqual({ status: "ok", database: "ok", driver: "pglite" });
});

test("built assets are served with long-lived cache headers", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="stylesheet"]').first().getAttribute("href");
  expect(href).toMatch(/^\/build\//);
  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(response.headers()["content-type"]).toContain("text/css");
});
