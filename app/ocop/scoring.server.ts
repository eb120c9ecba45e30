/**
 * Council members score an application online (issue #17): each choice is one of the criterion's own options
 * (`scoreChoices`), and a member scores only under-evaluation applications of their own round while it is scoring,
 * never one of an organisation they declared a conflict with, never after submitting (`scoringRefusal`). Drafts are
 * saved as often as they like; submitting needs every criterion scored and stores the total. Members see each other's
 * scores only after submitting their own (`seesOtherScores`).
 *
 * Locks: the round and the application are held FOR SHARE (closing the round or recording a decision waits for a
 * scoring in flight), the member's seat FOR UPDATE (one member's saves and submission run one after the other, so
 * the stored total is always the sum of the stored scores).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  ocopApplicationDocuments,
  ocopApplicationEvidence,
  ocopApplications,
  ocopConflicts,
  ocopCouncilMembers,
  ocopCouncilScores,
  ocopRounds,
  ocopScoreSubmissions,
  ocopSelfScores,
  organisations,
  products,
  users,
} from "#db/schema";
import { refuse, type Refusal } from "~/lib/result";
import { transact, type Tx } from "~/lib/transact.server";
import { readScoreForm, seesCouncilProgress, type CouncilRole, type ScoreEntry } from "./council-rules";
import { isUuid, type CouncilActor } from "./council.server";
import { scoreChoices, scoringRefusal, seesOtherScores, totals, type ApplicationStatus, type CriteriaSheet, type ScoreRefusal, type ScoringRefusal } from "./rules";
import { readSheet } from "./sheets.server";

/** A refusal of a scoring: which options were not the criterion's own (`scoreRefusals`), which criteria are unscored (`missing`). */
export type ScoringCommandRefusal = Refusal<ScoringRefusal | "application_not_found" | "comment_too_long" | "invalid_scores" | "incomplete"> & {
  scoreRefusals?: ScoreRefusal[];
  missing?: string[];
};

interface ScoringContext {
  sheet: CriteriaSheet;
  applicationId: string;
  organisationId: string;
}

/** Locks and checks everything `scoringRefusal` needs; the sheet to score against when the member may score. */
async function scoringContext(tx: Tx, actor: CouncilActor, roundId: unknown, applicationId: unknown): Promise<ScoringContext | ScoringCommandRefusal> {
  if (!isUuid(roundId) || !isUuid(applicationId)) return refuse("application_not_found", { fieldErrors: { _form: "council.refusal.application_not_found" } });
  const [round] = await tx.db.select({ id: ocopRounds.id, status: ocopRounds.status }).from(ocopRounds).where(eq(ocopRounds.id, roundId)).for("share");
  const [application] = await tx.db
    .select({ id: ocopApplications.id, roundId: ocopApplications.roundId, status: ocopApplications.status, organisationId: ocopApplications.organisationId, sheetId: ocopApplications.sheetId })
    .from(ocopApplications)
    .where(eq(ocopApplications.id, applicationId))
    .for("share");
  if (!round || !application) return refuse("application_not_found", { fieldErrors: { _form: "council.refusal.application_not_found" } });
  const [member] = await tx.db
    .select({ role: ocopCouncilMembers.role })
    .from(ocopCouncilMembers)
    .where(and(eq(ocopCouncilMembers.roundId, round.id), eq(ocopCouncilMembers.userId, actor.userId)))
    .for("update");
  const conflicts = await tx.db
    .select({ organisationId: ocopConflicts.organisationId })
    .from(ocopConflicts)
    .where(and(eq(ocopConflicts.roundId, round.id), eq(ocopConflicts.userId, actor.userId)));
  const [submitted] = await tx.db
    .select({ total: ocopScoreSubmissions.total })
    .from(ocopScoreSubmissions)
    .where(and(eq(ocopScoreSubmissions.applicationId, application.id), eq(ocopScoreSubmissions.userId, actor.userId)));
  const refusal = scoringRefusal({
    isMember: member !== undefined,
    roundStatus: round.status,
    applicationRoundMatches: application.roundId === round.id,
    applicationStatus: application.status,
    conflictedOrganisationIds: conflicts.map((c) => c.organisationId),
    applicationOrganisationId: application.organisationId,
    alreadySubmitted: submitted !== undefined,
  });
  if (refusal) return refuse(refusal, { fieldErrors: { _form: `council.refusal.${refusal}` } });
  const sheet = await readSheet(tx.db, application.sheetId);
  if (!sheet) throw new Error(`OCOP application ${application.id} has no sheet ${application.sheetId}`);
  return { sheet: sheet.sheet, applicationId: application.id, organisationId: application.organisationId };
}

function isContext(value: ScoringContext | ScoringCommandRefusal): value is ScoringContext {
  return "sheet" in value;
}

async function writeScores(tx: Tx, actor: CouncilActor, context: ScoringContext, entries: readonly ScoreEntry[]): Promise<ScoringCommandRefusal | null> {
  const checked = scoreChoices(context.sheet, entries);
  if (!checked.ok) return { ok: false, reason: "invalid_scores", scoreRefusals: checked.refusals, fieldErrors: { _form: "council.refusal.invalid_scores" } };
  if (checked.scores.length === 0) return null;
  const comments = new Map(entries.map((e) => [e.criterionCode, e.comment]));
  const rows = checked.scores.map((s) => ({
    applicationId: context.applicationId,
    userId: actor.userId,
    criterionCode: s.criterionCode,
    optionIndex: s.optionIndex,
    points: s.points,
    comment: comments.get(s.criterionCode) ?? null,
  }));
  await tx.db
    .insert(ocopCouncilScores)
    .values(rows)
    .onConflictDoUpdate({
      target: [ocopCouncilScores.applicationId, ocopCouncilScores.userId, ocopCouncilScores.criterionCode],
      set: { optionIndex: sql`excluded.option_index`, points: sql`excluded.points`, comment: sql`excluded.comment`, updatedAt: sql`now()` },
    });
  return null;
}

/**
 * Saves a member's draft scores from the scoring form (`score.{code}`, `comment.{code}`), and with `submit` submits
 * them: refused while any criterion is unscored; the total is stored and the scores become final.
 */
export async function scoreApplication(
  db: Database,
  args: { actor: CouncilActor; roundId: unknown; applicationId: unknown; form: Iterable<[string, unknown]>; submit: boolean },
): Promise<{ ok: true; submitted: boolean; total: number | null } | ScoringCommandRefusal> {
  const { scores, tooLongComment } = readScoreForm(args.form);
  if (tooLongComment) return refuse("comment_too_long", { fieldErrors: { [`comment.${tooLongComment}`]: "validation.tooLong" } });
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true; submitted: boolean; total: number | null } | ScoringCommandRefusal> => {
    const context = await scoringContext(tx, args.actor, args.roundId, args.applicationId);
    if (!isContext(context)) return context;
    const wrong = await writeScores(tx, args.actor, context, scores);
    if (wrong) return wrong;
    if (!args.submit) {
      await tx.audit({ organisationId: context.organisationId, entityType: "ocop_application", entityId: context.applicationId, action: "council_score_draft", after: { criteria: scores.length } });
      return { ok: true, submitted: false, total: null };
    }
    const stored = await tx.db
      .select({ criterionCode: ocopCouncilScores.criterionCode, points: ocopCouncilScores.points })
      .from(ocopCouncilScores)
      .where(and(eq(ocopCouncilScores.applicationId, context.applicationId), eq(ocopCouncilScores.userId, args.actor.userId)));
    const t = totals(
      context.sheet,
      stored.map((s) => ({ criterionCode: s.criterionCode, points: Number(s.points) })),
    );
    if (t.missing.length > 0) return { ok: false, reason: "incomplete", missing: t.missing, fieldErrors: { _form: "council.refusal.incomplete" } };
    await tx.db.insert(ocopScoreSubmissions).values({ applicationId: context.applicationId, userId: args.actor.userId, total: t.total });
    await tx.audit({ organisationId: context.organisationId, entityType: "ocop_application", entityId: context.applicationId, action: "council_score_submit", after: { total: t.total, A: t.A, B: t.B, C: t.C } });
    return { ok: true, submitted: true, total: t.total };
  });
}

// ——— The dossier a member reads and scores ———

export interface MemberScore {
  userId: string;
  displayName: string;
  criterionCode: string;
  optionIndex: number;
  points: number;
  comment: string | null;
}

export interface Dossier {
  round: { id: string; name: string; status: "open" | "scoring" | "closed" };
  role: CouncilRole;
  application: {
    id: string;
    number: string;
    status: ApplicationStatus;
    kind: string;
    productName: string;
    productNameEn: string | null;
    organisationName: string;
    productIdea: Record<string, unknown>;
    businessPlan: Record<string, unknown>;
    submittedAt: Date | null;
  };
  sheet: CriteriaSheet;
  documents: Array<{ id: string; kind: string; title: string; storageKey: string; contentType: string; byteSize: number }>;
  evidence: Array<{ kind: string; snapshot: unknown; attachedAt: Date }>;
  selfScores: Array<{ criterionCode: string; optionIndex: number; points: number; note: string | null }>;
  mine: Array<{ criterionCode: string; optionIndex: number; points: number; comment: string | null }>;
  myTotal: number | null;
  conflicted: boolean;
  /** Whether the member may score now, or why not. */
  refusal: ScoringRefusal | null;
  /** Other members' submitted scores: empty until the reader has submitted (chair and secretary: progress only). */
  others: MemberScore[];
  /** Who has submitted, with totals shown only to those who see other scores. */
  progress: Array<{ userId: string; displayName: string; role: CouncilRole; submitted: boolean; total: number | null; conflicted: boolean }>;
}

/** The dossier of an application of the reader's round; null when they do not sit on the round or it is not in it. */
export async function getDossier(db: Database, args: { userId: string; roundId: string; applicationId: string }): Promise<Dossier | null> {
  if (!isUuid(args.roundId) || !isUuid(args.applicationId)) return null;
  const [seat] = await db
    .select({ role: ocopCouncilMembers.role, roundName: ocopRounds.name, roundStatus: ocopRounds.status })
    .from(ocopCouncilMembers)
    .innerJoin(ocopRounds, eq(ocopRounds.id, ocopCouncilMembers.roundId))
    .where(and(eq(ocopCouncilMembers.roundId, args.roundId), eq(ocopCouncilMembers.userId, args.userId)));
  if (!seat) return null;
  const [application] = await db
    .select({
      id: ocopApplications.id,
      number: ocopApplications.number,
      status: ocopApplications.status,
      kind: ocopApplications.kind,
      sheetId: ocopApplications.sheetId,
      organisationId: ocopApplications.organisationId,
      productName: products.nameVi,
      productNameEn: products.nameEn,
      organisationName: organisations.name,
      productIdea: ocopApplications.productIdea,
      businessPlan: ocopApplications.businessPlan,
      submittedAt: ocopApplications.submittedAt,
    })
    .from(ocopApplications)
    .innerJoin(products, eq(products.id, ocopApplications.productId))
    .innerJoin(organisations, eq(organisations.id, ocopApplications.organisationId))
    .where(and(eq(ocopApplications.id, args.applicationId), eq(ocopApplications.roundId, args.roundId)));
  // Members see an application once the secretary accepted it; the chair and secretary from submission on.
  if (!application || application.status === "draft") return null;
  if (!seesCouncilProgress(seat.role) && (application.status === "submitted" || application.status === "returned")) return null;
  const sheet = await readSheet(db, application.sheetId);
  if (!sheet) return null;
  const [documents, evidence, selfScores, scores, submissions, members, conflicts] = await Promise.all([
    db
      .select({ id: ocopApplicationDocuments.id, kind: ocopApplicationDocuments.kind, title: ocopApplicationDocuments.title, storageKey: ocopApplicationDocuments.storageKey, contentType: ocopApplicationDocuments.contentType, byteSize: ocopApplicationDocuments.byteSize })
      .from(ocopApplicationDocuments)
      .where(eq(ocopApplicationDocuments.applicationId, application.id))
      .orderBy(asc(ocopApplicationDocuments.uploadedAt)),
    db
      .select({ kind: ocopApplicationEvidence.kind, snapshot: ocopApplicationEvidence.snapshot, attachedAt: ocopApplicationEvidence.attachedAt })
      .from(ocopApplicationEvidence)
      .where(eq(ocopApplicationEvidence.applicationId, application.id))
      .orderBy(asc(ocopApplicationEvidence.kind)),
    db
      .select({ criterionCode: ocopSelfScores.criterionCode, optionIndex: ocopSelfScores.optionIndex, points: ocopSelfScores.points, note: ocopSelfScores.note })
      .from(ocopSelfScores)
      .where(eq(ocopSelfScores.applicationId, application.id)),
    db
      .select({ userId: ocopCouncilScores.userId, displayName: users.displayName, criterionCode: ocopCouncilScores.criterionCode, optionIndex: ocopCouncilScores.optionIndex, points: ocopCouncilScores.points, comment: ocopCouncilScores.comment })
      .from(ocopCouncilScores)
      .innerJoin(users, eq(users.id, ocopCouncilScores.userId))
      .where(eq(ocopCouncilScores.applicationId, application.id)),
    db.select({ userId: ocopScoreSubmissions.userId, total: ocopScoreSubmissions.total }).from(ocopScoreSubmissions).where(eq(ocopScoreSubmissions.applicationId, application.id)),
    db
      .select({ userId: users.id, displayName: users.displayName, role: ocopCouncilMembers.role })
      .from(ocopCouncilMembers)
      .innerJoin(users, eq(users.id, ocopCouncilMembers.userId))
      .where(eq(ocopCouncilMembers.roundId, args.roundId))
      .orderBy(sql`case ${ocopCouncilMembers.role} when 'chair' then 0 when 'secretary' then 1 else 2 end`, asc(users.displayName)),
    db.select({ userId: ocopConflicts.userId }).from(ocopConflicts).where(and(eq(ocopConflicts.roundId, args.roundId), eq(ocopConflicts.organisationId, application.organisationId))),
  ]);
  const submittedBy = new Map(submissions.map((s) => [s.userId, Number(s.total)]));
  const conflictedIds = new Set(conflicts.map((c) => c.userId));
  const submittedOwn = submittedBy.has(args.userId);
  const seesOthers = seesOtherScores({ role: seat.role, submittedOwn, roundClosed: seat.roundStatus === "closed" });
  const refusal = scoringRefusal({
    isMember: true,
    roundStatus: seat.roundStatus,
    applicationRoundMatches: true,
    applicationStatus: application.status,
    conflictedOrganisationIds: conflictedIds.has(args.userId) ? [application.organisationId] : [],
    applicationOrganisationId: application.organisationId,
    alreadySubmitted: submittedOwn,
  });
  return {
    round: { id: args.roundId, name: seat.roundName, status: seat.roundStatus },
    role: seat.role,
    application: {
      id: application.id,
      number: application.number,
      status: application.status,
      kind: application.kind,
      productName: application.productName,
      productNameEn: application.productNameEn,
      organisationName: application.organisationName,
      productIdea: (application.productIdea ?? {}) as Record<string, unknown>,
      businessPlan: (application.businessPlan ?? {}) as Record<string, unknown>,
      submittedAt: application.submittedAt,
    },
    sheet: sheet.sheet,
    documents,
    evidence,
    selfScores: selfScores.map((s) => ({ ...s, points: Number(s.points) })),
    mine: scores.filter((s) => s.userId === args.userId).map((s) => ({ criterionCode: s.criterionCode, optionIndex: s.optionIndex, points: Number(s.points), comment: s.comment })),
    myTotal: submittedBy.get(args.userId) ?? null,
    conflicted: conflictedIds.has(args.userId),
    refusal,
    others: seesOthers ? scores.filter((s) => s.userId !== args.userId && submittedBy.has(s.userId)).map((s) => ({ ...s, points: Number(s.points) })) : [],
    progress: members.map((m) => ({
      userId: m.userId,
      displayName: m.displayName,
      role: m.role,
      submitted: submittedBy.has(m.userId),
      total: seesOthers || m.userId === args.userId ? (submittedBy.get(m.userId) ?? null) : null,
      conflicted: conflictedIds.has(m.userId),
    })),
  };
}
