import { expect, test, type Page } from "@playwright/test";
import { docsScreenshot, SCREENSHOTS_TAG } from "./support/screenshots";
import { addToCart, orderNumberOf, readOffer, vnd } from "./support/shop";

/*
 * The catalogue, product pages and the cart, with and without JavaScript. Orders placed here use
 * products no other spec buys (che-la-bang-non-tom, che-trai-cai-dinh); khay-tre-dan is only ever
 * put in carts, so its stock stays as seeded.
 */

async function cardNames(page: Page): Promise<string[]> {
  return page.getByTestId("shop-card").getByRole("heading", { level: 3 }).allInnerTexts();
}

async function cardPrices(page: Page): Promise<number[]> {
  return (await page.getByTestId("shop-card").locator(".price").allInnerTexts()).map((p) => vnd(p.split("/")[0]!));
}

test.describe("catalogue", () => {
  test("search ignores diacritics and case, filters narrow the list, and every result page has one address", { tag: SCREENSHOTS_TAG }, async ({ page }) => {
    await page.goto("/shop");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cửa hàng sản phẩm OCOP");
    const total = vnd(await page.getByTestId("result-count").innerText());
    expect(total).toBeGreaterThanOrEqual(20);
    await docsScreenshot(page, "shop", { fullPage: true });

    // Typed without diacritics, as on a phone keyboard.
    const search = page.getByRole("search");
    await search.getByLabel("Tìm sản phẩm").fill("tra tan cuong");
    await search.getByRole("button", { name: "Tìm" }).click();
    await expect(page).toHaveURL(/\/shop\?q=tra\+tan\+cuong$/);
    await expect(page.getByTestId("shop-card").first()).toContainText("Trà xanh Tân Cương túi lọc");
    await page.goto("/shop?q=CHE+TAN+CUONG");
    const teas = await cardNames(page);
    expect(teas.length).toBeGreaterThanOrEqual(3);
    for (const name of teas.slice(0, 3)) expect(name).toMatch(/Tân Cương/);
    await page.goto("/shop?q=khong+co+san+pham+nay+xyz");
    await expect(page.getByTestId("shop-empty")).toContainText("Không tìm thấy sản phẩm nào phù hợp.");

    // Filters: category, cooperative, stars, price range, in stock; sorted by price.
    await page.goto("/shop");
    await search.getByLabel("Loại sản phẩm").selectOption("rice");
    await search.getByLabel("Sắp xếp").selectOption("price_asc");
    await search.getByRole("button", { name: "Tìm" }).click();
    await expect(page).toHaveURL(/\/shop\?category=rice&sort=price_asc$/);
    const rice = await cardNames(page);
    expect(rice.length).toBeGreaterThanOrEqual(2);
    for (const name of rice) expect(name).toMatch(/Gạo/);
    const ricePrices = await cardPrices(page);
    expect(ricePrices).toEqual([...ricePrices].sort((a, b) => a - b));

    await page.goto("/shop");
    await search.getByLabel("Hợp tác xã").selectOption({ label: "Hợp tác xã Chè Tân Cương Xanh" });
    await search.getByLabel("Giá từ (đồng)").fill("100.000");
    await search.getByLabel("Giá đến (đồng)").fill("300000");
    await search.getByLabel("Chỉ sản phẩm còn hàng").check();
    await search.getByRole("button", { name: "Tìm" }).click();
    await expect(page).toHaveURL(/\/shop\?coop=htx-che-tan-cuong-xanh&min=100000&max=300000&stock=1$/);
    const inRange = await cardPrices(page);
    expect(inRange.length).toBeGreaterThanOrEqual(2);
    for (const price of inRange) expect(price >= 100_000 && price <= 300_000).toBe(true);
    for (const card of await page.getByTestId("shop-card").all()) {
      await expect(card).toContainText("Hợp tác xã Chè Tân Cương Xanh");
      await expect(card).not.toContainText("Tạm hết hàng");
    }
    await page.getByRole("link", { name: "Xoá bộ lọc" }).click();
    await expect(page).toHaveURL(/\/shop$/);

    await page.goto("/shop?stars=5");
    for (const card of await page.getByTestId("shop-card").all()) await expect(card).toContainText("5★");

    // One address per result page: empty fields and any order of parameters lead to the same URL.
    await page.goto("/shop?sort=price_asc&category=&q=gao&min=");
    await expect(page).toHaveURL(/\/shop\?q=gao&sort=price_asc$/);
    await page.goto("/shop?page=1&sort=relevance");
    await expect(page).toHaveURL(/\/shop$/);
    // A page past the end goes to the last page, whose links are the canonical ones.
    await page.goto("/shop?q=gao&page=9");
    await expect(page).toHaveURL(/\/shop\?q=gao$/);
    await page.goto(`/shop?stock=1&page=1`);
    await expect(page).toHaveURL(/\/shop\?stock=1$/);
  });

  test("a product page shows price, stock, OCOP stars, the cooperative and the origin of the lots on sale", async ({ page }) => {
    await page.goto("/shop");
    await page.getByTestId("shop-card").filter({ hasText: "Chè Tân Cương đặc biệt" }).getByRole("link", { name: "Chè Tân Cương đặc biệt" }).click();
    await expect(page).toHaveURL(/\/products\/che-tan-cuong-dac-biet$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chè Tân Cương đặc biệt");
    await expect(page.getByTestId("product-price")).toHaveText("450.000 ₫ / hộp");
    await expect(page.getByTestId("product-stock")).toContainText(/Còn \d+ sản phẩm/);
    await expect(page.locator(".badge--ocop").first()).toContainText("★");
    await expect(page.getByRole("link", { name: "Hợp tác xã Chè Tân Cương Xanh" }).first()).toHaveAttribute("href", "/cooperatives/htx-che-tan-cuong-xanh");

    const offer = await readOffer(page, "che-tan-cuong-dac-biet");
    expect(offer.lots.size).toBeGreaterThanOrEqual(1);
    // The lots on sale add up to the stock shown.
    expect([...offer.lots.values()].reduce((sum, lot) => sum + lot.units, 0)).toBe(offer.units);
    const [lot, { href }] = [...offer.lots][0]!;
    await page.getByTestId("lots-on-sale").getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByText(lot).first()).toBeVisible();
    await expect(page.getByText("Chè Tân Cương đặc biệt").first()).toBeVisible();

    // Out of stock: no add-to-cart form.
    await page.goto("/products/gao-lut-bao-thai");
    await expect(page.getByTestId("product-stock")).toHaveText("Tạm hết hàng");
    await expect(page.getByRole("button", { name: "Thêm vào giỏ hàng" })).toHaveCount(0);
  });
});

test.describe("cart", () => {
  test("items of two cooperatives, quantities moved with the buttons and limited by the stock", async ({ page }) => {
    await addToCart(page, "che-tan-cuong-dac-biet", 1);
    await expect(page.getByRole("status")).toHaveText("Đã thêm vào giỏ hàng.");
    await addToCart(page, "khay-tre-dan", 2);
    await expect(page.getByTestId("cart-count")).toHaveText(" (3)");
    const groups = page.getByTestId("cart-group");
    await expect(groups).toHaveCount(2);
    await expect(groups.getByRole("heading", { level: 2 })).toHaveText(["Từ Hộ kinh doanh Mây Tre Đan Phú Bình", "Từ Hợp tác xã Chè Tân Cương Xanh"]);
    await expect(page.getByTestId("cart-subtotal")).toHaveText("890.000 ₫");

    const tray = page.getByTestId("cart-line").filter({ hasText: "Bộ khay tre đan" });
    await tray.getByRole("button", { name: "Thêm một" }).click();
    await expect(tray.getByRole("spinbutton")).toHaveValue("3");
    await expect(tray.getByTestId("line-total")).toHaveText("660.000 ₫");
    await expect(page.getByTestId("cart-subtotal")).toHaveText("1.110.000 ₫");
    await tray.getByRole("button", { name: "Bớt một" }).click();
    await expect(tray.getByRole("spinbutton")).toHaveValue("2");
    // The page follows the server once the change is saved.
    await page.reload();
    await expect(tray.getByRole("spinbutton")).toHaveValue("2");
    await expect(page.getByTestId("cart-subtotal")).toHaveText("890.000 ₫");

    // Asking for more than is on sale keeps what there is (80 trays), and says so.
    const stock = (await readOffer(page, "khay-tre-dan")).units;
    expect(stock).toBe(80);
    await page.goto("/products/khay-tre-dan");
    await expect(page.getByLabel(/Số lượng/)).toHaveAttribute("max", "80");
    const token = await page.locator("input[name=csrf]").first().inputValue();
    const productId = await page.locator("input[name=productId]").inputValue();
    const response = await page.request.post("/cart", { form: { csrf: token, intent: "add", productId, quantity: "500" } });
    expect(response.url()).toMatch(/\/cart\?notice=capped&count=80$/);
    await page.goto("/cart");
    await expect(tray.getByRole("spinbutton")).toHaveValue("80");
    await expect(tray.getByRole("button", { name: "Thêm một" })).toBeDisabled();
    await expect(tray).toContainText("Tối đa 80");

    await tray.getByRole("button", { name: "Xoá Bộ khay tre đan khỏi giỏ" }).click();
    await expect(page.getByTestId("cart-line")).toHaveCount(1);
    await expect(page.getByTestId("cart-subtotal")).toHaveText("450.000 ₫");
  });

  test("without JavaScript: add, change, remove, and check out with a bank transfer", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await addToCart(page, "che-la-bang-non-tom", 2);
    await addToCart(page, "che-trai-cai-dinh", 1);
    await addToCart(page, "khay-tre-dan", 1);
    await expect(page.getByTestId("cart-group")).toHaveCount(3);

    const laBang = page.getByTestId("cart-line").filter({ hasText: "Chè La Bằng nõn tôm" });
    await laBang.getByRole("spinbutton").fill("3");
    await laBang.getByRole("button", { name: "Cập nhật" }).click();
    await expect(page).toHaveURL(/notice=updated/);
    await expect(laBang.getByRole("spinbutton")).toHaveValue("3");
    await page.getByTestId("cart-line").filter({ hasText: "Bộ khay tre đan" }).getByRole("button", { name: /^Xoá/ }).click();
    await expect(page).toHaveURL(/notice=removed/);
    await expect(page.getByTestId("cart-group")).toHaveCount(2);

    await page.getByRole("link", { name: "Đặt hàng" }).click();
    await expect(page).toHaveURL(/\/checkout$/);
    // Both ways to give the commune are there without JavaScript.
    await expect(page.getByLabel("Xã / phường (gõ tên)")).toBeVisible();
    // A form with mistakes comes back with the messages next to the fields and the values kept.
    await page.getByLabel("Họ và tên").fill("Trần Văn Minh");
    await page.getByLabel("Số điện thoại di động").fill("12345");
    await page.locator("form").getByRole("button", { name: "Đặt hàng" }).click();
    await expect(page.getByLabel("Họ và tên")).toHaveValue("Trần Văn Minh");
    await expect(page.locator(".field__error").first()).toBeVisible();
    await expect(page.getByText("Hãy kiểm tra các ô được đánh dấu.")).toBeVisible();

    await page.getByLabel("Số điện thoại di động").fill("0912 000 111");
    await page.getByLabel("Tỉnh / thành phố").selectOption({ label: "Hà Nội" });
    await page.getByLabel("Xã / phường (gõ tên)").fill("Phường Ba Đình");
    await page.getByLabel("Số nhà, đường, thôn / xóm").fill("12 phố Điện Biên Phủ");
    await page.getByRole("radio", { name: /Chuyển khoản ngân hàng \(VietQR\)/ }).check();
    await page.locator("form").getByRole("button", { name: "Đặt hàng" }).click();
    const number = await orderNumberOf(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Đơn hàng ${number}`);
    await expect(page.getByTestId("order-facts")).toContainText("Phường Ba Đình, Hà Nội");
    await expect(page.getByTestId("transfer-instructions")).toHaveCount(2);
    await expect(page.getByTestId("cart-link")).toHaveText("Giỏ hàng");
    await context.close();
  });
});
