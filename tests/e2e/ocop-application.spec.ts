import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { minimalPdf } from "../setup/test-files";
import { testSheet } from "../setup/ocop-test-sheet";
import { demo, signIn } from "./support/auth";
import { freePort, startServer, type SpecServer } from "./support/server";

/*
 * The producer's side of an OCOP evaluation (issue #17), on a server of its own: the Tân Cương cooperative's manager
 * starts an application for a tea product whose lots carry lab tests, fills the product-idea and business-plan
 * forms, attaches the platform evidence, scores itself criterion by criterion and submits; the submission is refused
 * while the required product story is missing, and goes through once it is uploaded. Until the criteria sheets are
 * seeded, the test sheet (tests/setup/ocop-test-sheet.ts) is published into the stopped server's database.
 */

const ws = "/workspace/htx-che-tan-cuong-xanh";
const SET = "beverage.e2e_tea_sheet";

test("a manager applies for a tea product with platform evidence and self-scores; a missing required document is refused", async ({ page }) => {
  test.setTimeout(300_000);
  const parent = mkdtempSync(join(tmpdir(), "ocop-application-"));
  const options = { port: await freePort(), env: { DATA_DIR: join(parent, "data"), UPLOAD_DIR: join(parent, "uploads"), DEMO_ACCOUNTS: "true" } };
  let server: SpecServer | undefined;
  try {
    server = await startServer(options);
    expect((await server.stop()).code).toBe(0);

    const db = await PGlite.create(options.env.DATA_DIR);
    await db.query(`insert into ocop_product_sets (code, product_group, name_vi, name_en) values ($1, 'beverage', 'Chè (bộ thử)', 'Tea (test set)') on conflict do nothing`, [SET]);
    await db.query(`insert into ocop_criteria_sheets (product_set_code, version, status, criteria, published_at) values ($1, 1, 'published', $2::jsonb, now())`, [SET, JSON.stringify(testSheet)]);
    // A tea product of the cooperative with a lab-tested lot (the demo records lab tests on tea lots).
    const found = await db.query<{ id: string; name_vi: string }>(
      `select p.id, p.name_vi from products p join organisations o on o.id = p.organisation_id
       where o.slug = 'htx-che-tan-cuong-xanh' and p.kind = 'finished' and p.status = 'active'
         and exists (select 1 from batches b join trace_events e on e.batch_id = b.id where b.product_id = p.id and e.biz_step = 'inspecting')
         and not exists (select 1 from ocop_applications a where a.product_id = p.id)
       order by p.name_vi limit 1`,
    );
    const product = found.rows[0];
    expect(product, "a demo tea product with a lab-tested lot").toBeTruthy();
    // Another product of the cooperative without any application (the demo's round 2 holds one), given a certificate
    // recorded before this feature (recorded without an evaluation, no earlier
    // application): its renewal needs a product set chosen by the manager.
    const other = await db.query<{ id: string; name_vi: string }>(
      `select p.id, p.name_vi from products p join organisations o on o.id = p.organisation_id
       where o.slug = 'htx-che-tan-cuong-xanh' and p.kind = 'finished' and p.id <> $1
         and not exists (select 1 from ocop_applications a where a.product_id = p.id)
       order by p.name_vi limit 1`,
      [product!.id],
    );
    const recorded = other.rows[0];
    expect(recorded, "a second finished product of the cooperative").toBeTruthy();
    // Newer than the demo's recorded certificate of that product, so it is the product's current one.
    await db.query(
      `insert into ocop_certificates (number, product_id, organisation_id, product_group, stars, issued_on, expires_on, origin)
       select 'E2E-OCOP-REC-1', p.id, p.organisation_id, 'beverage', 3, current_date - 30, current_date + 90, 'recorded_without_evaluation' from products p where p.id = $1`,
      [recorded!.id],
    );
    await db.close();

    server = await startServer(options);
    // A render error in the browser shows only the 500 page; its message goes to the run's output.
    page.on("console", (m) => {
      if (m.type() === "error") console.error(m.text());
    });
    const base = server.baseURL;
    await signIn(page, demo.tanCuongManager, undefined, base);
    await page.goto(`${base}${ws}/ocop`);
    await expect(page.getByRole("heading", { level: 2, name: "Hồ sơ đánh giá, phân hạng OCOP" })).toBeVisible();
    await page.getByRole("link", { name: "Lập hồ sơ mới" }).click();
    await page.getByLabel("Sản phẩm", { exact: true }).selectOption(product!.id);
    await page.getByLabel("Bộ sản phẩm").selectOption(SET);
    await page.getByRole("button", { name: "Bắt đầu hồ sơ" }).click();
    // Numbered after the demo's applications of the year (db/seed/ocop-rounds.ts), the next one in sequence.
    const heading = page.getByRole("heading", { level: 2, name: /^Hồ sơ HS-\d{4}-\d{4}/ });
    await expect(heading).toBeVisible();
    const first = Number(/HS-\d{4}-(\d{4})/.exec((await heading.textContent()) ?? "")![1]);
    await expect(page.getByTestId("dossier-status")).toHaveText("Bản nháp");

    const idea = page.locator("section", { has: page.getByRole("heading", { name: "Phiếu đăng ký ý tưởng sản phẩm" }) });
    await idea.getByLabel("Tên sản phẩm").fill("Chè móc câu Tân Cương");
    await idea.getByLabel("Nguyên liệu chính").fill("Búp chè Trung du một tôm hai lá");
    await idea.getByLabel("Nguồn gốc nguyên liệu").fill("Vùng chè 30 ha của các hộ thành viên");
    await idea.getByLabel("Quy mô sản xuất").fill("20 tấn chè khô mỗi năm");
    await idea.getByLabel("Thị trường mục tiêu").fill("Hà Nội, Thành phố Hồ Chí Minh");
    await idea.getByLabel("Điểm khác biệt").fill("Sao suốt thủ công, nước xanh, hậu ngọt");
    await idea.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Đã lưu." })).toBeVisible();

    const plan = page.locator("section", { has: page.getByRole("heading", { name: "Phương án sản xuất kinh doanh" }) });
    await plan.getByLabel("Số thành viên").fill("42");
    await plan.getByLabel("Số lao động tham gia").fill("nhiều");
    await plan.getByLabel("Công suất mỗi năm").fill("20 tấn");
    await plan.getByLabel("Doanh thu năm trước").fill("3.200.000.000");
    await plan.getByLabel("Kênh bán hàng").fill("Cửa hàng, sàn OCOP Trace");
    await plan.getByLabel("Kế hoạch 3 năm tới").fill("Mở rộng vùng nguyên liệu");
    await plan.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByText("Nhập một số nguyên từ 0 đến 100.000.")).toBeVisible();
    await plan.getByLabel("Số lao động tham gia").fill("60");
    await plan.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Đã lưu." })).toBeVisible();

    await page.getByRole("button", { name: "Đính kèm tất cả" }).click();
    const lab = page.getByTestId("dossier-evidence").locator("[data-evidence=lab_tests]");
    await expect(lab).toContainText(/\d+ lô có kiểm nghiệm/);
    await expect(lab).toContainText(/Từ \d+ bản ghi trên OCOP Trace, tính đến/);
    await expect(page.getByTestId("dossier-evidence").locator("[data-evidence=member_households]")).toContainText("nhóm dưới 5 hộ được ẩn");
    await page.getByRole("button", { name: "Cập nhật Lượt quét mã QR (12 tháng)" }).click();
    await expect(page.getByTestId("dossier-evidence").locator("[data-evidence=scans]")).toContainText("lượt quét");

    for (const [code, option] of [["A1", "2"], ["A2", "1"], ["B1", "1"], ["B2", "2"], ["C1", "1"], ["C2", "0"]] as const) {
      await page.getByLabel(`Mức đạt của tiêu chí ${code}`).selectOption(option);
    }
    await page.getByLabel("Ghi chú cho tiêu chí C2").fill("Chưa công bố tiêu chuẩn cơ sở");
    await page.getByRole("button", { name: "Lưu điểm tự chấm" }).click();
    await expect(page.getByTestId("self-score-total")).toHaveText("Phần A: 40/40 · Phần B: 25/25 · Phần C: 20/35 · Tổng: 85/100");
    // The dossier with forms, evidence and scores filled (every-page.spec.ts reaches only an unknown application).
    const axe = await new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);

    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await expect(page.getByRole("alert")).toHaveText("Chưa nộp được: hồ sơ còn thiếu các mục dưới đây.");
    await expect(page.getByTestId("dossier-missing")).toHaveText("Tiêu chí B1 cần tài liệu: Câu chuyện sản phẩm.");
    await expect(page.getByTestId("dossier-status")).toHaveText("Bản nháp");

    const docs = page.locator("section", { has: page.getByRole("heading", { name: "Tài liệu" }) });
    await docs.getByLabel("Loại tài liệu").selectOption("product_story");
    await docs.getByLabel("Tên tài liệu").fill("Câu chuyện chè Tân Cương");
    await docs.locator("input[name=file]").setInputFiles({ name: "cau-chuyen.pdf", mimeType: "application/pdf", buffer: Buffer.from(minimalPdf()) });
    await docs.getByRole("button", { name: "Tải lên" }).click();
    await expect(page.getByTestId("dossier-documents")).toContainText("Câu chuyện sản phẩm: Câu chuyện chè Tân Cương");
    await expect(page.getByText("Hồ sơ đã đủ để nộp.")).toBeVisible();

    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Đã nộp hồ sơ cho Hội đồng." })).toBeVisible();
    await expect(page.getByTestId("dossier-status")).toHaveText("Đã nộp");
    await expect(page.getByTestId("dossier-history")).toContainText("Đã nộp");
    await expect(page.getByRole("button", { name: "Lưu điểm tự chấm" })).toHaveCount(0);

    await page.goto(`${base}${ws}/ocop`);
    await expect(page.getByTestId("ocop-applications")).toContainText("Đã nộp");

    // The renewal of the recorded certificate: refused without a product set, started once one is chosen.
    const certified = page.getByTestId("ocop-certified").getByRole("row").filter({ hasText: "E2E-OCOP-REC-1" });
    await expect(page.getByTestId("ocop-expiring")).toContainText("E2E-OCOP-REC-1");
    const setChoice = certified.getByLabel(`Bộ sản phẩm cho ${recorded!.name_vi}`);
    await setChoice.evaluate((select) => select.removeAttribute("required")); // as a browser without validation would send it
    await certified.getByRole("button", { name: "Lập hồ sơ đánh giá lại" }).click();
    await expect(page.getByText("Chọn một bộ sản phẩm thuộc nhóm của giấy chứng nhận.")).toBeVisible();
    const listAxe = await new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
    expect(listAxe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
    await setChoice.selectOption(SET);
    await certified.getByRole("button", { name: "Lập hồ sơ đánh giá lại" }).click();
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^Hồ sơ HS-\\d{4}-${String(first + 1).padStart(4, "0")}`) })).toBeVisible();
    await expect(page.locator("article header .card__meta")).toContainText("Đánh giá lại (hết hạn)");
    await expect(page.getByTestId("dossier-evidence").locator("[data-evidence=current_certificate]")).toContainText("E2E-OCOP-REC-1");
    await server.stop();
  } catch (error) {
    // The server's own account of a failure (a 500 page says nothing).
    if (server) console.error(server.stdout(), server.stderr());
    throw error;
  } finally {
    await server?.stop();
    rmSync(parent, { recursive: true, force: true });
  }
});
