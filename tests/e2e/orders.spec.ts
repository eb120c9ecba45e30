import { expect, test, type Browser, type Page } from "@playwright/test";
import Stripe from "stripe";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { parseEmvco, transferNote } from "../../app/market/vietqr";
import { FAKE_API_KEY, FAKE_WEBHOOK_SECRET } from "../mocks/stripe-fake";
import { demo, signIn } from "./support/auth";
import { docsScreenshot, SCREENSHOTS_TAG } from "./support/screenshots";
import { addToCart, formatVnd, guest, orderNumberOf, placeOrder, readOffer, type Offer } from "./support/shop";

/*
 * Buying from two cooperatives as a guest, and what the cooperatives and the buyer see afterwards.
 * Each test buys products no other spec buys, so the stock it checks moves only by its own orders:
 *   VietQR: che-tan-cuong-dac-biet (Tân Cương) + gao-bao-thai-dinh-hoa (Bao Thai)
 *   card:   che-tan-cuong-tom-non (Tân Cương) + mat-ong-rung-ba-be (Ba Bể honey)
 *   cash:   che-tan-cuong-moc-cau (Tân Cương) + tra-giao-co-lam-bac-kan (Bắc Kạn herbs)
 */

const TAN_CUONG = { name: "Hợp tác xã Chè Tân Cương Xanh", slug: "htx-che-tan-cuong-xanh", manager: demo.tanCuongManager };
const BAO_THAI = { name: "Hợp tác xã Nông nghiệp Bao Thai Định Hóa", slug: "htx-nong-nghiep-bao-thai-dinh-hoa", manager: demo.baoThaiManager };

/** A signed-in page of a cooperative manager in a context of its own. */
async function managerPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** The consumer's order page section of one cooperative's sub-order. */
function subOrderOf(page: Page, cooperative: string) {
  return page.getByTestId("sub-order").filter({ has: page.getByRole("heading", { level: 2, name: new RegExp(`^${cooperative}`) }) });
}

async function referenceOf(page: Page, cooperative: string): Promise<string> {
  const reference = await subOrderOf(page, cooperative).getAttribute("data-reference");
  expect(reference).toMatch(/^DH-[0-9A-Z]+-\d+$/);
  return reference!;
}

/** Moves one step on the cooperative's order page and waits for the new status. */
async function step(page: Page, button: string, status: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Đã cập nhật trạng thái đơn.");
  await expect(page.getByTestId("sub-order-status")).toHaveText(status);
}

/** Pack, ship (carrier and tracking) and deliver a confirmed sub-order. */
async function fulfil(page: Page, tracking: string) {
  await step(page, "Đã đóng gói", "Đã đóng gói");
  const ship = page.getByTestId("ship-form");
  await ship.getByLabel("Đơn vị vận chuyển").fill("Viettel Post");
  await ship.getByLabel("Mã vận đơn").fill(tracking);
  await step(page, "Giao cho vận chuyển", "Đang giao");
  await expect(page.getByTestId("sub-order-facts")).toContainText(tracking);
  await step(page, "Đã giao hàng", "Đã giao");
  await expect(page.getByText("Không còn thao tác nào cho đơn ở trạng thái này.")).toBeVisible();
}

/** Reads the QR image back into text, as a banking app would. */
async function decodeQr(page: Page, image: ReturnType<Page["locator"]>): Promise<string | null> {
  const png = PNG.sync.read(await image.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test.describe("buying from two cooperatives", () => {
  test("VietQR transfer: exact amount and reference, each cooperative confirms and delivers its own part, the buyer follows it", { tag: SCREENSHOTS_TAG }, async ({
    browser,
    page,
  }) => {
    test.setTimeout(120_000);
    const tea = "che-tan-cuong-dac-biet";
    const rice = "gao-bao-thai-dinh-hoa";
    const before: Record<string, Offer> = { [tea]: await readOffer(page, tea), [rice]: await readOffer(page, rice) };

    await addToCart(page, tea, 2);
    await addToCart(page, rice, 3);
    await placeOrder(page, "Chuyển khoản ngân hàng (VietQR)");
    const number = await orderNumberOf(page);
    await expect(page.getByRole("status")).toContainText("Cảm ơn bạn đã đặt hàng");
    await expect(page.getByTestId("order-status")).toHaveText("Chờ xác nhận");
    await expect(page.getByTestId("sub-order")).toHaveCount(2);
    await expect(page.getByTestId("cart-link")).toHaveText("Giỏ hàng");

    // One QR per cooperative: its account, the sub-order's exact amount and its reference as the note.
    const parts = [
      { coop: TAN_CUONG, amount: 2 * 450_000, account: "8506205102416" },
      { coop: BAO_THAI, amount: 3 * 125_000, account: "8508201006653" },
    ];
    const references: Record<string, string> = {};
    for (const part of parts) {
      const section = subOrderOf(page, part.coop.name);
      const reference = await referenceOf(page, part.coop.name);
      references[part.coop.slug] = reference;
      const transfer = section.getByTestId("transfer-instructions");
      await expect(transfer).toContainText(part.account);
      await expect(transfer).toContainText(formatVnd(part.amount));
      await expect(transfer.getByTestId("transfer-note")).toHaveText(transferNote(reference));
      const qr = transfer.getByRole("img");
      const decoded = await decodeQr(page, qr);
      expect(decoded, "the QR code can be scanned").not.toBeNull();
      expect(decoded).toBe(await qr.getAttribute("data-payload"));
      const fields = parseEmvco(decoded!);
      expect(fields?.get("54")).toBe(String(part.amount));
      expect(fields?.get("62")).toContain(transferNote(reference));
      expect(fields?.get("38")).toContain(part.account);
      await expect(section.getByTestId("sub-order-status")).toHaveText("Chờ xác nhận");
    }
    await expect(page.getByText(formatVnd(2 * 450_000 + 3 * 125_000)).first()).toBeVisible();

    // Stock moved by exactly what was bought, from the lots the order lines name.
    for (const [slug, quantity, coop] of [
      [tea, 2, TAN_CUONG],
      [rice, 3, BAO_THAI],
    ] as const) {
      const links = subOrderOf(page, coop.name).getByTestId("origin-link");
      const allocations = new Map<string, { quantity: number; href: string }>();
      for (const link of await links.all()) {
        const [lot, taken] = (await link.innerText()).split(": ");
        allocations.set(lot!, { quantity: Number(taken), href: (await link.getAttribute("href"))! });
      }
      expect([...allocations.values()].reduce((sum, a) => sum + a.quantity, 0)).toBe(quantity);
      const orderPage = page.url();
      const after = await readOffer(page, slug);
      expect(after.units).toBe(before[slug]!.units - quantity);
      for (const [lot, allocation] of allocations) {
        const was = before[slug]!.lots.get(lot);
        expect(was, `lot ${lot} was on sale`).toBeDefined();
        expect(allocation.href).toBe(was!.href);
        expect(after.lots.get(lot)?.units ?? 0).toBe(was!.units - allocation.quantity);
      }
      // The order line's lot opens that lot's origin page.
      const [firstLot, first] = [...allocations][0]!;
      await page.goto(first.href);
      await expect(page.getByText(firstLot).first()).toBeVisible();
      await page.goto(orderPage);
    }

    // Tân Cương sees its part only, confirms the money, packs, ships and delivers.
    const tanCuong = await managerPage(browser, TAN_CUONG.manager);
    await tanCuong.goto(`/workspace/${TAN_CUONG.slug}/orders`);
    const queue = tanCuong.getByTestId("order-queue");
    await expect(queue.locator(`tr[data-reference="${references[TAN_CUONG.slug]}"]`)).toBeVisible();
    await expect(queue.locator(`tr[data-reference="${references[BAO_THAI.slug]}"]`)).toHaveCount(0);
    await queue.getByRole("link", { name: references[TAN_CUONG.slug] }).click();
    await expect(tanCuong.getByRole("heading", { name: `Đơn ${references[TAN_CUONG.slug]}` })).toBeVisible();
    await expect(tanCuong.getByTestId("sub-order-payment")).toHaveText("Chưa thanh toán");
    const confirm = tanCuong.getByTestId("confirm-transfer");
    await expect(confirm).toContainText(formatVnd(900_000));
    await expect(confirm).toContainText(transferNote(references[TAN_CUONG.slug]!));
    await confirm.getByLabel("Mã giao dịch ngân hàng (không bắt buộc)").fill("FT26330123456");
    await confirm.getByRole("button", { name: "Xác nhận đã nhận tiền" }).click();
    await expect(tanCuong.getByRole("status")).toHaveText("Đã xác nhận nhận tiền chuyển khoản.");
    await expect(tanCuong.getByTestId("sub-order-status")).toHaveText("Đã xác nhận");
    await expect(tanCuong.getByTestId("sub-order-payment")).toHaveText("Đã thanh toán");

    // The packing slip and the CSV export open.
    await tanCuong.getByRole("link", { name: "Phiếu đóng gói" }).click();
    await expect(tanCuong).toHaveURL(new RegExp(`/orders/${references[TAN_CUONG.slug]}/packing-slip$`));
    await expect(tanCuong.getByRole("heading", { name: `Phiếu đóng gói ${references[TAN_CUONG.slug]}` })).toBeVisible();
    await expect(tanCuong.getByTestId("slip-recipient")).toContainText(guest.name);
    await expect(tanCuong.getByTestId("slip-recipient")).toContainText(guest.address);
    const slipLines = tanCuong.getByTestId("slip-lines");
    await expect(slipLines).toContainText("Chè Tân Cương đặc biệt");
    await expect(slipLines).not.toContainText("Gạo Bao Thai");
    // Each lot packed has its origin QR code and address.
    await expect(slipLines.getByRole("img", { name: /Quét mã để xem nguồn gốc lô/ }).first()).toBeVisible();
    await expect(slipLines.getByTestId("slip-origin-link").first()).toHaveAttribute("href", /\/origin\/[0-9A-Z]+$/);
    await tanCuong.goBack();
    const csv = await tanCuong.request.get(`/workspace/${TAN_CUONG.slug}/orders.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const csvText = await csv.text();
    expect(csvText).toContain(references[TAN_CUONG.slug]);
    expect(csvText).not.toContain(references[BAO_THAI.slug]);

    await fulfil(tanCuong, "VTP-TC-20261");

    // The other cooperative cannot open Tân Cương's part, and sees only its own.
    const baoThai = await managerPage(browser, BAO_THAI.manager);
    const foreign = await baoThai.goto(`/workspace/${BAO_THAI.slug}/orders/${references[TAN_CUONG.slug]}`);
    expect(foreign?.status()).toBe(404);
    await baoThai.goto(`/workspace/${BAO_THAI.slug}/orders`);
    const baoQueue = baoThai.getByTestId("order-queue");
    await expect(baoQueue.locator(`tr[data-reference="${references[BAO_THAI.slug]}"]`)).toBeVisible();
    await expect(baoQueue.locator(`tr[data-reference="${references[TAN_CUONG.slug]}"]`)).toHaveCount(0);
    await baoQueue.getByRole("link", { name: references[BAO_THAI.slug] }).click();
    await baoThai.getByTestId("confirm-transfer").getByRole("button", { name: "Xác nhận đã nhận tiền" }).click();
    await expect(baoThai.getByTestId("sub-order-status")).toHaveText("Đã xác nhận");
    await fulfil(baoThai, "VTP-BT-20262");

    // The buyer, on another device, finds the order by number and phone and sees the history.
    const phone = await browser.newContext();
    const buyer = await phone.newPage();
    // Its link (as in the confirmation mail) asks for the phone number here rather than showing the order.
    expect((await buyer.goto(`/orders/${number}`))?.status()).toBe(200);
    await expect(buyer.getByRole("heading", { name: `Xem đơn hàng ${number}` })).toBeVisible();
    await expect(buyer.getByTestId("order-status")).toHaveCount(0);
    await buyer.goto("/orders/lookup");
    await buyer.getByLabel("Mã đơn").fill(number);
    await buyer.getByLabel("Số điện thoại").fill(guest.phone);
    await buyer.getByRole("button", { name: "Tra cứu" }).click();
    await expect(buyer).toHaveURL(new RegExp(`/orders/${number}$`));
    await expect(buyer.getByTestId("order-status")).toHaveText("Đã giao");
    for (const coop of [TAN_CUONG, BAO_THAI]) {
      const section = subOrderOf(buyer, coop.name);
      await expect(section.getByTestId("sub-order-status")).toHaveText("Đã giao");
      const history = section.getByTestId("order-history").getByRole("listitem");
      await expect(history.locator("strong")).toHaveText(["Đã đặt hàng", "Chờ xác nhận", "Đã thanh toán", "Đã xác nhận", "Đã đóng gói", "Đang giao", "Đã giao"]);
      await expect(section.getByTestId("transfer-instructions")).toHaveCount(0);
      // Staff names stay inside the cooperative.
      await expect(section.getByTestId("order-history")).not.toContainText("bởi");
    }
    await expect(subOrderOf(buyer, TAN_CUONG.name).getByTestId("tracking-number")).toHaveText("VTP-TC-20261");
    await docsScreenshot(buyer, "order", { fullPage: true });
    await phone.close();
    await tanCuong.context().close();
    await baoThai.context().close();
  });

  test("card through Stripe Checkout: the hosted page takes the payment, only the signed webhook marks the order paid", async ({
    browser,
    page,
  }) => {
    test.setTimeout(120_000);
    const tea = "che-tan-cuong-tom-non";
    const honey = "mat-ong-rung-ba-be";
    const before = { tea: (await readOffer(page, tea)).units, honey: (await readOffer(page, honey)).units };
    await addToCart(page, tea, 1);
    await addToCart(page, honey, 2);
    await placeOrder(page, "Thẻ ngân hàng / thẻ quốc tế (Stripe)");

    // The browser is on the (fake) Stripe page, with the amount computed by the server.
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_\w+$/);
    await expect(page.getByTestId("amount")).toHaveText(`${new Intl.NumberFormat("vi-VN").format(220_000 + 2 * 350_000)} VND`);
    const back = await page.getByRole("link", { name: "Back" }).getAttribute("href");
    const orderUrl = new URL(back!);
    const number = /\/orders\/(DH-[0-9A-Z]+)/.exec(orderUrl.pathname)![1]!;

    // Until Stripe says so the order only holds the stock; coming back by the success address pays nothing.
    const shopper = await page.context().newPage();
    await shopper.goto(`/orders/${number}?card=success`);
    await expect(shopper.getByTestId("order-status")).toHaveText("Chờ thanh toán");
    await expect(shopper.getByRole("status")).toHaveText(/Stripe đang xác nhận thanh toán/);
    await expect(shopper.getByRole("button", { name: "Thanh toán bằng thẻ" })).toBeVisible();
    expect((await readOffer(shopper, tea)).units).toBe(before.tea - 1);
    expect((await readOffer(shopper, honey)).units).toBe(before.honey - 2);
    // A webhook that is not signed with the secret changes nothing.
    const forged = await shopper.request.post("/webhooks/stripe", {
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=deadbeef" },
      data: { id: "evt_forged", type: "checkout.session.completed", data: { object: { id: "cs_test_forged", payment_status: "paid" } } },
    });
    expect(forged.status()).toBe(400);
    await shopper.goto(`/orders/${number}`);
    await expect(shopper.getByTestId("order-status")).toHaveText("Chờ thanh toán");
    // A validly signed event for a session the app never created, paying 1 USD, is recorded but pays nothing.
    const sessionId = /\/pay\/(cs_test_\w+)$/.exec(page.url())![1]!;
    const fakeApi = new URL(page.url()).origin;
    const real = (await (await shopper.request.get(`${fakeApi}/v1/checkout/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${FAKE_API_KEY}` } })).json()) as {
      metadata: { order_id: string };
    };
    const foreign = JSON.stringify({
      id: `evt_foreign_${sessionId}`,
      object: "event",
      type: "checkout.session.completed",
      data: {
        object: { id: `cs_test_foreign_${sessionId}`, object: "checkout.session", status: "complete", payment_status: "paid", amount_total: 100, currency: "usd", created: Math.floor(Date.now() / 1000), expires_at: Math.floor(Date.now() / 1000) + 3600, metadata: { order_id: real.metadata.order_id }, payment_intent: "pi_foreign" },
      },
    });
    const signed = await shopper.request.post("/webhooks/stripe", {
      headers: { "Content-Type": "application/json", "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({ payload: foreign, secret: FAKE_WEBHOOK_SECRET }) },
      data: foreign,
    });
    expect(signed.status()).toBe(200);
    await shopper.goto(`/orders/${number}`);
    await expect(shopper.getByTestId("order-status")).toHaveText("Chờ thanh toán");
    // "Pay by card" leads back to the same open session.
    await shopper.getByRole("button", { name: "Thanh toán bằng thẻ" }).click();
    await expect(shopper).toHaveURL(page.url());
    await shopper.close();

    // Pay: the fake completes the session, posts the signed webhook to the app, then returns the buyer.
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${number}\\?card=success$`));
    await expect(page.getByRole("status")).toHaveText(/Đã nhận thanh toán thẻ/);
    await expect(page.getByTestId("order-status")).toHaveText("Đã xác nhận");
    for (const section of await page.getByTestId("sub-order").all()) {
      await expect(section.getByTestId("sub-order-status")).toHaveText("Đã xác nhận");
      await expect(section).toContainText("Đã thanh toán");
    }
    await expect(page.getByRole("button", { name: "Thanh toán bằng thẻ" })).toHaveCount(0);
    const reference = await referenceOf(page, TAN_CUONG.name);
    // Paying did not take the stock a second time.
    expect((await readOffer(page, tea)).units).toBe(before.tea - 1);
    expect((await readOffer(page, honey)).units).toBe(before.honey - 2);

    // Tân Cương sees its part paid and takes it to delivered; the buyer sees it.
    const tanCuong = await managerPage(browser, TAN_CUONG.manager);
    await tanCuong.goto(`/workspace/${TAN_CUONG.slug}/orders/${reference}`);
    await expect(tanCuong.getByTestId("sub-order-payment")).toHaveText("Đã thanh toán");
    await expect(tanCuong.getByTestId("confirm-transfer")).toHaveCount(0);
    await expect(tanCuong.getByTestId("order-lines")).not.toContainText("Mật ong");
    // The flagged payment is shown to the cooperative, and to the department.
    await expect(tanCuong.getByTestId("payment-flag")).toHaveCount(1);
    await expect(tanCuong.getByTestId("payment-flag")).toContainText("USD");
    const officer = await managerPage(browser, demo.officer);
    await officer.goto("/department/market");
    await expect(officer.getByTestId("payment-flag").filter({ hasText: number })).toHaveCount(1);
    await officer.context().close();
    await fulfil(tanCuong, "GHN-TC-77001");
    await tanCuong.context().close();
    await page.goto(`/orders/${number}`);
    await expect(subOrderOf(page, TAN_CUONG.name).getByTestId("sub-order-status")).toHaveText("Đã giao");
    await expect(subOrderOf(page, "Hợp tác xã Mật Ong Ba Bể").getByTestId("sub-order-status")).toHaveText("Đã xác nhận");
  });

  test("cash on delivery: the cooperative accepts the order and delivers it", async ({ browser, page }) => {
    test.setTimeout(90_000);
    const tea = "che-tan-cuong-moc-cau";
    const herbs = "tra-giao-co-lam-bac-kan";
    const before = (await readOffer(page, tea)).units;
    await addToCart(page, tea, 4);
    await addToCart(page, herbs, 1);
    await placeOrder(page, "Trả tiền mặt khi nhận hàng", { ...guest, phone: "+84 987 654 321", note: "Gọi trước khi giao" });
    const number = await orderNumberOf(page);
    await expect(page.getByTestId("order-status")).toHaveText("Chờ xác nhận");
    await expect(page.getByTestId("order-facts")).toContainText("Thanh toán khi nhận hàng");
    await expect(page.getByTestId("transfer-instructions")).toHaveCount(0);
    const reference = await referenceOf(page, TAN_CUONG.name);
    expect((await readOffer(page, tea)).units).toBe(before - 4);

    const tanCuong = await managerPage(browser, TAN_CUONG.manager);
    await tanCuong.goto(`/workspace/${TAN_CUONG.slug}/orders?status=pending`);
    await tanCuong.getByTestId("order-queue").getByRole("link", { name: reference }).click();
    await expect(tanCuong.getByText("Gọi trước khi giao")).toBeVisible();
    await expect(tanCuong.getByTestId("confirm-transfer")).toHaveCount(0);
    await step(tanCuong, "Nhận đơn (thanh toán khi nhận hàng)", "Đã xác nhận");
    await fulfil(tanCuong, "VNP-TC-30003");
    // The manager sets how long an unconfirmed cash order holds the stock; a bad value is refused by the field.
    await tanCuong.goto(`/workspace/${TAN_CUONG.slug}/listings`);
    const hold = tanCuong.getByTestId("cash-hold");
    await expect(hold.getByLabel("Số giờ giữ hàng chờ xác nhận")).toHaveValue("48");
    await hold.getByLabel("Số giờ giữ hàng chờ xác nhận").fill("0");
    await hold.getByRole("button", { name: "Lưu" }).click();
    await expect(tanCuong.getByTestId("cash-hold").getByRole("alert")).toHaveText("Nhập số giờ nguyên từ 1 đến 720.");
    await tanCuong.getByTestId("cash-hold").getByLabel("Số giờ giữ hàng chờ xác nhận").fill("48");
    await tanCuong.getByTestId("cash-hold").getByRole("button", { name: "Lưu" }).click();
    await expect(tanCuong.getByTestId("cash-hold").getByRole("status")).toHaveText("Đã lưu thời hạn giữ hàng.");
    await tanCuong.context().close();

    // The buyer looks the order up with the phone written another way.
    const phone = await browser.newContext();
    const buyer = await phone.newPage();
    await buyer.goto("/orders/lookup");
    await buyer.getByLabel("Mã đơn").fill(number.toLowerCase());
    await buyer.getByLabel("Số điện thoại").fill("0987654321");
    await buyer.getByRole("button", { name: "Tra cứu" }).click();
    await expect(buyer).toHaveURL(new RegExp(`/orders/${number}$`));
    await expect(subOrderOf(buyer, TAN_CUONG.name).getByTestId("sub-order-status")).toHaveText("Đã giao");
    // A wrong phone finds nothing, and says so.
    await buyer.goto("/orders/lookup");
    await buyer.getByLabel("Mã đơn").fill(number);
    await buyer.getByLabel("Số điện thoại").fill("0900000000");
    await buyer.getByRole("button", { name: "Tra cứu" }).click();
    await expect(buyer.getByRole("alert")).toBeVisible();
    await phone.close();
  });
});

test.describe("a signed-in consumer", () => {
  test("a guest cart is merged at sign-in, and the order is listed under My orders", async ({ browser, page }) => {
    await addToCart(page, "che-la-bang-moc-cau", 1);
    await addToCart(page, "mien-dong-na-ri-dac-biet", 2);
    await expect(page.getByTestId("cart-count")).toHaveText(" (3)");
    await signIn(page, demo.consumer);
    await page.goto("/cart");
    const lines = page.getByTestId("cart-line");
    await expect(lines.filter({ hasText: "Chè La Bằng móc câu" })).toBeVisible();
    await expect(lines.filter({ hasText: "Miến dong Na Rì loại đặc biệt" })).toBeVisible();
    // The account fills in the contact.
    await page.goto("/checkout");
    await expect(page.getByLabel("Email (không bắt buộc)")).toHaveValue(demo.consumer);
    await expect(page.getByLabel("Họ và tên")).not.toHaveValue("");
    await placeOrder(page, "Trả tiền mặt khi nhận hàng", { ...guest, phone: "0911 222 333" });
    const number = await orderNumberOf(page);

    // From another device, signed in: the order is in My orders and opens by account.
    const other = await browser.newContext();
    const mine = await other.newPage();
    await signIn(mine, demo.consumer);
    await mine.getByRole("link", { name: "Đơn hàng của tôi" }).click();
    await expect(mine).toHaveURL(/\/orders$/);
    const row = mine.getByTestId("my-orders").getByRole("row").filter({ hasText: number });
    await expect(row).toContainText("Chờ xác nhận");
    await row.getByRole("link", { name: number }).click();
    await expect(mine.getByRole("heading", { level: 1 })).toHaveText(`Đơn hàng ${number}`);
    await expect(mine.getByTestId("sub-order")).toHaveCount(2);
    await other.close();
  });
});
