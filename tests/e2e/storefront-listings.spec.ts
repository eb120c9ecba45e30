import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/auth";

// What a cooperative sells: its manager prices, pauses and resumes a listing and the shop follows.
// Only gao-nep-dinh-hoa is changed here, a product no other spec looks at.
const LISTINGS = "/workspace/htx-nong-nghiep-bao-thai-dinh-hoa/listings";

test("a manager reprices, pauses and resumes a listing; the shop follows", async ({ page }) => {
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
  await page.goto("/products/gao-nep-dinh-hoa");
  await expect(page.getByTestId("product-price")).toHaveText("85.000 ₫ / túi");

  await page.goto(LISTINGS);
  await row.getByRole("button", { name: "Tạm dừng bán" }).click();
  await expect(row.getByTestId("listing-status")).toHaveText("Tạm dừng");
  await page.goto("/shop?q=gao+nep");
  await expect(page.getByTestId("shop-card").filter({ hasText: "Gạo nếp Định Hóa" })).toHaveCount(0);
  await page.goto("/products/gao-nep-dinh-hoa");
  await expect(page.getByTestId("not-on-sale")).toBeVisible();

  await page.goto(LISTINGS);
  await row.getByRole("button", { name: "Bán lại" }).click();
  await expect(row.getByTestId("listing-status")).toHaveText("Đang bán");
  await page.goto("/shop?q=gao+nep");
  await expect(page.getByTestId("shop-card").filter({ hasText: "Gạo nếp Định Hóa" })).toHaveCount(1);
});

test("cooperative staff see the listings but cannot change them", async ({ page }) => {
  await signIn(page, demo.tanCuongStaff);
  await page.goto("/workspace/htx-che-tan-cuong-xanh/listings");
  await expect(page.getByRole("note").filter({ hasText: "chỉ quản lý hợp tác xã mới thay đổi được" })).toBeVisible();
  await expect(page.getByTestId("listing").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Tạm dừng bán" })).toHaveCount(0);
  await expect(page.getByTestId("batch-stock").first()).toBeVisible();
});
