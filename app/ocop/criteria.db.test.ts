import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, ocopCriteriaSheets, ocopProductSets, organisations, products, users } from "#db/schema";
import { rowsOf } from "#db/client.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { insertTestApplication } from "../../tests/setup/ocop-fixtures";
import { ocopProductSetCatalogue, ocopSheetCatalogue } from "./criteria-catalogue";
import { createDraftVersion, discardDraft, ensureOcopCriteria, listProductSets, publishDraft, readPublishedSheetPage, readSheetPage, updateDraft, type CriteriaActor } from "./criteria.server";
import type { CriteriaSheet } from "./rules";
import { currentPublishedSheet } from "./sheets.server";

async function dbError(query: Promise<unknown>): Promise<string> {
  try {
    await query;
    return "ran";
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
}

describe("OCOP criteria sheets as data", () => {
  let t: TestDatabase;
  let admin: CriteriaActor;
  let officer: CriteriaActor;

  beforeAll(async () => {
    t = await createTestDatabase();
    const [a, o] = await t.db
      .insert(users)
      .values([
        { email: "quantri@ocop.test", displayName: "Quản trị" },
        { email: "canbo@ocop.test", displayName: "Cán bộ Sở" },
      ])
      .returning();
    admin = { userId: a!.id, memberships: [{ organisationId: "00000000-0000-0000-0000-000000000001", role: "admin" }] };
    officer = { userId: o!.id, memberships: [{ organisationId: "00000000-0000-0000-0000-000000000002", role: "department_officer" }] };
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("ensures the reference sets and version 1 of each seeded sheet, once", async () => {
    const first = await ensureOcopCriteria(t.db);
    expect(first).toEqual({ sets: ocopProductSetCatalogue.length, sheets: ocopSheetCatalogue.length });
    expect(await ensureOcopCriteria(t.db)).toEqual({ sets: 0, sheets: 0 });
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(ocopCriteriaSheets);
    expect(Number(count!.n)).toBe(ocopSheetCatalogue.length);
    const tea = await currentPublishedSheet(t.db, "beverage.tea");
    expect(tea).toMatchObject({ version: 1, status: "published" });
    const sets = await listProductSets(t.db);
    expect(new Set(sets.map((s) => s.productGroup)).size).toBe(6);
    const teaSet = sets.find((s) => s.code === "beverage.tea")!;
    expect(teaSet.published).toMatchObject({ version: 1, toCheck: teaSet.published!.criteria });
    expect(teaSet.draft).toBeNull();
  });

  it("refuses every write to anyone but an administrator, and stores nothing", async () => {
    expect(await createDraftVersion(t.db, officer, { productSetCode: "beverage.tea" })).toMatchObject({ ok: false, reason: "forbidden" });
    const tea = await currentPublishedSheet(t.db, "beverage.tea");
    expect(await publishDraft(t.db, officer, { sheetId: tea!.id })).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await updateDraft(t.db, officer, { sheetId: tea!.id, sheet: tea!.sheet })).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await discardDraft(t.db, officer, { sheetId: tea!.id })).toMatchObject({ ok: false, reason: "forbidden" });
    const drafts = await t.db.select().from(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.status, "draft"));
    expect(drafts).toHaveLength(0);
  });

  it("drafts a new version, refuses bad edits field by field, refuses publishing while parts do not add up, then publishes and retires the old one", async () => {
    const oldTea = (await currentPublishedSheet(t.db, "beverage.tea"))!;
    const [org] = await t.db.insert(organisations).values({ slug: "htx-thu", kind: "cooperative", name: "HTX Thử", status: "active" }).returning();
    const [product] = await t.db.insert(products).values({ organisationId: org!.id, slug: "che-thu", nameVi: "Chè thử", category: "tea", unitVi: "kg", unitEn: "kg" }).returning();
    const applicationId = await insertTestApplication(t.db, { organisationId: org!.id, productId: product!.id, sheetId: oldTea.id });

    const draft = await createDraftVersion(t.db, admin, { productSetCode: "beverage.tea" });
    if (!draft.ok) throw new Error(draft.reason);
    expect(draft.version).toBe(2);
    expect(await createDraftVersion(t.db, admin, { productSetCode: "beverage.tea" })).toMatchObject({ ok: false, reason: "draft_exists", draftId: draft.sheetId });
    expect(await createDraftVersion(t.db, admin, { productSetCode: "beverage.nothing" })).toMatchObject({ ok: false, reason: "not_found" });

    // Bad input: points out of range, a code of another part, a document criterion without its kind.
    const bad = structuredClone(oldTea.sheet) as CriteriaSheet;
    bad.criteria[0]!.options[1]!.points = 55;
    bad.criteria[1]!.code = "B9";
    const docIndex = bad.criteria.findIndex((c) => c.evidence === "document");
    const refused = await updateDraft(t.db, admin, { sheetId: draft.sheetId, sheet: bad });
    expect(refused).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { "criteria.0.options.1.points": "ocopc.error.points", "criteria.1.code": "ocopc.error.codePart" } });
    const noKind = structuredClone(oldTea.sheet) as CriteriaSheet;
    delete noKind.criteria[docIndex]!.documentKind;
    expect(await updateDraft(t.db, admin, { sheetId: draft.sheetId, sheet: noKind })).toMatchObject({ fieldErrors: { [`criteria.${docIndex}.documentKind`]: "ocopc.error.documentKind" } });

    // A valid sheet whose part A no longer adds up to 40: saved as a draft, refused at publishing, nothing changes.
    const off = structuredClone(oldTea.sheet) as CriteriaSheet;
    off.criteria[0]!.text.vi = "Nguồn nguyên liệu chè búp tươi (đã đối chiếu)";
    off.criteria[0]!.checkAgainstAnnex = false;
    off.criteria[0]!.options.push({ label: { vi: "Vùng chè hữu cơ", en: "Organic gardens" }, points: 7 });
    expect(await updateDraft(t.db, admin, { sheetId: draft.sheetId, sheet: off })).toEqual({ ok: true });
    const page = await readSheetPage(t.db, draft.sheetId);
    expect(page?.partTotals).toEqual({ A: 42, B: 25, C: 35 });
    const notPublished = await publishDraft(t.db, admin, { sheetId: draft.sheetId });
    expect(notPublished).toMatchObject({ ok: false, reason: "sheet_problems", problems: [{ kind: "part_maximum", part: "A", expected: 40, actual: 42 }] });
    expect((await currentPublishedSheet(t.db, "beverage.tea"))!.id).toBe(oldTea.id);

    // Fixed: the new option replaces the top one.
    off.criteria[0]!.options = off.criteria[0]!.options.filter((o) => o.points !== 5).map((o) => (o.points === 7 ? { ...o, points: 5 } : o));
    expect(await updateDraft(t.db, admin, { sheetId: draft.sheetId, sheet: off })).toEqual({ ok: true });
    const published = await publishDraft(t.db, admin, { sheetId: draft.sheetId });
    expect(published).toEqual({ ok: true, retiredId: oldTea.id });
    const now = (await currentPublishedSheet(t.db, "beverage.tea"))!;
    expect(now).toMatchObject({ id: draft.sheetId, version: 2 });
    const [old] = await t.db.select().from(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.id, oldTea.id));
    expect(old!.status).toBe("retired");
    expect((await readPublishedSheetPage(t.db, "beverage.tea"))?.sheet.criteria[0]!.text.vi).toBe("Nguồn nguyên liệu chè búp tươi (đã đối chiếu)");

    // The application keeps the version it started with.
    const [app] = rowsOf<{ sheet_id: string }>(await t.db.execute(sql`select sheet_id from ocop_applications where id = ${applicationId}`));
    expect(app!.sheet_id).toBe(oldTea.id);

    // A published sheet is no draft: no edit, no discard, no second publish.
    expect(await updateDraft(t.db, admin, { sheetId: draft.sheetId, sheet: off })).toMatchObject({ ok: false, reason: "not_draft" });
    expect(await discardDraft(t.db, admin, { sheetId: draft.sheetId })).toMatchObject({ ok: false, reason: "not_draft" });
    expect(await publishDraft(t.db, admin, { sheetId: draft.sheetId })).toMatchObject({ ok: false, reason: "not_draft" });

    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "ocop_criteria_sheet"), eq(auditEvents.entityId, draft.sheetId)));
    expect(audits.map((a) => a.action).sort()).toEqual(["create_draft", "edit_draft", "edit_draft", "publish"]);
  });

  it("discards a draft", async () => {
    const draft = await createDraftVersion(t.db, admin, { productSetCode: "food.honey" });
    if (!draft.ok) throw new Error(draft.reason);
    expect(await discardDraft(t.db, admin, { sheetId: draft.sheetId })).toEqual({ ok: true, productSetCode: "food.honey" });
    expect(await readSheetPage(t.db, draft.sheetId)).toBeNull();
  });

  it("starts a set without any sheet from the tea skeleton", async () => {
    const draft = await createDraftVersion(t.db, admin, { productSetCode: "handicraft.textiles" });
    if (!draft.ok) throw new Error(draft.reason);
    expect(draft.version).toBe(1);
    expect((await readSheetPage(t.db, draft.sheetId))?.problems).toEqual([]);
  });

  it("keeps a published sheet frozen even against SQL", async () => {
    const honey = (await currentPublishedSheet(t.db, "food.honey"))!;
    expect(await dbError(t.db.update(ocopCriteriaSheets).set({ criteria: { criteria: [] } }).where(eq(ocopCriteriaSheets.id, honey.id)))).toMatch(/cannot be changed/);
    expect(await dbError(t.db.update(ocopCriteriaSheets).set({ status: "draft", publishedAt: null }).where(eq(ocopCriteriaSheets.id, honey.id)))).toMatch(/cannot be changed/);
    expect(await dbError(t.db.delete(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.id, honey.id)))).toMatch(/cannot be deleted/);
    expect((await currentPublishedSheet(t.db, "food.honey"))!.sheet).toEqual(honey.sheet);
    const [set] = await t.db.select().from(ocopProductSets).where(eq(ocopProductSets.code, "food.honey"));
    expect(set).toBeDefined();
  });
});
