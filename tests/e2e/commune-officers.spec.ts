import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { startServer, type SpecServer } from "./support/server";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-test-server";

/*
 * The department appoints a commune officer (issue 18): the department's officer invites a person by e-mail as the
 * officer of Tân Cương; the invitation arrives over SMTP with an absolute link from PUBLIC_URL; the person accepts,
 * lands on the support ledger of their commune, records an entry there, and is refused one for another commune even
 * when the form is forged. Withdrawing the appointment closes the ledger to them on their next request.
 */

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

test("the department appoints a commune officer who records support for their commune only", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `can.bo.xa.${Date.now().toString(36)}@example.vn`;
  const department = await newPage(browser);
  await signIn(department, demo.officer);
  await department.goto("/department/officers");
  await expect(department.getByRole("heading", { level: 1, name: "Cán bộ xã do Sở phân công" })).toBeVisible();
  const form = department.locator("form", { has: department.getByRole("button", { name: "Gửi lời mời" }) });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Xã/phường").selectOption({ label: "Tân Cương" });
  await form.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(department.getByTestId("officer-invited")).toContainText(email);
  await expect(department.getByTestId("pending-officers")).toContainText(`${email} — xã Tân Cương`);
  // Another commune's id, to forge the officer's form with below.
  const daiTu = await form.getByLabel("Xã/phường").locator("option", { hasText: "Đại Từ" }).getAttribute("value");
  expect(daiTu).toMatch(/^\d+$/);

  const mail = await smtp!.waitFor(email);
  const link = /(https?:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(link?.startsWith(`${baseURL}/invitations/accept?token=`)).toBe(true);
  expect(mail.text).toContain("Cán bộ xã (do Sở phân công)");

  const officer = await newPage(browser);
  await officer.goto(new URL(link!).pathname + new URL(link!).search);
  await officer.getByLabel("Họ và tên").fill("Hà Văn Xã");
  await officer.getByLabel("Mật khẩu").fill("mật khẩu cán bộ xã");
  await officer.getByRole("button", { name: "Nhận lời mời" }).click();
  await expect(officer).toHaveURL(/\/department\/support$/);
  await expect(officer.getByTestId("support-commune-scope")).toContainText("Tân Cương");

  // An entry in their own commune is recorded.
  const entryForm = officer.locator("form", { has: officer.getByRole("button", { name: "Ghi khoản hỗ trợ" }) });
  await entryForm.getByLabel("Chương trình").selectOption("new_rural");
  await entryForm.getByLabel("Dự án").fill("Máy sao chè cho HTX (xã ghi)");
  await entryForm.getByLabel("Hình thức hỗ trợ").selectOption("machinery");
  await entryForm.getByLabel("Giá trị (đồng)").fill("25.000.000");
  await entryForm.getByLabel("Ngày hỗ trợ").fill("2026-03-15");
  await entryForm.getByLabel("Xã/phường").selectOption({ label: "Tân Cương" });
  await entryForm.getByLabel("Hợp tác xã").selectOption({ label: "Hợp tác xã Chè Tân Cương Xanh" });
  await entryForm.getByRole("button", { name: "Ghi khoản hỗ trợ" }).click();
  await expect(officer.getByTestId("support-saved")).toBeVisible();
  await expect(officer.getByTestId("support-ledger")).toContainText("Máy sao chè cho HTX (xã ghi)");
  // The ledger shows their commune only.
  const communesShown = await officer.getByTestId("support-ledger").locator("tbody tr td:nth-child(8)").allInnerTexts();
  expect(new Set(communesShown)).toEqual(new Set(["Tân Cương"]));

  // The form offers no other commune; forged with one, it is refused with the reason.
  await entryForm.getByLabel("Xã/phường").evaluate((select, value) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = "Đại Từ";
    select.appendChild(option);
    (select as HTMLSelectElement).value = value;
  }, daiTu!);
  await entryForm.getByLabel("Dự án").fill("Khoản của xã khác");
  await entryForm.getByRole("button", { name: "Ghi khoản hỗ trợ" }).click();
  await expect(officer.getByText("Cán bộ xã chỉ ghi hỗ trợ cho đối tượng thuộc xã mình được Sở phân công.").first()).toBeVisible();
  await department.goto("/department/support");
  await expect(department.getByTestId("support-ledger")).not.toContainText("Khoản của xã khác");
  await expect(department.getByTestId("support-ledger")).toContainText("Máy sao chè cho HTX (xã ghi)");

  // The department withdraws the appointment: the ledger is closed to the officer on their very next request.
  await department.goto("/department/officers");
  await department.getByRole("button", { name: `Thu hồi phân công của ${email}` }).click();
  await expect(department.getByTestId("officer-withdrawn")).toBeVisible();
  const after = await officer.goto("/department/support");
  expect(after?.status()).toBe(403);
});
