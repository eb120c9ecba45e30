import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { startServer, type SpecServer } from "./support/server";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-test-server";

/*
 * A citizen's report from a scan to its answer (issue #18), on a server of its own with fresh demo data and mail
 * over SMTP to a real SMTP server on 127.0.0.1: on a phone, a consumer opens a lot's origin page, reports a
 * counterfeit with a photo and an e-mail address and gets a reference number; the department's officer assigns the
 * case to the cooperative; its manager is mailed, opens the case from the mail (without the reporter's contact)
 * and answers; the reporter is mailed; the supervisor sees the case, comments and closes it; the reporter reads the
 * answer by the reference number.
 */

const TAN_CUONG = { slug: "htx-che-tan-cuong-xanh", name: "Hợp tác xã Chè Tân Cương Xanh" };
const PRODUCT = "che-tan-cuong-dac-biet";
const FROM = "OCOP Trace <no-reply@ocop.test>";
const REPORTER = "nguoi.phan.anh@example.vn";
const PHOTO = new URL("../fixtures/images/tem-nghi-gia.png", import.meta.url);

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

async function newPage(browser: Browser, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    locale: "vi-VN",
    ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
  });
  return context.newPage();
}

/** The image shown on the page has really loaded (not a broken image). */
async function expectImageLoaded(page: Page, selector: string): Promise<void> {
  const img = page.locator(selector);
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBe(48);
}

test("a counterfeit reported from a scan is assigned, answered by the cooperative, closed by the supervisor and read by the reporter", async ({ browser }) => {
  test.setTimeout(180_000);

  // 1. On a phone, the consumer scans the lot's code: its origin page.
  const consumer = await newPage(browser, { phone: true });
  await consumer.goto(`/products/${PRODUCT}`);
  const originHref = await consumer.locator('a[href^="/origin/"]').first().getAttribute("href");
  expect(originHref).toMatch(/^\/origin\/[^/?#]+$/);
  const code = originHref!.split("/")[2]!;
  await consumer.goto(`/t/${code}`);
  await expect(consumer).toHaveURL(new RegExp(`/origin/${code}$`));

  // 2. From the origin page, a counterfeit report: the code comes along, the photo is a real PNG.
  await consumer.getByTestId("report-link").click();
  await expect(consumer).toHaveURL(/\/reports\/new\?/);
  await expect(consumer.getByTestId("report-about")).toContainText(code);
  await expect(consumer.locator("select[name=kind]")).toHaveValue("counterfeit");
  await expect(consumer.locator("input[name=code]")).toHaveValue(code);
  const description = "Gói chè mua ở chợ có tem QR giống hệt nhưng bao bì mỏng, chè có mùi lạ.";
  await consumer.getByLabel("Mô tả").fill(description);
  await consumer.getByLabel("Nơi mua").fill("Sạp số 12, chợ Thái");
  await consumer.locator("input[name=photo]").setInputFiles({ name: "tem.png", mimeType: "image/png", buffer: readFileSync(PHOTO) });
  await consumer.getByLabel(/^E-mail/).fill(REPORTER);
  await consumer.getByRole("button", { name: "Gửi phản ánh" }).click();
  await expect(consumer).toHaveURL(/\/reports\/PA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\?sent=1$/);
  await expect(consumer.getByTestId("report-sent")).toBeVisible();
  const reference = /\/reports\/(PA-[0-9A-Z-]+)/.exec(consumer.url())![1]!;
  await expect(consumer.getByTestId("case-status")).toHaveText("Đã tiếp nhận");
  const width = await consumer.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  // 3. The department's officer finds it on the desk, sees the photo and the reporter's contact, and assigns it.
  const officer = await newPage(browser);
  await signIn(officer, demo.officer);
  // From the dashboards, the desk is one of their tabs.
  await officer.goto("/department");
  await officer.locator("nav.tabs").getByRole("link", { name: "Phản ánh của người dân" }).click();
  await expect(officer).toHaveURL(/\/department\/cases$/);
  await officer.goto("/department/cases?status=open");
  await officer.getByRole("link", { name: reference }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(officer.getByText(description)).toBeVisible();
  await expect(officer.getByTestId("case-contact")).toContainText(REPORTER);
  await expectImageLoaded(officer, "img.case-photo");
  const codeLink = officer.locator(`a[href="/origin/${code}"]`);
  await expect(codeLink).toBeVisible();
  const lotCode = /\(([^)]+)\)/.exec(await codeLink.locator("xpath=..").innerText())![1]!;
  const assign = officer.getByRole("form", { name: "Giao xử lý" });
  await assign.getByLabel("Giao cho").selectOption("cooperative");
  // The producer the code belongs to is the first choice.
  await expect(assign.locator("select[name=organisationId] option:checked")).toHaveText(TAN_CUONG.name);
  await assign.getByLabel("Ghi chú").fill("Đề nghị HTX kiểm tra tem và trả lời người dân.");
  await assign.getByRole("button", { name: "Giao xử lý" }).click();
  await expect(officer.getByRole("status").filter({ hasText: "Đã giao xử lý." })).toBeVisible();
  await expect(officer.getByTestId("case-status")).toHaveText(/Đã giao xử lý/);
  const casePath = new URL(officer.url()).pathname;
  const caseId = casePath.split("/").at(-1)!;
  // The department's trace of the lot shows the report beside the lot's scans, linked to the case.
  await officer.goto(`/department/trace/${code}`);
  await expect(officer.getByTestId("lot-counterfeit-reports").getByRole("link", { name: reference })).toHaveAttribute("href", casePath);

  // 4. The cooperative's manager is mailed, with a link (on the public address) to the case in the workspace.
  const assigned = await smtp!.waitFor(demo.tanCuongManager, (m) => m.subject.includes(reference));
  expect(assigned.subject).toBe(`Phản ánh ${reference} được giao cho đơn vị`);
  const workspaceLink = `${baseURL}/workspace/${TAN_CUONG.slug}/cases/${caseId}`;
  expect(assigned.text).toContain(workspaceLink);

  // 5. The manager opens it from the mail: the report and photo, never the reporter's contact; answers it.
  const manager = await newPage(browser);
  await signIn(manager, demo.tanCuongManager);
  await manager.goto(new URL(workspaceLink).pathname);
  // The Reports tab counts the cases waiting for the cooperative's answer (the demo data has one more).
  const openCount = manager.getByRole("navigation").getByTestId("open-cases-count");
  await expect(openCount).toHaveText("2");
  await expect(manager).toHaveTitle(new RegExp(`^${reference} · Phản ánh · `));
  await expect(manager.getByText(description)).toBeVisible();
  await expectImageLoaded(manager, "img.case-photo");
  await expect(manager.getByTestId("case-contact")).toHaveCount(0);
  await expect(manager.locator("main")).not.toContainText(REPORTER);
  await expect(manager.getByRole("form", { name: "Giao xử lý" })).toHaveCount(0);
  const answer = "HTX đã đối chiếu: mã lô này chỉ bán qua cửa hàng của HTX. Sạp số 12 không phải đại lý; chúng tôi đã báo Quản lý thị trường.";
  const answerForm = manager.getByRole("form", { name: "Gửi trả lời" });
  await answerForm.getByLabel(/Nội dung trả lời/).fill(answer);
  await answerForm.getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Đã gửi trả lời." })).toBeVisible();
  await expect(manager.getByTestId("case-answer")).toHaveText(answer);
  await expect(openCount).toHaveText("1");

  // The report sits on the lot's page beside its scan anomalies, linked to the case now that it is the cooperative's.
  await manager.goto(`/workspace/${TAN_CUONG.slug}/batches`);
  await manager.getByRole("link", { name: lotCode, exact: true }).first().click();
  const reports = manager.getByTestId("lot-counterfeit-reports");
  await expect(reports).toContainText("Sạp số 12, chợ Thái");
  await reports.getByRole("link", { name: reference }).click();
  await expect(manager).toHaveURL(new RegExp(`/workspace/${TAN_CUONG.slug}/cases/${caseId}$`));

  // 6. The reporter is mailed that an answer is there, with the link to the case by its reference.
  const answered = await smtp!.waitFor(REPORTER, (m) => m.subject.includes(reference));
  expect(answered.subject).toBe(`Phản ánh ${reference} đã có trả lời`);
  expect(answered.text).toContain(`${baseURL}/reports/${reference}`);
  expect(answered.text).not.toContain(answer.slice(0, 20));

  // 7. The supervisor lands on the desk, sees the case answered, comments and closes it; may not assign or answer.
  const supervisor = await newPage(browser);
  await signIn(supervisor, demo.supervisor);
  await expect(supervisor).toHaveURL(/\/department\/cases$/);
  // Having no dashboards, the supervisor finds the desk in the header from any page.
  await supervisor.goto("/shop");
  await supervisor.getByRole("banner").getByRole("link", { name: "Phản ánh của người dân" }).click();
  await expect(supervisor).toHaveURL(/\/department\/cases$/);
  await supervisor.goto("/department/cases?status=answered");
  await supervisor.getByRole("link", { name: reference }).click();
  await expect(supervisor.getByTestId("case-status")).toHaveText("Đã trả lời");
  await expect(supervisor.getByTestId("case-answer")).toHaveText(answer);
  await expect(supervisor.getByRole("form", { name: "Giao xử lý" })).toHaveCount(0);
  await expect(supervisor.getByRole("form", { name: "Gửi trả lời" })).toHaveCount(0);
  const comment = supervisor.getByRole("form", { name: "Gửi ý kiến" });
  await comment.getByLabel(/Ý kiến/).fill("Ủy ban MTTQ đã nhận trả lời; đề nghị Sở theo dõi việc xử lý sạp hàng.");
  await comment.getByRole("button", { name: "Gửi ý kiến" }).click();
  await expect(supervisor.getByRole("status").filter({ hasText: "Đã ghi ý kiến." })).toBeVisible();
  await expect(supervisor.locator("main")).toContainText("đề nghị Sở theo dõi việc xử lý sạp hàng");
  const close = supervisor.getByRole("form", { name: "Đóng phản ánh" });
  await close.getByRole("button", { name: "Đóng phản ánh" }).click();
  await expect(supervisor.getByRole("status").filter({ hasText: "Đã đóng phản ánh." })).toBeVisible();
  await expect(supervisor.getByTestId("case-status")).toHaveText("Đã đóng");

  // 8. On the phone, the reporter follows the report by its reference (typed in lower case): closed, with the answer.
  // A mistyped number is told on the form.
  await consumer.goto("/reports");
  await consumer.getByLabel("Mã phản ánh").fill("PA-2222-2222-2222");
  await consumer.getByRole("button", { name: "Xem" }).click();
  await expect(consumer).toHaveURL(/\/reports\?reference=/);
  await expect(consumer.getByText("Không tìm thấy phản ánh với mã này.")).toBeVisible();
  await consumer.getByLabel("Mã phản ánh").fill(reference.toLowerCase());
  await consumer.getByRole("button", { name: "Xem" }).click();
  await expect(consumer).toHaveURL(new RegExp(`/reports/${reference}$`));
  await expect(consumer.getByTestId("case-status")).toHaveText("Đã đóng");
  await expect(consumer.getByTestId("report-answer")).toHaveText(answer);
  // Nobody's name reaches the public page: not the cooperative's, the officer's or the supervisor's.
  await expect(consumer.locator("main")).not.toContainText(TAN_CUONG.name);
  await expect(consumer.locator("main")).not.toContainText("MTTQ");
});
