/**
 * Criteria sheets as data: the reference sets and sheets every installation needs (`ensureOcopCriteria`), and the
 * administrator's commands on sheet versions — a new draft from the newest version, edit it, publish it (the previous
 * published version retires; applications keep the sheet they started with), discard it. A published sheet never
 * changes (a trigger refuses it). Department officers read; only administrators write.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { ocopCriteriaSheets, ocopDocumentKind, ocopProductSets } from "#db/schema";
import { isAdmin, isDepartmentOfficer, type MembershipGrant } from "~/identity/roles";
import { refuse, type Refusal } from "~/lib/result";
import { transact } from "~/lib/transact.server";
import { ocopProductSetCatalogue, ocopSheetCatalogue, SOURCE_NOTE, catalogueSet } from "./criteria-catalogue";
import { criteriaSheetSchema, criterionMaximum, ocopParts, sheetProblems, type CriteriaSheet, type OcopPart, type SheetProblem } from "./rules";
import { readSheet, type SheetVersion } from "./sheets.server";

export interface CriteriaActor {
  userId: string;
  memberships: readonly MembershipGrant[];
}

export function mayEditCriteria(memberships: readonly MembershipGrant[]): boolean {
  return isAdmin(memberships);
}

export function mayReadCriteria(memberships: readonly MembershipGrant[]): boolean {
  return isAdmin(memberships) || isDepartmentOfficer(memberships);
}

/**
 * Inserts the product sets and version 1 (published) of each seeded sheet where missing. Idempotent and cheap once
 * done (one read); called at start-up after migrations, by `db.js migrate` and by the demo seed.
 */
export async function ensureOcopCriteria(db: Database): Promise<{ sets: number; sheets: number }> {
  const [state] = rowsOf<{ sets: number; seeded: number }>(
    await db.execute(sql`select (select count(*)::int from ocop_product_sets) as sets,
      (select count(distinct product_set_code)::int from ocop_criteria_sheets) as seeded`),
  );
  if (state && Number(state.sets) >= ocopProductSetCatalogue.length && Number(state.seeded) >= ocopSheetCatalogue.length) {
    const present = new Set(
      rowsOf<{ code: string }>(await db.execute(sql`select distinct product_set_code as code from ocop_criteria_sheets`)).map((r) => r.code),
    );
    if (ocopSheetCatalogue.every((s) => present.has(s.productSetCode))) return { sets: 0, sheets: 0 };
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('ocoptrace:ocop_criteria', 0))`);
    const sets = await tx
      .insert(ocopProductSets)
      .values(ocopProductSetCatalogue.map((s) => ({ code: s.code, productGroup: s.productGroup, nameVi: s.nameVi, nameEn: s.nameEn, position: s.position })))
      .onConflictDoNothing()
      .returning({ code: ocopProductSets.code });
    let sheets = 0;
    for (const entry of ocopSheetCatalogue) {
      const [existing] = await tx.select({ id: ocopCriteriaSheets.id }).from(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.productSetCode, entry.productSetCode)).limit(1);
      if (existing) continue;
      const sheet = criteriaSheetSchema.parse(entry.sheet);
      await tx.insert(ocopCriteriaSheets).values({
        productSetCode: entry.productSetCode,
        version: 1,
        status: "published",
        criteria: sheet,
        sourceNote: entry.sourceNote,
        publishedAt: new Date(),
      });
      sheets += 1;
    }
    return { sets: sets.length, sheets };
  });
}

// --- reading ---------------------------------------------------------------------------------------------------

export interface SheetSummary {
  id: string;
  version: number;
  status: "draft" | "published" | "retired";
  criteria: number;
  toCheck: number;
  publishedAt: string | null;
  createdAt: string;
}

export interface ProductSetSummary {
  code: string;
  productGroup: string;
  nameVi: string;
  nameEn: string;
  checkAgainstDecision: boolean;
  published: SheetSummary | null;
  draft: SheetSummary | null;
  versions: SheetSummary[];
}

function summarise(row: typeof ocopCriteriaSheets.$inferSelect): SheetSummary {
  const parsed = criteriaSheetSchema.safeParse(row.criteria);
  const criteria = parsed.success ? parsed.data.criteria : [];
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    criteria: criteria.length,
    toCheck: criteria.filter((c) => c.checkAgainstAnnex).length,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Every product set by group, with its published version, its draft (if any) and all versions, newest first. */
export async function listProductSets(db: Database): Promise<ProductSetSummary[]> {
  const [sets, sheets] = await Promise.all([
    db.select().from(ocopProductSets).orderBy(asc(ocopProductSets.position), asc(ocopProductSets.code)),
    db.select().from(ocopCriteriaSheets).orderBy(desc(ocopCriteriaSheets.version)),
  ]);
  return sets.map((s) => {
    const versions = sheets.filter((v) => v.productSetCode === s.code).map(summarise);
    return {
      code: s.code,
      productGroup: s.productGroup,
      nameVi: s.nameVi,
      nameEn: s.nameEn,
      checkAgainstDecision: catalogueSet(s.code)?.checkAgainstDecision ?? false,
      published: versions.find((v) => v.status === "published") ?? null,
      draft: versions.find((v) => v.status === "draft") ?? null,
      versions,
    };
  });
}

export interface SheetPage extends SheetVersion {
  productSet: { code: string; productGroup: string; nameVi: string; nameEn: string };
  sourceNote: string | null;
  publishedAt: string | null;
  partTotals: Record<OcopPart, number>;
  problems: SheetProblem[];
}

/** Maxima per part (the best each criterion can earn, summed). */
export function partTotals(sheet: CriteriaSheet): Record<OcopPart, number> {
  const totals = { A: 0, B: 0, C: 0 } as Record<OcopPart, number>;
  for (const part of ocopParts) totals[part] = Math.round(sheet.criteria.filter((c) => c.part === part).reduce((n, c) => n + criterionMaximum(c), 0) * 100) / 100;
  return totals;
}

async function toPage(db: Database, row: typeof ocopCriteriaSheets.$inferSelect): Promise<SheetPage | null> {
  const version = await readSheet(db, row.id);
  const [set] = await db.select().from(ocopProductSets).where(eq(ocopProductSets.code, row.productSetCode));
  if (!version || !set) return null;
  return {
    ...version,
    productSet: { code: set.code, productGroup: set.productGroup, nameVi: set.nameVi, nameEn: set.nameEn },
    sourceNote: row.sourceNote,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    partTotals: partTotals(version.sheet),
    problems: sheetProblems(version.sheet),
  };
}

/** One version with its set, part totals and what would stop it from being published. */
export async function readSheetPage(db: Database, sheetId: string): Promise<SheetPage | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sheetId)) return null;
  const [row] = await db.select().from(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.id, sheetId));
  return row ? toPage(db, row) : null;
}

/** The published version of a set, for the public page; null when the set is unknown or has none. */
export async function readPublishedSheetPage(db: Database, productSetCode: string): Promise<SheetPage | null> {
  if (!/^[a-z_]+\.[a-z0-9_]+$/.test(productSetCode)) return null;
  const [row] = await db
    .select()
    .from(ocopCriteriaSheets)
    .where(and(eq(ocopCriteriaSheets.productSetCode, productSetCode), eq(ocopCriteriaSheets.status, "published")))
    .orderBy(desc(ocopCriteriaSheets.version))
    .limit(1);
  return row ? toPage(db, row) : null;
}

// --- commands --------------------------------------------------------------------------------------------------

export type CriteriaRefusal = Refusal<"forbidden" | "not_found" | "not_draft" | "draft_exists" | "invalid_input" | "sheet_problems"> & {
  problems?: SheetProblem[];
  draftId?: string;
};

const forbidden = (): CriteriaRefusal => refuse("forbidden", { fieldErrors: { _form: "ocopc.refusal.forbidden" } });

/**
 * A new draft version of a set's sheet, copied from its newest version (or, for a set without any, from the tea
 * sheet as a starting skeleton to rewrite). One draft per set at a time.
 */
export async function createDraftVersion(db: Database, actor: CriteriaActor, input: { productSetCode: string }): Promise<{ ok: true; sheetId: string; version: number } | CriteriaRefusal> {
  if (!mayEditCriteria(actor.memberships)) return forbidden();
  return transact(db, { userId: actor.userId, organisationId: null }, async (tx) => {
    const [set] = await tx.db.select().from(ocopProductSets).where(eq(ocopProductSets.code, input.productSetCode)).for("update");
    if (!set) return refuse("not_found", { fieldErrors: { _form: "ocopc.refusal.not_found" } });
    const [newest] = await tx.db.select().from(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.productSetCode, set.code)).orderBy(desc(ocopCriteriaSheets.version)).limit(1);
    if (newest?.status === "draft") return { ...refuse("draft_exists", { fieldErrors: { _form: "ocopc.refusal.draft_exists" } }), draftId: newest.id };
    const template = ocopSheetCatalogue.find((s) => s.productSetCode === "beverage.tea")!;
    const criteria = newest ? newest.criteria : template.sheet;
    const version = (newest?.version ?? 0) + 1;
    const [row] = await tx.db
      .insert(ocopCriteriaSheets)
      .values({
        productSetCode: set.code,
        version,
        status: "draft",
        criteria,
        sourceNote: newest ? newest.sourceNote : `${SOURCE_NOTE} (Bản nháp dựng từ bộ tiêu chí chè — viết lại cho bộ sản phẩm này / drafted from the tea sheet — rewrite for this set.)`,
        createdBy: actor.userId,
      })
      .returning({ id: ocopCriteriaSheets.id });
    await tx.audit({ entityType: "ocop_criteria_sheet", entityId: row!.id, action: "create_draft", after: { productSetCode: set.code, version, from: newest?.id ?? null } });
    return { ok: true as const, sheetId: row!.id, version };
  }, { uniqueViolations: { ocop_criteria_sheets_version: refuse("draft_exists", { fieldErrors: { _form: "ocopc.refusal.draft_exists" } }) } });
}

const documentKinds: readonly string[] = ocopDocumentKind.enumValues;

/** Zod's issues and the domain's own checks, as message keys beside the form's fields ("criteria.3.options.1.points"). */
export function sheetFieldErrors(raw: unknown): { ok: true; sheet: CriteriaSheet } | { ok: false; fieldErrors: Record<string, string> } {
  const parsed = criteriaSheetSchema.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join(".") || "_form";
      errors[key] ??= messageFor(issue.path.map(String), issue.message);
    }
  } else {
    parsed.data.criteria.forEach((c, i) => {
      if (c.evidence === "document" && (!c.documentKind || !documentKinds.includes(c.documentKind))) errors[`criteria.${i}.documentKind`] = "ocopc.error.documentKind";
    });
  }
  if (Object.keys(errors).length > 0) {
    errors._form ??= "ocopc.error.form";
    return { ok: false, fieldErrors: errors };
  }
  return { ok: true, sheet: parsed.data! };
}

function messageFor(path: string[], message: string): string {
  if (message === "criterion_code_part") return "ocopc.error.codePart";
  if (message === "criterion_platform_evidence_missing") return "ocopc.error.platformEvidence";
  const last = path[path.length - 1];
  if (path.length === 1 && path[0] === "criteria") return "ocopc.error.criteriaCount";
  if (last === "points") return "ocopc.error.points";
  if (last === "code") return "ocopc.error.code";
  if (last === "options") return "ocopc.error.options";
  if (last === "vi" || last === "en") return "ocopc.error.text";
  if (last === "evidence") return "ocopc.error.evidence";
  if (last === "part") return "ocopc.error.part";
  return "ocopc.error.field";
}

async function lockDraft(tx: { db: Database }, sheetId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(sheetId)) return null;
  const [row] = await tx.db.select().from(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.id, sheetId)).for("update");
  return row ?? null;
}

/** Replaces a draft's criteria with the whole list given; refused field by field when it does not parse. */
export async function updateDraft(db: Database, actor: CriteriaActor, input: { sheetId: string; sheet: unknown }): Promise<{ ok: true } | CriteriaRefusal> {
  if (!mayEditCriteria(actor.memberships)) return forbidden();
  const checked = sheetFieldErrors(input.sheet);
  if (!checked.ok) return refuse("invalid_input", { fieldErrors: checked.fieldErrors });
  return transact(db, { userId: actor.userId, organisationId: null }, async (tx) => {
    const row = await lockDraft(tx, input.sheetId);
    if (!row) return refuse("not_found", { fieldErrors: { _form: "ocopc.refusal.not_found" } });
    if (row.status !== "draft") return refuse("not_draft", { fieldErrors: { _form: "ocopc.refusal.not_draft" } });
    await tx.db.update(ocopCriteriaSheets).set({ criteria: checked.sheet }).where(eq(ocopCriteriaSheets.id, row.id));
    await tx.audit({ entityType: "ocop_criteria_sheet", entityId: row.id, action: "edit_draft", after: { criteria: checked.sheet.criteria.length, partTotals: partTotals(checked.sheet) } });
    return { ok: true as const };
  });
}

/** Publishes a draft whose parts add up (40/25/35, unique codes, a zero option each); the published version retires. */
export async function publishDraft(db: Database, actor: CriteriaActor, input: { sheetId: string }): Promise<{ ok: true; retiredId: string | null } | CriteriaRefusal> {
  if (!mayEditCriteria(actor.memberships)) return forbidden();
  return transact(db, { userId: actor.userId, organisationId: null }, async (tx) => {
    const row = await lockDraft(tx, input.sheetId);
    if (!row) return refuse("not_found", { fieldErrors: { _form: "ocopc.refusal.not_found" } });
    if (row.status !== "draft") return refuse("not_draft", { fieldErrors: { _form: "ocopc.refusal.not_draft" } });
    const checked = sheetFieldErrors(row.criteria);
    if (!checked.ok) return refuse("invalid_input", { fieldErrors: checked.fieldErrors });
    const problems = sheetProblems(checked.sheet);
    if (problems.length > 0) return { ...refuse("sheet_problems", { fieldErrors: { _form: "ocopc.refusal.sheet_problems" } }), problems };
    const retired = await tx.db
      .update(ocopCriteriaSheets)
      .set({ status: "retired" })
      .where(and(eq(ocopCriteriaSheets.productSetCode, row.productSetCode), eq(ocopCriteriaSheets.status, "published")))
      .returning({ id: ocopCriteriaSheets.id });
    await tx.db.update(ocopCriteriaSheets).set({ status: "published", publishedAt: new Date(), publishedBy: actor.userId }).where(eq(ocopCriteriaSheets.id, row.id));
    await tx.audit({ entityType: "ocop_criteria_sheet", entityId: row.id, action: "publish", before: { status: "draft" }, after: { status: "published", version: row.version, retired: retired.map((r) => r.id) } });
    return { ok: true as const, retiredId: retired[0]?.id ?? null };
  });
}

/** Throws a draft away (a published or retired version stays for ever). */
export async function discardDraft(db: Database, actor: CriteriaActor, input: { sheetId: string }): Promise<{ ok: true; productSetCode: string } | CriteriaRefusal> {
  if (!mayEditCriteria(actor.memberships)) return forbidden();
  return transact(db, { userId: actor.userId, organisationId: null }, async (tx) => {
    const row = await lockDraft(tx, input.sheetId);
    if (!row) return refuse("not_found", { fieldErrors: { _form: "ocopc.refusal.not_found" } });
    if (row.status !== "draft") return refuse("not_draft", { fieldErrors: { _form: "ocopc.refusal.not_draft" } });
    await tx.db.delete(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.id, row.id));
    await tx.audit({ entityType: "ocop_criteria_sheet", entityId: row.id, action: "discard_draft", before: { productSetCode: row.productSetCode, version: row.version } });
    return { ok: true as const, productSetCode: row.productSetCode };
  });
}
