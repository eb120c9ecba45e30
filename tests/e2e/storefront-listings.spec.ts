import { expect, test, type APIRequestContext } from "@playwright/test";
import { demo, signIn } from "./support/auth";

// What a cooperative sells: its manager prices, pauses and resumes a listing and the shop follows.
// Only gao-nep-dinh-hoa is changed here, a product no other spec looks at.
const LISTINGS = "/workspace/htx-nong-nghiep-bao-thai-dinh-hoa/listings";

// What an anonymous visitor is sent for /shop?q=gao+nep: the page cache's copy (docs/decisions/0013-storefront-page-cache.md).
async function anonymousShop(request: APIRequestContext): Promise<string> {
  const response = await request.get("/shop?q=gao+nep");
  expect(response.status()).toBe(200);
  return response.text();
}

test("a manager reprices, pauses and resumes a listing; the shop follows", async ({ page, request }) => {
  // A visitor without cookies gets the kept copy, the same bytes each time, and a 304 when the browser has them.
  const first = await request.get("/shop?q=gao+nep");
  const etag = first.headers()["etag"];
  expect(etag).toBeTruthy();
  expect(first.headers()["cache-control"]).toBe("no-cache");
  expect((await request.get("/shop?q=gao+nep", { headers: { "If-None-Match": etag! } })).status()).toBe(304);
  await expect(await anonymousShop(request)).toContain('data-slug="gao-nep-dinh-hoa"');

  await signIn(page, demo.baoThaiManager);
  await page.goto(LISTINGS);
  await expect(page.getByRole("heading", { name: "Sản phẩm trên cửa hàng" })).toBeVisible();
  const row = page.locator('[data-testid=listing][data-product="gao-nep-dinh-hoa"]');
  await expect(row.getByTestId("listing-status")).toHaveText("Đang bán");

  // A price that is not whole đồng is refused next to the field, the value kept.
  await row.getByLabel("Giá bán (đồng)").fill("85000,5");
  await row.getByRole("button", { name: "Lưu" }).click();
  await expect(row.getByRole("alert")).toHaveText(/số nguyên|Nhập giá/);
  await expect(row.getByLabel("Giá bán (đồng)")).toHaveValue("85000,5");

  await row.getByLabel("Giá bán (đồng)").fill("85000");
  await row.getByRole("button", { name: "Lưu" }).click();
  await expect(row.getByRole("status")).toHaveText("Đã lưu.");
  await expect(row.locator(".price")).toHaveText("85.000 ₫ / túi");
  // The kept copy follows within its one-second freshness.
  await expect.poll(() => anonymousShop(request), { timeout: 10_000 }).toMatch(/85\.000\s₫ \/ túi/);
  await page.goto("/products/gao-nep-dinh-hoa");
  await expect(page.getByTestId("product-price")).toHaveText("85.000 ₫ / túi");

  await page.goto(LISTINGS);
  await row.getByRole("button", { name: "Tạm dừng bán" }).click();
  await expect(row.getByTestId("listing-status")).toHaveText("Tạm dừng");
  await page.goto("/shop?q=gao+nep");
  await expect(page.getByTestId("shop-card").filter({ hasText: "Gạo nếp Định Hóa" })).toHaveCount(0);
  await expect.poll(() => anonymousShop(request), { timeout: 10_000 }).not.toContain('data-slug="gao-nep-dinh-hoa"');
  await page.goto("/products/gao-nep-dinh-hoa");
  await expect(page.getByTestId("not-on-sale")).toBeVisible();

  await page.goto(LISTINGS);
  await row.getByRole("button", { name: "Bán lại" }).click();
  await expect(row.getByTestId("listing-status")).toHaveText("Đang bán");
  await page.goto("/shop?q=gao+nep");
  await expect(page.getByTestId("shop-card").filter({ hasText: "Gạo nếp Định Hóa" })).toHaveCount(1);
  await expect.poll(() => anonymousShop(request), { timeout: 10_000 }).toContain('data-slug="gao-nep-dinh-hoa"');
});

test("cooperative staff see the listings but cannot change them", async ({ page }) => {
  await signIn(page, demo.tanCuongStaff);
  await page.goto("/workspace/htx-che-tan-cuong-xanh/listings");
  await expect(page.getByRole("note").filter({ hasText: "chỉ quản lý hợp tác xã mới thay đổi được" })).toBeVisible();
  await expect(page.getByTestId("listing").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Tạm dừng bán" })).toHaveCount(0);
  await expect(page.getByTestId("batch-stock").first()).toBeVisible();
});
