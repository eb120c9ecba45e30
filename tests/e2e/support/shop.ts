import { expect, type Page } from "@playwright/test";

/**
 * Storefront steps as a shopper takes them (Vietnamese interface, the default). Each spec buys its
 * own products (see the product list in tests/e2e/orders.spec.ts) so that stock counts stay exact
 * while specs run in parallel.
 */

/** "1.025.000 ₫" → 1025000. */
export function vnd(text: string): number {
  const digits = text.replace(/[^\d]/g, "");
  expect(digits, `an amount in "${text}"`).not.toBe("");
  return Number(digits);
}

/** Formats integer VND the way the app shows it to Vietnamese readers ("1.025.000 ₫"). */
export function formatVnd(amount: number): string {
  return `${new Intl.NumberFormat("vi-VN").format(amount)} ₫`;
}

export interface Offer {
  /** Units on sale now (the product page's stock line). */
  units: number;
  /** Units on sale per lot, by lot code, with each lot's origin address. */
  lots: Map<string, { units: number; href: string }>;
}

/** Reads a product page's stock line and its lots on sale. */
export async function readOffer(page: Page, slug: string): Promise<Offer> {
  await page.goto(`/products/${slug}`);
  const stock = (await page.getByTestId("product-stock").innerText()).split("\n")[0]!;
  const units = /hết hàng/i.test(stock) ? 0 : vnd(stock);
  const lots = new Map<string, { units: number; href: string }>();
  for (const link of await page.getByTestId("lots-on-sale").getByRole("link").all()) {
    const text = await link.innerText();
    const match = /^Lô (\S+) — .*, còn (\d+)$/.exec(text.trim());
    expect(match, `a lot line: "${text}"`).not.toBeNull();
    lots.set(match![1]!, { units: Number(match![2]), href: (await link.getAttribute("href"))! });
  }
  return { units, lots };
}

/** Adds a product to the cart from its page (works with and without JavaScript). */
export async function addToCart(page: Page, slug: string, quantity = 1): Promise<void> {
  await page.goto(`/products/${slug}`);
  const offer = page.getByTestId("product-offer");
  await offer.getByLabel(/Số lượng/).fill(String(quantity));
  await offer.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(page).toHaveURL(/\/cart\?notice=(added|capped)/);
}

export type PaymentChoice = "Chuyển khoản ngân hàng (VietQR)" | "Trả tiền mặt khi nhận hàng" | "Thẻ ngân hàng / thẻ quốc tế (Stripe)";

export interface Buyer {
  name: string;
  phone: string;
  email?: string;
  /** A commune of Thái Nguyên from the list. */
  commune: string;
  address: string;
  note?: string;
}

export const guest: Buyer = {
  name: "Nguyễn Thị Lan",
  phone: "0912 345 678",
  commune: "Tân Cương",
  address: "Xóm 5, đường Chè",
};

/** Fills the checkout form (cart must hold something) and places the order. */
export async function placeOrder(page: Page, payment: PaymentChoice, buyer: Buyer = guest): Promise<void> {
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Đặt hàng" })).toBeVisible();
  await page.getByLabel("Họ và tên").fill(buyer.name);
  await page.getByLabel("Số điện thoại di động").fill(buyer.phone);
  if (buyer.email) await page.getByLabel("Email (không bắt buộc)").fill(buyer.email);
  await page.getByLabel("Xã / phường", { exact: true }).selectOption({ label: buyer.commune });
  await page.getByLabel("Số nhà, đường, thôn / xóm").fill(buyer.address);
  if (buyer.note) await page.getByLabel("Ghi chú giao hàng (không bắt buộc)").fill(buyer.note);
  await page.getByRole("radio", { name: new RegExp(escapeRegExp(payment)) }).check();
  await page.locator("form").getByRole("button", { name: "Đặt hàng" }).click();
}

/** The order number from an order page's address. */
export async function orderNumberOf(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/orders\/DH-[0-9A-Z]+/);
  return /\/orders\/(DH-[0-9A-Z]+)/.exec(page.url())![1]!;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
