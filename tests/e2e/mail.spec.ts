import { expect, test, type Browser, type Page } from "@playwright/test";
import { transferNote } from "../../app/market/vietqr";
import { demo, signIn } from "./support/auth";
import { startServer, type SpecServer } from "./support/server";
import { addToCart, guest, orderNumberOf, placeOrder } from "./support/shop";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-test-server";

/*
 * Mail over SMTP: a server of its own, configured with SMTP_URL pointing at a real SMTP server (smtp-server) this
 * spec starts on 127.0.0.1. A consumer checks out; the confirmation reaches them with the order link (from
 * PUBLIC_URL) and the VietQR transfer details; the cooperative's manager is alerted and sees the new order counted on
 * the Orders tab; the order link opened on another device asks for the phone number, then shows the order.
 */

const TAN_CUONG = { slug: "htx-che-tan-cuong-xanh", name: "Hợp tác xã Chè Tân Cương Xanh" };
const FROM = "OCOP Trace <no-reply@ocop.test>";

let smtp: TestSmtpServer | undefined;
let server: SpecServer | undefined;
let baseURL = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  smtp = await startTestSmtpServer();
  server = await startServer({ freshData: true, env: { DEMO_ACCOUNTS: "true", SMTP_URL: smtp.url, MAIL_FROM: FROM } });
  baseURL = server.baseURL;
});

test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

/** The count on the workspace's Orders tab (0 when there is no badge). */
async function newOrdersCount(page: Page): Promise<number> {
  const badge = page.getByRole("navigation").getByTestId("new-orders-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
}

test("a consumer's order is confirmed by mail, the cooperative is alerted, and the mailed link works on another device", async ({ browser }) => {
  test.setTimeout(120_000);
  // The manager's Orders tab before the order.
  const manager = await newPage(browser);
  await signIn(manager, demo.tanCuongManager);
  await manager.goto(`/workspace/${TAN_CUONG.slug}`);
  const before = await newOrdersCount(manager);

  // The consumer checks out (signed in), paying by VietQR transfer.
  const consumer = await newPage(browser);
  await signIn(consumer, demo.consumer);
  await addToCart(consumer, "che-tan-cuong-dac-biet", 1);
  await placeOrder(consumer, "Chuyển khoản ngân hàng (VietQR)", { ...guest, email: demo.consumer });
  const number = await orderNumberOf(consumer);
  const reference = await consumer.getByTestId("sub-order").first().getAttribute("data-reference");
  expect(reference).toMatch(/^DH-[0-9A-Z]+-\d+$/);

  // The confirmation arrives over SMTP, with the link on the public address and the transfer details.
  const confirmation = await smtp!.waitFor(demo.consumer, (m) => m.subject.includes(number));
  expect(confirmation.subject).toBe(`Đã nhận đơn hàng ${number}`);
  expect(confirmation.headers.from).toContain("no-reply@ocop.test");
  const orderLink = `${baseURL}/orders/${number}`;
  expect(confirmation.text).toContain(orderLink);
  expect(confirmation.html).toContain(`href="${orderLink}"`);
  expect(confirmation.text).toContain(`Nội dung chuyển khoản: ${transferNote(reference!)}`);
  expect(confirmation.text).toMatch(/Số tài khoản: \d{6,19}/);
  expect(confirmation.text).toMatch(/Ngân hàng: \S+/);
  expect(confirmation.text).toMatch(/Số tiền: [\d.]+\s₫/);
  // The transfer details in the mail are the ones on the order page.
  const pageText = await consumer.locator("main").innerText();
  const account = /Số tài khoản: (\d+)/.exec(confirmation.text)![1]!;
  expect(pageText).toContain(account);

  // The cooperative's manager is alerted, with a link to the order in the workspace.
  const alert = await smtp!.waitFor(demo.tanCuongManager, (m) => m.subject.includes(reference!));
  expect(alert.subject).toBe(`Đơn hàng mới ${reference} trên OCOP Trace`);
  const workspaceLink = `${baseURL}/workspace/${TAN_CUONG.slug}/orders/${reference}`;
  expect(alert.text).toContain(workspaceLink);

  // ...and sees one more new order on the Orders tab.
  await manager.goto(`/workspace/${TAN_CUONG.slug}`);
  expect(await newOrdersCount(manager)).toBe(before + 1);
  await expect(manager.getByRole("link", { name: /Đơn hàng.*đơn mới/ })).toBeVisible();
  await manager.goto(new URL(workspaceLink).pathname);
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Chờ xác nhận");

  // The mailed link on another device (no cookie that owns the order): the phone number first.
  const phone = await newPage(browser);
  const opened = await phone.goto(new URL(orderLink).pathname);
  expect(opened?.status()).toBe(200);
  await expect(phone.getByRole("heading", { level: 1, name: `Xem đơn hàng ${number}` })).toBeVisible();
  await expect(phone.getByTestId("order-facts")).toHaveCount(0);
  await phone.getByLabel("Số điện thoại").fill("0900 000 000");
  await phone.getByRole("button", { name: "Xem đơn" }).click();
  await expect(phone.getByRole("alert")).toHaveText("Mã đơn hoặc số điện thoại không đúng.");
  await expect(phone.getByTestId("order-facts")).toHaveCount(0);
  await phone.getByLabel("Số điện thoại").fill(guest.phone);
  await phone.getByRole("button", { name: "Xem đơn" }).click();
  await expect(phone).toHaveURL(new RegExp(`/orders/${number}$`));
  await expect(phone.getByRole("heading", { level: 1, name: new RegExp(number) })).toBeVisible();
  await expect(phone.getByTestId("sub-order")).toHaveAttribute("data-reference", reference!);
  // From now on this device sees it directly.
  await phone.reload();
  await expect(phone.getByTestId("order-facts")).toBeVisible();

  // The cooperative receives the money and ships: the count goes down and the buyer hears of the parcel.
  await manager.getByTestId("confirm-transfer").getByRole("button", { name: "Xác nhận đã nhận tiền" }).click();
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Đã xác nhận");
  await manager.goto(`/workspace/${TAN_CUONG.slug}`);
  expect(await newOrdersCount(manager)).toBe(before);
  await manager.goto(new URL(workspaceLink).pathname);
  await manager.getByRole("button", { name: "Đã đóng gói", exact: true }).click();
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Đã đóng gói");
  const ship = manager.getByTestId("ship-form");
  await ship.getByLabel("Đơn vị vận chuyển").fill("Viettel Post");
  await ship.getByLabel("Mã vận đơn").fill("VTP-MAIL-1");
  await manager.getByRole("button", { name: "Giao cho vận chuyển", exact: true }).click();
  await expect(manager.getByTestId("sub-order-status")).toHaveText("Đang giao");
  const shipped = await smtp!.waitFor(demo.consumer, (m) => m.subject === `Đơn hàng ${number}: ${TAN_CUONG.name} đã gửi hàng`);
  expect(shipped.text).toContain("Mã vận đơn: VTP-MAIL-1");
  expect(shipped.text).toContain(orderLink);
});
