import { expect, test } from "@playwright/test";
import { startServer, type SpecServer } from "./support/server";
import { addToCart } from "./support/shop";

// The run's server has Stripe keys (the fake); this one starts the built server without them, as a
// province that has not set up card payments would, and checks the card option is simply not there.
test.describe("a server without Stripe keys", () => {
  let server: SpecServer | undefined;
  let base = "";

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    server = await startServer({ freshData: true });
    base = server.baseURL;
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test("checkout offers VietQR and cash only, refuses a card order, and has no webhook endpoint", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await addToCart(page, "che-tan-cuong-dac-biet", 1);
    await page.goto("/checkout");
    const methods = page.getByRole("radiogroup").getByRole("radio");
    await expect(methods).toHaveCount(2);
    await expect(page.getByRole("radio", { name: /Chuyển khoản ngân hàng \(VietQR\)/ })).toBeVisible();
    await expect(page.getByRole("radio", { name: /Trả tiền mặt khi nhận hàng/ })).toBeVisible();
    await expect(page.getByText("Stripe")).toHaveCount(0);

    // A hand-made card order is refused with a message on the payment field.
    const form = page.locator("form:has(input[name=paymentMethod])");
    await form.getByLabel("Họ và tên").fill("Lê Hoa");
    await form.getByLabel("Số điện thoại di động").fill("0912 345 678");
    await form.getByLabel("Xã / phường", { exact: true }).selectOption({ label: "Tân Cương" });
    await form.getByLabel("Số nhà, đường, thôn / xóm").fill("Xóm 1");
    await page.getByRole("radio", { name: /Trả tiền mặt/ }).evaluate((radio: HTMLInputElement) => {
      radio.value = "card";
      radio.checked = true;
    });
    await form.getByRole("button", { name: "Đặt hàng" }).click();
    await expect(page).toHaveURL(/\/checkout$/);
    await expect(page.locator(".field--invalid, .field__error").first()).toBeVisible();
    await expect(page.getByTestId("cart-link")).toHaveText(/\(1\)/);

    const webhook = await page.request.post("/webhooks/stripe", { data: "{}", headers: { "Content-Type": "application/json" } });
    expect(webhook.status()).toBe(404);
    await context.close();
  });
});
