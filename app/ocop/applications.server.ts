/**
 * The producer's side of the OCOP evaluation cycle (issue #17): a cooperative's manager starts an application (dossier)
 * for one of its products, fills the product-idea and business-plan forms, uploads documents, attaches platform
 * evidence (app/ocop/evidence.server.ts), scores itself criterion by criterion and submits; a returned dossier is
 * completed and submitted again; a certified product's renewal starts pre-filled from its previous application.
 * Every status change goes through `moveApplication` (transitions.server.ts).
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import {
  ocopApplicationDocuments,
  ocopApplicationEvents,
  ocopApplicationEvidence,
  ocopApplications,
  ocopCertificates,
  ocopCriteriaSheets,
  ocopProductSets,
  ocopRounds,
  ocopSelfScores,
  products,
  users,
  type OcopApplication,
} from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { transact, type Actor } from "~/lib/transact.server";
import { vietnamToday } from "~/lib/vietnam-time";
import { isCooperativeManager, lockEditableApplication, mayRead, type DossierRefusal, type DossierViewer } from "./application-access.server";
import { dossierMissing, ocopDocumentKinds, type MissingItem, type OcopDocumentKind } from "./dossier";
import { evidenceSnapshot, type EvidenceSnapshot } from "./evidence";
import { computeEvidence } from "./evidence.server";
import { dossierForms, formComplete, type DossierFormName } from "./forms";
import { scoreChoices, totals, platformEvidenceKinds, type CriteriaSheet, type PlatformEvidenceKind, type ScoreRefusal, type Totals } from "./rules";
import { currentPublishedSheet, readSheet, type SheetVersion } from "./sheets.server";
import { moveApplication } from "./transitions.server";

export type { DossierViewer } from "./application-access.server";

export { ocopDocumentKinds, type OcopDocumentKind } from "./dossier";

/** Statuses in which a product already has an application in progress (a second one is refused). */
const inProgress = ["draft", "submitted", "returned", "under_evaluation"] as const;

/** "HS-2026-0007": the year the application was started (in Vietnam) and its number within the year. */
export function applicationNumber(year: number, n: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 2100 || !Number.isInteger(n) || n < 1) throw new RangeError(`application number ${year}/${n}`);
  return `HS-${year}-${String(n).padStart(4, "0")}`;
}

async function nextNumber(db: Database, now: Date): Promise<string> {
  // Numbering is serialised: two applications started at once never take one number.
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended('ocoptrace:ocop_applications', 0))`);
  const year = Number(vietnamToday(now).slice(0, 4));
  // Only four-digit numbers: test fixtures number theirs with five digits (HS-2026-9xxxx) so as never to meet these.
  const [last] = rowsOf<{ n: number }>(
    await db.execute(sql`select coalesce(max(substring(number from 9)::int), 0)::int as n from ocop_applications where number ~ ${`^HS-${year}-[0-9]{4}$`}`),
  );
  return applicationNumber(year, Number(last?.n ?? 0) + 1);
}

export type StartRefusal =
  | { ok: false; reason: "forbidden" | "product_not_found" | "no_published_sheet" | "not_certified" }
  | { ok: false; reason: "already_in_progress"; number: string }
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> };
export type StartResult = { ok: true; applicationId: string; number: string } | StartRefusal;

async function productOf(db: Database, organisationId: string, productId: string) {
  const [p] = await db.select({ id: products.id, organisationId: products.organisationId }).from(products).where(eq(products.id, productId));
  return p && p.organisationId === organisationId ? p : null;
}

async function openApplicationOf(db: Database, productId: string): Promise<string | null> {
  const [row] = await db
    .select({ number: ocopApplications.number })
    .from(ocopApplications)
    .where(and(eq(ocopApplications.productId, productId), inArray(ocopApplications.status, [...inProgress])))
    .limit(1);
  return row?.number ?? null;
}

/** Starts a new application (a draft) for one of the cooperative's products, against its set's published sheet. */
export async function startApplication(
  db: Database,
  actor: Actor,
  input: { who: DossierViewer; productId: string; productSetCode: string; now?: Date },
): Promise<StartResult> {
  const now = input.now ?? new Date();
  if (input.who.kind !== "cooperative" || !isCooperativeManager(input.who, input.who.organisationId)) return { ok: false, reason: "forbidden" };
  const organisationId = input.who.organisationId;
  return transact(db, actor, async (tx): Promise<StartResult> => {
    if (!(await productOf(tx.db, organisationId, input.productId))) return { ok: false, reason: "product_not_found" };
    const sheet = await currentPublishedSheet(tx.db, input.productSetCode);
    if (!sheet) return { ok: false, reason: "no_published_sheet" };
    const number = await nextNumber(tx.db, now);
    const open = await openApplicationOf(tx.db, input.productId);
    if (open) return { ok: false, reason: "already_in_progress", number: open };
    const [row] = await tx.db
      .insert(ocopApplications)
      .values({ number, organisationId, productId: input.productId, sheetId: sheet.id, kind: "new", createdBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: ocopApplications.id });
    await tx.db.insert(ocopApplicationEvents).values({ applicationId: row!.id, fromStatus: null, toStatus: "draft", actorId: actor.userId, at: now });
    await tx.audit({ organisationId, entityType: "ocop_application", entityId: row!.id, action: "start", after: { number, productId: input.productId, sheetId: sheet.id, kind: "new" } });
    return { ok: true, applicationId: row!.id, number };
  });
}

/**
 * Starts the renewal of a certified product: the newest application of the product is the previous one; its forms,
 * its self-scores (for the criteria codes the current sheet still has) and its documents (the same stored files)
 * are copied, and the newest platform evidence attached. A product recorded without an evaluation has no previous
 * application: the renewal starts from the sheet of `productSetCode` with the evidence alone.
 */
export async function startRenewal(
  db: Database,
  actor: Actor,
  input: { who: DossierViewer; productId: string; productSetCode?: string; now?: Date },
): Promise<StartResult> {
  const now = input.now ?? new Date();
  if (input.who.kind !== "cooperative" || !isCooperativeManager(input.who, input.who.organisationId)) return { ok: false, reason: "forbidden" };
  const organisationId = input.who.organisationId;
  return transact(db, actor, async (tx): Promise<StartResult> => {
    if (!(await productOf(tx.db, organisationId, input.productId))) return { ok: false, reason: "product_not_found" };
    const [cert] = await tx.db
      .select({ id: ocopCertificates.id, productGroup: ocopCertificates.productGroup })
      .from(ocopCertificates)
      .where(eq(ocopCertificates.productId, input.productId))
      .orderBy(desc(ocopCertificates.issuedOn), desc(ocopCertificates.createdAt))
      .limit(1);
    if (!cert) return { ok: false, reason: "not_certified" };
    const [previous] = await tx.db
      .select()
      .from(ocopApplications)
      .where(eq(ocopApplications.productId, input.productId))
      .orderBy(desc(ocopApplications.createdAt), desc(ocopApplications.number))
      .limit(1);
    const previousSheet = previous ? await readSheet(tx.db, previous.sheetId) : null;
    const setCode = previousSheet?.productSetCode ?? input.productSetCode;
    if (!setCode) return { ok: false, reason: "invalid_input", fieldErrors: { productSetCode: "validation.choice" } };
    if (!previousSheet) {
      // Chosen by the manager (no previous application to follow): a set of the certificate's product group.
      const [set] = await tx.db.select({ group: ocopProductSets.productGroup }).from(ocopProductSets).where(eq(ocopProductSets.code, setCode));
      if (!set || set.group !== cert.productGroup) return { ok: false, reason: "invalid_input", fieldErrors: { productSetCode: "validation.choice" } };
    }
    const sheet = await currentPublishedSheet(tx.db, setCode);
    if (!sheet) return { ok: false, reason: "no_published_sheet" };
    const number = await nextNumber(tx.db, now);
    const open = await openApplicationOf(tx.db, input.productId);
    if (open) return { ok: false, reason: "already_in_progress", number: open };
    const [row] = await tx.db
      .insert(ocopApplications)
      .values({
        number,
        organisationId,
        productId: input.productId,
        sheetId: sheet.id,
        kind: "renewal",
        previousApplicationId: previous?.id ?? null,
        productIdea: previous?.productIdea ?? {},
        businessPlan: previous?.businessPlan ?? {},
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: ocopApplications.id });
    const applicationId = row!.id;
    let copiedScores = 0;
    let copiedDocuments = 0;
    if (previous) {
      const oldScores = await tx.db.select().from(ocopSelfScores).where(eq(ocopSelfScores.applicationId, previous.id));
      // Only choices the new sheet still offers: a criterion renamed or re-scaled is scored afresh.
      const keep = oldScores.filter((s) => {
        const r = scoreChoices(sheet.sheet, [{ criterionCode: s.criterionCode, optionIndex: s.optionIndex }]);
        return r.ok;
      });
      if (keep.length > 0) {
        const scored = scoreChoices(sheet.sheet, keep.map((s) => ({ criterionCode: s.criterionCode, optionIndex: s.optionIndex })));
        if (scored.ok) {
          const notes = new Map(keep.map((s) => [s.criterionCode, s.note]));
          await tx.db.insert(ocopSelfScores).values(scored.scores.map((s) => ({ applicationId, criterionCode: s.criterionCode, optionIndex: s.optionIndex, points: s.points, note: notes.get(s.criterionCode) ?? null, updatedAt: now })));
          copiedScores = scored.scores.length;
        }
      }
      const docs = await tx.db.select().from(ocopApplicationDocuments).where(eq(ocopApplicationDocuments.applicationId, previous.id));
      if (docs.length > 0) {
        await tx.db.insert(ocopApplicationDocuments).values(docs.map((d) => ({ applicationId, kind: d.kind, title: d.title, storageKey: d.storageKey, contentType: d.contentType, byteSize: d.byteSize, uploadedBy: d.uploadedBy, uploadedAt: d.uploadedAt })));
        copiedDocuments = docs.length;
      }
    }
    for (const kind of platformEvidenceKinds) {
      const snapshot = await computeEvidence(tx.db, { organisationId, productId: input.productId }, kind, now);
      await tx.db.insert(ocopApplicationEvidence).values({ applicationId, kind, snapshot, attachedBy: actor.userId, attachedAt: now });
    }
    await tx.db.insert(ocopApplicationEvents).values({ applicationId, fromStatus: null, toStatus: "draft", note: previous ? `renewal of ${previous.number}` : null, actorId: actor.userId, at: now });
    await tx.audit({
      organisationId,
      entityType: "ocop_application",
      entityId: applicationId,
      action: "start_renewal",
      after: { number, productId: input.productId, sheetId: sheet.id, previous: previous?.number ?? null, copiedScores, copiedDocuments },
    });
    return { ok: true, applicationId, number };
  });
}

export type EditResult = { ok: true } | DossierRefusal | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> };

/** Saves one of the two forms (a whole, valid form replaces the stored one). */
export async function saveDossierForm(
  db: Database,
  actor: Actor,
  input: { who: DossierViewer; applicationId: string; form: DossierFormName; values: unknown },
): Promise<EditResult> {
  const parsed = parseInput(dossierForms[input.form].schema, input.values);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  return transact(db, actor, async (tx): Promise<EditResult> => {
    const locked = await lockEditableApplication(tx.db, input.who, input.applicationId);
    if (!locked.ok) return locked;
    const column = input.form === "productIdea" ? { productIdea: parsed.input } : { businessPlan: parsed.input };
    await tx.db.update(ocopApplications).set({ ...column, updatedAt: sql`now()` }).where(eq(ocopApplications.id, input.applicationId));
    await tx.audit({ organisationId: locked.app.organisationId, entityType: "ocop_application", entityId: input.applicationId, action: `save_${input.form}` });
    return { ok: true };
  });
}

export type DocumentResult = { ok: true; documentId: string } | DossierRefusal | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> };

/** Adds a stored file (already checked and stored by app/storage) to the dossier as a document of a kind. */
export async function addDossierDocument(
  db: Database,
  actor: Actor,
  input: { who: DossierViewer; applicationId: string; kind: string; title: string; file: { key: string; contentType: string; size: number } },
): Promise<DocumentResult> {
  const fieldErrors: Record<string, string> = {};
  if (!(ocopDocumentKinds as readonly string[]).includes(input.kind)) fieldErrors.kind = "validation.choice";
  const title = input.title.trim();
  if (title.length > 200) fieldErrors.title = "validation.textTooLong";
  if (Object.keys(fieldErrors).length > 0) return { ok: false, reason: "invalid_input", fieldErrors };
  return transact(db, actor, async (tx): Promise<DocumentResult> => {
    const locked = await lockEditableApplication(tx.db, input.who, input.applicationId);
    if (!locked.ok) return locked;
    const [row] = await tx.db
      .insert(ocopApplicationDocuments)
      .values({ applicationId: input.applicationId, kind: input.kind as OcopDocumentKind, title: title || input.kind, storageKey: input.file.key, contentType: input.file.contentType, byteSize: input.file.size, uploadedBy: actor.userId })
      .returning({ id: ocopApplicationDocuments.id });
    await tx.audit({ organisationId: locked.app.organisationId, entityType: "ocop_application", entityId: input.applicationId, action: "add_document", after: { kind: input.kind, title, storageKey: input.file.key } });
    return { ok: true, documentId: row!.id };
  });
}

/** Removes a document from the dossier (the stored file stays: another dossier or a renewal may share it). */
export async function removeDossierDocument(db: Database, actor: Actor, input: { who: DossierViewer; applicationId: string; documentId: string }): Promise<EditResult> {
  return transact(db, actor, async (tx): Promise<EditResult> => {
    const locked = await lockEditableApplication(tx.db, input.who, input.applicationId);
    if (!locked.ok) return locked;
    const gone = await tx.db
      .delete(ocopApplicationDocuments)
      .where(and(eq(ocopApplicationDocuments.id, input.documentId), eq(ocopApplicationDocuments.applicationId, input.applicationId)))
      .returning({ kind: ocopApplicationDocuments.kind, title: ocopApplicationDocuments.title });
    if (gone.length > 0) await tx.audit({ organisationId: locked.app.organisationId, entityType: "ocop_application", entityId: input.applicationId, action: "remove_document", before: gone[0] });
    return { ok: true };
  });
}

export interface SelfScoreInput {
  criterionCode: string;
  /** null: the choice is cleared. */
  optionIndex: number | null;
  note?: string | null;
}

export type SelfScoreResult = { ok: true; totals: Totals } | DossierRefusal | { ok: false; reason: "invalid_scores"; refusals: ScoreRefusal[] };

/**
 * Saves the self-score of some criteria at once: each choice must be one of its criterion's own options (rules.ts
 * `scoreChoices`), else nothing is stored; a cleared choice removes that criterion's score.
 */
export async function saveSelfScores(db: Database, actor: Actor, input: { who: DossierViewer; applicationId: string; scores: readonly SelfScoreInput[] }): Promise<SelfScoreResult> {
  return transact(db, actor, async (tx): Promise<SelfScoreResult> => {
    const locked = await lockEditableApplication(tx.db, input.who, input.applicationId);
    if (!locked.ok) return locked;
    const sheet = await sheetOf(tx.db, locked.app.sheetId);
    const chosen = input.scores.filter((s): s is SelfScoreInput & { optionIndex: number } => s.optionIndex !== null);
    const cleared = input.scores.filter((s) => s.optionIndex === null);
    const checked = scoreChoices(sheet, [...chosen.map((s) => ({ criterionCode: s.criterionCode, optionIndex: s.optionIndex })), ...cleared.map((s) => ({ criterionCode: s.criterionCode, optionIndex: 0 }))]);
    if (!checked.ok) return { ok: false, reason: "invalid_scores", refusals: checked.refusals };
    const notes = new Map(input.scores.map((s) => [s.criterionCode, s.note?.trim().slice(0, 1000) || null]));
    for (const s of checked.scores.slice(0, chosen.length)) {
      const note = notes.get(s.criterionCode) ?? null;
      await tx.db
        .insert(ocopSelfScores)
        .values({ applicationId: input.applicationId, criterionCode: s.criterionCode, optionIndex: s.optionIndex, points: s.points, note })
        .onConflictDoUpdate({ target: [ocopSelfScores.applicationId, ocopSelfScores.criterionCode], set: { optionIndex: s.optionIndex, points: s.points, note, updatedAt: sql`now()` } });
    }
    if (cleared.length > 0) {
      await tx.db.delete(ocopSelfScores).where(and(eq(ocopSelfScores.applicationId, input.applicationId), inArray(ocopSelfScores.criterionCode, cleared.map((s) => s.criterionCode))));
    }
    const all = await tx.db.select({ criterionCode: ocopSelfScores.criterionCode, points: ocopSelfScores.points }).from(ocopSelfScores).where(eq(ocopSelfScores.applicationId, input.applicationId));
    const t = totals(sheet, all);
    await tx.db.update(ocopApplications).set({ updatedAt: sql`now()` }).where(eq(ocopApplications.id, input.applicationId));
    await tx.audit({ organisationId: locked.app.organisationId, entityType: "ocop_application", entityId: input.applicationId, action: "self_score", after: { scored: chosen.length, cleared: cleared.length, total: t.total } });
    return { ok: true, totals: t };
  });
}

async function sheetOf(db: Database, sheetId: string): Promise<CriteriaSheet> {
  const version = await readSheet(db, sheetId);
  if (!version) throw new Error(`OCOP application refers to a missing sheet ${sheetId}`);
  return version.sheet;
}

/** The dossier's state for `dossierMissing`, read in the caller's transaction. */
async function dossierState(db: Database, app: OcopApplication) {
  const [scores, docs, evidence] = await Promise.all([
    db.select({ code: ocopSelfScores.criterionCode }).from(ocopSelfScores).where(eq(ocopSelfScores.applicationId, app.id)),
    db.select({ kind: ocopApplicationDocuments.kind }).from(ocopApplicationDocuments).where(eq(ocopApplicationDocuments.applicationId, app.id)),
    db.select({ kind: ocopApplicationEvidence.kind, snapshot: ocopApplicationEvidence.snapshot }).from(ocopApplicationEvidence).where(eq(ocopApplicationEvidence.applicationId, app.id)),
  ]);
  const parsed = evidence.map((e) => evidenceSnapshot.safeParse(e.snapshot)).flatMap((r) => (r.success ? [r.data] : []));
  const lab = parsed.find((e) => e.kind === "lab_tests");
  return {
    formsComplete: { productIdea: formComplete("productIdea", app.productIdea), businessPlan: formComplete("businessPlan", app.businessPlan) },
    selfScoredCodes: scores.map((s) => s.code),
    documentKinds: docs.map((d) => d.kind),
    attachedEvidence: parsed.map((e) => e.kind),
    labTestedLots: lab && lab.kind === "lab_tests" ? lab.testedLots : 0,
  };
}

export type SubmitResult =
  | { ok: true; roundId: string | null; resubmitted: boolean }
  | DossierRefusal
  | { ok: false; reason: "incomplete"; missing: MissingItem[] }
  | { ok: false; reason: "wrong_status"; status: OcopApplication["status"] };

/**
 * Submits a draft, or a returned dossier again: refused with the list of what is missing (nothing stored). A first
 * submission joins the department's newest open round, if there is one; a resubmission stays in its round.
 */
export async function submitApplication(db: Database, actor: Actor, input: { who: DossierViewer; applicationId: string; now?: Date }): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  return transact(db, actor, async (tx): Promise<SubmitResult> => {
    const locked = await lockEditableApplication(tx.db, input.who, input.applicationId);
    if (!locked.ok) return locked;
    const app = locked.app;
    const missing = dossierMissing(await sheetOf(tx.db, app.sheetId), await dossierState(tx.db, app));
    if (missing.length > 0) return { ok: false, reason: "incomplete", missing };
    let roundId = app.roundId;
    if (!roundId) {
      const [round] = await tx.db.select({ id: ocopRounds.id }).from(ocopRounds).where(eq(ocopRounds.status, "open")).orderBy(desc(ocopRounds.createdAt)).limit(1);
      roundId = round?.id ?? null;
    }
    const moved = await moveApplication(tx, { applicationId: app.id, to: "submitted", by: "producer", actorId: actor.userId, set: { submittedAt: now, roundId } });
    if (!moved.ok) return moved;
    return { ok: true, roundId, resubmitted: moved.from === "returned" };
  });
}

// ── Queries ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ApplicationRow {
  id: string;
  number: string;
  kind: OcopApplication["kind"];
  status: OcopApplication["status"];
  productId: string;
  productNameVi: string;
  productNameEn: string | null;
  productSetCode: string;
  sheetVersion: number;
  updatedAt: Date;
  submittedAt: Date | null;
}

/** The cooperative's applications, newest first: for its managers only (staff and others get none). */
export async function listApplications(db: Database, who: DossierViewer): Promise<ApplicationRow[]> {
  if (who.kind !== "cooperative" || !isCooperativeManager(who, who.organisationId)) return [];
  return db
    .select({
      id: ocopApplications.id,
      number: ocopApplications.number,
      kind: ocopApplications.kind,
      status: ocopApplications.status,
      productId: ocopApplications.productId,
      productNameVi: products.nameVi,
      productNameEn: products.nameEn,
      productSetCode: ocopCriteriaSheets.productSetCode,
      sheetVersion: ocopCriteriaSheets.version,
      updatedAt: ocopApplications.updatedAt,
      submittedAt: ocopApplications.submittedAt,
    })
    .from(ocopApplications)
    .innerJoin(products, eq(products.id, ocopApplications.productId))
    .innerJoin(ocopCriteriaSheets, eq(ocopCriteriaSheets.id, ocopApplications.sheetId))
    .where(eq(ocopApplications.organisationId, who.organisationId))
    .orderBy(desc(ocopApplications.createdAt), desc(ocopApplications.number));
}

export interface CertifiedProduct {
  productId: string;
  nameVi: string;
  nameEn: string | null;
  number: string;
  stars: number;
  expiresOn: string;
  status: "valid" | "suspended" | "revoked";
  /** Expires within six months of today (or has expired). */
  expiringSoon: boolean;
  openApplication: string | null;
  /** The certificate's product group: the sets a renewal may choose from when there is no previous application. */
  productGroup: string;
  /** The product has an earlier application, whose product set a renewal follows; without one the manager chooses. */
  hasPreviousApplication: boolean;
}

/** The cooperative's products with a certificate in the register (the newest each), for renewal. */
export async function certifiedProducts(db: Database, organisationId: string, now = new Date()): Promise<CertifiedProduct[]> {
  const today = vietnamToday(now);
  const rows = rowsOf<{ product_id: string; name_vi: string; name_en: string | null; number: string; stars: number; expires_on: string; status: CertifiedProduct["status"]; soon: boolean; open: string | null; product_group: string; has_previous: boolean }>(
    await db.execute(sql`
      select distinct on (c.product_id) c.product_id, p.name_vi, p.name_en, c.number, c.stars, c.expires_on::text as expires_on, c.status,
        c.expires_on <= (${today}::date + interval '6 months')::date as soon,
        (select a.number from ocop_applications a where a.product_id = c.product_id and a.status in ('draft', 'submitted', 'returned', 'under_evaluation') limit 1) as open,
        c.product_group::text as product_group, exists (select 1 from ocop_applications a where a.product_id = c.product_id) as has_previous
      from ocop_certificates c join products p on p.id = c.product_id
      where c.organisation_id = ${organisationId}::uuid
      order by c.product_id, c.issued_on desc, c.created_at desc`),
  );
  return rows
    .map((r) => ({ productId: r.product_id, nameVi: r.name_vi, nameEn: r.name_en, number: r.number, stars: Number(r.stars), expiresOn: r.expires_on, status: r.status, expiringSoon: Boolean(r.soon), openApplication: r.open, productGroup: r.product_group, hasPreviousApplication: Boolean(r.has_previous) }))
    .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
}

/** The product sets with a published sheet (what an application may be started with), by group and position. */
export async function publishedSets(db: Database) {
  return db
    .selectDistinct({ code: ocopProductSets.code, nameVi: ocopProductSets.nameVi, nameEn: ocopProductSets.nameEn, group: ocopProductSets.productGroup, position: ocopProductSets.position })
    .from(ocopProductSets)
    .innerJoin(ocopCriteriaSheets, and(eq(ocopCriteriaSheets.productSetCode, ocopProductSets.code), eq(ocopCriteriaSheets.status, "published")))
    .orderBy(asc(ocopProductSets.productGroup), asc(ocopProductSets.position), asc(ocopProductSets.code));
}

/** What the "new application" form offers: the cooperative's active products and the sets with a published sheet. */
export async function newApplicationChoices(db: Database, organisationId: string) {
  const [productRows, sets] = await Promise.all([
    db
      .select({ id: products.id, nameVi: products.nameVi, nameEn: products.nameEn, category: products.category })
      .from(products)
      .where(and(eq(products.organisationId, organisationId), eq(products.status, "active"), eq(products.kind, "finished")))
      .orderBy(asc(products.nameVi)),
    publishedSets(db),
  ]);
  return { products: productRows, sets };
}

export interface Dossier {
  application: OcopApplication;
  product: { id: string; nameVi: string; nameEn: string | null };
  sheet: SheetVersion;
  productSet: { code: string; nameVi: string; nameEn: string };
  round: { id: string; name: string } | null;
  previousNumber: string | null;
  documents: Array<{ id: string; kind: OcopDocumentKind; title: string; storageKey: string; contentType: string; byteSize: number; uploadedAt: Date }>;
  evidence: Array<{ kind: PlatformEvidenceKind; snapshot: EvidenceSnapshot; attachedAt: Date }>;
  selfScores: Array<{ criterionCode: string; optionIndex: number; points: number; note: string | null }>;
  totals: Totals;
  events: Array<{ fromStatus: OcopApplication["status"] | null; toStatus: OcopApplication["status"]; note: string | null; actorName: string | null; at: Date }>;
  missing: MissingItem[];
  editable: boolean;
}

/** The whole dossier as its reader may see it; null when they may not (or it does not exist). */
export async function getDossier(db: Database, who: DossierViewer, applicationId: string): Promise<Dossier | null> {
  const [app] = await db.select().from(ocopApplications).where(eq(ocopApplications.id, applicationId));
  if (!app || !mayRead(who, app)) return null;
  const sheet = await readSheet(db, app.sheetId);
  if (!sheet) throw new Error(`OCOP application ${app.number} refers to a missing sheet`);
  const [[product], [productSet], round, previous, documents, evidenceRows, selfScores, events, state] = await Promise.all([
    db.select({ id: products.id, nameVi: products.nameVi, nameEn: products.nameEn }).from(products).where(eq(products.id, app.productId)),
    db.select({ code: ocopProductSets.code, nameVi: ocopProductSets.nameVi, nameEn: ocopProductSets.nameEn }).from(ocopProductSets).where(eq(ocopProductSets.code, sheet.productSetCode)),
    app.roundId ? db.select({ id: ocopRounds.id, name: ocopRounds.name }).from(ocopRounds).where(eq(ocopRounds.id, app.roundId)) : Promise.resolve([]),
    app.previousApplicationId ? db.select({ number: ocopApplications.number }).from(ocopApplications).where(eq(ocopApplications.id, app.previousApplicationId)) : Promise.resolve([]),
    db.select().from(ocopApplicationDocuments).where(eq(ocopApplicationDocuments.applicationId, app.id)).orderBy(asc(ocopApplicationDocuments.uploadedAt)),
    db.select().from(ocopApplicationEvidence).where(eq(ocopApplicationEvidence.applicationId, app.id)),
    db.select().from(ocopSelfScores).where(eq(ocopSelfScores.applicationId, app.id)),
    db
      .select({ fromStatus: ocopApplicationEvents.fromStatus, toStatus: ocopApplicationEvents.toStatus, note: ocopApplicationEvents.note, actorName: users.displayName, at: ocopApplicationEvents.at })
      .from(ocopApplicationEvents)
      .leftJoin(users, eq(users.id, ocopApplicationEvents.actorId))
      .where(eq(ocopApplicationEvents.applicationId, app.id))
      .orderBy(asc(ocopApplicationEvents.at)),
    dossierState(db, app),
  ]);
  const evidence = evidenceRows.flatMap((e) => {
    const parsed = evidenceSnapshot.safeParse(e.snapshot);
    return parsed.success ? [{ kind: parsed.data.kind, snapshot: parsed.data, attachedAt: e.attachedAt }] : [];
  });
  return {
    application: app,
    product: product!,
    sheet,
    productSet: productSet!,
    round: round[0] ?? null,
    previousNumber: previous[0]?.number ?? null,
    documents: documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, storageKey: d.storageKey, contentType: d.contentType, byteSize: d.byteSize, uploadedAt: d.uploadedAt })),
    evidence,
    selfScores: selfScores.map((s) => ({ criterionCode: s.criterionCode, optionIndex: s.optionIndex, points: s.points, note: s.note })),
    totals: totals(sheet.sheet, selfScores),
    events,
    missing: dossierMissing(sheet.sheet, state),
    editable: who.kind === "cooperative" && isCooperativeManager(who, app.organisationId) && (app.status === "draft" || app.status === "returned"),
  };
}
