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
