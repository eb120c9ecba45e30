import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test, type Page } from "@playwright/test";
import { PNG } from "pngjs";
import { demo, signIn } from "./support/auth";
import { decodeQr } from "./support/labels";
import { freePort, startServer } from "./support/server";

/*
 * The OCOP certificate register, end to end, on a server of its own: a decided application of the La Bằng tea
 * (written into the database while the server is stopped, as the council's decision would leave it) gets its
 * certificate from the department; the PDF's QR code decodes to the verification page on the configured public
 * address, which shows it; an unknown number says so; the stars show on the product page and the shop card; the
 * certificate is revoked and the stars disappear from both, the product page saying why.
 */

const PRODUCT = "che-bup-la-bang-truyen-thong";
const DEPARTMENT = "so-nong-nghiep-va-moi-truong-thai-nguyen";

function vietnamToday(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Every QR code poppler draws on the PDF's first page, read by an independent decoder. */
function decodePdfQr(pdf: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), "ocop-cert-e2e-"));
  try {
    writeFileSync(join(dir, "certificate.pdf"), pdf);
    execFileSync("pdftoppm", ["-r", "100", "-png", "-f", "1", "-l", "1", join(dir, "certificate.pdf"), join(dir, "page")]);
    const png = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith("page")) as string)));
    return decodeQr(png);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function insertDecidedApplication(dataDir: string): Promise<void> {
  const db = await PGlite.create(dataDir);
  try {
    const today = vietnamToday();
    await db.query(`insert into ocop_product_sets (code, product_group, name_vi, name_en) values ('beverage.tea_e2e', 'beverage', 'Chè (thử)', 'Tea (test)') on conflict do nothing`);
    const sheet = await db.query<{ id: string }>(
      `insert into ocop_criteria_sheets (product_set_code, version, status, criteria, published_at) values ('beverage.tea_e2e', 1, 'published', '{"criteria":[]}'::jsonb, now()) returning id`,
    );
    const app = await db.query<{ id: string }>(
      `insert into ocop_applications (number, organisation_id, product_id, sheet_id, status)
       select 'HS-2026-9901', p.organisation_id, p.id, $1, 'decided' from products p where p.slug = $2 returning id`,
      [sheet.rows[0]!.id, PRODUCT],
    );
    const decision = await db.query<{ id: string }>(
      `insert into ocop_decisions (department_id, number, signed_on, signer_name, signer_title)
       select id, '2468/QĐ-UBND', $1::date, 'Nguyễn Thị B', 'Phó Chủ tịch UBND tỉnh' from organisations where slug = $2 returning id`,
      [today, DEPARTMENT],
    );
    await db.query(`insert into ocop_decision_items (decision_id, application_id, score, stars) values ($1, $2, 78, 4)`, [decision.rows[0]!.id, app.rows[0]!.id]);
  } finally {
    await db.close();
  }
}

async function shopCard(page: Page) {
  await page.goto(`/shop?q=${encodeURIComponent("Chè búp La Bằng")}`);
  return page.getByTestId("shop-results").getByTestId("shop-card").filter({ hasText: "Chè búp La Bằng" });
}

test("the department issues a certificate, its QR verifies it, the stars show, and revoking it takes them away", async ({ browser }) => {
  test.setTimeout(420_000);
  const parent = mkdtempSync(join(tmpdir(), "ocop-register-"));
  const dataDir = join(parent, "data");
  const options = { port: await freePort(), env: { DATA_DIR: dataDir, UPLOAD_DIR: join(parent, "uploads"), DEMO_ACCOUNTS: "true" } };
  let server = await startServer(options);
  try {
    expect((await server.stop()).code).toBe(0);
    await insertDecidedApplication(dataDir);
    server = await startServer(options);
    const baseURL = server.baseURL;
    const context = await browser.newContext({ baseURL });
    const officer = await context.newPage();
    const visitor = await (await browser.newContext({ baseURL })).newPage();

    // Before: the tea has no stars.
    await visitor.goto(`/products/${PRODUCT}`);
    await expect(visitor.locator(".badge--ocop")).toHaveCount(0);

    await signIn(officer, demo.officer, undefined, baseURL);
    await officer.goto("/department/ocop/certificates");
    const toIssue = officer.getByTestId("decisions-to-issue");
    await expect(toIssue).toContainText("2468/QĐ-UBND");
    await toIssue.getByRole("button", { name: "Cấp 1 chứng nhận" }).click();
    const done = officer.getByTestId("register-done");
    await expect(done).toContainText("Đã cấp 1 chứng nhận");
    const number = /OCOP-[A-Z]+-\d{4}-\d{4}/.exec(await done.innerText())![0];
    await expect(officer.getByTestId("decisions-to-issue")).toHaveCount(0);

    // The PDF's QR code is the verification page on the configured public address.
    const pdf = await officer.request.get(`/ocop/certificates/${number}.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const qr = decodePdfQr(Buffer.from(await pdf.body()));
    expect(qr).toBe(`${baseURL}/ocop/certificates/${number}`);

    await visitor.goto(qr!);
    await expect(visitor.getByTestId("certificate-found")).toContainText(number);
    await expect(visitor.getByTestId("certificate-stars")).toHaveText("4★");
    await expect(visitor.getByTestId("certificate")).toContainText("2468/QĐ-UBND");
    await expect(visitor.getByTestId("certificate-standing")).toHaveText("Còn hiệu lực");
    // Case does not matter; an unknown number says so with a 404.
    await visitor.goto(`/ocop/certificates/${number.toLowerCase()}`);
    await expect(visitor.getByTestId("certificate-number")).toHaveText(number);
    const unknown = await visitor.goto("/ocop/certificates/OCOP-TN-1999-0001");
    expect(unknown?.status()).toBe(404);
    await expect(visitor.getByTestId("certificate-unknown")).toContainText("Không có chứng nhận số OCOP-TN-1999-0001");
    const odd = await visitor.request.get("/ocop/certificates/%3Cscript%3E");
    expect(odd.status()).toBe(400);

    // The public register lists it.
    await visitor.goto("/ocop?stars=4");
    await expect(visitor.getByTestId("ocop-register").locator(`tr[data-number="${number}"]`)).toContainText("Còn hiệu lực");

    // The stars show on the product page (linked to the verification page) and the shop card.
    await visitor.goto(`/products/${PRODUCT}`);
    await expect(visitor.locator(".badge--ocop").first()).toHaveText("4★ OCOP");
    await expect(visitor.getByTestId("certificate-link")).toHaveText(number);
    await expect((await shopCard(visitor)).locator(".badge--ocop")).toHaveText("4★ OCOP");

    // Revoked with a public reason: the stars disappear the same moment.
    await officer.goto("/department/ocop/certificates");
    const row = officer.getByTestId("dept-register").locator(`tr[data-number="${number}"]`);
    await row.getByRole("button", { name: "Thu hồi" }).click();
    await expect(officer.getByTestId("register-refusal")).toContainText("Nhập lý do");
    await officer.getByTestId("dept-register").locator(`tr[data-number="${number}"]`).getByLabel("Lý do (công khai)").fill("Hậu kiểm không đạt chỉ tiêu an toàn thực phẩm");
    await officer.getByTestId("dept-register").locator(`tr[data-number="${number}"]`).getByRole("button", { name: "Thu hồi" }).click();
    await expect(officer.getByTestId("register-done")).toContainText(`Đã thu hồi chứng nhận ${number}`);

    await visitor.waitForTimeout(1_100); // the anonymous product page is shared for up to a second
    await visitor.goto(`/products/${PRODUCT}`);
    await expect(visitor.locator(".badge--ocop")).toHaveCount(0);
    await expect(visitor.getByTestId("ocop-withdrawn")).toContainText(`Chứng nhận OCOP số ${number} đã bị thu hồi`);
    await expect(visitor.getByTestId("ocop-withdrawn")).toContainText("Hậu kiểm không đạt chỉ tiêu an toàn thực phẩm");
    await expect((await shopCard(visitor)).locator(".badge--ocop")).toHaveCount(0);
    await visitor.goto(`/shop?stars=4&q=${encodeURIComponent("Chè búp La Bằng")}`);
    await expect(visitor.getByTestId("shop-results").getByTestId("shop-card").filter({ hasText: "Chè búp La Bằng" })).toHaveCount(0);
    await visitor.goto(`/ocop/certificates/${number}`);
    await expect(visitor.getByTestId("certificate-withdrawn")).toContainText("Hậu kiểm không đạt chỉ tiêu an toàn thực phẩm");
    await expect(visitor.getByTestId("certificate-history")).toContainText("Thu hồi");
    await server.stop();
  } finally {
    await server.stop();
    rmSync(parent, { recursive: true, force: true });
  }
});
