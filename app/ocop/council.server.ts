/**
 * OCOP councils (issue #17): the department forms a round's council (members by the e-mail of an existing account,
 * one chair and one secretary), moves the round to scoring and closes it; members declare conflicts of interest with
 * an application's organisation; the round's secretary returns submitted applications for completion (with notes,
 * mailed to the cooperative's managers) or accepts them for evaluation. Every status change goes through
 * `moveApplication`. Queries for the department's round page and the members' council pages live here too.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import {
  memberships,
  ocopApplications,
  ocopConflicts,
  ocopCouncilMembers,
  ocopCouncilScores,
  ocopDecisionItems,
  ocopDecisions,
  ocopRounds,
  ocopScoreSubmissions,
  organisations,
  products,
  users,
} from "#db/schema";
import { hasRoleIn, type MembershipGrant } from "~/identity/roles";
import { parseInput } from "~/lib/field-errors";
import { translator, type Locale } from "~/lib/i18n";
import { refuse, refuseField, type Refusal } from "~/lib/result";
import { transact, type Tx } from "~/lib/transact.server";
import { queueMails } from "~/notifications/queue.server";
import { conflictFormSchema, councilComplete, councilResult, councilRoleRefusal, memberFormSchema, returnFormSchema, roundFormSchema, type CouncilResult, type CouncilRole } from "./council-rules";
import type { ApplicationStatus } from "./rules";
import { moveApplication } from "./transitions.server";

export interface CouncilActor {
  userId: string;
  memberships: readonly MembershipGrant[];
}

export type CouncilRefusal = Refusal<
  | "invalid_input"
  | "forbidden"
  | "round_not_found"
  | "round_closed"
  | "round_not_open"
  | "round_not_scoring"
  | "no_account"
  | "already_member"
  | "chair_taken"
  | "secretary_taken"
  | "council_incomplete"
  | "not_a_member"
  | "not_secretary"
  | "application_not_found"
  | "wrong_status"
  | "already_scored"
  | "has_scores"
>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && uuidPattern.test(value);
}

/** The department whose officer the actor is; null for anyone else. */
export function officerDepartmentId(actor: { memberships: readonly MembershipGrant[] }): string | null {
  return actor.memberships.find((m) => m.role === "department_officer")?.organisationId ?? null;
}

function formRefusal(reason: CouncilRefusal["reason"], key: string): CouncilRefusal {
  return refuse(reason, { fieldErrors: { _form: key } });
}

type RoundRow = typeof ocopRounds.$inferSelect;

/** The round, locked for the rest of the transaction, when the actor is an officer of its department. */
async function lockDepartmentRound(tx: Tx, actor: CouncilActor, roundId: unknown): Promise<RoundRow | CouncilRefusal> {
  if (!isUuid(roundId)) return formRefusal("round_not_found", "council.refusal.round_not_found");
  const [round] = await tx.db.select().from(ocopRounds).where(eq(ocopRounds.id, roundId)).for("update");
  if (!round) return formRefusal("round_not_found", "council.refusal.round_not_found");
  if (!hasRoleIn(actor.memberships, round.departmentId, ["department_officer"])) return formRefusal("forbidden", "council.refusal.forbidden");
  return round;
}

function isRefusal<T>(value: T | CouncilRefusal): value is CouncilRefusal {
  return typeof value === "object" && value !== null && "ok" in value && (value as { ok: unknown }).ok === false;
}

/** A department officer opens a round (status open: it collects the applications submitted while it is open). */
export async function createRound(db: Database, args: { actor: CouncilActor; input: unknown }): Promise<{ ok: true; roundId: string } | CouncilRefusal> {
  const departmentId = officerDepartmentId(args.actor);
  if (!departmentId) return formRefusal("forbidden", "council.refusal.forbidden");
  const parsed = parseInput(roundFormSchema, args.input);
  if (!parsed.ok) return parsed;
  return transact(db, { userId: args.actor.userId, organisationId: departmentId }, async (tx) => {
    const [row] = await tx.db
      .insert(ocopRounds)
      .values({ departmentId, name: parsed.input.name, year: parsed.input.year, meetingOn: parsed.input.meetingOn, createdBy: args.actor.userId })
      .returning({ id: ocopRounds.id });
    await tx.audit({ entityType: "ocop_round", entityId: row!.id, action: "create", after: parsed.input });
    return { ok: true as const, roundId: row!.id };
  });
}

/** Adds a council member by the e-mail of an existing account, with a role and the title printed on the minutes. */
export async function addCouncilMember(db: Database, args: { actor: CouncilActor; roundId: unknown; input: unknown }): Promise<{ ok: true; userId: string } | CouncilRefusal> {
  const parsed = parseInput(memberFormSchema, args.input);
  if (!parsed.ok) return parsed;
  const { email, role, title } = parsed.input;
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true; userId: string } | CouncilRefusal> => {
    const round = await lockDepartmentRound(tx, args.actor, args.roundId);
    if (isRefusal(round)) return round;
    if (round.status === "closed") return formRefusal("round_closed", "council.refusal.round_closed");
    const [user] = await tx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) return refuseField("no_account", "email", "council.refusal.no_account");
    const existing = await tx.db.select({ userId: ocopCouncilMembers.userId, role: ocopCouncilMembers.role }).from(ocopCouncilMembers).where(eq(ocopCouncilMembers.roundId, round.id));
    if (existing.some((m) => m.userId === user.id)) return refuseField("already_member", "email", "council.refusal.already_member");
    const taken = councilRoleRefusal(
      existing.map((m) => m.role),
      role,
    );
    if (taken) return refuseField(taken, "role", `council.refusal.${taken}`);
    await tx.db.insert(ocopCouncilMembers).values({ roundId: round.id, userId: user.id, role, title, addedBy: args.actor.userId });
    await tx.audit({ organisationId: round.departmentId, entityType: "ocop_round", entityId: round.id, action: "add_member", after: { userId: user.id, role, title } });
    return { ok: true, userId: user.id };
  });
}

/** Removes a member who has scored nothing yet, while the round is not closed. */
export async function removeCouncilMember(db: Database, args: { actor: CouncilActor; roundId: unknown; userId: unknown }): Promise<{ ok: true } | CouncilRefusal> {
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true } | CouncilRefusal> => {
    const round = await lockDepartmentRound(tx, args.actor, args.roundId);
    if (isRefusal(round)) return round;
    if (round.status === "closed") return formRefusal("round_closed", "council.refusal.round_closed");
    if (!isUuid(args.userId)) return formRefusal("not_a_member", "council.refusal.not_a_member");
    const [scored] = rowsOf<{ n: number }>(
      await tx.db.execute(sql`select count(*)::int as n from ocop_council_scores s join ocop_applications a on a.id = s.application_id
        where a.round_id = ${round.id} and s.user_id = ${args.userId}`),
    );
    if (Number(scored?.n ?? 0) > 0) return formRefusal("has_scores", "council.refusal.has_scores");
    const removed = await tx.db
      .delete(ocopCouncilMembers)
      .where(and(eq(ocopCouncilMembers.roundId, round.id), eq(ocopCouncilMembers.userId, args.userId)))
      .returning({ role: ocopCouncilMembers.role });
    if (removed.length === 0) return formRefusal("not_a_member", "council.refusal.not_a_member");
    await tx.db.delete(ocopConflicts).where(and(eq(ocopConflicts.roundId, round.id), eq(ocopConflicts.userId, args.userId)));
    await tx.audit({ organisationId: round.departmentId, entityType: "ocop_round", entityId: round.id, action: "remove_member", before: { userId: args.userId, role: removed[0]!.role } });
    return { ok: true };
  });
}

/** open → scoring (the council has exactly one chair and one secretary) → closed (no more scores are taken). */
export async function moveRound(db: Database, args: { actor: CouncilActor; roundId: unknown; to: "scoring" | "closed" }, now = new Date()): Promise<{ ok: true } | CouncilRefusal> {
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true } | CouncilRefusal> => {
    const round = await lockDepartmentRound(tx, args.actor, args.roundId);
    if (isRefusal(round)) return round;
    if (args.to === "scoring") {
      if (round.status !== "open") return formRefusal("round_not_open", "council.refusal.round_not_open");
      const roles = await tx.db.select({ role: ocopCouncilMembers.role }).from(ocopCouncilMembers).where(eq(ocopCouncilMembers.roundId, round.id));
      if (!councilComplete(roles.map((r) => r.role))) return formRefusal("council_incomplete", "council.refusal.council_incomplete");
      await tx.db.update(ocopRounds).set({ status: "scoring" }).where(eq(ocopRounds.id, round.id));
    } else {
      if (round.status !== "scoring") return formRefusal("round_not_scoring", "council.refusal.round_not_scoring");
      await tx.db.update(ocopRounds).set({ status: "closed", closedAt: now }).where(eq(ocopRounds.id, round.id));
    }
    await tx.audit({ organisationId: round.departmentId, entityType: "ocop_round", entityId: round.id, action: `status_${args.to}`, before: { status: round.status }, after: { status: args.to } });
    return { ok: true };
  });
}

/** The actor's role in the round (null when they do not sit on it). */
export async function councilRoleOf(db: Database, roundId: string, userId: string): Promise<CouncilRole | null> {
  if (!isUuid(roundId)) return null;
  const [row] = await db
    .select({ role: ocopCouncilMembers.role })
    .from(ocopCouncilMembers)
    .where(and(eq(ocopCouncilMembers.roundId, roundId), eq(ocopCouncilMembers.userId, userId)));
  return row?.role ?? null;
}

/**
 * A member declares a conflict of interest with an application's organisation: from then on they never score that
 * organisation's applications in the round (their unsubmitted draft scores of them are dropped).
 */
export async function declareConflict(
  db: Database,
  args: { actor: CouncilActor; roundId: unknown; applicationId: unknown; input: unknown },
): Promise<{ ok: true } | CouncilRefusal> {
  const parsed = parseInput(conflictFormSchema, args.input ?? {});
  if (!parsed.ok) return parsed;
  if (!isUuid(args.roundId) || !isUuid(args.applicationId)) return formRefusal("application_not_found", "council.refusal.application_not_found");
  const roundId = args.roundId;
  const applicationId = args.applicationId;
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true } | CouncilRefusal> => {
    const [round] = await tx.db.select().from(ocopRounds).where(eq(ocopRounds.id, roundId)).for("share");
    if (!round) return formRefusal("round_not_found", "council.refusal.round_not_found");
    const [member] = await tx.db
      .select({ role: ocopCouncilMembers.role })
      .from(ocopCouncilMembers)
      .where(and(eq(ocopCouncilMembers.roundId, roundId), eq(ocopCouncilMembers.userId, args.actor.userId)))
      .for("update");
    if (!member) return formRefusal("not_a_member", "council.refusal.not_a_member");
    if (round.status === "closed") return formRefusal("round_closed", "council.refusal.round_closed");
    const [application] = await tx.db
      .select({ organisationId: ocopApplications.organisationId })
      .from(ocopApplications)
      .where(and(eq(ocopApplications.id, applicationId), eq(ocopApplications.roundId, roundId)));
    if (!application) return formRefusal("application_not_found", "council.refusal.application_not_found");
    const [submitted] = rowsOf<{ n: number }>(
      await tx.db.execute(sql`select count(*)::int as n from ocop_score_submissions s join ocop_applications a on a.id = s.application_id
        where a.round_id = ${roundId} and a.organisation_id = ${application.organisationId} and s.user_id = ${args.actor.userId}`),
    );
    if (Number(submitted?.n ?? 0) > 0) return formRefusal("already_scored", "council.refusal.already_scored");
    await tx.db
      .insert(ocopConflicts)
      .values({ roundId, userId: args.actor.userId, organisationId: application.organisationId, note: parsed.input.note })
      .onConflictDoNothing();
    await tx.db.execute(sql`delete from ocop_council_scores where user_id = ${args.actor.userId}
      and application_id in (select id from ocop_applications where round_id = ${roundId} and organisation_id = ${application.organisationId})`);
    await tx.audit({ organisationId: round.departmentId, entityType: "ocop_round", entityId: roundId, action: "declare_conflict", after: { organisationId: application.organisationId, note: parsed.input.note } });
    return { ok: true };
  });
}

/** The secretary of the round, or a refusal; the round is locked against closing for the rest of the transaction. */
async function secretaryRound(tx: Tx, actor: CouncilActor, roundId: unknown): Promise<RoundRow | CouncilRefusal> {
  if (!isUuid(roundId)) return formRefusal("round_not_found", "council.refusal.round_not_found");
  const [round] = await tx.db.select().from(ocopRounds).where(eq(ocopRounds.id, roundId)).for("share");
  if (!round) return formRefusal("round_not_found", "council.refusal.round_not_found");
  const [member] = await tx.db
    .select({ role: ocopCouncilMembers.role })
    .from(ocopCouncilMembers)
    .where(and(eq(ocopCouncilMembers.roundId, round.id), eq(ocopCouncilMembers.userId, actor.userId)));
  if (member?.role !== "secretary") return formRefusal("not_secretary", "council.refusal.not_secretary");
  if (round.status === "closed") return formRefusal("round_closed", "council.refusal.round_closed");
  return round;
}

async function applicationOfRound(tx: Tx, roundId: string, applicationId: unknown): Promise<{ id: string; number: string; organisationId: string; productId: string } | null> {
  if (!isUuid(applicationId)) return null;
  const [row] = await tx.db
    .select({ id: ocopApplications.id, number: ocopApplications.number, organisationId: ocopApplications.organisationId, productId: ocopApplications.productId })
    .from(ocopApplications)
    .where(and(eq(ocopApplications.id, applicationId), eq(ocopApplications.roundId, roundId)));
  return row ?? null;
}

function moveRefusal(result: { ok: false; reason: "application_not_found" | "wrong_status" }): CouncilRefusal {
  return result.reason === "application_not_found"
    ? formRefusal("application_not_found", "council.refusal.application_not_found")
    : formRefusal("wrong_status", "council.refusal.wrong_status");
}

/**
 * The secretary returns a submitted application for completion with notes: it goes back to the producer (status
 * returned, the note kept on it and in its log) and every manager of the cooperative is mailed the notes.
 */
export async function returnApplication(
  db: Database,
  args: { actor: CouncilActor; roundId: unknown; applicationId: unknown; input: unknown; publicUrl: string },
): Promise<{ ok: true } | CouncilRefusal> {
  const parsed = parseInput(returnFormSchema, args.input);
  if (!parsed.ok) return parsed;
  const note = parsed.input.note;
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true } | CouncilRefusal> => {
    const round = await secretaryRound(tx, args.actor, args.roundId);
    if (isRefusal(round)) return round;
    const application = await applicationOfRound(tx, round.id, args.applicationId);
    if (!application) return formRefusal("application_not_found", "council.refusal.application_not_found");
    const moved = await moveApplication(tx, { applicationId: application.id, to: "returned", by: "secretary", actorId: args.actor.userId, note, set: { returnNote: note } });
    if (!moved.ok) return moveRefusal(moved);
    const [org] = await tx.db.select({ slug: organisations.slug, name: organisations.name }).from(organisations).where(eq(organisations.id, application.organisationId));
    const [product] = await tx.db.select({ nameVi: products.nameVi }).from(products).where(eq(products.id, application.productId));
    const managers = await tx.db
      .select({ email: users.email, locale: users.locale })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, application.organisationId), eq(memberships.role, "cooperative_manager")));
    const link = `${args.publicUrl}/workspace/${encodeURIComponent(org?.slug ?? "")}/ocop`;
    await queueMails(
      tx.db,
      managers.map((m) => {
        const locale: Locale = m.locale === "en" ? "en" : "vi";
        const t = translator(locale);
        const vars = { number: application.number, product: product?.nameVi ?? "", cooperative: org?.name ?? "", round: round.name };
        return {
          to: m.email,
          kind: "ocop_application_returned",
          locale,
          subject: t("council.mail.returned.subject", vars),
          bodyText: [t("mail.greetingPlain"), t("council.mail.returned.intro", vars), note, t("council.mail.returned.link", { link })].join("\n\n"),
        };
      }),
    );
    return { ok: true };
  });
}

/** The secretary accepts a complete submitted application for evaluation: the council may score it. */
export async function acceptApplication(db: Database, args: { actor: CouncilActor; roundId: unknown; applicationId: unknown }): Promise<{ ok: true } | CouncilRefusal> {
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true } | CouncilRefusal> => {
    const round = await secretaryRound(tx, args.actor, args.roundId);
    if (isRefusal(round)) return round;
    const application = await applicationOfRound(tx, round.id, args.applicationId);
    if (!application) return formRefusal("application_not_found", "council.refusal.application_not_found");
    const moved = await moveApplication(tx, { applicationId: application.id, to: "under_evaluation", by: "secretary", actorId: args.actor.userId });
    if (!moved.ok) return moveRefusal(moved);
    return { ok: true };
  });
}

/** The secretary takes a submitted application that has no round into their round (of the same department). */
export async function assignApplication(db: Database, args: { actor: CouncilActor; roundId: unknown; applicationId: unknown }): Promise<{ ok: true } | CouncilRefusal> {
  return transact(db, { userId: args.actor.userId, organisationId: null }, async (tx): Promise<{ ok: true } | CouncilRefusal> => {
    const round = await secretaryRound(tx, args.actor, args.roundId);
    if (isRefusal(round)) return round;
    if (!isUuid(args.applicationId)) return formRefusal("application_not_found", "council.refusal.application_not_found");
    const updated = await tx.db
      .update(ocopApplications)
      .set({ roundId: round.id, updatedAt: sql`now()` })
      .where(and(eq(ocopApplications.id, args.applicationId), isNull(ocopApplications.roundId), eq(ocopApplications.status, "submitted")))
      .returning({ id: ocopApplications.id, organisationId: ocopApplications.organisationId });
    if (updated.length === 0) return formRefusal("application_not_found", "council.refusal.application_not_found");
    await tx.audit({ organisationId: updated[0]!.organisationId, entityType: "ocop_application", entityId: updated[0]!.id, action: "assign_round", after: { roundId: round.id } });
    return { ok: true };
  });
}

// ——— Queries ———

export interface RoundSummary {
  id: string;
  name: string;
  year: number;
  status: "open" | "scoring" | "closed";
  meetingOn: string | null;
  members: number;
  applications: number;
}

/** The department's rounds, newest first, with their council size and applications. */
export async function listRounds(db: Database, departmentId: string): Promise<RoundSummary[]> {
  const rows = rowsOf<{ id: string; name: string; year: number; status: RoundSummary["status"]; meeting_on: string | null; members: number; applications: number }>(
    await db.execute(sql`select r.id, r.name, r.year, r.status, r.meeting_on::text as meeting_on,
        (select count(*)::int from ocop_council_members m where m.round_id = r.id) as members,
        (select count(*)::int from ocop_applications a where a.round_id = r.id) as applications
      from ocop_rounds r where r.department_id = ${departmentId} order by r.created_at desc`),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, year: Number(r.year), status: r.status, meetingOn: r.meeting_on, members: Number(r.members), applications: Number(r.applications) }));
}

export interface CouncilMemberView {
  userId: string;
  displayName: string;
  email: string;
  role: CouncilRole;
  title: string | null;
}

export interface ApplicationProgress {
  id: string;
  number: string;
  status: ApplicationStatus;
  productName: string;
  productNameEn: string | null;
  organisationId: string;
  organisationName: string;
  returnNote: string | null;
  /** Member totals of the submitted scorings (by user id). */
  totals: Record<string, number>;
  /** Members who declared a conflict with its organisation. */
  conflicted: string[];
  result: CouncilResult;
  decision: { number: string; stars: number | null } | null;
}

export interface RoundView {
  round: { id: string; departmentId: string; name: string; year: number; status: "open" | "scoring" | "closed"; meetingOn: string | null; closedAt: Date | null };
  members: CouncilMemberView[];
  conflicts: Array<{ userId: string; displayName: string; organisationName: string; note: string | null }>;
  applications: ApplicationProgress[];
}

/** Everything the round's page and its minutes show: the council, conflicts, and each application's progress and result. */
export async function getRoundView(db: Database, roundId: string): Promise<RoundView | null> {
  if (!isUuid(roundId)) return null;
  const [round] = await db.select().from(ocopRounds).where(eq(ocopRounds.id, roundId));
  if (!round) return null;
  const members = await db
    .select({ userId: users.id, displayName: users.displayName, email: users.email, role: ocopCouncilMembers.role, title: ocopCouncilMembers.title })
    .from(ocopCouncilMembers)
    .innerJoin(users, eq(users.id, ocopCouncilMembers.userId))
    .where(eq(ocopCouncilMembers.roundId, roundId))
    .orderBy(sql`case ${ocopCouncilMembers.role} when 'chair' then 0 when 'secretary' then 1 else 2 end`, asc(ocopCouncilMembers.addedAt));
  const conflicts = await db
    .select({ userId: ocopConflicts.userId, displayName: users.displayName, organisationId: ocopConflicts.organisationId, organisationName: organisations.name, note: ocopConflicts.note })
    .from(ocopConflicts)
    .innerJoin(users, eq(users.id, ocopConflicts.userId))
    .innerJoin(organisations, eq(organisations.id, ocopConflicts.organisationId))
    .where(eq(ocopConflicts.roundId, roundId))
    .orderBy(asc(users.displayName));
  const apps = await db
    .select({
      id: ocopApplications.id,
      number: ocopApplications.number,
      status: ocopApplications.status,
      productName: products.nameVi,
      productNameEn: products.nameEn,
      organisationId: ocopApplications.organisationId,
      organisationName: organisations.name,
      returnNote: ocopApplications.returnNote,
    })
    .from(ocopApplications)
    .innerJoin(products, eq(products.id, ocopApplications.productId))
    .innerJoin(organisations, eq(organisations.id, ocopApplications.organisationId))
    .where(eq(ocopApplications.roundId, roundId))
    .orderBy(asc(ocopApplications.number));
  const ids = apps.map((a) => a.id);
  const submissions = ids.length
    ? await db.select({ applicationId: ocopScoreSubmissions.applicationId, userId: ocopScoreSubmissions.userId, total: ocopScoreSubmissions.total }).from(ocopScoreSubmissions).where(inArray(ocopScoreSubmissions.applicationId, ids))
    : [];
  const decided = ids.length
    ? await db
        .select({ applicationId: ocopDecisionItems.applicationId, number: ocopDecisions.number, stars: ocopDecisionItems.stars })
        .from(ocopDecisionItems)
        .innerJoin(ocopDecisions, eq(ocopDecisions.id, ocopDecisionItems.decisionId))
        .where(inArray(ocopDecisionItems.applicationId, ids))
    : [];
  return {
    round: { id: round.id, departmentId: round.departmentId, name: round.name, year: round.year, status: round.status, meetingOn: round.meetingOn, closedAt: round.closedAt },
    members,
    conflicts: conflicts.map((c) => ({ userId: c.userId, displayName: c.displayName, organisationName: c.organisationName, note: c.note })),
    applications: apps.map((a) => {
      const mine = submissions.filter((s) => s.applicationId === a.id);
      const decision = decided.find((d) => d.applicationId === a.id);
      return {
        ...a,
        totals: Object.fromEntries(mine.map((s) => [s.userId, Number(s.total)])),
        conflicted: conflicts.filter((c) => c.organisationId === a.organisationId).map((c) => c.userId),
        result: councilResult(mine.map((s) => Number(s.total))),
        decision: decision ? { number: decision.number, stars: decision.stars } : null,
      };
    }),
  };
}

/** Submitted applications without a round, of cooperatives anywhere (the department runs one province). */
export async function unassignedSubmissions(db: Database): Promise<Array<{ id: string; number: string; productName: string; organisationName: string }>> {
  return db
    .select({ id: ocopApplications.id, number: ocopApplications.number, productName: products.nameVi, organisationName: organisations.name })
    .from(ocopApplications)
    .innerJoin(products, eq(products.id, ocopApplications.productId))
    .innerJoin(organisations, eq(organisations.id, ocopApplications.organisationId))
    .where(and(isNull(ocopApplications.roundId), eq(ocopApplications.status, "submitted")))
    .orderBy(asc(ocopApplications.number))
    .limit(200);
}

export interface MyRound {
  id: string;
  name: string;
  year: number;
  status: "open" | "scoring" | "closed";
  role: CouncilRole;
  applications: Array<{ id: string; number: string; status: ApplicationStatus; productName: string; organisationName: string; conflicted: boolean; submitted: boolean; scored: number }>;
}

/** The rounds a person sits on, each with its applications under evaluation or decided (nothing of other rounds). */
export async function roundsOfMember(db: Database, userId: string): Promise<MyRound[]> {
  const rounds = await db
    .select({ id: ocopRounds.id, name: ocopRounds.name, year: ocopRounds.year, status: ocopRounds.status, role: ocopCouncilMembers.role })
    .from(ocopCouncilMembers)
    .innerJoin(ocopRounds, eq(ocopRounds.id, ocopCouncilMembers.roundId))
    .where(eq(ocopCouncilMembers.userId, userId))
    .orderBy(sql`${ocopRounds.createdAt} desc`);
  if (rounds.length === 0) return [];
  const roundIds = rounds.map((r) => r.id);
  const apps = rowsOf<{ id: string; round_id: string; number: string; status: ApplicationStatus; product_name: string; organisation_name: string; conflicted: boolean; submitted: boolean; scored: number }>(
    await db.execute(sql`select a.id, a.round_id, a.number, a.status, p.name_vi as product_name, o.name as organisation_name,
        exists (select 1 from ocop_conflicts c where c.round_id = a.round_id and c.user_id = ${userId} and c.organisation_id = a.organisation_id) as conflicted,
        exists (select 1 from ocop_score_submissions s where s.application_id = a.id and s.user_id = ${userId}) as submitted,
        (select count(*)::int from ocop_council_scores s where s.application_id = a.id and s.user_id = ${userId}) as scored
      from ocop_applications a join products p on p.id = a.product_id join organisations o on o.id = a.organisation_id
      where a.round_id in (${sql.join(roundIds.map((id) => sql`${id}::uuid`), sql`, `)})
        and a.status in ('under_evaluation', 'decided', 'certificate_issued')
      order by a.number`),
  );
  return rounds.map((r) => ({
    ...r,
    applications: apps
      .filter((a) => a.round_id === r.id)
      .map((a) => ({ id: a.id, number: a.number, status: a.status, productName: a.product_name, organisationName: a.organisation_name, conflicted: Boolean(a.conflicted), submitted: Boolean(a.submitted), scored: Number(a.scored) })),
  }));
}

/** How many rounds a person sits on (the account page shows them the way to the council when they do). */
export async function councilSeatCount(db: Database, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(ocopCouncilMembers).where(eq(ocopCouncilMembers.userId, userId));
  return Number(row?.n ?? 0);
}

/** Draft and submitted scores of one application for the secretary's per-criterion spread (submitted ones only). */
export async function submittedScoresOf(db: Database, applicationId: string): Promise<Array<{ userId: string; criterionCode: string; points: number; comment: string | null }>> {
  const rows = await db
    .select({ userId: ocopCouncilScores.userId, criterionCode: ocopCouncilScores.criterionCode, points: ocopCouncilScores.points, comment: ocopCouncilScores.comment })
    .from(ocopCouncilScores)
    .innerJoin(ocopScoreSubmissions, and(eq(ocopScoreSubmissions.applicationId, ocopCouncilScores.applicationId), eq(ocopScoreSubmissions.userId, ocopCouncilScores.userId)))
    .where(eq(ocopCouncilScores.applicationId, applicationId));
  return rows.map((r) => ({ ...r, points: Number(r.points) }));
}
