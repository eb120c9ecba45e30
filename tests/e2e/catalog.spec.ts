import { expect, test } from "@playwright/test";

test("a visitor opens a featured product and sees its OCOP certificate and lots", async ({ page }) => {
  await page.goto("/");
  const card = page.getByTestId("featured-products").getByRole("article").first();
  const name = (await card.getByRole("heading").innerText()).trim();
  await card.getByRole("heading").getByRole("link").click();

  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  const certificate = page.getByTestId("ocop-certificate");
  await expect(certificate).toBeVisible();
  await expect(certificate.getByText("Số chứng nhận")).toBeVisible();
  await expect(certificate.locator(".cert-status")).toHaveText(/Còn hiệu lực|Sắp hết hạn|Đã hết hạn/);
  const lots = page.getByTestId("batches").locator("tbody tr");
  expect(await lots.count()).toBeGreaterThan(0);
});

test("a visitor opens a cooperative and sees its products and contact", async ({ page }) => {
  await page.goto("/");
  const card = page.getByTestId("cooperatives").getByRole("article").first();
  const name = (await card.getByRole("heading").innerText()).trim();
  await card.getByRole("heading").getByRole("link").click();

  await expect(page).toHaveURL(/\/cooperatives\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByRole("heading", { name: "Liên hệ" })).toBeVisible();
  const products = page.getByTestId("cooperative-products").getByRole("article");
  expect(await products.count()).toBeGreaterThan(0);

  // Each product card leads back to its product page.
  const productName = (await products.first().getByRole("heading").innerText()).trim();
  await products.first().getByRole("heading").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(productName);
});

for (const path of ["/products/khong-co-san-pham-nay", "/cooperatives/khong-co-htx-nay", "/products/NOT_A_SLUG!", "/trang-khong-ton-tai"]) {
  test(`unknown address ${path} gives the friendly 404 page`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
    await expect(page.getByRole("link", { name: "Về trang chủ" })).toBeVisible();
  });
}
