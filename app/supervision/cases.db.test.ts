import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, batches, citizenCases, citizenCaseSteps, communes, memberships, organisations, outboxMessages, products, users } from "#db/schema";
import { createLocalFileStorage } from "~/storage/local-storage.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { onePixelPng, textFile } from "../../tests/setup/test-files";
import { answerCase, assignCase, caseDeskScope, closeCase, commentOnCase, escalateCase, getCase, getPublicCase, listCases, listLotCounterfeitReports, listLotCounterfeitReportsForDesk, submitReport, type CaseViewer } from "./cases.server";
import { loadCaseStatistics } from "./statistics.server";

const PUBLIC_URL = "https://truyxuat.example.vn";

describe("citizen reports and cases", () => {
  let t: TestDatabase;
  let uploads = "";
  let coop = "";
  let otherCoop = "";
  let code = "";
  let batchId = "";
  const viewers: Record<"officer" | "supervisor" | "manager" | "otherManager", CaseViewer> = {} as never;
  const context = () => ({ storage: createLocalFileStorage({ root: uploads }), clientAddress: "203.0.113.7", locale: "vi" as const });

  beforeAll(async () => {
    t = await createTestDatabase();
    uploads = mkdtempSync(join(tmpdir(), "cases-"));
    const [a, b, dept, front] = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-phan-anh", kind: "cooperative", name: "HTX Phản Ánh", status: "active" },
        { slug: "htx-khac", kind: "cooperative", name: "HTX Khác", status: "active" },
        { slug: "so-nn", kind: "department", name: "Sở NN", status: "active" },
        { slug: "mttq", kind: "supervisory_body", name: "MTTQ tỉnh", status: "active" },
      ])
      .returning({ id: organisations.id });
    coop = a!.id;
    otherCoop = b!.id;
    const people = await t.db
      .insert(users)
      .values([
        { email: "canbo@so.vn", displayName: "Cán bộ" },
        { email: "giamsat@mttq.vn", displayName: "Giám sát" },
        { email: "quanly@phananh.vn", displayName: "Quản lý" },
        { email: "quanly@khac.vn", displayName: "Quản lý khác" },
      ])
      .returning({ id: users.id });
    const grants = [
      { userId: people[0]!.id, organisationId: dept!.id, role: "department_officer" as const },
      { userId: people[1]!.id, organisationId: front!.id, role: "supervisor" as const },
      { userId: people[2]!.id, organisationId: coop, role: "cooperative_manager" as const },
      { userId: people[3]!.id, organisationId: otherCoop, role: "cooperative_manager" as const },
    ];
    await t.db.insert(memberships).values(grants);
    (["officer", "supervisor", "manager", "otherManager"] as const).forEach((name, i) => {
      viewers[name] = { userId: grants[i]!.userId, memberships: [{ organisationId: grants[i]!.organisationId, role: grants[i]!.role }] };
    });
    const [product] = await t.db
      .insert(products)
      .values({ organisationId: coop, slug: "che-phan-anh", nameVi: "Chè phản ánh", category: "tea", unitVi: "gói", unitEn: "pack" })
      .returning({ id: products.id });
    const [lot] = await t.db
      .insert(batches)
      .values({ organisationId: coop, productId: product!.id, lotCode: "L1", quantity: "10", uom: "KGM", producedOn: "2026-11-01" })
      .returning({ id: batches.id, code: batches.shortCode });
    code = lot!.code;
    batchId = lot!.id;
  });

  afterAll(async () => {
    await t?.dispose();
    rmSync(uploads, { recursive: true, force: true });
  });

  it("takes a counterfeit report with a photo and walks it received → assigned → answered → closed", async () => {
    const report = await submitReport(
      t.db,
      { kind: "counterfeit", description: "Gói chè giống hệt nhưng mã mở trang khác", placeBought: "Chợ Thái", code, contactEmail: "nguoidan@example.vn" },
      { bytes: onePixelPng(), declaredName: "anh.png", declaredType: "image/png" },
      context(),
    );
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.reference).toMatch(/^PA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const [row] = await t.db.select().from(citizenCases).where(eq(citizenCases.id, report.caseId));
    expect(row).toMatchObject({ status: "received", batchId, subjectOrganisationId: coop, photoKey: expect.stringMatching(/\.png$/) });

    // It shows beside the lot's scan anomalies: that it exists, not which case it is, until assigned to the producer.
    expect(await listLotCounterfeitReports(t.db, batchId, coop)).toEqual([
      expect.objectContaining({ placeBought: "Chợ Thái", status: "received", assignedHere: false, reference: null, caseId: null }),
    ]);
    // Another producer asking about this lot learns nothing.
    expect(await listLotCounterfeitReports(t.db, batchId, otherCoop)).toEqual([]);
    // The case desk sees every report on the lot with its case.
    expect(await listLotCounterfeitReportsForDesk(t.db, batchId)).toEqual([expect.objectContaining({ reference: report.reference, caseId: report.caseId })]);

    // Nobody but the department and the supervisors sees an unassigned case.
    expect(await getCase(t.db, viewers.manager, report.caseId)).toBeNull();
    const id = report.caseId;
    const step = { publicUrl: PUBLIC_URL };
    expect(await answerCase(t.db, viewers.manager, id, { answer: "Không phải hàng của chúng tôi" }, step)).toMatchObject({ ok: false, reason: "not_found" });

    expect(await assignCase(t.db, viewers.supervisor, id, { assigneeKind: "cooperative", organisationId: coop }, step)).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(await assignCase(t.db, viewers.officer, id, { assigneeKind: "cooperative", organisationId: coop }, step)).toEqual({ ok: true, status: "assigned" });
    expect((await listCases(t.db, { organisationId: coop })).map((c) => c.reference)).toEqual([report.reference]);
    expect(await listCases(t.db, { organisationId: otherCoop })).toEqual([]);
    expect(await listLotCounterfeitReports(t.db, batchId, coop)).toEqual([
      expect.objectContaining({ assignedHere: true, reference: report.reference, caseId: id, status: "assigned" }),
    ]);
    expect(await getCase(t.db, viewers.otherManager, id)).toBeNull();
    expect(await answerCase(t.db, viewers.otherManager, id, { answer: "Chúng tôi không liên quan" }, step)).toMatchObject({ ok: false, reason: "not_found" });
    expect(await answerCase(t.db, viewers.supervisor, id, { answer: "Giám sát trả lời thay" }, step)).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(await answerCase(t.db, viewers.manager, id, { answer: "ngắn" }, step)).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { answer: "case.v.answerShort" } });
    expect(await answerCase(t.db, viewers.manager, id, { answer: "Mã này không do hợp tác xã phát hành; đã báo cơ quan quản lý thị trường." }, step)).toEqual({ ok: true, status: "answered" });

    expect(await commentOnCase(t.db, viewers.supervisor, id, { note: "Đã xem, trả lời đạt yêu cầu." }, step)).toEqual({ ok: true, status: "answered" });
    expect(await closeCase(t.db, viewers.manager, id, {}, step)).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(await closeCase(t.db, viewers.supervisor, id, {}, step)).toEqual({ ok: true, status: "closed" });
    expect(await escalateCase(t.db, viewers.supervisor, id, { note: "Muộn rồi" }, step)).toMatchObject({ ok: false, reason: "wrong_status" });

    const detail = await getCase(t.db, viewers.supervisor, id);
    expect(detail?.history.map((h) => h.step)).toEqual(["received", "assigned", "answered", "commented", "closed"]);
    const audit = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit.map((a) => a.action).sort()).toEqual(["case_answer", "case_assign", "case_close", "case_comment", "report"]);

    // The reporter reads status and answer, nothing personal; and was mailed the link.
    const pub = await getPublicCase(t.db, report.reference);
    expect(pub).toMatchObject({ status: "closed", answer: expect.stringContaining("không do hợp tác xã") });
    expect(JSON.stringify(pub)).not.toContain("nguoidan@example.vn");
    const mails = await t.db.select().from(outboxMessages).where(eq(outboxMessages.to, "nguoidan@example.vn"));
    expect(mails[0]?.bodyText).toContain(`${PUBLIC_URL}/reports/${report.reference}`);
    const managerMail = await t.db.select().from(outboxMessages).where(eq(outboxMessages.to, "quanly@phananh.vn"));
    expect(managerMail).toHaveLength(1);

    const stats = await loadCaseStatistics(t.db);
    expect(stats.total).toMatchObject({ cases: 1, answered: 1, onTime: 1 });
  });

  it("lets a supervisor escalate an open case, which returns to the department", async () => {
    const report = await submitReport(t.db, { kind: "programme_support", description: "Danh sách hỗ trợ giống chè chưa công khai" }, null, context());
    if (!report.ok) throw new Error(report.reason);
    const step = { publicUrl: PUBLIC_URL };
    expect(await escalateCase(t.db, viewers.supervisor, report.caseId, { note: "" }, step)).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await escalateCase(t.db, viewers.supervisor, report.caseId, { note: "Cần Sở trả lời trực tiếp" }, step)).toEqual({ ok: true, status: "escalated" });
    expect(await assignCase(t.db, viewers.officer, report.caseId, { assigneeKind: "cooperative", organisationId: batchId }, step)).toMatchObject({ ok: false, reason: "unknown_assignee" });
    expect(await answerCase(t.db, viewers.officer, report.caseId, { answer: "Sở đã niêm yết danh sách tại UBND xã." }, step)).toEqual({ ok: true, status: "answered" });
  });

  it("gives a case assigned to a commune to that commune's officer: mailed, listed, answered; other communes' officers see nothing", async () => {
    const [dept] = await t.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, "so-nn"));
    const [home, away] = await t.db
      .insert(communes)
      .values([
        { provinceCode: "19", nameVi: "Xã Phản Ánh", kind: "commune", slug: "xa-phan-anh-case" },
        { provinceCode: "19", nameVi: "Xã Khác", kind: "commune", slug: "xa-khac-case" },
      ])
      .returning({ id: communes.id });
    const people = await t.db
      .insert(users)
      .values([
        { email: "canbo.xa@phananh.vn", displayName: "Cán bộ xã", locale: "vi" },
        { email: "canbo.xa@khac.vn", displayName: "Cán bộ xã khác", locale: "vi" },
      ])
      .returning({ id: users.id });
    const grants = [
      { userId: people[0]!.id, organisationId: dept!.id, role: "commune_officer" as const, communeId: home!.id },
      { userId: people[1]!.id, organisationId: dept!.id, role: "commune_officer" as const, communeId: away!.id },
    ];
    await t.db.insert(memberships).values(grants);
    const officerHere: CaseViewer = { userId: grants[0]!.userId, memberships: [grants[0]!] };
    const officerAway: CaseViewer = { userId: grants[1]!.userId, memberships: [grants[1]!] };
    expect(caseDeskScope(officerHere)).toEqual({ assignedCommuneId: home!.id });
    expect(caseDeskScope(viewers.manager)).toBeNull();
    expect(caseDeskScope(viewers.supervisor)).toBe("all");

    const report = await submitReport(t.db, { kind: "programme_support", description: "Bò giống hỗ trợ năm nay chưa về đến thôn" }, null, { ...context(), clientAddress: "203.0.113.40" });
    if (!report.ok) throw new Error("report refused");
    const id = report.caseId;
    const step = { publicUrl: PUBLIC_URL };
    // Before the assignment the commune's officer has no business with it.
    expect(await getCase(t.db, officerHere, id)).toBeNull();
    expect(await assignCase(t.db, viewers.officer, id, { assigneeKind: "commune", communeId: String(home!.id) }, step)).toEqual({ ok: true, status: "assigned" });

    const [mail] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.to, "canbo.xa@phananh.vn"));
    expect(mail?.bodyText).toContain(`${PUBLIC_URL}/department/cases/${id}`);
    expect(await t.db.select().from(outboxMessages).where(eq(outboxMessages.to, "canbo.xa@khac.vn"))).toEqual([]);

    expect((await listCases(t.db, { assignedCommuneId: home!.id })).map((c) => c.reference)).toEqual([report.reference]);
    expect(await listCases(t.db, { assignedCommuneId: away!.id })).toEqual([]);
    expect((await getCase(t.db, officerHere, id))?.party).toBe("assignee");
    expect(await getCase(t.db, officerAway, id)).toBeNull();
    expect(await answerCase(t.db, officerAway, id, { answer: "Không thuộc xã chúng tôi quản lý" }, step)).toMatchObject({ ok: false, reason: "not_found" });
    expect(await closeCase(t.db, officerHere, id, {}, step)).toMatchObject({ ok: false, reason: "not_allowed" });
    expect(await answerCase(t.db, officerHere, id, { answer: "Xã đã kiểm tra: bò giống về thôn ngày 20/11, danh sách hộ nhận đã niêm yết." }, step)).toEqual({
      ok: true,
      status: "answered",
    });
    const [answered] = await t.db.select({ step: citizenCaseSteps.step, actorOrganisationId: citizenCaseSteps.actorOrganisationId }).from(citizenCaseSteps).where(eq(citizenCaseSteps.caseId, id)).orderBy(sql`${citizenCaseSteps.at} desc`).limit(1);
    expect(answered).toEqual({ step: "answered", actorOrganisationId: dept!.id });
  });

  it("refuses a photo that is not an image, and writes nothing", async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(citizenCases);
    const result = await submitReport(
      t.db,
      { kind: "quality", description: "Chất lượng không như quảng cáo" },
      { bytes: textFile("<script>alert(1)</script>"), declaredName: "anh.png", declaredType: "image/png" },
      context(),
    );
    expect(result).toMatchObject({ ok: false, reason: "photo_rejected" });
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(citizenCases);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("limits reports per client address", async () => {
    const ctx = { ...context(), clientAddress: "198.51.100.9" };
    const outcomes = [];
    for (let i = 0; i < 11; i += 1) outcomes.push(await submitReport(t.db, { kind: "quality", description: "x" }, null, ctx));
    // Even invalid attempts count: the 11th is refused before it is read.
    expect(outcomes.slice(0, 10).every((o) => !o.ok && o.reason === "invalid_input")).toBe(true);
    expect(outcomes[10]).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("keeps the history append-only", async () => {
    const [first] = await t.db.select({ id: citizenCaseSteps.id }).from(citizenCaseSteps).limit(1);
    const refusal = (work: Promise<unknown>) =>
      work.then(
        () => "written",
        (error: { cause?: { message?: string }; message: string }) => error.cause?.message ?? error.message,
      );
    expect(await refusal(t.db.update(citizenCaseSteps).set({ note: "sửa lại" }).where(eq(citizenCaseSteps.id, first!.id)))).toMatch(/append-only/);
    expect(await refusal(t.db.delete(citizenCaseSteps).where(eq(citizenCaseSteps.id, first!.id)))).toMatch(/append-only/);
  });
});
