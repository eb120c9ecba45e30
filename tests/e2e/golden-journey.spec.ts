import { existsSync } from "node:fs";
import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { decodeFirstPdfLabel } from "./support/labels";
import { startServer, type SpecServer } from "./support/server";
import { addToCart, formatVnd, guest, orderNumberOf, placeOrder, vnd } from "./support/shop";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-test-server";

/*
 * The golden journey, as first-time users take it with the demo accounts, on a server of its own (fresh demo data,
 * mail over SMTP to a local server): the Tân Cương manager records a lot with a trace step and prints its labels; a
 * consumer scans the printed code on a phone, buys the tea by VietQR transfer and is mailed; the cooperative sees the
 * new order on its Orders tab and in its mail, confirms the money and ships; the buyer hears of the parcel; the
 * department officer signs in to the overview and finds the sale, paid, on the market dashboard.
 */

const TAN_CUONG = { slug: "htx-che-tan-cuong-xanh", name: "Hợp tác xã Chè Tân Cương Xanh" };
const ws = `/workspace/${TAN_CUONG.slug}`;
const PRODUCT = { slug: "che-tan-cuong-dac-biet", nameVi: "Chè Tân Cương đặc biệt", gtin: "08936041100015" };
const BUYER_EMAIL = "lan.golden@example.vn";
const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "vi-VN",
};

let smtp: TestSmtpServer | undefined;
let server: SpecServer | undefined;
let baseURL = "";

test.beforeAll(async () => {
  test.setTimeout(240_000);
  smtp = await startTestSmtpServer();
  server = await startServer({ freshData: true, env: { DEMO_ACCOUNTS: "true", SMTP_URL: smtp.url, MAIL_FROM: "OCOP Trace <no-reply@ocop.test>" } });
  baseURL = server.baseURL;
});

test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...options, baseURL });
  return context.newPage();
}

/** The count on the workspace's Orders tab (0 when there is no badge). */
async function newOrdersCount(page: Page): Promise<number> {
  await page.goto(ws);
  const badge = page.getByRole("navigation").getByTestId("new-orders-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
}

/** This month in Vietnam (YYYY-MM), the month the order is counted in. */
function vietnamMonth(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit" }).format(new Date());
}

test("manager labels a new lot → consumer scans, buys and is mailed → cooperative is alerted and ships → officer sees the paid sale", async ({ browser }) => {
  test.setTimeout(240_000);
  test.skip(!existsSync("/usr/bin/pdftoppm"), "poppler's pdftoppm renders the printed label to decode it");

  // 1. The manager records a new lot of the special tea, with a storing step on its timeline.
  const manager = await newPage(browser);
  await signIn(manager, demo.tanCuongManager);
  const ordersBefore = await newOrdersCount(manager);
  const lot = `GJ${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await manager.goto(`${ws}/batches/new`);
  await manager.locator("select[name=productId]").selectOption({ label: PRODUCT.nameVi });
  await manager.locator("[name=lotCode]").fill(lot);
  await manager.locator("[name=quantity]").fill("40");
  await manager.locator("[name=producedOn]").fill("2026-11-20");
  await manager.getByRole("button", { name: "Lưu" }).click();
  await expect(manager.getByRole("heading", { level: 2 })).toContainText(lot);
  const lotPage = manager.url();
  await manager.goto(`${lotPage}?step=storing`);
  const step = manager.getByTestId("step-form");
  await step.locator("[name=eventTime]").fill("2026-11-21T09:00");
  await step.locator("[name=conditions]").fill("kho khô, dưới 25 °C");
  await step.getByRole("button", { name: "Lưu" }).click();
  await expect(manager.getByText("Đã ghi vào nhật ký.")).toBeVisible();
  await expect(manager.getByTestId("timeline")).toContainText("Lưu kho");

  // ...and prints its labels: the PDF sheet downloads, and its first code decodes to the lot's address.
  await manager.goto(lotPage);
  await manager.getByTestId("labels-link").click();
  await expect(manager).toHaveURL(/\/labels$/);
  const pdf = await manager.request.get(`${manager.url()}/batch.pdf?size=50x30`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const scanned = decodeFirstPdfLabel(await pdf.body());
  expect(scanned).toBe(`${baseURL}/01/${PRODUCT.gtin}/10/${lot}`);

  // 2. A consumer scans the label on a phone: the lot's origin page, then the product, into the cart, to checkout.
  const consumer = await newPage(browser, phone);
  await consumer.goto(new URL(scanned!).pathname);
  await expect(consumer.locator("body")).toContainText(lot);
  await expect(consumer.locator("body")).toContainText("Lưu kho");
  expect(await consumer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await consumer.getByTestId("buy").click();
  await expect(consumer).toHaveURL(new RegExp(`/products/${PRODUCT.slug}$`));
  const price = vnd((await consumer.getByTestId("product-price").innerText()).split("\n")[0]!);
  await addToCart(consumer, PRODUCT.slug, 1);
  await placeOrder(consumer, "Chuyển khoản ngân hàng (VietQR)", { ...guest, email: BUYER_EMAIL });
  const number = await orderNumberOf(consumer);
  const reference = (await consumer.getByTestId("sub-order").first().getAttribute("data-reference"))!;
  expect(reference).toMatch(new RegExp(`^${number}-\\d+$`));
  const confirmation = await smtp!.waitFor(BUYER_EMAIL, (m) => m.subject.includes(number));
  expect(confirmation.subject).toBe(`Đã nhận đơn hàng ${number}`);
  expect(confirmation.text).toContain(`${baseURL}/orders/${number}`);

  // 3. The cooperative: the new order on its Orders tab and in its mail; it confirms the money and ships.
  const alert = await smtp!.waitFor(demo.tanCuongManager, (m) => m.subject.includes(reference));
  expect(alert.subject).toBe(`Đơn hàng mới ${reference} trên OCOP Trace`);
  expect(await newOrdersCount(manager)).toBe(ordersBefore + 1);
  await manager.getByRole("link", { name: /Đơn hàng.*đơn mới/ }).click();
  await manager.getByRole("link", { name: reference }).click();
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Chờ xác nhận");
  await manager.getByTestId("confirm-transfer").getByRole("button", { name: "Xác nhận đã nhận tiền" }).click();
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Đã xác nhận");
  await manager.getByRole("button", { name: "Đã đóng gói", exact: true }).click();
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Đã đóng gói");
  const ship = manager.getByTestId("ship-form");
  await ship.getByLabel("Đơn vị vận chuyển").fill("Viettel Post");
  await ship.getByLabel("Mã vận đơn").fill("VTP-GOLDEN-1");
  await manager.getByRole("button", { name: "Giao cho vận chuyển", exact: true }).click();
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Đang giao");
  expect(await newOrdersCount(manager)).toBe(ordersBefore);

  // The buyer hears of the parcel, and sees it on the order page.
  const shipped = await smtp!.waitFor(BUYER_EMAIL, (m) => m.subject === `Đơn hàng ${number}: ${TAN_CUONG.name} đã gửi hàng`);
  expect(shipped.text).toContain("Mã vận đơn: VTP-GOLDEN-1");
  await consumer.reload();
  await expect(consumer.getByTestId("tracking-number")).toContainText("VTP-GOLDEN-1");

  // 4. The officer signs in to the department overview, and the market dashboard of this month shows the sale,
  // paid (the first dashboard visit builds the rollups from the records), with nothing of it awaiting payment.
  const officer = await newPage(browser);
  await signIn(officer, demo.officer);
  await expect(officer).toHaveURL(/\/department$/);
  const month = vietnamMonth();
  await officer.goto(`/department/market?province=19&from=${month}&to=${month}`);
  await expect(officer.getByTestId("paid-sales")).toHaveText(formatVnd(price));
  await expect(officer.getByTestId("awaiting-payment")).toHaveText(formatVnd(0));
  const monthRow = officer.locator('section[data-table="months"] tbody tr').first();
  await expect(monthRow.locator("td").nth(1)).toHaveAttribute("data-value", String(price));
});
