import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { startServer, type SpecServer } from "./support/server";
import { addToCart, guest, orderNumberOf, placeOrder } from "./support/shop";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-test-server";

/*
 * A recall, end to end (issue #16), on a server of its own (fresh demo data, mail over SMTP to a local server):
 * the Tân Cương cooperative's lab finds residue in a raw tea lot (BT2603-007, packed into the green-tea bags
 * TCTL2603-004 that demo buyers bought) and records the failed test; the manager opens a recall, reviews its scope
 * (the packed lot and the demo orders that received it, and an order placed this morning), confirms it: the product
 * stops selling (a cart names the recall), both lots' origin pages warn, the buyers are mailed, the held order says
 * so, the department's register lists it; the cooperative records the bags that came back and closes the recall,
 * and its report PDF downloads.
 */

const ws = "/workspace/htx-che-tan-cuong-xanh";
const RAW = "BT2603-007";
const PACKED = "TCTL2603-004";
const PRODUCT = "tra-xanh-tan-cuong-tui-loc";
const BUYER = "mai.recall@example.vn";

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

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

/** Opens a lot's page from the workspace's lot list; returns its address. */
async function openLot(page: Page, lotCode: string): Promise<string> {
  await page.goto(`${ws}/batches`);
  await page.getByRole("link", { name: new RegExp(lotCode) }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(lotCode) })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** A lot's short code, from its labels page. */
async function shortCodeOf(page: Page, lotPath: string): Promise<string> {
  await page.goto(`${lotPath}/labels`);
  return (await page.getByTestId("short-code").innerText()).trim();
}

test("a failed lab test on a raw tea lot is recalled through every lot made from it, to every buyer, and closed with its report", async ({ browser }) => {
  test.setTimeout(300_000);

  // This morning a buyer orders the tea bags (cash on delivery, not yet accepted); another leaves them in a cart.
  const buyer = await newPage(browser);
  await addToCart(buyer, PRODUCT, 2);
  await placeOrder(buyer, "Trả tiền mặt khi nhận hàng", { ...guest, name: "Trần Thị Mai", email: BUYER });
  const orderNumber = await orderNumberOf(buyer);
  const reference = await buyer.getByTestId("sub-order").first().getAttribute("data-reference");
  expect(reference).toMatch(/^DH-[0-9A-Z]+-\d+$/);
  const shopper = await newPage(browser);
  await addToCart(shopper, PRODUCT, 1);

  // The lab's result comes back: pesticide residue above the limit in the raw leaf lot.
  const manager = await newPage(browser);
  await signIn(manager, demo.tanCuongManager);
  const rawPath = await openLot(manager, RAW);
  const rawShort = await shortCodeOf(manager, rawPath);
  await manager.goto(`${rawPath}?step=inspecting`);
  const step = manager.getByTestId("step-form");
  await step.getByLabel("Phòng kiểm nghiệm").fill("Trung tâm Kiểm nghiệm Thái Nguyên");
  await step.getByLabel("Số phiếu kết quả").fill("KN-2612-0931");
  await step.getByLabel("Kết quả", { exact: true }).selectOption("fail");
  await step.getByRole("button", { name: "Lưu" }).click();
  await expect(manager).toHaveURL(/recorded=\d+/);
  await expect(manager.getByTestId("timeline")).toContainText("Không đạt");

  // The manager opens a recall of the raw lot and reviews its scope.
  await manager.getByTestId("recall-link").click();
  await manager.getByLabel("Lý do").selectOption("lab_result");
  await manager.getByLabel("Mức độ").selectOption("serious");
  await manager.getByLabel("Chi tiết (nội bộ)").fill("Phiếu KN-2612-0931: dư lượng thuốc bảo vệ thực vật vượt ngưỡng.");
  await manager.getByLabel("Thông báo công khai (tiếng Việt)").fill("Trà xanh túi lọc lô TCTL2603-004 có dư lượng thuốc bảo vệ thực vật vượt ngưỡng. Không sử dụng; liên hệ hợp tác xã để được hoàn tiền.");
  await manager.getByLabel("Thông báo công khai (tiếng Anh)").fill("Green tea bags of lot TCTL2603-004 have pesticide residue above the limit. Do not use them; contact the cooperative for a refund.");
  await manager.getByRole("button", { name: "Mở thu hồi" }).click();
  await expect(manager).toHaveURL(new RegExp(`${ws}/recalls/TH-\\d{4}-\\d{4}`));
  const recallNumber = /\/recalls\/(TH-\d{4}-\d{4})/.exec(manager.url())![1]!;
  const recallPath = new URL(manager.url()).pathname;
  await expect(manager.getByTestId("recall-status")).toHaveText("Bản nháp — chờ xác nhận");
  const lots = manager.getByTestId("recall-lots");
  await expect(lots.getByRole("row").filter({ hasText: RAW })).toHaveCount(1);
  await expect(lots.getByRole("row").filter({ hasText: PACKED })).toHaveCount(1);
  const lines = manager.getByTestId("recall-lines");
  await expect(lines.getByRole("row").filter({ hasText: reference! })).toHaveCount(1);
  // The demo orders that received the bags, besides this morning's.
  const demoLines = lines.locator("tbody tr").filter({ hasNotText: reference! });
  expect(await demoLines.count()).toBeGreaterThanOrEqual(3);
  const demoOrders = (await demoLines.allInnerTexts()).map((t) => /DH-[0-9A-Z]+/.exec(t)![0]);

  // Confirm: sales stop at once.
  await manager.getByRole("button", { name: "Xác nhận thu hồi — ngừng bán ngay" }).click();
  await expect(manager.getByTestId("recall-status")).toHaveText("Đang thu hồi");
  const reached = Number(/Người mua được báo: (\d+)/.exec(await manager.getByTestId("recall-buyers").innerText())![1]);
  expect(reached).toBeGreaterThanOrEqual(2);

  // The product stops selling: a cart holding it names the recall.
  await shopper.goto("/cart");
  await expect(shopper.getByTestId("cart-line-recalled")).toContainText(recallNumber);

  // Both lots' origin pages warn, with the public message and the notice.
  const packedPath = await openLot(manager, PACKED);
  const packedShort = await shortCodeOf(manager, packedPath);
  for (const code of [rawShort, packedShort]) {
    const origin = await newPage(browser);
    await origin.goto(`/t/${code}`);
    await expect(origin.getByTestId("recall-warning")).toContainText("CẢNH BÁO: Lô hàng này đã bị thu hồi");
    await expect(origin.getByTestId("recall-message")).toContainText("dư lượng thuốc bảo vệ thực vật vượt ngưỡng");
    await expect(origin.getByTestId("recall-message").getByRole("link", { name: new RegExp(recallNumber) })).toHaveAttribute("href", `/recalls/${recallNumber}`);
    await origin.context().close();
  }

  // The buyers' mails arrive: this morning's buyer, with what was bought and what to do, and every demo buyer who left an address.
  const mail = await smtp!.waitFor(BUYER, (m) => m.subject.includes(recallNumber), 60_000);
  expect(mail.subject).toBe(`Thu hồi sản phẩm ${recallNumber}: sản phẩm trong đơn ${orderNumber} của bạn`);
  expect(mail.text).toContain(PACKED);
  expect(mail.text).toContain("Xin đừng sử dụng các sản phẩm này");
  expect(mail.text).toContain(`${baseURL}/recalls/${recallNumber}`);
  await expect
    .poll(() => smtp!.mails.filter((m) => m.subject.startsWith(`Thu hồi sản phẩm ${recallNumber}:`)).length, { timeout: 60_000 })
    .toBe(reached);
  for (const m of smtp!.mails.filter((m) => m.subject.startsWith(`Thu hồi sản phẩm ${recallNumber}:`) && !m.to.includes(BUYER))) {
    expect(demoOrders.some((order) => m.subject.includes(order))).toBe(true);
  }

  // The held order says so on the cooperative's order page.
  await manager.goto(`${ws}/orders/${reference}`);
  await expect(manager.getByTestId("recall-hold")).toContainText(recallNumber);

  // The department's register shows it, reached from the department's navigation.
  const officer = await newPage(browser);
  await signIn(officer, demo.officer);
  await officer.goto("/department");
  await officer.getByRole("link", { name: "Sổ thu hồi" }).click();
  await expect(officer).toHaveURL(/\/department\/recalls$/);
  await expect(officer.getByTestId("recall-register").getByRole("row").filter({ hasText: recallNumber })).toContainText("Đang thu hồi");

  // The cooperative records the bags that came back, from its list of recalls.
  await manager.goto(ws);
  await manager.getByRole("link", { name: "Thu hồi", exact: true }).click();
  await manager.getByTestId("workspace-recalls").getByRole("link", { name: recallNumber }).click();
  await expect(manager).toHaveURL(new RegExp(`${recallPath}$`));
  const lotField = manager.getByLabel("Lô", { exact: true });
  await lotField.selectOption((await lotField.locator("option", { hasText: PACKED }).getAttribute("value"))!);
  await manager.getByLabel("Loại").selectOption("returned");
  await manager.getByLabel("Số lượng (theo đơn vị của lô)").fill("3");
  await manager.getByRole("button", { name: "Ghi nhận" }).click();
  await expect(manager.getByText("Đã ghi nhận.")).toBeVisible();
  const packedRow = manager.getByTestId("recall-lots").getByRole("row").filter({ hasText: PACKED });
  // Lot, product, organisation, depth, unit, sold, returned, destroyed.
  await expect(packedRow.locator("td").nth(6)).toHaveText("3");

  // Closed with its report, which downloads as a PDF saying what happened.
  await manager.getByLabel("Tóm tắt kết quả thu hồi").fill("Đã nhận lại 3 hộp trà túi lọc; các đơn chưa gửi đã được hủy và hoàn tiền.");
  await manager.getByRole("button", { name: "Đóng đợt thu hồi và lập báo cáo" }).click();
  await expect(manager.getByTestId("recall-status")).toHaveText("Đã đóng");
  const [download] = await Promise.all([manager.waitForEvent("download"), manager.getByRole("link", { name: "Báo cáo thu hồi (PDF)" }).click()]);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
  const text = execFileSync("pdftotext", ["-layout", (await download.path())!, "-"]).toString().replace(/\s+/g, " ");
  expect(text).toContain(`Báo cáo thu hồi ${recallNumber}`);
  expect(text).toContain("Kết quả kiểm nghiệm không đạt");
  expect(text).toContain(RAW);
  expect(text).toContain(PACKED);
  expect(text).toContain(reference!);
  expect(text).toContain("Đã nhận lại 3 hộp trà túi lọc");

  // The department downloads the whole report too.
  await officer.goto(`/department/recalls/${recallNumber}`);
  const [deptDownload] = await Promise.all([officer.waitForEvent("download"), officer.getByRole("link", { name: "Báo cáo thu hồi (PDF)" }).click()]);
  expect(readFileSync((await deptDownload.path())!).subarray(0, 4).toString("latin1")).toBe("%PDF");
});
