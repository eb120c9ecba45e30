import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PNG } from "pngjs";
import { minimalPdf } from "../setup/test-files";
import { demo, signIn } from "./support/auth";
import { decodeQr } from "./support/labels";
import { startServer, type SpecServer } from "./support/server";

/*
 * Issue #17's "Done when", end to end through the UI, as the people who do it, on the demo data:
 * the Tân Cương cooperative's manager applies for its hook tea (its old certificate expired, so no stars today) —
 * forms, platform evidence in one click, a self-score for every criterion; submitting without the food-safety
 * certificate is refused; with it the dossier goes in, without a round. The department's secretary takes it into
 * "Đợt 2 năm 2026" (in scoring) and returns it for the trademark certificate; the manager reads the note, uploads it,
 * resubmits; the secretary accepts it. Three members score it into the 70–89 band; the member who declared a conflict
 * with the cooperative is refused, even with a forged scoring. The officer records a 4★ decision and issues the
 * certificate; its PDF's QR code opens the verification page on the public address; the stars show on the shop card,
 * the product page and a lot's origin page; revoked, they disappear from all three, which say why.
 *
 * A server of its own on fresh demo data: other journeys on the shared server read this product (catalog.spec.ts
 * expects it without stars) and round 2 as seeded.
 */

const ORG = "htx-che-tan-cuong-xanh";
const PRODUCT = "che-tan-cuong-moc-cau";
const PRODUCT_NAME = "Chè Tân Cương móc câu";
const ROUND = "Đợt 2 năm 2026";
const TEA_SET = "beverage.tea";
const council = {
  chair: "chutich.hoidong@demo.ocoptrace.vn",
  secretary: "canbo.so@demo.ocoptrace.vn",
  member1: "chuyengia.1@demo.ocoptrace.vn",
  member2: "chuyengia.2@demo.ocoptrace.vn",
  conflicted: "chuyengia.3@demo.ocoptrace.vn",
};
const RETURN_NOTE = "Đề nghị bổ sung Giấy chứng nhận đăng ký nhãn hiệu (tiêu chí B2.1).";
const REVOKE_REASON = "Hậu kiểm không đạt chỉ tiêu dư lượng thuốc bảo vệ thực vật";

let server: SpecServer | undefined;
let baseURL = "";

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startServer({ freshData: true, env: { DEMO_ACCOUNTS: "true" } });
  baseURL = server.baseURL;
});

test.afterAll(async () => {
  await server?.stop();
});

/** A person's own browser context, signed in when an email is given. */
async function as(browser: Browser, email?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "vi-VN" });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") console.error(`[${email ?? "visitor"}] ${m.text()}`);
  });
  if (email) await signIn(page, email);
  return page;
}

/** Every QR code poppler draws on the PDF's first page, read by an independent decoder (as ocop-register.spec.ts). */
function decodePdfQr(pdf: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), "ocop-journey-"));
  try {
    writeFileSync(join(dir, "certificate.pdf"), pdf);
    execFileSync("pdftoppm", ["-r", "100", "-png", "-f", "1", "-l", "1", join(dir, "certificate.pdf"), join(dir, "page")]);
    const png = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith("page")) as string)));
    return decodeQr(png);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function uploadDocument(page: Page, kind: string, title: string, label: string): Promise<void> {
  const docs = page.locator("section", { has: page.getByRole("heading", { name: "Tài liệu" }) });
  await docs.getByLabel("Loại tài liệu").selectOption(kind);
  await docs.getByLabel("Tên tài liệu").fill(title);
  await docs.locator("input[name=file]").setInputFiles({ name: `${kind}.pdf`, mimeType: "application/pdf", buffer: Buffer.from(minimalPdf()) });
  await docs.getByRole("button", { name: "Tải lên" }).click();
  await expect(page.getByTestId("dossier-documents")).toContainText(`${label}: ${title}`);
}

/** For each criterion, the option closest to `ratio` of its maximum (the lower one on a tie, as the demo seed does). */
function closestOptions(criteria: ReadonlyArray<{ code: string; points: number[] }>, ratio: number) {
  return criteria.map(({ code, points }) => {
    const target = ratio * Math.max(...points);
    let best = 0;
    points.forEach((p, i) => {
      const d = Math.abs(p - target);
      const bestD = Math.abs(points[best]! - target);
      if (d < bestD || (d === bestD && p < points[best]!)) best = i;
    });
    return { code, index: best, points: points[best]! };
  });
}

/**
 * Scores every criterion of the council's form, from the options' own points, with the even spread of options whose
 * total comes closest to `target`; returns that total.
 */
async function scoreNear(page: Page, target: number): Promise<number> {
  const criteria = await page.locator("fieldset[data-criterion]").evaluateAll((sets) =>
    sets.map((set) => ({
      code: set.getAttribute("data-criterion") ?? "",
      points: Array.from(set.querySelectorAll("label.radio")).map((label) => Number((/—\s*([\d.,]+)\s*$/.exec(label.textContent ?? "")?.[1] ?? "NaN").replace(",", "."))),
    })),
  );
  expect(criteria.length).toBeGreaterThan(20);
  expect(criteria.every((c) => c.points.length > 1 && c.points.every(Number.isFinite)), "every option's points read").toBe(true);
  const sum = (picks: ReturnType<typeof closestOptions>) => Math.round(picks.reduce((total, p) => total + p.points, 0) * 100) / 100;
  let best = closestOptions(criteria, 0.5);
  for (let ratio = 0.5; ratio <= 1; ratio += 0.01) {
    const picks = closestOptions(criteria, ratio);
    if (Math.abs(sum(picks) - target) < Math.abs(sum(best) - target)) best = picks;
  }
  for (const p of best) await page.locator(`input[name="score.${p.code}"][value="${p.index}"]`).check();
  return sum(best);
}

const vi = (n: number) => String(n).replace(".", ",");

test("an OCOP evaluation, end to end: application, return and resubmission, council scoring, 4★ decision, certificate with QR, stars shown and revoked", async ({ browser }) => {
  test.setTimeout(420_000);
  const visitor = await as(browser);

  // Before: the hook tea's old certificate has expired, so it carries no stars.
  await visitor.goto(`/products/${PRODUCT}`);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(PRODUCT_NAME);
  await expect(visitor.locator(".badge--ocop")).toHaveCount(0);

  // 1. The manager applies.
  const manager = await as(browser, demo.tanCuongManager);
  await manager.goto(`/workspace/${ORG}/ocop`);
  await manager.getByRole("link", { name: "Lập hồ sơ mới" }).click();
  await manager.getByLabel("Sản phẩm", { exact: true }).selectOption({ label: PRODUCT_NAME });
  await manager.getByLabel("Bộ sản phẩm").selectOption(TEA_SET);
  await manager.getByRole("button", { name: "Bắt đầu hồ sơ" }).click();
  const heading = manager.getByRole("heading", { level: 2, name: /^Hồ sơ HS-\d{4}-\d{4}/ });
  await expect(heading).toContainText(PRODUCT_NAME);
  const number = /HS-\d{4}-\d{4}/.exec(await heading.innerText())![0];
  const dossierUrl = new URL(manager.url()).pathname;
  await expect(manager.getByTestId("dossier-status")).toHaveText("Bản nháp");

  const idea = manager.locator("section", { has: manager.getByRole("heading", { name: "Phiếu đăng ký ý tưởng sản phẩm" }) });
  await idea.getByLabel("Tên sản phẩm").fill(PRODUCT_NAME);
  await idea.getByLabel("Nguyên liệu chính").fill("Búp chè Trung du một tôm hai lá");
  await idea.getByLabel("Nguồn gốc nguyên liệu").fill("Đồi chè của các hộ thành viên xã Tân Cương");
  await idea.getByLabel("Quy mô sản xuất").fill("15 tấn chè khô mỗi năm");
  await idea.getByLabel("Thị trường mục tiêu").fill("Hà Nội, Thành phố Hồ Chí Minh");
  await idea.getByLabel("Điểm khác biệt").fill("Cánh chè móc câu đều, nước xanh, hậu ngọt");
  await idea.getByRole("button", { name: "Lưu" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Đã lưu." })).toBeVisible();

  const plan = manager.locator("section", { has: manager.getByRole("heading", { name: "Phương án sản xuất kinh doanh" }) });
  await plan.getByLabel("Số thành viên").fill("42");
  await plan.getByLabel("Số lao động tham gia").fill("60");
  await plan.getByLabel("Công suất mỗi năm").fill("15 tấn");
  await plan.getByLabel("Doanh thu năm trước").fill("2.800.000.000");
  await plan.getByLabel("Kênh bán hàng").fill("Cửa hàng, sàn OCOP Trace");
  await plan.getByLabel("Kế hoạch 3 năm tới").fill("Đạt 4 sao, mở rộng vùng nguyên liệu");
  await plan.getByRole("button", { name: "Lưu" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Đã lưu." })).toBeVisible();

  // Platform evidence with one click: the lab-tested lots among it.
  await manager.getByRole("button", { name: "Đính kèm tất cả" }).click();
  await expect(manager.getByTestId("dossier-evidence").locator("[data-evidence=lab_tests]")).toContainText(/\d+ lô có kiểm nghiệm/);

  // A self-score for every criterion: the best option of each.
  const selects = manager.locator("select[name^='score.']");
  const criteria = await selects.count();
  expect(criteria).toBeGreaterThan(20);
  for (let i = 0; i < criteria; i++) {
    const select = selects.nth(i);
    const last = await select.locator("option").last().getAttribute("value");
    await select.selectOption(last!);
  }
  await manager.getByRole("button", { name: "Lưu điểm tự chấm" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Đã lưu." })).toBeVisible();
  await expect(manager.getByTestId("self-score-total")).toContainText("Tổng: 100/100");

  // Only the business registration is uploaded: the missing food-safety certificate is refused with its criterion.
  await uploadDocument(manager, "business_registration", "Giấy chứng nhận đăng ký HTX", "Giấy chứng nhận đăng ký kinh doanh");
  await manager.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(manager.getByRole("alert")).toHaveText("Chưa nộp được: hồ sơ còn thiếu các mục dưới đây.");
  await expect(manager.getByTestId("dossier-missing")).toHaveText("Tiêu chí C2.1 cần tài liệu: Giấy chứng nhận an toàn thực phẩm.");
  await expect(manager.getByTestId("dossier-status")).toHaveText("Bản nháp");

  await uploadDocument(manager, "food_safety", "Giấy chứng nhận cơ sở đủ điều kiện ATTP", "Giấy chứng nhận an toàn thực phẩm");
  await expect(manager.getByText("Hồ sơ đã đủ để nộp.")).toBeVisible();
  await manager.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Đã nộp hồ sơ cho Hội đồng." })).toBeVisible();
  await expect(manager.getByTestId("dossier-status")).toHaveText("Đã nộp");

  // 2. The secretary takes it into round 2 (in scoring) and returns it for the trademark certificate.
  const officer = await as(browser, council.secretary);
  await officer.goto("/department/ocop/rounds");
  await officer.getByRole("link", { name: ROUND }).click();
  await expect(officer.getByRole("heading", { level: 1, name: ROUND })).toBeVisible();
  await expect(officer.getByTestId("round-status")).toContainText("Đang chấm điểm");
  const roundUrl = new URL(officer.url()).pathname;
  expect(roundUrl).toMatch(/^\/department\/ocop\/rounds\/[0-9a-f-]{36}$/);
  await officer.getByRole("button", { name: `Đưa vào đợt này: hồ sơ ${number}` }).click();
  await expect(officer.getByTestId("round-done")).toHaveText("Đã đưa hồ sơ vào đợt.");
  const card = officer.locator(`article[data-application='${number}']`);
  await expect(card.getByTestId("application-status")).toHaveText("Đã nộp");
  await card.getByLabel("Ghi chú cho hợp tác xã").fill(RETURN_NOTE);
  await card.getByRole("button", { name: `Trả lại để bổ sung: hồ sơ ${number}` }).click();
  await expect(officer.getByTestId("round-done")).toContainText("Đã trả lại hồ sơ");
  await expect(card.getByTestId("application-status")).toHaveText("Trả lại để bổ sung");

  // The manager reads the note on the dossier, uploads the trademark certificate and resubmits.
  await manager.goto(dossierUrl);
  await expect(manager.getByTestId("dossier-status")).toHaveText("Trả lại để bổ sung");
  await expect(manager.getByTestId("return-note")).toContainText(RETURN_NOTE);
  await expect(manager.locator("article header .card__meta")).toContainText(ROUND);
  await uploadDocument(manager, "trademark", "Giấy chứng nhận đăng ký nhãn hiệu Chè Tân Cương", "Giấy chứng nhận nhãn hiệu");
  await manager.getByRole("button", { name: "Nộp lại hồ sơ" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Đã nộp lại hồ sơ sau khi bổ sung." })).toBeVisible();
  await expect(manager.getByTestId("dossier-status")).toHaveText("Đã nộp");
  await expect(manager.getByTestId("dossier-history")).toContainText(RETURN_NOTE);

  // The secretary accepts it for evaluation.
  await officer.goto(roundUrl);
  await expect(card.getByTestId("application-status")).toHaveText("Đã nộp");
  await officer.getByRole("button", { name: `Tiếp nhận để đánh giá: hồ sơ ${number}` }).click();
  await expect(officer.getByTestId("round-done")).toHaveText("Đã tiếp nhận hồ sơ để hội đồng đánh giá.");
  await expect(card.getByTestId("application-status")).toHaveText("Đang đánh giá");
  const councilPath = await card.getByRole("link", { name: "Xem hồ sơ" }).getAttribute("href");
  expect(councilPath).toMatch(/^\/council\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);

  // 3. The member who declared a conflict with the cooperative cannot score it, not even with a forged form.
  const conflicted = await as(browser, council.conflicted);
  await conflicted.goto(councilPath!);
  await expect(conflicted.getByTestId("conflicted")).toBeVisible();
  await expect(conflicted.getByRole("button", { name: "Nộp phiếu chấm" })).toHaveCount(0);
  const csrf = (await conflicted.locator("input[name=csrf]").first().getAttribute("value")) ?? "";
  const forgedScores = Object.fromEntries((await conflicted.locator("fieldset[data-criterion]").evaluateAll((sets) => sets.map((s) => s.getAttribute("data-criterion") ?? ""))).map((code) => [`score.${code}`, "1"]));
  const forged = await conflicted.request.post(councilPath!, { form: { csrf, intent: "submit", ...forgedScores }, headers: { Origin: baseURL } });
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toContain("council.refusal.conflicted");

  // Three members score every criterion into the 70–89 band.
  const totals: number[] = [];
  for (const [email, target] of [[council.chair, 80], [council.member1, 76], [council.member2, 84]] as const) {
    const member = await as(browser, email);
    await member.goto(councilPath!);
    await expect(member.getByRole("heading", { level: 1 })).toContainText(number);
    const total = await scoreNear(member, target);
    expect(total, `${email}'s total`).toBeGreaterThanOrEqual(70);
    expect(total, `${email}'s total`).toBeLessThan(90);
    await member.getByRole("button", { name: "Nộp phiếu chấm" }).click();
    await expect(member.getByTestId("scoring-done")).toHaveText(`Đã nộp phiếu chấm: tổng ${vi(total)} điểm.`);
    totals.push(total);
    await member.context().close();
  }
  const mean = Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100;

  // 4. The officer records the decision (this application only), ranked 4★.
  await officer.goto(roundUrl);
  await expect(card.getByTestId("application-mean")).toHaveText(vi(mean));
  await expect(card.getByTestId("application-class")).toHaveText("4 sao");
  const decision = officer.locator("form", { has: officer.getByRole("button", { name: "Ghi quyết định" }) });
  await decision.getByLabel("Số quyết định").fill("2026/QĐ-UBND-E2E");
  await decision.getByLabel("Người ký", { exact: true }).fill("Nguyễn Văn Bình");
  await decision.getByLabel("Chức vụ người ký").fill("Phó Chủ tịch UBND tỉnh");
  for (const other of await decision.locator("fieldset[data-decide]").all()) {
    const which = await other.getAttribute("data-decide");
    if (which !== number) await other.getByLabel(`Đưa ${which} vào quyết định`).uncheck();
  }
  await expect(decision.getByLabel(`Đưa ${number} vào quyết định`)).toBeChecked();
  await expect(decision.getByLabel(`Số sao cho ${number}`)).toHaveValue("4");
  await decision.getByRole("button", { name: "Ghi quyết định" }).click();
  await expect(officer.getByTestId("round-done")).toHaveText("Đã ghi quyết định công nhận.");
  await expect(card.getByTestId("application-decision")).toHaveText("2026/QĐ-UBND-E2E · 4 sao");

  // The certificate is issued from the decision; its PDF downloads; its QR code is the verification page.
  await officer.goto("/department/ocop/certificates");
  const toIssue = officer.getByTestId("decisions-to-issue");
  await expect(toIssue).toContainText("2026/QĐ-UBND-E2E");
  await toIssue.getByRole("button", { name: "Cấp 1 chứng nhận" }).click();
  const done = officer.getByTestId("register-done");
  await expect(done).toContainText("Đã cấp 1 chứng nhận");
  const certificate = /OCOP-[A-Z]+-\d{4}-\d{4}/.exec(await done.innerText())![0];
  const row = officer.getByTestId("dept-register").locator(`tr[data-number="${certificate}"]`);
  await expect(row).toContainText(PRODUCT_NAME);
  const [download] = await Promise.all([officer.waitForEvent("download"), row.getByRole("link", { name: "PDF" }).click()]);
  const pdfPath = await download.path();
  const pdf = readFileSync(pdfPath);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const qr = decodePdfQr(pdf);
  expect(qr).toBe(`${baseURL}/ocop/certificates/${certificate}`);

  // The cooperative's dossier follows.
  await manager.goto(dossierUrl);
  await expect(manager.getByTestId("dossier-status")).toHaveText("Đã cấp giấy chứng nhận");

  await visitor.goto(new URL(qr!).pathname);
  await expect(visitor.getByTestId("certificate-number")).toHaveText(certificate);
  await expect(visitor.getByTestId("certificate-stars")).toHaveText("4★");
  await expect(visitor.getByTestId("certificate-standing")).toHaveText("Còn hiệu lực");
  await expect(visitor.getByTestId("certificate")).toContainText(PRODUCT_NAME);

  // 5. The stars show on the shop card, the product page and a lot's origin page.
  const shopCard = () => visitor.getByTestId("shop-results").getByTestId("shop-card").filter({ hasText: PRODUCT_NAME });
  // The anonymous product page and the shop are shared for up to a second: look again until the change shows.
  await expect(async () => {
    await visitor.goto(`/products/${PRODUCT}`);
    await expect(visitor.locator(".badge--ocop").first()).toHaveText("4★ OCOP", { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(visitor.getByTestId("certificate-link")).toHaveText(certificate);
  const lot = visitor.getByTestId("lots-on-sale").getByRole("link").first();
  const originPath = await lot.getAttribute("href");
  expect(originPath).toMatch(/^\/origin\/[0-9A-Z]+$/);
  await expect(async () => {
    await visitor.goto(`/shop?q=${encodeURIComponent(PRODUCT_NAME)}`);
    await expect(shopCard().locator(".badge--ocop")).toHaveText("4★ OCOP", { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await visitor.goto(originPath!);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(PRODUCT_NAME);
  await expect(visitor.locator(".badge--ocop")).toHaveText("4★ OCOP");
  await expect(visitor.getByTestId("ocop")).toContainText("OCOP 4 sao");
  await expect(visitor.getByTestId("ocop").getByTestId("certificate-link")).toHaveText(certificate);

  // 6. Revoked with a public reason: the stars disappear from all three, which say why.
  await officer.goto("/department/ocop/certificates");
  const revokeRow = officer.getByTestId("dept-register").locator(`tr[data-number="${certificate}"]`);
  await revokeRow.getByLabel("Lý do (công khai)").fill(REVOKE_REASON);
  await revokeRow.getByRole("button", { name: "Thu hồi" }).click();
  await expect(officer.getByTestId("register-done")).toContainText(`Đã thu hồi chứng nhận ${certificate}`);

  await expect(async () => {
    await visitor.goto(`/products/${PRODUCT}`);
    await expect(visitor.locator(".badge--ocop")).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(visitor.getByTestId("ocop-withdrawn")).toContainText(`Chứng nhận OCOP số ${certificate} đã bị thu hồi`);
  await expect(visitor.getByTestId("ocop-withdrawn")).toContainText(REVOKE_REASON);
  await expect(async () => {
    await visitor.goto(`/shop?q=${encodeURIComponent(PRODUCT_NAME)}`);
    await expect(shopCard()).toBeVisible({ timeout: 500 });
    await expect(shopCard().locator(".badge--ocop")).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  // The origin page may be kept 30 s by the browser that saw it (ORIGIN_CACHE_CONTROL): another phone scans the lot.
  const scanner = await as(browser);
  await scanner.goto(originPath!);
  await expect(scanner.getByRole("heading", { level: 1 })).toHaveText(PRODUCT_NAME);
  await expect(scanner.locator(".badge--ocop")).toHaveCount(0);
  await expect(scanner.getByTestId("ocop-withdrawn")).toContainText(`Chứng nhận OCOP số ${certificate} đã bị thu hồi`);
  await expect(scanner.getByTestId("ocop-withdrawn")).toContainText(REVOKE_REASON);
  await visitor.goto(`/ocop/certificates/${certificate}`);
  await expect(visitor.getByTestId("certificate-withdrawn")).toContainText(REVOKE_REASON);
  await expect(visitor.getByTestId("certificate-standing")).toHaveText("Bị thu hồi");
});
