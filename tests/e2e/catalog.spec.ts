import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { docsScreenshot } from "./support/screenshots";

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

test("a product whose OCOP certificate expired shows no stars anywhere and says so @screenshots", async ({ page }) => {
  // "Chè Tân Cương móc câu": 3★ recorded, certificate TN-OCOP-2023-0087 valid through 15/06/2026.
  await page.goto("/products/che-tan-cuong-moc-cau");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chè Tân Cương móc câu");
  await expect(page.locator(".badge--ocop")).toHaveCount(0);
  await expect(page.getByTestId("ocop-lapsed")).toHaveText("Chứng nhận OCOP đã hết hạn");
  const certificate = page.getByTestId("ocop-certificate");
  await expect(certificate.getByTestId("ocop-lapsed-note")).toContainText("15/06/2026");
  await expect(certificate.locator(".cert-status")).toHaveText("Đã hết hạn");
  // The lot table shows each lot's use-by date beside its best-before date.
  await expect(page.getByTestId("batches").getByRole("columnheader", { name: "Hạn sử dụng" })).toBeVisible();
  await docsScreenshot(page, "product-certificate-expired", { fullPage: true });

  // Its shop card carries no stars, and the 3★ filter leaves it out.
  await page.goto("/shop?q=m%C3%B3c+c%C3%A2u");
  const card = page.getByRole("article").filter({ hasText: "Chè Tân Cương móc câu" });
  await expect(card).toBeVisible();
  await expect(card.locator(".badge--ocop")).toHaveCount(0);
  await page.goto("/shop?q=m%C3%B3c+c%C3%A2u&stars=3");
  await expect(page.getByRole("article").filter({ hasText: "Chè Tân Cương móc câu" })).toHaveCount(0);

  // The cooperative's page lists it without stars.
  await page.goto("/cooperatives/htx-che-tan-cuong-xanh");
  const listed = page.getByTestId("cooperative-products").getByRole("article").filter({ hasText: "Chè Tân Cương móc câu" });
  await expect(listed).toBeVisible();
  await expect(listed.locator(".badge--ocop")).toHaveCount(0);
});

test("the origin page of a lot whose product's certificate expired claims no stars", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto("/workspace/htx-che-tan-cuong-xanh/batches");
  await page.getByRole("link", { name: /TCMC2608-006/ }).first().click();
  await page.getByTestId("labels-link").click();
  const shortCode = (await page.getByTestId("short-code").textContent())!.trim();
  await page.goto(`/origin/${shortCode}`);
  await expect(page.getByTestId("ocop")).toBeVisible();
  await expect(page.locator(".badge--ocop")).toHaveCount(0);
  await expect(page.getByTestId("ocop-lapsed")).toHaveText("Chứng nhận OCOP đã hết hạn");
  await expect(page.getByTestId("ocop-lapsed-note")).toHaveText("Chứng nhận OCOP đã hết hạn");
});
