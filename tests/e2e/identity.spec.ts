import { expect, test, type Browser, type Page } from "@playwright/test";
import { startServer, type SpecServer } from "./support/server";

// Identity journeys run against a server of their own: demo accounts need DEMO_ACCOUNTS=true (the
// built server runs as production), and the reset link is read from that server's log.
const DEMO_PASSWORD = "demo-ocop-2026";
const ADMIN = "admin@demo.ocoptrace.vn";
const MANAGER_A = "quanly.tancuong@demo.ocoptrace.vn";
const MANAGER_B = "quanly.baothai@demo.ocoptrace.vn";
const COOP_B_SLUG = "htx-nong-nghiep-bao-thai-dinh-hoa";

let server: SpecServer | undefined;
let baseURL = "";

test.describe.configure({ mode: "default" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startServer({ freshData: true, env: { DEMO_ACCOUNTS: "true" } });
  baseURL = server.baseURL;
});

test.afterAll(async () => {
  await server?.stop();
});

/** The last link mailed to an address, as the development mailer logged it. */
async function mailedLink(to: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const lines = (server?.stdout() ?? "")
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg?: string; to?: string; body?: string })
      .filter((l) => l.msg === "mail (development: not sent)" && l.to === to);
    const link = /(https?:\/\/\S+)/.exec(lines.at(-1)?.body ?? "")?.[1];
    if (link) {
      // Mailed links carry the configured PUBLIC_URL, never the request's Host.
      expect(new URL(link).origin).toBe(baseURL);
      return new URL(link).pathname + new URL(link).search;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} in the server log`);
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  return context.newPage();
}

test("a new cooperative manager signs up, an admin approves, the manager works in the workspace", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const email = `minh.${unique}@htx-moi.vn`;
  const organisation = `HTX Chè Núi Cốc ${unique}`;
  const manager = await newPage(browser);
  await manager.goto("/signup");
  await manager.getByLabel("Đại diện một tổ chức sản xuất (chờ duyệt)").check();
  await manager.getByLabel("Họ và tên").fill("<script>alert('x')</script> Minh");
  await manager.getByLabel("Email").fill(email);
  await manager.getByLabel("Mật khẩu").fill("mật khẩu của Minh");
  await manager.getByLabel("Tên tổ chức").fill(organisation);
  await manager.getByLabel("Loại hình").selectOption("cooperative");
  await manager.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(manager).toHaveURL(/\/workspace$/);
  const card = manager.getByTestId("my-organisations").getByRole("article", { name: organisation });
  await expect(card).toContainText("Vai trò: Quản lý");
  await expect(card).toContainText("Trạng thái: Chờ duyệt");

  const admin = await newPage(browser);
  await signIn(admin, ADMIN, DEMO_PASSWORD);
  await expect(admin).toHaveURL(/\/admin\/organisations$/);
  const row = admin.getByTestId("pending-organisations").getByRole("row", { name: new RegExp(organisation) });
  // The name typed with a script tag shows as text, never runs.
  await expect(row).toContainText("<script>alert('x')</script> Minh");
  await admin.getByRole("button", { name: `Duyệt ${organisation}` }).click();
  await expect(admin.getByRole("status")).toHaveText("Đã duyệt tổ chức.");
  await expect(admin.getByRole("button", { name: `Duyệt ${organisation}` })).toHaveCount(0);

  await manager.reload();
  await expect(card).toContainText("Trạng thái: Đang hoạt động");
  await manager.goto("/account");
  await expect(manager.getByTestId("signed-in-as")).toContainText("<script>alert('x')</script> Minh");
  await admin.context().close();
  await manager.context().close();
});

test("a wrong password is refused with one message, without JavaScript too", async ({ browser }) => {
  const page = await newPage(browser, false);
  await signIn(page, MANAGER_A, "not the password");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("alert")).toHaveText("Email hoặc mật khẩu không đúng.");
  await expect(page.getByLabel("Email")).toHaveValue(MANAGER_A);
  await signIn(page, "nobody@nowhere.vn", "not the password");
  await expect(page.getByRole("alert")).toHaveText("Email hoặc mật khẩu không đúng.");
  await page.context().close();
});

test("a forgotten password is reset through the one-time link from the outbox", async ({ browser }) => {
  const email = `lan.${Date.now().toString(36)}@example.vn`;
  const page = await newPage(browser);
  await page.goto("/signup");
  await page.getByLabel("Họ và tên").fill("Nguyễn Thị Lan");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill("mật khẩu cũ của Lan");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Gửi liên kết đặt lại" }).click();
  await expect(page.getByRole("status")).toContainText("Nếu email này có tài khoản");

  const link = await mailedLink(email);
  expect(link).toMatch(/^\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
  await page.goto(link);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("mật khẩu mới của Lan");
  await page.getByLabel("Nhập lại mật khẩu mới").fill("mật khẩu khác");
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByText("Hai mật khẩu không khớp nhau.")).toBeVisible();
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill("mật khẩu mới của Lan");
  await page.getByLabel("Nhập lại mật khẩu mới").fill("mật khẩu mới của Lan");
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByRole("status")).toHaveText("Đã đặt mật khẩu mới. Vui lòng đăng nhập.");

  await signIn(page, email, "mật khẩu cũ của Lan");
  await expect(page.getByRole("alert")).toHaveText("Email hoặc mật khẩu không đúng.");
  await signIn(page, email, "mật khẩu mới của Lan");
  await expect(page).toHaveURL(/\/account$/);

  // The link works once.
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("không hợp lệ");
  await page.context().close();
});

test("a signed-out visitor to the workspace is sent to sign in, then brought back", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/workspace");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fworkspace$/);
  await page.getByLabel("Email").fill(MANAGER_A);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/workspace$/);
  await expect(page.getByTestId("my-organisations")).toContainText("Chè Tân Cương");
  await page.context().close();
});

test("a manager of cooperative A cannot open or change anything of cooperative B", async ({ browser }) => {
  const managerB = await newPage(browser);
  await signIn(managerB, MANAGER_B, DEMO_PASSWORD);
  await expect(managerB).toHaveURL(/\/workspace$/);
  const coopBId = await managerB.locator('input[name="organisationId"]').first().getAttribute("value");
  expect(coopBId).toMatch(/^[0-9a-f-]{36}$/);
  await managerB.context().close();

  const managerA = await newPage(browser);
  await signIn(managerA, MANAGER_A, DEMO_PASSWORD);
  await expect(managerA).toHaveURL(/\/workspace$/);
  for (const path of [`/workspace/${COOP_B_SLUG}`, `/workspace/${COOP_B_SLUG}/products`, `/workspace/${COOP_B_SLUG}/batches`]) {
    const response = await managerA.goto(path);
    expect([403, 404], path).toContain(response?.status());
  }
  // A forged invitation into B, with A's valid CSRF token, is refused before anything is written.
  const csrf = await managerA.locator('input[name="csrf"]').first().getAttribute("value");
  const forged = await managerA.request.post("/workspace", {
    form: { csrf: csrf ?? "", organisationId: coopBId ?? "", email: "intruder@example.vn", role: "cooperative_manager" },
    maxRedirects: 0,
  });
  expect([403, 404]).toContain(forged.status());
  const admin = await managerA.request.get("/admin/organisations", { maxRedirects: 0 });
  expect(admin.status()).toBe(403);
  await managerA.context().close();
});

test("a form without its CSRF token is refused with 403 and a clear message", async ({ browser }) => {
  const page = await newPage(browser);
  // Signed out: the double-submit cookie without the matching field.
  await page.goto("/login");
  const signedOut = await page.request.post("/login", { form: { email: MANAGER_A, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(signedOut.status()).toBe(403);
  expect(await signedOut.text()).toContain("Biểu mẫu đã hết hạn hoặc không hợp lệ");
  expect(signedOut.headers()["set-cookie"] ?? "").not.toContain("__session=");

  // Signed in: a state change without the token, and with another session's token.
  await signIn(page, MANAGER_A, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/workspace$/);
  const missing = await page.request.post("/account", {
    form: { currentPassword: DEMO_PASSWORD, newPassword: "hijacked password", confirmPassword: "hijacked password" },
    maxRedirects: 0,
  });
  expect(missing.status()).toBe(403);
  expect(await missing.text()).toContain("Biểu mẫu đã hết hạn hoặc không hợp lệ");
  const wrong = await page.request.post("/account", {
    form: { csrf: "A".repeat(43), currentPassword: DEMO_PASSWORD, newPassword: "hijacked password", confirmPassword: "hijacked password" },
    maxRedirects: 0,
  });
  expect(wrong.status()).toBe(403);
  const logout = await page.request.post("/logout", { form: {}, maxRedirects: 0 });
  expect(logout.status()).toBe(403);
  // Still signed in with the old password: nothing changed.
  await page.goto("/account");
  await expect(page.getByTestId("signed-in-as")).toContainText(MANAGER_A);
  await page.context().close();
});

test("a manager invites a staff member who accepts through the one-time link", async ({ browser }) => {
  const email = `hoa.${Date.now().toString(36)}@example.vn`;
  const manager = await newPage(browser);
  await signIn(manager, MANAGER_A, DEMO_PASSWORD);
  await expect(manager).toHaveURL(/\/workspace$/);
  const card = manager.getByTestId("my-organisations").getByRole("article").first();
  await card.getByLabel("Email").fill(email);
  await card.getByLabel("Vai trò").selectOption("cooperative_staff");
  await card.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(card.getByRole("status")).toContainText(`Đã gửi lời mời đến ${email}`);
  await manager.context().close();

  const link = await mailedLink(email);
  expect(link).toMatch(/^\/invitations\/accept\?token=[A-Za-z0-9_-]{43}$/);
  const staff = await newPage(browser, false);
  await staff.goto(link);
  await expect(staff.getByText("Bạn được mời tham gia Hợp tác xã Chè Tân Cương Xanh với vai trò Nhân viên.")).toBeVisible();
  await staff.getByLabel("Họ và tên").fill("Lò Thị Hoa");
  await staff.getByLabel("Mật khẩu").fill("short");
  await staff.getByRole("button", { name: "Nhận lời mời" }).click();
  await expect(staff.getByText("Mật khẩu cần ít nhất 8 ký tự.")).toBeVisible();
  await staff.getByLabel("Họ và tên").fill("Lò Thị Hoa");
  await staff.getByLabel("Mật khẩu").fill("mật khẩu của Hoa");
  await staff.getByRole("button", { name: "Nhận lời mời" }).click();
  await expect(staff).toHaveURL(/\/workspace$/);
  await expect(staff.getByTestId("my-organisations")).toContainText("Vai trò: Nhân viên");
  // Used once: the same link no longer works.
  await staff.goto(link);
  await expect(staff.getByRole("alert")).toContainText("Lời mời không hợp lệ");
  await staff.context().close();
});
