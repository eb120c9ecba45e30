import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo, signIn } from "./support/auth";
import { freePort, startServer, type SpecServer } from "./support/server";

/*
 * The OCOP council's side (issue #17): the department opens a round and seats its council; the secretary takes two
 * submitted applications of Tân Cương's tea into the round, returns one with a note and accepts the other; the round
 * moves to scoring; a member who declares a conflict of interest is refused a (forged) scoring; three members score;
 * the department records a 4★ decision; the minutes PDF names the product.
 *
 * Its own server and database: the submitted applications (the producer's side) are written while it is stopped.
 */

const t = (vi: string, en: string) => ({ vi, en });
const sheet = {
  criteria: [
    { code: "A1", part: "A", section: t("Tổ chức sản xuất", "Production"), text: t("Nguồn nguyên liệu", "Raw material"), options: [{ label: t("Không rõ", "Unknown"), points: 0 }, { label: t("Một phần", "Partly"), points: 10 }, { label: t("Tự chủ", "Own"), points: 20 }], evidence: "none", required: false, checkAgainstAnnex: false },
    { code: "A2", part: "A", section: t("Tổ chức sản xuất", "Production"), text: t("Lao động địa phương", "Local labour"), options: [{ label: t("Không", "No"), points: 0 }, { label: t("Có", "Yes"), points: 20 }], evidence: "none", required: false, checkAgainstAnnex: false },
    { code: "B1", part: "B", section: t("Tiếp thị", "Marketing"), text: t("Câu chuyện sản phẩm", "Story"), options: [{ label: t("Không có", "None"), points: 0 }, { label: t("Có", "Yes"), points: 15 }], evidence: "none", required: false, checkAgainstAnnex: false },
    { code: "B2", part: "B", section: t("Tiếp thị", "Marketing"), text: t("Kênh phân phối", "Distribution"), options: [{ label: t("Trong xã", "Commune"), points: 0 }, { label: t("Trong tỉnh", "Province"), points: 5 }, { label: t("Ngoài tỉnh", "Beyond"), points: 10 }], evidence: "none", required: false, checkAgainstAnnex: false },
    { code: "C1", part: "C", section: t("Chất lượng", "Quality"), text: t("Kiểm nghiệm", "Lab tests"), options: [{ label: t("Không", "None"), points: 0 }, { label: t("Đạt", "Passed"), points: 20 }], evidence: "none", required: false, checkAgainstAnnex: false },
    { code: "C2", part: "C", section: t("Chất lượng", "Quality"), text: t("Tiêu chuẩn công bố", "Standard"), options: [{ label: t("Không", "No"), points: 0 }, { label: t("Có", "Yes"), points: 15 }], evidence: "none", required: false, checkAgainstAnnex: true },
  ],
};

let parent = "";
let server: SpecServer | undefined;
let baseURL = "";
let productName = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  parent = mkdtempSync(join(tmpdir(), "ocop-council-"));
  const dataDir = join(parent, "data");
  const options = { port: await freePort(), env: { DATA_DIR: dataDir, UPLOAD_DIR: join(parent, "uploads"), DEMO_ACCOUNTS: "true" } };
  server = await startServer(options);
  await server.stop();
  const db = await PGlite.create(dataDir);
  await db.query(`insert into ocop_product_sets (code, product_group, name_vi, name_en) values ('beverage.e2e_tea', 'beverage', 'Chè (thử)', 'Tea (test)') on conflict do nothing`);
  const sheetRow = await db.query<{ id: string }>(
    `insert into ocop_criteria_sheets (product_set_code, version, status, criteria, published_at) values ('beverage.e2e_tea', 1, 'published', $1::jsonb, now()) returning id`,
    [JSON.stringify(sheet)],
  );
  const product = await db.query<{ id: string; organisation_id: string; name_vi: string }>(
    `select p.id, p.organisation_id, p.name_vi from products p join organisations o on o.id = p.organisation_id where o.slug = 'htx-che-tan-cuong-xanh' and p.slug = 'che-tan-cuong-dac-biet'`,
  );
  const p = product.rows[0]!;
  productName = p.name_vi;
  for (const number of ["HS-2026-8001", "HS-2026-8002"]) {
    await db.query(
      `insert into ocop_applications (number, organisation_id, product_id, sheet_id, status, submitted_at, product_idea) values ($1, $2, $3, $4, 'submitted', now(), '{"idea":"Chè đặc biệt Tân Cương"}'::jsonb)`,
      [number, p.organisation_id, p.id, sheetRow.rows[0]!.id],
    );
  }
  await db.close();
  server = await startServer(options);
  baseURL = server.baseURL;
});

test.afterAll(async () => {
  await server?.stop();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "vi-VN" });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** axe-core finds nothing serious or critical on the page as it stands (forms, cards and refusals included). */
async function expectAccessible(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  expect(bad).toEqual([]);
}

/** Scores every criterion with the option indexes given, then submits. */
async function score(page: Page, choices: Record<string, number>): Promise<void> {
  for (const [code, index] of Object.entries(choices)) await page.locator(`input[name="score.${code}"][value="${index}"]`).check();
  await page.locator("textarea[name='comment.A1']").fill("Vùng nguyên liệu tự chủ, có nhật ký canh tác.");
  await page.getByRole("button", { name: "Nộp phiếu chấm" }).click();
}

test("a round's council: return with a note, conflict refused, three scorings, a 4★ decision, minutes", async ({ browser }) => {
  test.setTimeout(240_000);
  const officer = await as(browser, demo.officer);
  await officer.goto("/department/ocop/rounds");
  await officer.getByLabel("Tên đợt").fill("Đợt 2 năm 2026");
  await officer.getByLabel("Ngày họp hội đồng").fill("2026-10-15");
  await officer.getByRole("button", { name: "Mở đợt đánh giá mới" }).click();
  await expect(officer.getByRole("heading", { level: 1, name: "Đợt 2 năm 2026" })).toBeVisible();
  const roundUrl = new URL(officer.url()).pathname;

  const seat = async (email: string, role: string, title = "") => {
    const form = officer.locator("form", { has: officer.getByRole("button", { name: "Thêm thành viên" }) });
    await form.getByLabel("Email tài khoản").fill(email);
    await form.getByLabel("Vai trò").selectOption({ label: role });
    if (title) await form.getByLabel("Học hàm, chức vụ (in trên biên bản)").fill(title);
    await form.getByRole("button", { name: "Thêm thành viên" }).click();
    if (email !== demo.admin) await expect(officer.locator(`tr[data-member="${email}"]`)).toBeVisible();
  };
  await seat(demo.supervisor, "Chủ tịch", "Phó Chủ tịch MTTQ tỉnh");
  await expect(officer.getByTestId("round-done")).toHaveText("Đã thêm thành viên hội đồng.");
  await seat(demo.officer, "Thư ký", "Chuyên viên Sở");
  await seat(demo.consumer, "Thành viên");
  await seat(demo.baoThaiManager, "Thành viên");
  await seat(demo.tanCuongStaff, "Thành viên");
  // A second chair is refused.
  await seat(demo.admin, "Chủ tịch");
  await expect(officer.getByText("Hội đồng đã có chủ tịch.")).toBeVisible();
  await expect(officer.getByTestId("council-members").locator("tbody tr")).toHaveCount(5);

  // The secretary takes both submitted applications into the round, returns one with a note, accepts the other.
  for (const number of ["HS-2026-8001", "HS-2026-8002"]) {
    await officer.getByRole("button", { name: `Đưa vào đợt này: hồ sơ ${number}` }).click();
    await expect(officer.getByTestId("round-done")).toHaveText("Đã đưa hồ sơ vào đợt.");
  }
  const returned = officer.locator("article[data-application='HS-2026-8001']");
  await returned.getByLabel("Ghi chú cho hợp tác xã").fill("Thiếu giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.");
  await returned.getByRole("button", { name: "Trả lại để bổ sung: hồ sơ HS-2026-8001" }).click();
  await expect(officer.getByTestId("round-done")).toContainText("Đã trả lại hồ sơ");
  await expect(returned.getByTestId("application-status")).toHaveText("Trả lại để bổ sung");
  await expect(returned).toContainText("Thiếu giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.");
  await expectAccessible(officer);
  await officer.getByRole("button", { name: "Tiếp nhận để đánh giá: hồ sơ HS-2026-8002" }).click();
  const evaluated = officer.locator("article[data-application='HS-2026-8002']");
  await expect(evaluated.getByTestId("application-status")).toHaveText("Đang đánh giá");
  await officer.getByRole("button", { name: "Bắt đầu chấm điểm" }).click();
  await expect(officer.getByTestId("round-status")).toContainText("Đang chấm điểm");
  const dossierPath = await evaluated.getByRole("link", { name: "Xem hồ sơ" }).getAttribute("href");
  expect(dossierPath).toMatch(/^\/council\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);

  // The cooperative's own staff member declares a conflict and is refused even with a forged scoring.
  const conflicted = await as(browser, demo.tanCuongStaff);
  await conflicted.goto("/account");
  await conflicted.getByTestId("council-link").click();
  await expect(conflicted.locator("li[data-application='HS-2026-8001']")).toHaveCount(0);
  await conflicted.locator("li[data-application='HS-2026-8002']").getByRole("link").click();
  await conflicted.getByLabel("Lý do (không bắt buộc)").fill("Nhân viên của hợp tác xã");
  await conflicted.getByRole("button", { name: "Khai xung đột lợi ích" }).click();
  await expect(conflicted.getByTestId("conflicted")).toBeVisible();
  await expect(conflicted.getByRole("button", { name: "Nộp phiếu chấm" })).toHaveCount(0);
  const csrf = (await conflicted.locator("input[name=csrf]").first().getAttribute("value")) ?? "";
  const forged = await conflicted.request.post(dossierPath!, {
    form: { csrf, intent: "submit", "score.A1": "2", "score.A2": "1", "score.B1": "1", "score.B2": "2", "score.C1": "1", "score.C2": "1" },
    headers: { Origin: baseURL },
  });
  expect(forged.status()).toBe(400);

  // Three members score; members see others' scores only after submitting.
  const chair = await as(browser, demo.supervisor);
  await chair.goto(dossierPath!);
  await expect(chair.getByText("Điểm của thành viên khác sẽ hiện sau khi bạn nộp phiếu.")).toBeVisible();
  await expectAccessible(chair);
  // An option that is not the criterion's own is refused.
  const chairCsrf = (await chair.locator("input[name=csrf]").first().getAttribute("value")) ?? "";
  const outside = await chair.request.post(dossierPath!, { form: { csrf: chairCsrf, intent: "save", "score.A2": "7" }, headers: { Origin: baseURL } });
  expect(outside.status()).toBe(400);
  expect(await outside.text()).toContain("council.refusal.invalid_scores");
  await score(chair, { A1: 2, A2: 1, B1: 1, B2: 1, C1: 1, C2: 0 }); // 80
  await expect(chair.getByTestId("scoring-done")).toContainText("80");

  const member = await as(browser, demo.consumer);
  await member.goto(dossierPath!);
  await expect(member.getByTestId("others-A1")).toHaveCount(0);
  await score(member, { A1: 1, A2: 1, B1: 1, B2: 2, C1: 1, C2: 0 }); // 75
  await expect(member.getByTestId("scoring-done")).toContainText("75");
  await member.reload();
  await expect(member.getByTestId("others-A1")).toContainText("20");
  await expectAccessible(member);

  const third = await as(browser, demo.baoThaiManager);
  await third.goto(dossierPath!);
  await score(third, { A1: 2, A2: 1, B1: 1, B2: 1, C1: 1, C2: 0 }); // 80
  await expect(third.getByTestId("scoring-done")).toContainText("80");

  // The department sees the mean and class, and records the decision.
  await officer.goto(roundUrl);
  await expect(evaluated.getByTestId("application-mean")).toHaveText("78,33");
  await expect(evaluated.getByTestId("application-class")).toHaveText("4 sao");
  await expect(officer.getByTestId("council-conflicts")).toContainText("Hợp tác xã Chè Tân Cương Xanh (Nhân viên của hợp tác xã)");
  const decision = officer.locator("form", { has: officer.getByRole("button", { name: "Ghi quyết định" }) });
  await decision.getByLabel("Số quyết định").fill("1234/QĐ-UBND");
  await decision.getByLabel("Người ký", { exact: true }).fill("Nguyễn Văn Bình");
  await decision.getByLabel("Chức vụ người ký").fill("Phó Chủ tịch UBND tỉnh");
  await expect(decision.getByLabel("Số sao cho HS-2026-8002")).toHaveValue("4");
  await decision.getByRole("button", { name: "Ghi quyết định" }).click();
  await expect(officer.getByTestId("round-done")).toHaveText("Đã ghi quyết định công nhận.");
  await expect(evaluated.getByTestId("application-status")).toHaveText("Đã có quyết định");
  await expect(evaluated.getByTestId("application-decision")).toHaveText("1234/QĐ-UBND · 4 sao");
  await expectAccessible(officer);

  // The minutes name the product, the council and the mean.
  const pdf = await officer.request.get(`${roundUrl}/minutes.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const file = join(parent, "minutes.pdf");
  writeFileSync(file, await pdf.body());
  const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString().replace(/\s+/g, " ");
  expect(text).toContain(productName);
  expect(text).toContain("Đợt 2 năm 2026");
  expect(text).toContain("78,33");
  expect(text).toContain("Chủ tịch hội đồng");

  // A member of no round sees nothing of it.
  const outsider = await as(browser, demo.tanCuongManager);
  expect((await outsider.request.get(dossierPath!)).status()).toBe(404);
  expect((await outsider.request.get(roundUrl)).status()).toBe(404);
  expect((await outsider.request.get(`${roundUrl}/minutes.pdf`)).status()).toBe(404);
});
