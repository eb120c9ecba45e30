/**
 * The OCOP certificate register (issue #17): THE one place that writes ocop_certificates and their public history,
 * and that keeps each product's `ocop_*` columns a mirror of its current certificate — the newest by issue date whose
 * status is valid, or nothing — in the same transaction as every certificate change (decision 0018). Updating the
 * product row rebuilds its storefront entry (catalogue triggers) and moves the origin page's stamp (its update time),
 * so a revoked or suspended certificate stops the stars on every surface at once; expiry is handled by date
 * (`ocop_stars_on`).
 */
import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  communes,
  ocopApplications,
  ocopCertificateEvents,
  ocopCertificates,
  ocopCriteriaSheets,
  ocopDecisionItems,
  ocopDecisions,
  ocopProductSets,
  organisations,
  products,
  provinces,
  type OcopCertificate,
} from "#db/schema";
import { defaultCertificateExpiry } from "~/catalog/ocop";
import { isAdmin, isDepartmentOfficer, hasRoleIn, type MembershipGrant } from "~/identity/roles";
import { parseInput } from "~/lib/field-errors";
import { rollbackWith, transact, type Actor, type Tx } from "~/lib/transact.server";
import { vietnamDate } from "~/lib/vietnam-time";
import { certificateNumber, certificateNumberPrefix, provinceInitials, recordCertificateSchema, statusReasonSchema, type RecordCertificateInput } from "./certificate-rules";
import { moveApplication } from "./transitions.server";

/** Who acts on the register: the signed-in user and their memberships (checked here, not only in the route). */
export interface RegisterActor {
  userId: string;
  memberships: readonly MembershipGrant[];
}

export type RegisterRefusal =
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> }
  | {
      ok: false;
      reason:
        | "forbidden"
        | "decision_not_found"
        | "nothing_to_issue"
        | "certificate_not_found"
        | "product_not_found"
        | "wrong_status"
        | "not_recorded"
        | "already_confirmed"
        | "application_not_decided";
    };

const refuse = (reason: Exclude<RegisterRefusal["reason"], "invalid_input">): RegisterRefusal => ({ ok: false, reason });

const numberTaken: RegisterRefusal = { ok: false, reason: "invalid_input", fieldErrors: { number: "ocopRegister.v.numberTaken" } };
const uniqueNumber = { uniqueViolations: { ocop_certificates_number: numberTaken } };

/** Department officers (and platform administrators) keep the register. */
export function mayKeepRegister(memberships: readonly MembershipGrant[]): boolean {
  return isDepartmentOfficer(memberships) || isAdmin(memberships);
}

function actorOf(who: RegisterActor, organisationId: string | null = null): Actor {
  return { userId: who.userId, organisationId };
}

/**
 * Makes the product's `ocop_*` columns say what its current certificate says (newest valid by issue date; none →
 * all null). Writes only when something differs, and then bumps `updated_at` so the origin page's stamp moves.
 */
export async function syncProductMirror(db: Database, productId: string): Promise<void> {
  const [current] = await db
    .select()
    .from(ocopCertificates)
    .where(and(eq(ocopCertificates.productId, productId), eq(ocopCertificates.status, "valid")))
    .orderBy(desc(ocopCertificates.issuedOn), desc(ocopCertificates.createdAt))
    .limit(1);
  const mirror = {
    ocopStars: current?.stars ?? null,
    ocopGroup: current?.productGroup ?? null,
    ocopScore: current?.score === null || current?.score === undefined ? null : Math.round(current.score),
    ocopCertificateNumber: current?.number ?? null,
    ocopIssuedOn: current?.issuedOn ?? null,
    ocopExpiresOn: current?.expiresOn ?? null,
  };
  await db
    .update(products)
    .set({ ...mirror, updatedAt: sql`greatest(now(), ${products.updatedAt} + interval '1 microsecond')` })
    .where(
      and(
        eq(products.id, productId),
        sql`(${products.ocopStars}, ${products.ocopGroup}::text, ${products.ocopScore}, ${products.ocopCertificateNumber}, ${products.ocopIssuedOn}, ${products.ocopExpiresOn})
          is distinct from (${mirror.ocopStars}::smallint, ${mirror.ocopGroup}::text, ${mirror.ocopScore}::integer, ${mirror.ocopCertificateNumber}::text, ${mirror.ocopIssuedOn}::date, ${mirror.ocopExpiresOn}::date)`,
      ),
    );
}

async function writeEvent(tx: Tx, certificate: Pick<OcopCertificate, "id" | "organisationId" | "number">, kind: (typeof ocopCertificateEvents.$inferInsert)["kind"], reason: string | null, actorId: string | null, at: Date): Promise<void> {
  await tx.db.insert(ocopCertificateEvents).values({ certificateId: certificate.id, kind, reason, actorId, at });
  await tx.audit({ organisationId: certificate.organisationId, entityType: "ocop_certificate", entityId: certificate.id, action: kind, after: { number: certificate.number, reason } });
}

/** The province initials certificates of this department are numbered with (its commune's province; "VN" without one). */
async function departmentInitials(db: Database, departmentId: string): Promise<string> {
  const [row] = await db
    .select({ province: provinces.nameVi })
    .from(organisations)
    .leftJoin(communes, eq(communes.id, organisations.communeId))
    .leftJoin(provinces, eq(provinces.code, communes.provinceCode))
    .where(eq(organisations.id, departmentId));
  return provinceInitials(row?.province ?? null);
}

async function nextCertificateNumber(db: Database, initials: string, year: number): Promise<string> {
  // Numbering is serialised: two officers issuing at once never take one number.
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended('ocoptrace:ocop_certificates', 0))`);
  const prefix = certificateNumberPrefix(initials, year);
  const taken = await db
    .select({ number: ocopCertificates.number })
    .from(ocopCertificates)
    .where(sql`upper(${ocopCertificates.number}) like ${`${prefix}%`}`);
  const last = Math.max(0, ...taken.map((r) => r.number.slice(prefix.length)).filter((n) => /^[0-9]+$/.test(n)).map(Number));
  return certificateNumber(initials, year, last + 1);
}

export type IssueResult = { ok: true; certificates: Array<{ id: string; number: string; productId: string; applicationId: string; stars: number }> } | RegisterRefusal;

/**
 * Issues the certificates of a decision: one for every ranked item whose application is "decided" (stars and score
 * from the decision, issued on its signing date, valid 36 months), each application moved to "certificate_issued".
 * A renewal's new certificate becomes the product's current one (it is the newest). Items already issued are skipped.
 */
export async function issueCertificates(db: Database, who: RegisterActor, args: { decisionId: string; now?: Date }): Promise<IssueResult> {
  if (!mayKeepRegister(who.memberships)) return refuse("forbidden");
  const now = args.now ?? new Date();
  return transact(
    db,
    actorOf(who),
    async (tx): Promise<IssueResult> => {
      const [decision] = await tx.db.select().from(ocopDecisions).where(eq(ocopDecisions.id, args.decisionId)).for("update");
      if (!decision) return refuse("decision_not_found");
      const items = await tx.db
        .select({
          applicationId: ocopDecisionItems.applicationId,
          stars: ocopDecisionItems.stars,
          score: ocopDecisionItems.score,
          productId: ocopApplications.productId,
          organisationId: ocopApplications.organisationId,
          group: ocopProductSets.productGroup,
        })
        .from(ocopDecisionItems)
        .innerJoin(ocopApplications, eq(ocopApplications.id, ocopDecisionItems.applicationId))
        .innerJoin(ocopCriteriaSheets, eq(ocopCriteriaSheets.id, ocopApplications.sheetId))
        .innerJoin(ocopProductSets, eq(ocopProductSets.code, ocopCriteriaSheets.productSetCode))
        .where(and(eq(ocopDecisionItems.decisionId, decision.id), isNotNull(ocopDecisionItems.stars), eq(ocopApplications.status, "decided")))
        .orderBy(asc(ocopApplications.number));
      if (items.length === 0) return refuse("nothing_to_issue");
      const initials = await departmentInitials(tx.db, decision.departmentId);
      const year = Number(decision.signedOn.slice(0, 4));
      const issued: Array<{ id: string; number: string; productId: string; applicationId: string; stars: number }> = [];
      for (const item of items) {
        const moved = await moveApplication(tx, { applicationId: item.applicationId, to: "certificate_issued", by: "department", actorId: who.userId, note: null });
        if (!moved.ok) rollbackWith(refuse("application_not_decided"));
        const number = await nextCertificateNumber(tx.db, initials, year);
        const [certificate] = await tx.db
          .insert(ocopCertificates)
          .values({
            number,
            productId: item.productId,
            organisationId: item.organisationId,
            productGroup: item.group,
            stars: item.stars!,
            score: item.score,
            issuedOn: decision.signedOn,
            expiresOn: defaultCertificateExpiry(decision.signedOn),
            origin: "evaluation",
            decisionId: decision.id,
            applicationId: item.applicationId,
            isDemo: decision.isDemo,
          })
          .returning();
        await writeEvent(tx, certificate!, "issued", null, who.userId, now);
        await syncProductMirror(tx.db, item.productId);
        issued.push({ id: certificate!.id, number, productId: item.productId, applicationId: item.applicationId, stars: item.stars! });
      }
      return { ok: true, certificates: issued };
    },
    uniqueNumber,
  );
}

export type RecordResult = { ok: true; certificateId: string; number: string; alreadyRecorded: boolean } | RegisterRefusal;

/**
 * Inside a caller's transaction: a certificate issued before the platform enters the register as "recorded without an
 * evaluation", awaiting the department's confirmation; it becomes the product's current one if it is the newest.
 * The same number already recorded for the same product is no change; for another product it is refused.
 */
export async function recordCertificateInTx(
  tx: Tx,
  args: { productId: string; input: RecordCertificateInput; actorId: string | null; confirmed?: boolean; now?: Date },
): Promise<RecordResult> {
  const now = args.now ?? new Date();
  const [product] = await tx.db.select({ id: products.id, organisationId: products.organisationId, isDemo: products.isDemo }).from(products).where(eq(products.id, args.productId)).for("update");
  if (!product) return refuse("product_not_found");
  const [existing] = await tx.db
    .select({ id: ocopCertificates.id, productId: ocopCertificates.productId, number: ocopCertificates.number })
    .from(ocopCertificates)
    .where(sql`lower(${ocopCertificates.number}) = lower(${args.input.number})`);
  if (existing) return existing.productId === product.id ? { ok: true, certificateId: existing.id, number: existing.number, alreadyRecorded: true } : numberTaken;
  const [certificate] = await tx.db
    .insert(ocopCertificates)
    .values({
      number: args.input.number,
      productId: product.id,
      organisationId: product.organisationId,
      productGroup: args.input.group,
      stars: args.input.stars,
      score: args.input.score,
      issuedOn: args.input.issuedOn,
      expiresOn: args.input.expiresOn,
      origin: "recorded_without_evaluation",
      confirmedAt: args.confirmed ? now : null,
      confirmedBy: args.confirmed ? args.actorId : null,
      isDemo: product.isDemo,
    })
    .returning();
  await writeEvent(tx, certificate!, "recorded", null, args.actorId, now);
  if (args.confirmed) await writeEvent(tx, certificate!, "confirmed", null, args.actorId, now);
  await syncProductMirror(tx.db, product.id);
  return { ok: true, certificateId: certificate!.id, number: certificate!.number, alreadyRecorded: false };
}

/**
 * Records a certificate issued before the platform for a product: by a manager of the cooperative that holds it, or
 * by a department officer. It is public at once, marked "recorded without an evaluation" until confirmed.
 */
export async function recordExistingCertificate(db: Database, who: RegisterActor, args: { productId: string; form: unknown; now?: Date }): Promise<RecordResult> {
  const parsed = parseInput(recordCertificateSchema, args.form);
  if (!parsed.ok) return { ok: false, reason: "invalid_input", fieldErrors: parsed.fieldErrors ?? {} };
  const [product] = await db.select({ organisationId: products.organisationId }).from(products).where(eq(products.id, args.productId));
  if (!product) return refuse("product_not_found");
  const department = mayKeepRegister(who.memberships);
  if (!department && !hasRoleIn(who.memberships, product.organisationId, ["cooperative_manager"])) return refuse("forbidden");
  return transact(db, actorOf(who, product.organisationId), (tx) => recordCertificateInTx(tx, { productId: args.productId, input: parsed.input, actorId: who.userId, now: args.now }), uniqueNumber);
}

type StatusResult = { ok: true; certificateId: string; number: string; productId: string } | RegisterRefusal;

async function changeCertificate(
  db: Database,
  who: RegisterActor,
  args: { certificateId: string; now?: Date },
  change: (tx: Tx, certificate: OcopCertificate, now: Date) => Promise<RegisterRefusal | null>,
): Promise<StatusResult> {
  if (!mayKeepRegister(who.memberships)) return refuse("forbidden");
  const now = args.now ?? new Date();
  return transact(db, actorOf(who), async (tx): Promise<StatusResult> => {
    const [certificate] = await tx.db.select().from(ocopCertificates).where(eq(ocopCertificates.id, args.certificateId)).for("update");
    if (!certificate) return refuse("certificate_not_found");
    const refused = await change(tx, certificate, now);
    if (refused) return refused;
    await syncProductMirror(tx.db, certificate.productId);
    return { ok: true, certificateId: certificate.id, number: certificate.number, productId: certificate.productId };
  });
}

function parseReason(raw: unknown): { ok: true; reason: string } | RegisterRefusal {
  const parsed = parseInput(statusReasonSchema, typeof raw === "string" ? raw : "");
  return parsed.ok ? { ok: true, reason: parsed.input } : { ok: false, reason: "invalid_input", fieldErrors: { reason: "ocopRegister.v.reasonRequired" } };
}

/** The department confirms a recorded certificate against its own decisions. */
export async function confirmRecordedCertificate(db: Database, who: RegisterActor, args: { certificateId: string; now?: Date }): Promise<StatusResult> {
  return changeCertificate(db, who, args, async (tx, c, now) => {
    if (c.origin !== "recorded_without_evaluation") return refuse("not_recorded");
    if (c.confirmedAt) return refuse("already_confirmed");
    await tx.db.update(ocopCertificates).set({ confirmedAt: now, confirmedBy: who.userId }).where(eq(ocopCertificates.id, c.id));
    await writeEvent(tx, c, "confirmed", null, who.userId, now);
    return null;
  });
}

/** Suspends a valid certificate (e.g. after a recall or a failed post-check): the stars stop everywhere at once. */
export async function suspendCertificate(db: Database, who: RegisterActor, args: { certificateId: string; reason: unknown; now?: Date }): Promise<StatusResult> {
  const reason = parseReason(args.reason);
  if (!reason.ok) return reason;
  return changeCertificate(db, who, args, async (tx, c, now) => {
    if (c.status !== "valid") return refuse("wrong_status");
    await tx.db.update(ocopCertificates).set({ status: "suspended", statusReason: reason.reason, statusChangedAt: now, statusChangedBy: who.userId }).where(eq(ocopCertificates.id, c.id));
    await writeEvent(tx, c, "suspended", reason.reason, who.userId, now);
    return null;
  });
}

/** Lifts a suspension: the certificate is valid again (until its expiry date). */
export async function reinstateCertificate(db: Database, who: RegisterActor, args: { certificateId: string; reason?: unknown; now?: Date }): Promise<StatusResult> {
  const note = typeof args.reason === "string" && args.reason.trim() ? args.reason.trim().slice(0, 1000) : null;
  return changeCertificate(db, who, args, async (tx, c, now) => {
    if (c.status !== "suspended") return refuse("wrong_status");
    await tx.db.update(ocopCertificates).set({ status: "valid", statusReason: null, statusChangedAt: now, statusChangedBy: who.userId }).where(eq(ocopCertificates.id, c.id));
    await writeEvent(tx, c, "reinstated", note, who.userId, now);
    return null;
  });
}

/** Revokes a certificate for good (valid or suspended): public, with its reason. */
export async function revokeCertificate(db: Database, who: RegisterActor, args: { certificateId: string; reason: unknown; now?: Date }): Promise<StatusResult> {
  const reason = parseReason(args.reason);
  if (!reason.ok) return reason;
  return changeCertificate(db, who, args, async (tx, c, now) => {
    if (c.status === "revoked") return refuse("wrong_status");
    await tx.db.update(ocopCertificates).set({ status: "revoked", statusReason: reason.reason, statusChangedAt: now, statusChangedBy: who.userId }).where(eq(ocopCertificates.id, c.id));
    await writeEvent(tx, c, "revoked", reason.reason, who.userId, now);
    return null;
  });
}

/** Decisions with ranked, decided applications that have no certificate yet: what the department can issue. */
export async function listDecisionsToIssue(db: Database): Promise<Array<{ id: string; number: string; signedOn: string; signerName: string; items: number }>> {
  const rows = await db
    .select({
      id: ocopDecisions.id,
      number: ocopDecisions.number,
      signedOn: ocopDecisions.signedOn,
      signerName: ocopDecisions.signerName,
      items: sql<number>`count(*)::int`,
    })
    .from(ocopDecisions)
    .innerJoin(ocopDecisionItems, eq(ocopDecisionItems.decisionId, ocopDecisions.id))
    .innerJoin(ocopApplications, eq(ocopApplications.id, ocopDecisionItems.applicationId))
    .where(and(isNotNull(ocopDecisionItems.stars), eq(ocopApplications.status, "decided")))
    .groupBy(ocopDecisions.id)
    .orderBy(desc(ocopDecisions.signedOn), asc(ocopDecisions.number));
  return rows;
}

/** Recorded certificates the department has not confirmed yet. */
export async function countUnconfirmed(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ocopCertificates)
    .where(and(eq(ocopCertificates.origin, "recorded_without_evaluation"), isNull(ocopCertificates.confirmedAt)));
  return row?.n ?? 0;
}

/** The Vietnamese date of an instant (for event lists). */
export const eventDay = vietnamDate;
