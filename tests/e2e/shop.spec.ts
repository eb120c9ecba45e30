import { expect, test } from "@playwright/test";

test("a visitor searches the shop without diacritics, filters to what is in stock and opens a product on sale", async ({ page }) => {
  await page.goto("/shop");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cửa hàng sản phẩm OCOP");
  const all = page.getByTestId("shop-results").getByTestId("shop-card");
  expect(await all.count()).toBeGreaterThan(0);
  await expect(page.getByTestId("result-count")).toHaveText(/^\d+ sản phẩm$/);

  await page.getByRole("searchbox", { name: "Tìm sản phẩm" }).fill("tra tan cuong");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(page).toHaveURL(/\/shop\?q=tra\+tan\+cuong$/);
  const found = page.getByTestId("shop-results").getByTestId("shop-card");
  expect(await found.count()).toBeGreaterThan(0);
  await expect(found.first().getByRole("heading")).toContainText(/Tân Cương/i);

  await page.getByLabel("Chỉ sản phẩm còn hàng").check();
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(page).toHaveURL(/stock=1/);
  const inStock = page.getByTestId("shop-results").getByTestId("shop-card");
  expect(await inStock.count()).toBeGreaterThan(0);
  await expect(inStock.locator(".status--consumed")).toHaveCount(0);

  const name = (await inStock.first().getByRole("heading").innerText()).trim();
  await inStock.first().getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("product-price")).toContainText("₫");
  const lots = page.getByTestId("lots-on-sale").getByRole("link");
  expect(await lots.count()).toBeGreaterThan(0);
  await expect(lots.first()).toHaveAttribute("href", /^\/origin\/[A-Za-z0-9]+$/);
});

test("a search for nothing on sale says so", async ({ page }) => {
  await page.goto("/shop?q=khong+co+gi+zzq");
  await expect(page.getByTestId("shop-empty")).toBeVisible();
  await expect(page.getByTestId("result-count")).toHaveText("0 sản phẩm");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the results come first: the filters are folded until opened, and stay open once one is chosen", async ({ page }) => {
    await page.goto("/shop");
    const toggle = page.getByTestId("shop-filters-toggle");
    await expect(toggle).toHaveText("Bộ lọc");
    await expect(page.getByLabel("Loại sản phẩm")).toBeHidden();
    // The first product is on the first screen, under the search box.
    const first = page.getByTestId("shop-results").getByTestId("shop-card").first();
    expect((await first.boundingBox())!.y).toBeLessThan(844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

    await toggle.click();
    await page.getByLabel("Loại sản phẩm").selectOption("tea");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await expect(page).toHaveURL(/category=tea/);
    await expect(toggle).toHaveText("Bộ lọc · 1 đang chọn");
    await expect(page.getByLabel("Loại sản phẩm")).toBeVisible();
    await expect(page.getByLabel("Loại sản phẩm")).toHaveValue("tea");

    // A link to a filtered list opens with its filters in view too.
    await page.goto("/shop?stars=4&stock=1");
    await expect(page.getByTestId("shop-filters-toggle")).toHaveText("Bộ lọc · 2 đang chọn");
    await expect(page.getByLabel("Số sao OCOP")).toBeVisible();
  });

  test("without JavaScript the filters are simply open", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto("/shop");
    await expect(page.getByLabel("Loại sản phẩm")).toBeVisible();
    await context.close();
  });
});

test("on a wide screen the filters are open", async ({ page }) => {
  await page.goto("/shop");
  await expect(page.getByLabel("Loại sản phẩm")).toBeVisible();
});
