import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#db/client.server";
import { ocopApplicationDocuments, ocopApplicationEvents, ocopApplicationEvidence, ocopApplications, ocopCertificates, ocopProductSets, ocopSelfScores } from "#db/schema";
import { appendTraceEvent } from "~/trace/events.server";
import { BizStep } from "~/trace/cbv";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { applyingCooperative, createDepartment, validBusinessPlan, validProductIdea, type ApplyingCooperative } from "../../tests/setup/ocop-dossier-fixtures";
import { insertTestRound, uniqueSuffix } from "../../tests/setup/ocop-fixtures";
import {
  addDossierDocument,
  applicationNumber,
  certifiedProducts,
  getDossier,
  listApplications,
  removeDossierDocument,
  saveDossierForm,
  saveSelfScores,
  startApplication,
  startRenewal,
  submitApplication,
} from "./applications.server";
import { attachAllEvidence, attachEvidence } from "./evidence.server";

const NOW = new Date("2026-06-15T03:00:00Z");
const FILE = { key: `${"a".repeat(64)}.pdf`, contentType: "application/pdf", size: 1234 };
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

async function labTest(db: Database, c: ApplyingCooperative, batchId: string) {
  const r = await appendTraceEvent(db, {
    organisationId: c.coop,
    batchId,
    eventType: "ObjectEvent",
    action: "OBSERVE",
    bizStep: BizStep.inspecting,
    disposition: "conformant",
    eventTime: new Date("2026-03-05T02:00:00Z"),
    details: { lab: "Quatest 1", reportNumber: "KN-123", result: "pass", standard: "TCVN 3218" },
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
}

/** A draft with everything the test sheet needs except what `leaveOut` names. */
async function completeDraft(db: Database, c: ApplyingCooperative, leaveOut: "product_story" | "self_score" | null = null) {
  const started = await startApplication(db, c.actor, { who: c.asManager, productId: c.productId, productSetCode: c.productSetCode, now: NOW });
  if (!started.ok) throw new Error(JSON.stringify(started));
  const id = started.applicationId;
  expect(await saveDossierForm(db, c.actor, { who: c.asManager, applicationId: id, form: "productIdea", values: validProductIdea })).toEqual({ ok: true });
  expect(await saveDossierForm(db, c.actor, { who: c.asManager, applicationId: id, form: "businessPlan", values: validBusinessPlan })).toEqual({ ok: true });
  if (leaveOut !== "product_story") expect(await addDossierDocument(db, c.actor, { who: c.asManager, applicationId: id, kind: "product_story", title: "Câu chuyện chè", file: FILE })).toMatchObject({ ok: true });
  await labTest(db, c, c.batchIds[0]!);
  expect(await attachAllEvidence(db, c.actor, { who: c.asManager, applicationId: id, now: NOW })).toMatchObject({ ok: true });
  const scores = [
    { criterionCode: "A1", optionIndex: 2 },
    { criterionCode: "A2", optionIndex: 1 },
    { criterionCode: "B1", optionIndex: 1 },
    { criterionCode: "B2", optionIndex: 1 },
    { criterionCode: "C1", optionIndex: 1 },
    ...(leaveOut === "self_score" ? [] : [{ criterionCode: "C2", optionIndex: 0, note: "Chưa công bố" }]),
  ];
  const saved = await saveSelfScores(db, c.actor, { who: c.asManager, applicationId: id, scores });
  expect(saved).toMatchObject({ ok: true });
  return { id, number: started.number };
}

async function statusOf(db: Database, id: string) {
  const [row] = await db.select({ status: ocopApplications.status, roundId: ocopApplications.roundId, submittedAt: ocopApplications.submittedAt }).from(ocopApplications).where(eq(ocopApplications.id, id));
  return row!;
}

describe("starting an application", () => {
  it("numbers applications HS-YYYY-NNNN within the Vietnamese year, keeps the sheet version, and refuses a second one in progress", async () => {
    expect(applicationNumber(2026, 7)).toBe("HS-2026-0007");
    expect(() => applicationNumber(2026, 0)).toThrow();
    const a = await applyingCooperative(t.db);
    const b = await applyingCooperative(t.db, { productSetCode: a.productSetCode });
    // 31 December 2027 at 18:00 UTC is already 1 January 2028 in Vietnam.
    const newYear = new Date("2027-12-31T18:00:00Z");
    const first = await startApplication(t.db, a.actor, { who: a.asManager, productId: a.productId, productSetCode: a.productSetCode, now: newYear });
    const second = await startApplication(t.db, b.actor, { who: b.asManager, productId: b.productId, productSetCode: a.productSetCode, now: newYear });
    expect(first).toMatchObject({ ok: true, number: "HS-2028-0001" });
    expect(second).toMatchObject({ ok: true, number: "HS-2028-0002" });
    const [row] = await t.db.select().from(ocopApplications).where(eq(ocopApplications.id, first.ok ? first.applicationId : ""));
    expect(row).toMatchObject({ sheetId: a.sheetId, status: "draft", kind: "new", organisationId: a.coop });
    expect(await startApplication(t.db, a.actor, { who: a.asManager, productId: a.productId, productSetCode: a.productSetCode, now: newYear })).toEqual({ ok: false, reason: "already_in_progress", number: "HS-2028-0001" });
    expect(await startApplication(t.db, a.actor, { who: a.asManager, productId: a.productId, productSetCode: "beverage.none", now: newYear })).toEqual({ ok: false, reason: "no_published_sheet" });
  });

  it("refuses staff, another cooperative's product and the department", async () => {
    const a = await applyingCooperative(t.db);
    const b = await applyingCooperative(t.db, { productSetCode: a.productSetCode });
    const dept = await createDepartment(t.db);
    expect(await startApplication(t.db, { userId: a.staff, organisationId: a.coop }, { who: a.asStaff, productId: a.productId, productSetCode: a.productSetCode })).toEqual({ ok: false, reason: "forbidden" });
    expect(await startApplication(t.db, b.actor, { who: b.asManager, productId: a.productId, productSetCode: a.productSetCode })).toEqual({ ok: false, reason: "product_not_found" });
    expect(await startApplication(t.db, { userId: dept.officer, organisationId: null }, { who: dept.who, productId: a.productId, productSetCode: a.productSetCode })).toEqual({ ok: false, reason: "forbidden" });
  });
});

describe("the dossier", () => {
  it("refuses bad forms, scores outside a criterion's options, staff and other cooperatives, storing nothing", async () => {
    const a = await applyingCooperative(t.db);
    const b = await applyingCooperative(t.db, { productSetCode: a.productSetCode });
    const started = await startApplication(t.db, a.actor, { who: a.asManager, productId: a.productId, productSetCode: a.productSetCode, now: NOW });
    if (!started.ok) throw new Error("start");
    const id = started.applicationId;
    const bad = await saveDossierForm(t.db, a.actor, { who: a.asManager, applicationId: id, form: "businessPlan", values: { ...validBusinessPlan, members: "nhiều", revenueLastYearVnd: "-5", threeYearPlan: "" } });
    expect(bad).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { members: "ocopApp.v.count", revenueLastYearVnd: "ocopApp.v.vnd", threeYearPlan: "validation.required" } });
    expect(await saveSelfScores(t.db, a.actor, { who: a.asManager, applicationId: id, scores: [{ criterionCode: "A1", optionIndex: 1 }, { criterionCode: "A2", optionIndex: 5 }, { criterionCode: "Z9", optionIndex: 0 }] })).toEqual({
      ok: false,
      reason: "invalid_scores",
      refusals: [
        { kind: "unknown_option", code: "A2", optionIndex: 5 },
        { kind: "unknown_criterion", code: "Z9" },
      ],
    });
    expect(await t.db.select().from(ocopSelfScores).where(eq(ocopSelfScores.applicationId, id))).toEqual([]);
    expect(await saveSelfScores(t.db, { userId: a.staff, organisationId: a.coop }, { who: a.asStaff, applicationId: id, scores: [{ criterionCode: "A1", optionIndex: 1 }] })).toEqual({ ok: false, reason: "forbidden" });
    expect(await saveDossierForm(t.db, b.actor, { who: b.asManager, applicationId: id, form: "productIdea", values: validProductIdea })).toEqual({ ok: false, reason: "application_not_found" });
    expect(await attachEvidence(t.db, b.actor, { who: b.asManager, applicationId: id, kind: "scans" })).toEqual({ ok: false, reason: "application_not_found" });
    expect(await addDossierDocument(t.db, a.actor, { who: a.asManager, applicationId: id, kind: "diploma", title: "x", file: FILE })).toMatchObject({ ok: false, reason: "invalid_input" });

    const scored = await saveSelfScores(t.db, a.actor, { who: a.asManager, applicationId: id, scores: [{ criterionCode: "A1", optionIndex: 1, note: "Một phần tự chủ" }, { criterionCode: "B2", optionIndex: 2 }] });
    expect(scored).toMatchObject({ ok: true, totals: { A: 10, B: 10, C: 0, total: 20 } });
    const cleared = await saveSelfScores(t.db, a.actor, { who: a.asManager, applicationId: id, scores: [{ criterionCode: "B2", optionIndex: null }] });
    expect(cleared).toMatchObject({ ok: true, totals: { total: 10 } });
    const doc = await addDossierDocument(t.db, a.actor, { who: a.asManager, applicationId: id, kind: "trademark", title: "Giấy chứng nhận nhãn hiệu", file: FILE });
    if (!doc.ok) throw new Error("doc");
    expect(await removeDossierDocument(t.db, a.actor, { who: a.asManager, applicationId: id, documentId: doc.documentId })).toEqual({ ok: true });
    expect(await t.db.select().from(ocopApplicationDocuments).where(eq(ocopApplicationDocuments.applicationId, id))).toEqual([]);
  });

  it("only the cooperative's managers list and read its drafts; the department reads it once submitted", async () => {
    const a = await applyingCooperative(t.db);
    const b = await applyingCooperative(t.db, { productSetCode: a.productSetCode });
    const dept = await createDepartment(t.db);
    const { id } = await completeDraft(t.db, a);
    expect((await listApplications(t.db, a.asManager)).map((r) => r.id)).toEqual([id]);
    expect(await listApplications(t.db, a.asStaff)).toEqual([]);
    expect(await listApplications(t.db, b.asManager)).toEqual([]);
    expect(await getDossier(t.db, a.asManager, id)).toMatchObject({ editable: true, missing: [] });
    expect(await getDossier(t.db, a.asStaff, id)).toBeNull();
    expect(await getDossier(t.db, b.asManager, id)).toBeNull();
    expect(await getDossier(t.db, dept.who, id)).toBeNull();
    expect(await submitApplication(t.db, a.actor, { who: a.asManager, applicationId: id, now: NOW })).toMatchObject({ ok: true });
    expect(await getDossier(t.db, dept.who, id)).toMatchObject({ editable: false, application: { status: "submitted" } });
  });
});

describe("submitting", () => {
  it("draft → submitted (joining the open round) → returned → submitted again, every change logged", async () => {
    const a = await applyingCooperative(t.db);
    const dept = await createDepartment(t.db);
    const round = await insertTestRound(t.db, dept.departmentId, "open");
    const { id } = await completeDraft(t.db, a);
    const first = await submitApplication(t.db, a.actor, { who: a.asManager, applicationId: id, now: NOW });
    expect(first).toEqual({ ok: true, roundId: round, resubmitted: false });
    expect(await statusOf(t.db, id)).toMatchObject({ status: "submitted", roundId: round });
    // Submitted: the producer no longer edits it.
    expect(await saveSelfScores(t.db, a.actor, { who: a.asManager, applicationId: id, scores: [{ criterionCode: "A1", optionIndex: 0 }] })).toEqual({ ok: false, reason: "not_editable", status: "submitted" });
    expect(await submitApplication(t.db, a.actor, { who: a.asManager, applicationId: id, now: NOW })).toEqual({ ok: false, reason: "not_editable", status: "submitted" });

    // The secretary's return (the council's command) is set directly here.
    await t.db.update(ocopApplications).set({ status: "returned", returnNote: "Thiếu giấy chứng nhận ATTP" }).where(eq(ocopApplications.id, id));
    expect(await addDossierDocument(t.db, a.actor, { who: a.asManager, applicationId: id, kind: "food_safety", title: "Giấy chứng nhận ATTP", file: FILE })).toMatchObject({ ok: true });
    const again = await submitApplication(t.db, a.actor, { who: a.asManager, applicationId: id, now: NOW });
    expect(again).toEqual({ ok: true, roundId: round, resubmitted: true });
    const events = await t.db.select({ from: ocopApplicationEvents.fromStatus, to: ocopApplicationEvents.toStatus }).from(ocopApplicationEvents).where(eq(ocopApplicationEvents.applicationId, id)).orderBy(ocopApplicationEvents.at);
    expect(events).toEqual([
      { from: null, to: "draft" },
      { from: "draft", to: "submitted" },
      { from: "returned", to: "submitted" },
    ]);
    const audits = await t.db.execute(sql`select action from audit_events where entity_id = ${id} order by 1`);
    expect(JSON.stringify(audits)).toContain("status_submitted");
  });

  it("is refused with the list of what is missing, and nothing is stored", async () => {
    const a = await applyingCooperative(t.db);
    const { id } = await completeDraft(t.db, a, "product_story");
    const refused = await submitApplication(t.db, a.actor, { who: a.asManager, applicationId: id, now: NOW });
    expect(refused).toEqual({ ok: false, reason: "incomplete", missing: [{ kind: "document", code: "B1", documentKind: "product_story" }] });
    expect(await statusOf(t.db, id)).toMatchObject({ status: "draft", submittedAt: null, roundId: null });
    expect(await t.db.select().from(ocopApplicationEvents).where(eq(ocopApplicationEvents.applicationId, id))).toHaveLength(1);

    const b = await applyingCooperative(t.db, { productSetCode: a.productSetCode });
    const started = await startApplication(t.db, b.actor, { who: b.asManager, productId: b.productId, productSetCode: b.productSetCode, now: NOW });
    if (!started.ok) throw new Error("start");
    const empty = await submitApplication(t.db, b.actor, { who: b.asManager, applicationId: started.applicationId, now: NOW });
    expect(empty).toMatchObject({ ok: false, reason: "incomplete" });
    const kinds = empty.ok ? [] : "missing" in empty ? empty.missing.map((m) => m.kind) : [];
    expect(kinds).toEqual(["form", "form", "self_score", "self_score", "self_score", "document", "self_score", "self_score", "lab_tested_lot", "self_score"]);
    const staff = await submitApplication(t.db, { userId: b.staff, organisationId: b.coop }, { who: b.asStaff, applicationId: started.applicationId, now: NOW });
    expect(staff).toEqual({ ok: false, reason: "forbidden" });
  });
});

describe("renewal", () => {
  it("pre-fills forms, self-scores and documents from the previous application and attaches the newest evidence", async () => {
    const a = await applyingCooperative(t.db);
    const { id } = await completeDraft(t.db, a);
    await t.db.update(ocopApplications).set({ status: "certificate_issued" }).where(eq(ocopApplications.id, id));
    expect(await startRenewal(t.db, a.actor, { who: a.asManager, productId: a.productId, now: NOW })).toEqual({ ok: false, reason: "not_certified" });
    await t.db.insert(ocopCertificates).values({
      number: `OCOP-TEST-${id.slice(0, 8)}`,
      productId: a.productId,
      organisationId: a.coop,
      productGroup: "beverage",
      stars: 4,
      issuedOn: "2023-08-01",
      expiresOn: "2026-08-01",
      origin: "recorded_without_evaluation",
      applicationId: id,
    });
    const renewal = await startRenewal(t.db, a.actor, { who: a.asManager, productId: a.productId, now: NOW });
    expect(renewal).toMatchObject({ ok: true });
    if (!renewal.ok) return;
    const dossier = await getDossier(t.db, a.asManager, renewal.applicationId);
    expect(dossier).toMatchObject({ application: { kind: "renewal", previousApplicationId: id, productIdea: { productName: validProductIdea.productName } }, previousNumber: expect.stringMatching(/^HS-2026-/) });
    expect(dossier!.selfScores.map((s) => s.criterionCode).sort()).toEqual(["A1", "A2", "B1", "B2", "C1", "C2"]);
    expect(dossier!.documents.map((d) => [d.kind, d.storageKey])).toEqual([["product_story", FILE.key]]);
    expect(dossier!.evidence.map((e) => e.kind).sort()).toEqual(["buyer_provinces", "current_certificate", "lab_tests", "member_households", "repeat_buyers", "sales_by_month", "scans", "traceability_coverage"]);
    expect(dossier!.evidence.find((e) => e.kind === "current_certificate")?.snapshot).toMatchObject({ certificate: { stars: 4, status: "valid" } });
    expect(dossier!.missing).toEqual([]);
    expect(await t.db.select().from(ocopApplicationEvidence).where(eq(ocopApplicationEvidence.applicationId, renewal.applicationId))).toHaveLength(8);
    expect(await startRenewal(t.db, a.actor, { who: a.asManager, productId: a.productId, now: NOW })).toMatchObject({ ok: false, reason: "already_in_progress" });
  });

  it("lets the manager choose the product set of a certificate recorded without an evaluation, within its product group", async () => {
    const a = await applyingCooperative(t.db);
    await t.db.insert(ocopCertificates).values({
      number: `OCOP-REC-${uniqueSuffix()}`,
      productId: a.productId,
      organisationId: a.coop,
      productGroup: "beverage",
      stars: 3,
      issuedOn: "2023-09-01",
      expiresOn: "2026-09-01",
      origin: "recorded_without_evaluation",
    });
    expect((await certifiedProducts(t.db, a.coop, NOW)).find((c) => c.productId === a.productId)).toMatchObject({ productGroup: "beverage", hasPreviousApplication: false, expiringSoon: true });
    const otherGroup = `food.test_${uniqueSuffix()}`;
    await t.db.insert(ocopProductSets).values({ code: otherGroup, productGroup: "food", nameVi: "Bộ thực phẩm", nameEn: "Food set" });
    const before = await t.db.select().from(ocopApplications).where(eq(ocopApplications.productId, a.productId));

    const refused = { ok: false, reason: "invalid_input", fieldErrors: { productSetCode: "validation.choice" } };
    expect(await startRenewal(t.db, a.actor, { who: a.asManager, productId: a.productId, now: NOW })).toEqual(refused);
    expect(await startRenewal(t.db, a.actor, { who: a.asManager, productId: a.productId, productSetCode: otherGroup, now: NOW })).toEqual(refused);
    expect(await startRenewal(t.db, a.actor, { who: a.asManager, productId: a.productId, productSetCode: "beverage.no_such_set", now: NOW })).toEqual(refused);
    expect(await startRenewal(t.db, { userId: a.staff, organisationId: a.coop }, { who: a.asStaff, productId: a.productId, productSetCode: a.productSetCode, now: NOW })).toEqual({ ok: false, reason: "forbidden" });
    expect(await t.db.select().from(ocopApplications).where(eq(ocopApplications.productId, a.productId))).toEqual(before);

    const renewal = await startRenewal(t.db, a.actor, { who: a.asManager, productId: a.productId, productSetCode: a.productSetCode, now: NOW });
    expect(renewal).toMatchObject({ ok: true });
    if (!renewal.ok) return;
    const dossier = await getDossier(t.db, a.asManager, renewal.applicationId);
    expect(dossier).toMatchObject({ application: { kind: "renewal", previousApplicationId: null, status: "draft" }, productSet: { code: a.productSetCode }, previousNumber: null, selfScores: [], documents: [] });
    expect(dossier!.evidence.find((e) => e.kind === "current_certificate")?.snapshot).toMatchObject({ certificate: { stars: 3, status: "valid" } });
    expect((await certifiedProducts(t.db, a.coop, NOW)).find((c) => c.productId === a.productId)).toMatchObject({ hasPreviousApplication: true, openApplication: renewal.number });
  });
});
