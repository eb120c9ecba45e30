import { expect, test, type Browser, type Page } from "@playwright/test";
import { startServer, type SpecServer } from "./support/server";

// Trust hardening (issue 13 §5/§6): an organisation that has just signed up cannot print genuine-looking
// labels. Its own server: approving needs the demo admin (DEMO_ACCOUNTS=true).
const DEMO_PASSWORD = "demo-ocop-2026";
const ADMIN = "admin@demo.ocoptrace.vn";

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

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

test("a cooperative not yet approved: its code says the producer is not verified, its labels cannot be downloaded; after approval both work", async ({ browser }) => {
  test.setTimeout(180_000);
  const unique = Date.now().toString(36);
  const organisation = `HTX Mật Ong ${unique}`;
  const manager = await newPage(browser);
  await manager.goto("/signup");
  await manager.getByLabel("Đại diện một tổ chức sản xuất (chờ duyệt)").check();
  await manager.getByLabel("Họ và tên").fill("Lan");
  await manager.getByLabel("Email").fill(`lan.${unique}@htx-mat-ong.vn`);
  await manager.getByLabel("Mật khẩu").fill("mật khẩu của Lan");
  await manager.getByLabel("Tên tổ chức").fill(organisation);
  await manager.getByLabel("Loại hình").selectOption("cooperative");
  await manager.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(manager).toHaveURL(/\/workspace$/);
  const ws = /\/workspace\/[^/"]+/.exec((await manager.getByTestId("my-organisations").locator("a[href^='/workspace/']").first().getAttribute("href")) ?? "")![0];

  // A "5★ OCOP" product with a certificate number of its own making, and a lot of it.
  await manager.goto(`${ws}/products/new`);
  const csrf = (await manager.locator("input[name=csrf]").first().getAttribute("value")) ?? "";
  const product = await manager.request.post(`${ws}/products/new`, {
    form: {
      csrf,
      nameVi: "Mật ong rừng",
      category: "honey",
      unitVi: "chai",
      unitEn: "bottle",
      ocopGroup: "food",
      ocopStars: "5",
      ocopCertificateNumber: "QG-OCOP5-GIA-001",
      ocopIssuedOn: "2026-01-10",
      ocopExpiresOn: "2029-01-10",
    },
    maxRedirects: 0,
  });
  expect(product.status()).toBe(302);
  const productId = /products\/([0-9a-f-]{36})/.exec(product.headers().location ?? "")![1]!;
  const lot = await manager.request.post(`${ws}/batches/new`, {
    form: { csrf, productId, lotCode: "MO-01", quantity: "100", uom: "H87", producedOn: "2026-11-20" },
    maxRedirects: 0,
  });
  expect(lot.status()).toBe(302);
  const batchPath = new URL(lot.headers().location!, baseURL).pathname;

  await manager.goto(`${batchPath}/labels`);
  await expect(manager.getByTestId("labels-not-approved")).toBeVisible();
  await expect(manager.getByTestId("download-png")).toHaveCount(0);
  await expect(manager.getByTestId("batch-qr")).toHaveCount(0);
  expect((await manager.request.get(`${batchPath}/labels/qr.png`)).status()).toBe(403);
  const code = (await manager.getByTestId("short-code").textContent())!.trim();

  const buyer = await newPage(browser);
  await buyer.goto(`/origin/${code}`);
  await expect(buyer.getByTestId("unverified-producer")).toBeVisible();
  await expect(buyer.getByTestId("ocop")).toHaveCount(0);
  await expect(buyer.getByTestId("buy")).toHaveCount(0);
  await expect(buyer.locator("body")).not.toContainText("Còn hiệu lực");
  expect((await buyer.request.get(`/api/epcis/batches/${code}`)).status()).toBe(403);

  const admin = await newPage(browser);
  await admin.goto("/login");
  await admin.getByLabel("Email").fill(ADMIN);
  await admin.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await admin.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(admin).toHaveURL(/\/admin\/organisations$/);
  await admin.getByRole("button", { name: `Duyệt ${organisation}` }).click();
  await expect(admin.getByRole("status")).toHaveText("Đã duyệt tổ chức.");

  // The page a cache kept is replaced: the stamp carries the organisation's status.
  await buyer.reload();
  await expect(buyer.getByTestId("unverified-producer")).toHaveCount(0);
  await expect(buyer.getByTestId("ocop")).toContainText("QG-OCOP5-GIA-001");
  await expect(buyer.getByTestId("buy")).toBeVisible();
  expect((await buyer.request.get(`/api/epcis/batches/${code}`)).status()).toBe(200);
  await manager.reload();
  await expect(manager.getByTestId("labels-not-approved")).toHaveCount(0);
  await expect(manager.getByTestId("download-png")).toBeVisible();

  // The manager makes an API key on the profile page: shown once.
  await manager.goto(`${ws}/profile`);
  await manager.getByLabel("Tên khóa (ví dụ: hệ thống của nhà phân phối)").fill("Nhà phân phối");
  await manager.getByRole("button", { name: "Tạo khóa" }).click();
  const key = (await manager.getByTestId("created-api-key").textContent())!.trim();
  expect(key).toMatch(/^ocop_/);
  const full = await buyer.request.get(`/api/epcis/batches/${code}`, { headers: { Authorization: `Bearer ${key}` } });
  expect(full.status()).toBe(200);
  expect(full.headers()["access-control-allow-origin"]).toBeUndefined();
  await manager.reload();
  await expect(manager.getByTestId("created-api-key")).toHaveCount(0);

  await admin.context().close();
  await buyer.context().close();
  await manager.context().close();
});
