import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";

// One form lists a product: price, per-order limit and the units opened from each lot, with the total on sale.
// Only tra-xanh-tan-cuong-tui-loc is changed here, a product no other spec looks at.
const LISTINGS = "/workspace/htx-che-tan-cuong-xanh/listings";
const PRODUCT = "tra-xanh-tan-cuong-tui-loc";

test.describe.configure({ mode: "serial" });

const listing = (page: Page) => page.locator(`[data-testid=listing][data-product="${PRODUCT}"]`);

/** Sets every lot of the product to `perLot` units and answers the lot codes. */
async function fillEveryLot(page: Page, perLot: (index: number) => string): Promise<number> {
  const inputs = listing(page).locator("input[name^='units.']");
  const count = await inputs.count();
  for (let i = 0; i < count; i += 1) await inputs.nth(i).fill(perLot(i));
  return count;
}

test("with JavaScript: wrong price and limit each say why, the total follows the lots, one save opens them", async ({ page }) => {
  await signIn(page, demo.tanCuongManager);
  await page.goto(LISTINGS);
  const row = listing(page);
  await expect(row.getByTestId("listing-form")).toBeVisible();
  expect(await row.locator("tr[data-lot]").count()).toBeGreaterThan(0);

  await row.getByLabel("Giá bán (đồng)").fill("-5000");
  await row.getByLabel("Tối đa mỗi đơn (để trống: không giới hạn)").fill("-1");
  await row.getByRole("button", { name: /Lưu|Đăng bán/ }).click();
  await expect(row.getByRole("alert")).toHaveText(["Giá không được âm.", "Số tối đa mỗi đơn không được âm."]);
  // The message is tied to its field.
  await expect(row.locator("#" + (await row.getByLabel("Giá bán (đồng)").getAttribute("aria-describedby")))).toHaveText("Giá không được âm.");
  await expect(row.getByLabel("Giá bán (đồng)")).toHaveValue("-5000");

  await row.getByLabel("Giá bán (đồng)").fill("65.000");
  await row.getByLabel("Tối đa mỗi đơn (để trống: không giới hạn)").fill("0");
  await row.getByRole("button", { name: /Lưu|Đăng bán/ }).click();
  await expect(row.getByRole("alert")).toHaveText(["Số tối đa mỗi đơn ít nhất là 1 (để trống nếu không giới hạn)."]);

  // The total follows what is typed, before anything is saved.
  const lots = await fillEveryLot(page, (i) => String(i === 0 ? 12 : 1));
  await expect(row.getByTestId("listing-total")).toHaveText(`Tổng mở bán: ${12 + (lots - 1)} hộp`);
  await row.getByLabel("Tối đa mỗi đơn (để trống: không giới hạn)").fill("4");
  await row.getByRole("button", { name: /Lưu|Đăng bán/ }).click();
  await expect(row.getByRole("status")).toHaveText("Đã lưu.");
  await expect(row.getByTestId("listing-status")).toHaveText("Đang bán");
  await expect(row.locator(".price")).toHaveText("65.000 ₫ / hộp");
  await expect(row.locator("tr[data-lot]").first().locator("input")).toHaveValue("12");
  await expect(row.getByTestId("listing-total")).toHaveText(`Tổng mở bán: ${12 + (lots - 1)} hộp`);
  await page.goto(`/products/${PRODUCT}`);
  await expect(page.getByTestId("product-price")).toHaveText("65.000 ₫ / hộp");
});

test("without JavaScript: the same form saves, refuses a lot above its quantity, and shows the total after the post", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, demo.tanCuongManager);
  await page.goto(LISTINGS);
  const row = listing(page);
  const first = row.locator("tr[data-lot]").first();
  const quantity = Number((await first.getByTestId("lot-quantity").innerText()).replace(/\D/g, ""));
  const lots = await fillEveryLot(page, (i) => (i === 0 ? String(quantity + 1) : "2"));
  await row.getByLabel("Giá bán (đồng)").fill("66000");
  await row.getByRole("button", { name: /Lưu|Đăng bán/ }).click();
  await expect(row.getByRole("alert")).toHaveText(`Nhiều nhất ${quantity.toLocaleString("vi-VN")} (số lượng của lô).`);
  // Nothing was written: the price stays what the first test saved.
  await expect(row.locator(".price")).toHaveText("65.000 ₫ / hộp");
  await expect(first.locator("input")).toHaveValue(String(quantity + 1));

  await first.locator("input").fill("20");
  await row.getByRole("button", { name: /Lưu|Đăng bán/ }).click();
  await expect(row.getByRole("status")).toHaveText("Đã lưu.");
  await expect(row.locator(".price")).toHaveText("66.000 ₫ / hộp");
  await expect(row.getByTestId("listing-total")).toHaveText(`Tổng mở bán: ${20 + 2 * (lots - 1)} hộp`);
  await expect(first.getByTestId("units-available")).not.toHaveText("0");
  await context.close();
});
