import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { parseEmvco, transferNote } from "../../app/market/vietqr";
import { demo, signIn } from "./support/auth";
import { addToCart, formatVnd, orderNumberOf, placeOrder } from "./support/shop";

/*
 * Paying by VietQR on a 390×844 phone: the checkout says up front that a cart of two cooperatives means two
 * transfers; the order page names each bank and account holder, copies account, amount and note, and saves the QR
 * as a picture a banking app can open. Buys mien-dong-na-ri (Na Rì, BIDV) and cao-giao-co-lam
 * (Dược liệu Xanh Bắc Kạn, Techcombank); no stock count is checked here.
 */

const PHONE = { width: 390, height: 844 };
const PARTS = [
  { slug: "mien-dong-na-ri", cooperative: "Hợp tác xã Miến Dong Na Rì", bank: "BIDV", holder: "HTX MIEN DONG NA RI", account: "85010000451207", amount: 2 * 45_000 },
  { slug: "cao-giao-co-lam", cooperative: "Công ty TNHH Dược liệu Xanh Bắc Kạn", bank: "Techcombank", holder: "CONG TY TNHH DUOC LIEU XANH BAC KAN", account: "19036624581018", amount: 250_000 },
];


test("VietQR on a phone: two transfers said up front, bank names, copy buttons and a saved QR image", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: "vi-VN", permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await addToCart(page, PARTS[0]!.slug, 2);
  await addToCart(page, PARTS[1]!.slug, 1);

  await page.goto("/checkout");
  const transferChoice = page.locator("label.choice").filter({ has: page.getByRole("radio", { name: /Chuyển khoản ngân hàng \(VietQR\)/ }) });
  await expect(transferChoice.getByTestId("transfer-split")).toHaveText(
    "Giỏ hàng có hàng của 2 hợp tác xã: bạn sẽ chuyển khoản 2 lần, mỗi lần cho một hợp tác xã với mã QR riêng.",
  );
  // The other ways to pay say nothing about transfers.
  await expect(page.getByTestId("transfer-split")).toHaveCount(1);

  await placeOrder(page, "Chuyển khoản ngân hàng (VietQR)");
  await orderNumberOf(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  for (const part of PARTS) {
    const section = page.getByTestId("sub-order").filter({ has: page.getByRole("heading", { level: 2, name: new RegExp(`^${part.cooperative}`) }) });
    const reference = (await section.getAttribute("data-reference"))!;
    const transfer = section.getByTestId("transfer-instructions");
    await expect(transfer.getByTestId("transfer-bank")).toHaveText(part.bank);
    await expect(transfer).not.toContainText("BIN");
    await expect(transfer.getByTestId("transfer-account-name")).toHaveText(part.holder);
    await expect(transfer.getByTestId("transfer-account")).toHaveText(part.account);
    await expect(transfer.getByTestId("transfer-amount")).toHaveText(formatVnd(part.amount));
    await expect(transfer.getByTestId("transfer-note")).toHaveText(transferNote(reference));

    // Each copy button puts its value on the clipboard (the amount as bare digits) and says so.
    const copies = [
      { name: "Sao chép số tài khoản", value: part.account },
      { name: "Sao chép số tiền chính xác", value: String(part.amount) },
      { name: "Sao chép nội dung chuyển khoản", value: transferNote(reference) },
    ];
    for (const copy of copies) {
      const button = transfer.getByRole("button", { name: copy.name });
      const box = (await button.boundingBox())!;
      expect(box.height, "a button a finger can press").toBeGreaterThanOrEqual(32);
      await button.tap();
      await expect(transfer.getByRole("button", { name: "Đã sao chép" })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copy.value);
      await expect(transfer.getByRole("button", { name: "Đã sao chép" })).toHaveCount(0, { timeout: 8_000 });
    }

    // "Save QR image" downloads a PNG holding the same VietQR payload.
    const downloading = page.waitForEvent("download");
    await transfer.getByRole("link", { name: "Lưu ảnh mã QR" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`VietQR-${transferNote(reference).replace(/ /g, "-")}.png`);
    const png = PNG.sync.read(readFileSync((await download.path())!));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
    expect(decoded).toBe(await transfer.getByRole("img").getAttribute("data-payload"));
    const fields = parseEmvco(decoded!);
    expect(fields?.get("54")).toBe(String(part.amount));
    expect(fields?.get("38")).toContain(part.account);
  }
  await context.close();
});

test("VietQR on a phone without JavaScript: the values are plain text to select, and the QR image still saves", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, javaScriptEnabled: false, locale: "vi-VN" });
  const page = await context.newPage();
  await addToCart(page, PARTS[1]!.slug, 1);
  await page.goto("/checkout");
  // One cooperative: one transfer, nothing to warn about.
  await expect(page.getByTestId("transfer-split")).toHaveCount(0);
  await placeOrder(page, "Chuyển khoản ngân hàng (VietQR)");
  await orderNumberOf(page);
  const transfer = page.getByTestId("transfer-instructions");
  await expect(transfer.getByTestId("transfer-bank")).toHaveText("Techcombank");
  await expect(transfer.getByTestId("transfer-account")).toHaveText(PARTS[1]!.account);
  await expect(transfer.getByRole("button")).toHaveCount(0);
  const downloading = page.waitForEvent("download");
  await transfer.getByRole("link", { name: "Lưu ảnh mã QR" }).click();
  expect((await downloading).suggestedFilename()).toMatch(/^VietQR-DH-[0-9A-Z]+-\d+\.png$/);
  await context.close();
});

test("the demo consumer lands on their account, finds the seeded orders, and the one awaiting its transfer shows the QR", async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const page = await context.newPage();
  await signIn(page, demo.consumer);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole("link", { name: "Đơn hàng của tôi" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const rows = page.getByTestId("my-orders").getByRole("row");
  await expect(rows.filter({ hasText: "05/10/2026" })).toContainText("Đã giao");
  await expect(rows.filter({ hasText: "19/11/2026" })).toContainText("Đang giao");
  const waiting = rows.filter({ hasText: "22/11/2026" });
  await expect(waiting).toContainText("Chờ xác nhận");
  await waiting.getByRole("link").click();
  const transfer = page.getByTestId("transfer-instructions");
  await expect(transfer.getByTestId("transfer-bank")).toHaveText("Agribank");
  await expect(transfer.getByTestId("transfer-account-name")).toHaveText("HTX CHE TAN CUONG XANH");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await context.close();
});
