/**
 * Citizen reports and the cases they open (the supervision context). Every write is a command through `transact`:
 * the case row, its history step and its audit entry are written together or not at all. The rules of who may take
 * which step live in ./case-rules.ts; this module finds the party, locks the case and applies them.
 */
import { randomBytes } from "node:crypto";
import { aliasedTable, and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  batches,
  citizenCases,
  citizenCaseSteps,
  communes,
  memberships,
  orders,
  organisations,
  products,
  subOrders,
  users,
  type CitizenCase,
} from "#db/schema";
import { producerKinds } from "~/catalog/catalog.server";
import { cooperativeRoles, hasRoleIn, isDepartmentOfficer, isSupervisor, officerCommuneId, type MembershipGrant, type Role } from "~/identity/roles";
import { parseInput } from "~/lib/field-errors";
import { translate, type Locale } from "~/lib/i18n";
import { refuse, type Refusal } from "~/lib/result";
import { takeAttempt, throttleRules } from "~/lib/throttle.server";
import { transact, type Actor, type Tx } from "~/lib/transact.server";
import { vietnamDate, vietnamToday } from "~/lib/vietnam-time";
import { queueMail } from "~/notifications/queue.server";
import type { FileStorage } from "~/storage/storage.server";
import type { UploadRejection } from "~/storage/file-types";
import { awaitsAnswer, decideCaseStep, type CaseAction, type CaseParty } from "./case-rules";
import type { CaseStatus } from "./case-words";
import { answerFormSchema, assignFormSchema, closeFormSchema, noteFormSchema, referenceFromBytes, reportFormSchema, type CaseFilter } from "./schema";
import { caseDueOn } from "./working-days";

/** Who is looking at or acting on cases: a signed-in person and their memberships. */
export interface CaseViewer {
  userId: string;
  memberships: readonly MembershipGrant[];
}

type CaseHolder = Pick<CitizenCase, "assignedOrganisationId" | "assignedCommuneId">;

/**
 * The party a viewer is for a case (null: no business with it). The department's role wins over the others. The
 * assignee is the cooperative the case was given to, or the commune officer of the commune it was given to.
 */
export function partyOf(viewer: CaseViewer, kase: CaseHolder): CaseParty | null {
  if (isDepartmentOfficer(viewer.memberships)) return "department";
  if (isSupervisor(viewer.memberships)) return "supervisor";
  if (kase.assignedOrganisationId && hasRoleIn(viewer.memberships, kase.assignedOrganisationId, cooperativeRoles)) return "assignee";
  const commune = officerCommuneId(viewer.memberships);
  if (commune !== null && kase.assignedCommuneId === commune) return "assignee";
  return null;
}

/** May the viewer open the department's case desk (every case)? */
export function canReadEveryCase(viewer: Pick<CaseViewer, "memberships">): boolean {
  return isDepartmentOfficer(viewer.memberships) || isSupervisor(viewer.memberships);
}

/** Which cases the desk lists for the viewer: every case, those given to their commune (a commune officer), or none. */
export function caseDeskScope(viewer: Pick<CaseViewer, "memberships">): "all" | { assignedCommuneId: number } | null {
  if (canReadEveryCase(viewer)) return "all";
  const commune = officerCommuneId(viewer.memberships);
  return commune === null ? null : { assignedCommuneId: commune };
}

const partyRoles: Record<CaseParty, readonly Role[]> = {
  department: ["department_officer"],
  supervisor: ["supervisor"],
  assignee: [...cooperativeRoles, "commune_officer"],
};

function actorFor(viewer: CaseViewer, party: CaseParty, kase: CaseHolder): Actor & { organisationId: string } {
  const organisationId =
    party === "assignee" && kase.assignedOrganisationId
      ? kase.assignedOrganisationId
      : viewer.memberships.find((m) => partyRoles[party].includes(m.role))!.organisationId;
  return { userId: viewer.userId, organisationId };
}

// ————————————————————————————————————————— reports

export interface ReportPhoto {
  bytes: Uint8Array;
  declaredName: string;
  declaredType: string;
}

export type SubmitReportResult =
  | { ok: true; reference: string; caseId: string }
  | Refusal<"invalid_input">
  | Refusal<"photo_rejected">
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

function newReference(): string {
  return referenceFromBytes(randomBytes(8));
}

/**
 * A citizen's report, from the public form: counted against the sender's address first (before any work), parsed,
 * its photo checked by storage from its bytes, then the case and its first step written in one transaction.
 */
export async function submitReport(
  db: Database,
  raw: Record<string, unknown>,
  photo: ReportPhoto | null,
  context: { storage: FileStorage; clientAddress: string; locale: Locale; now?: Date },
): Promise<SubmitReportResult> {
  const throttle = await takeAttempt(db, [{ rule: throttleRules.citizenReportAddress, key: context.clientAddress }], context.now);
  if (!throttle.ok) return throttle;
  const parsed = parseInput(reportFormSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.input;

  let photoKey: string | null = null;
  if (photo) {
    const stored = await context.storage.put({ bytes: photo.bytes, declaredName: photo.declaredName, declaredType: photo.declaredType, kind: "photo" });
    if (!stored.ok) return { ...refuse("photo_rejected", { field: "photo" }), rejection: stored } as Refusal<"photo_rejected"> & { rejection: UploadRejection };
    photoKey = stored.key;
  }

  const now = context.now ?? new Date();
  return transact(db, { userId: null, organisationId: null }, async (tx) => {
    const subject = await subjectOf(tx.db, input);
    const reference = newReference();
    const [row] = await tx.db
      .insert(citizenCases)
      .values({
        reference,
        kind: input.kind,
        description: input.description,
        code: input.code,
        serial: input.serial,
        batchId: subject.batchId,
        productId: subject.productId,
        subjectOrganisationId: subject.organisationId,
        orderNumber: input.order,
        pagePath: input.page,
        placeBought: input.placeBought,
        communeId: subject.communeId,
        photoKey,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        contactEmail: input.contactEmail,
        locale: context.locale,
        receivedAt: now,
        dueOn: caseDueOn(vietnamDate(now)),
        updatedAt: now,
      })
      .returning({ id: citizenCases.id });
    if (!row) throw new Error("case was not written");
    await tx.db.insert(citizenCaseSteps).values({ caseId: row.id, at: now, step: "received", detail: { kind: input.kind } });
    // The log keeps what the case is about, never who sent it.
    await tx.audit({
      entityType: "citizen_case",
      entityId: row.id,
      action: "report",
      after: { reference, kind: input.kind, code: input.code, serial: input.serial, productId: subject.productId, orderNumber: input.order, photo: photoKey !== null },
    });
    return { ok: true as const, reference, caseId: row.id };
  });
}

interface Subject {
  batchId: string | null;
  productId: string | null;
  organisationId: string | null;
  communeId: number | null;
}

/** What the report is about: the lot of the code, else the product, else the order's only cooperative. */
async function subjectOf(db: Database, input: { code: string | null; product: string | null; order: string | null }): Promise<Subject> {
  if (input.code) {
    const [lot] = await db
      .select({ batchId: batches.id, productId: batches.productId, organisationId: batches.organisationId, communeId: organisations.communeId })
      .from(batches)
      .innerJoin(organisations, eq(organisations.id, batches.organisationId))
      .where(eq(batches.shortCode, input.code))
      .limit(1);
    if (lot) return lot;
  }
  if (input.product) {
    const [product] = await db
      .select({ productId: products.id, organisationId: products.organisationId, communeId: organisations.communeId })
      .from(products)
      .innerJoin(organisations, eq(organisations.id, products.organisationId))
      .where(eq(products.slug, input.product))
      .limit(1);
    if (product) return { batchId: null, ...product };
  }
  if (input.order) {
    const sellers = await db
      .select({ organisationId: subOrders.organisationId, communeId: organisations.communeId })
      .from(subOrders)
      .innerJoin(orders, eq(orders.id, subOrders.orderId))
      .innerJoin(organisations, eq(organisations.id, subOrders.organisationId))
      .where(eq(orders.number, input.order));
    if (sellers.length === 1) return { batchId: null, productId: null, ...sellers[0]! };
  }
  return { batchId: null, productId: null, organisationId: null, communeId: null };
}

// ————————————————————————————————————————— steps

export type CaseStepResult = { ok: true; status: CaseStatus } | Refusal<"not_found" | "not_allowed" | "wrong_status" | "invalid_input" | "unknown_assignee">;

interface StepContext {
  publicUrl: string;
  now?: Date;
}

/**
 * The frame of every step: lock the case, find the viewer's party, ask the rules, then run the step's own writes
 * and append its history step. Refusals roll everything back.
 */
async function takeStep(
  db: Database,
  viewer: CaseViewer,
  caseId: string,
  action: CaseAction,
  context: StepContext,
  apply: (tx: Tx, kase: CitizenCase, to: CaseStatus, actor: Actor & { organisationId: string }) => Promise<{ note: string | null; detail?: Record<string, unknown> } | Refusal<"unknown_assignee">>,
): Promise<CaseStepResult> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(caseId)) return refuse("not_found");
  const [peek] = await db
    .select({ assignedOrganisationId: citizenCases.assignedOrganisationId, assignedCommuneId: citizenCases.assignedCommuneId })
    .from(citizenCases)
    .where(eq(citizenCases.id, caseId));
  if (!peek) return refuse("not_found");
  const firstParty = partyOf(viewer, peek);
  if (!firstParty) return refuse("not_found");
  return transact(db, actorFor(viewer, firstParty, peek), async (tx) => {
    const [kase] = await tx.db.select().from(citizenCases).where(eq(citizenCases.id, caseId)).for("update");
    if (!kase) return refuse("not_found");
    // Re-read under the lock: an assignment may have moved the case away from this cooperative meanwhile.
    const party = partyOf(viewer, kase);
    if (!party) return refuse("not_found");
    const decision = decideCaseStep(party, action, kase.status);
    if (!decision.ok) return refuse(decision.reason);
    const actor = actorFor(viewer, party, kase);
    const applied = await apply(tx, kase, decision.to, actor);
    if ("ok" in applied) return applied;
    const now = context.now ?? new Date();
    const step = action === "comment" ? "commented" : action === "assign" ? "assigned" : action === "answer" ? "answered" : action === "close" ? "closed" : "escalated";
    await tx.db.insert(citizenCaseSteps).values({
      caseId: kase.id,
      at: now,
      step,
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      note: applied.note,
      detail: { party, ...(applied.detail ?? {}) },
    });
    await tx.audit({
      entityType: "citizen_case",
      entityId: kase.id,
      action: action === "comment" ? "case_comment" : action === "assign" ? "case_assign" : action === "answer" ? "case_answer" : action === "close" ? "case_close" : "case_escalate",
      organisationId: actor.organisationId,
      before: { status: kase.status },
      after: { status: decision.to, party, ...(applied.detail ?? {}) },
    });
    return { ok: true as const, status: decision.to };
  });
}

/** The department assigns (or re-assigns) a case to a producer, one of its officers, or a commune. */
export async function assignCase(db: Database, viewer: CaseViewer, caseId: string, raw: Record<string, unknown>, context: StepContext): Promise<CaseStepResult> {
  const parsed = parseInput(assignFormSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.input;
  return takeStep(db, viewer, caseId, "assign", context, async (tx, kase, to) => {
    const now = context.now ?? new Date();
    const cleared = { assignedOrganisationId: null, assignedUserId: null, assignedCommuneId: null };
    let detail: Record<string, unknown>;
    let set: Partial<typeof citizenCases.$inferInsert>;
    if (input.assigneeKind === "cooperative") {
      const [producer] = await tx.db
        .select({ id: organisations.id, communeId: organisations.communeId, name: organisations.name })
        .from(organisations)
        .where(and(eq(organisations.id, input.organisationId), inArray(organisations.kind, [...producerKinds]), eq(organisations.status, "active")));
      if (!producer) return refuse("unknown_assignee", { fieldErrors: { organisationId: "case.v.organisation" } });
      set = { ...cleared, assigneeKind: "cooperative", assignedOrganisationId: producer.id, communeId: kase.communeId ?? producer.communeId };
      detail = { assigneeKind: "cooperative", organisationId: producer.id, organisation: producer.name };
    } else if (input.assigneeKind === "officer") {
      const [officer] = await tx.db
        .select({ id: users.id, name: users.displayName })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.userId, input.userId), eq(memberships.role, "department_officer")))
        .limit(1);
      if (!officer) return refuse("unknown_assignee", { fieldErrors: { userId: "case.v.officer" } });
      set = { ...cleared, assigneeKind: "officer", assignedUserId: officer.id };
      detail = { assigneeKind: "officer", userId: officer.id, officer: officer.name };
    } else {
      const [commune] = await tx.db.select({ id: communes.id, name: communes.nameVi }).from(communes).where(eq(communes.id, input.communeId));
      if (!commune) return refuse("unknown_assignee", { fieldErrors: { communeId: "case.v.commune" } });
      set = { ...cleared, assigneeKind: "commune", assignedCommuneId: commune.id, communeId: commune.id };
      detail = { assigneeKind: "commune", communeId: commune.id, commune: commune.name };
    }
    await tx.db.update(citizenCases).set({ ...set, status: to, updatedAt: now }).where(eq(citizenCases.id, kase.id));
    if (input.assigneeKind === "cooperative") await mailManagers(tx.db, input.organisationId, kase, context.publicUrl, "case.mail.assigned");
    if (input.assigneeKind === "commune") await mailCommuneOfficers(tx.db, input.communeId, kase, context.publicUrl);
    return { note: input.note, detail };
  });
}

/** The assigned cooperative, or the department, answers; the reporter is mailed when they left an address. */
export async function answerCase(db: Database, viewer: CaseViewer, caseId: string, raw: Record<string, unknown>, context: StepContext): Promise<CaseStepResult> {
  const parsed = parseInput(answerFormSchema, raw);
  if (!parsed.ok) return parsed;
  return takeStep(db, viewer, caseId, "answer", context, async (tx, kase, to) => {
    const now = context.now ?? new Date();
    // The first answer's time counts for the statistics; a later answer (after an escalation) replaces the text.
    await tx.db
      .update(citizenCases)
      .set({ status: to, answer: parsed.input.answer, answeredAt: kase.answeredAt ?? now, updatedAt: now })
      .where(eq(citizenCases.id, kase.id));
    if (kase.contactEmail) {
      const locale: Locale = kase.locale === "en" ? "en" : "vi";
      await queueMail(tx.db, {
        to: kase.contactEmail,
        kind: "citizen_case_answered",
        locale,
        subject: translate(locale, "case.mail.answered.subject", { reference: kase.reference }),
        bodyText: translate(locale, "case.mail.answered.body", { reference: kase.reference, link: `${context.publicUrl}/reports/${kase.reference}` }),
      });
    }
    return { note: null, detail: { answerLength: parsed.input.answer.length } };
  });
}

/** Closes an answered case (the department, or a supervisor accepting the answer). */
export async function closeCase(db: Database, viewer: CaseViewer, caseId: string, raw: Record<string, unknown>, context: StepContext): Promise<CaseStepResult> {
  const parsed = parseInput(closeFormSchema, raw);
  if (!parsed.ok) return parsed;
  return takeStep(db, viewer, caseId, "close", context, async (tx, kase, to) => {
    const now = context.now ?? new Date();
    await tx.db.update(citizenCases).set({ status: to, closedAt: now, updatedAt: now }).where(eq(citizenCases.id, kase.id));
    return { note: parsed.input.note };
  });
}

/** Escalates a case back to the department's leadership, with the reason (the department or a supervisor). */
export async function escalateCase(db: Database, viewer: CaseViewer, caseId: string, raw: Record<string, unknown>, context: StepContext): Promise<CaseStepResult> {
  const parsed = parseInput(noteFormSchema, raw);
  if (!parsed.ok) return parsed;
  return takeStep(db, viewer, caseId, "escalate", context, async (tx, kase, to) => {
    const now = context.now ?? new Date();
    await tx.db.update(citizenCases).set({ status: to, escalatedAt: now, updatedAt: now }).where(eq(citizenCases.id, kase.id));
    return { note: parsed.input.note };
  });
}

/** A comment in the case's history (the department, a supervisor, the assigned cooperative); changes nothing else. */
export async function commentOnCase(db: Database, viewer: CaseViewer, caseId: string, raw: Record<string, unknown>, context: StepContext): Promise<CaseStepResult> {
  const parsed = parseInput(noteFormSchema, raw);
  if (!parsed.ok) return parsed;
  return takeStep(db, viewer, caseId, "comment", context, async () => ({ note: parsed.input.note }));
}

async function mailManagers(db: Database, organisationId: string, kase: CitizenCase, publicUrl: string, key: "case.mail.assigned"): Promise<number> {
  const managers = await db
    .select({ email: users.email, locale: users.locale, slug: organisations.slug })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "cooperative_manager")));
  for (const m of managers) {
    const locale: Locale = m.locale === "en" ? "en" : "vi";
    await queueMail(db, {
      to: m.email,
      kind: "citizen_case_assigned",
      locale,
      subject: translate(locale, `${key}.subject`, { reference: kase.reference }),
      bodyText: translate(locale, `${key}.body`, { reference: kase.reference, due: kase.dueOn, link: `${publicUrl}/workspace/${m.slug}/cases/${kase.id}` }),
    });
  }
  return managers.length;
}

/** A case given to a commune is mailed to the commune officers the department appointed there (the desk link). */
async function mailCommuneOfficers(db: Database, communeId: number, kase: CitizenCase, publicUrl: string): Promise<number> {
  const officers = await db
    .select({ email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.role, "commune_officer"), eq(memberships.communeId, communeId)));
  for (const o of officers) {
    const locale: Locale = o.locale === "en" ? "en" : "vi";
    await queueMail(db, {
      to: o.email,
      kind: "citizen_case_assigned",
      locale,
      subject: translate(locale, "case.mail.assigned.subject", { reference: kase.reference }),
      bodyText: translate(locale, "case.mail.assigned.body", { reference: kase.reference, due: kase.dueOn, link: `${publicUrl}/department/cases/${kase.id}` }),
    });
  }
  return officers.length;
}

// ————————————————————————————————————————— reading

export interface CaseListItem {
  id: string;
  reference: string;
  kind: CitizenCase["kind"];
  status: CaseStatus;
  receivedAt: Date;
  dueOn: string;
  overdue: boolean;
  assigneeKind: CitizenCase["assigneeKind"];
  assignee: string | null;
  product: string | null;
  commune: string | null;
}

const assignedOrg = aliasedTable(organisations, "assigned_org");
const assignedCommune = aliasedTable(communes, "assigned_commune");
const caseCommune = aliasedTable(communes, "case_commune");

/** Cases for the desk (every case), for one cooperative or one commune (those assigned to it), newest first, filtered. */
export async function listCases(
  db: Database,
  scope: { organisationId: string } | { assignedCommuneId: number } | "all",
  filter: CaseFilter = {},
  options: { today?: string; limit?: number } = {},
): Promise<CaseListItem[]> {
  const today = options.today ?? vietnamToday();
  const conditions: SQL[] = [];
  if (scope !== "all") {
    conditions.push(
      "organisationId" in scope
        ? eq(citizenCases.assignedOrganisationId, scope.organisationId)
        : and(eq(citizenCases.assigneeKind, "commune"), eq(citizenCases.assignedCommuneId, scope.assignedCommuneId))!,
    );
  }
  if (filter.kind) conditions.push(eq(citizenCases.kind, filter.kind));
  if (filter.commune) conditions.push(eq(citizenCases.communeId, filter.commune));
  if (filter.status === "open") conditions.push(inArray(citizenCases.status, ["received", "assigned", "escalated"]));
  else if (filter.status === "overdue") conditions.push(and(inArray(citizenCases.status, ["received", "assigned", "escalated"]), lt(citizenCases.dueOn, today))!);
  else if (filter.status) conditions.push(eq(citizenCases.status, filter.status));
  const rows = await db
    .select({
      id: citizenCases.id,
      reference: citizenCases.reference,
      kind: citizenCases.kind,
      status: citizenCases.status,
      receivedAt: citizenCases.receivedAt,
      dueOn: citizenCases.dueOn,
      assigneeKind: citizenCases.assigneeKind,
      assignedOrganisation: assignedOrg.name,
      assignedUser: users.displayName,
      assignedCommune: assignedCommune.nameVi,
      product: products.nameVi,
      commune: caseCommune.nameVi,
    })
    .from(citizenCases)
    .leftJoin(assignedOrg, eq(assignedOrg.id, citizenCases.assignedOrganisationId))
    .leftJoin(users, eq(users.id, citizenCases.assignedUserId))
    .leftJoin(assignedCommune, eq(assignedCommune.id, citizenCases.assignedCommuneId))
    .leftJoin(caseCommune, eq(caseCommune.id, citizenCases.communeId))
    .leftJoin(products, eq(products.id, citizenCases.productId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(citizenCases.receivedAt))
    .limit(options.limit ?? 200);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    status: r.status,
    receivedAt: r.receivedAt,
    dueOn: r.dueOn,
    overdue: awaitsAnswer(r.status) && r.dueOn < today,
    assigneeKind: r.assigneeKind,
    assignee: r.assignedOrganisation ?? r.assignedUser ?? r.assignedCommune ?? null,
    product: r.product,
    commune: r.commune,
  }));
}

export interface CaseHistoryStep {
  id: string;
  at: Date;
  step: (typeof citizenCaseSteps.$inferSelect)["step"];
  actor: string | null;
  actorOrganisation: string | null;
  note: string | null;
  detail: Record<string, unknown> | null;
}

export interface CaseDetail {
  kase: CitizenCase & { productName: string | null; productSlug: string | null; subjectName: string | null; communeName: string | null; batchCode: string | null; lotCode: string | null };
  history: CaseHistoryStep[];
  party: CaseParty;
}

/** One case with its history, for a party that has business with it (null otherwise: a 404 to the caller). */
export async function getCase(db: Database, viewer: CaseViewer, caseId: string): Promise<CaseDetail | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(caseId)) return null;
  const subject = aliasedTable(organisations, "subject_org");
  const [row] = await db
    .select({
      kase: citizenCases,
      productName: products.nameVi,
      productSlug: products.slug,
      subjectName: subject.name,
      communeName: caseCommune.nameVi,
      batchCode: batches.shortCode,
      lotCode: batches.lotCode,
    })
    .from(citizenCases)
    .leftJoin(products, eq(products.id, citizenCases.productId))
    .leftJoin(subject, eq(subject.id, citizenCases.subjectOrganisationId))
    .leftJoin(caseCommune, eq(caseCommune.id, citizenCases.communeId))
    .leftJoin(batches, eq(batches.id, citizenCases.batchId))
    .where(eq(citizenCases.id, caseId));
  if (!row) return null;
  const party = partyOf(viewer, row.kase);
  if (!party) return null;
  const history = await db
    .select({
      id: citizenCaseSteps.id,
      at: citizenCaseSteps.at,
      step: citizenCaseSteps.step,
      actor: users.displayName,
      actorOrganisation: organisations.name,
      note: citizenCaseSteps.note,
      detail: citizenCaseSteps.detail,
    })
    .from(citizenCaseSteps)
    .leftJoin(users, eq(users.id, citizenCaseSteps.actorUserId))
    .leftJoin(organisations, eq(organisations.id, citizenCaseSteps.actorOrganisationId))
    .where(eq(citizenCaseSteps.caseId, caseId))
    .orderBy(asc(citizenCaseSteps.at), asc(citizenCaseSteps.id));
  const { kase, ...names } = row;
  return { kase: { ...kase, ...names }, history, party };
}

/** What a reporter sees by reference: kind, status, dates and the answer — nothing personal, nobody's name. */
export interface PublicCase {
  reference: string;
  kind: CitizenCase["kind"];
  status: CaseStatus;
  receivedAt: Date;
  dueOn: string;
  assigneeKind: CitizenCase["assigneeKind"];
  answer: string | null;
  answeredAt: Date | null;
  closedAt: Date | null;
}

export async function getPublicCase(db: Database, reference: string): Promise<PublicCase | null> {
  const [row] = await db
    .select({
      reference: citizenCases.reference,
      kind: citizenCases.kind,
      status: citizenCases.status,
      receivedAt: citizenCases.receivedAt,
      dueOn: citizenCases.dueOn,
      assigneeKind: citizenCases.assigneeKind,
      answer: citizenCases.answer,
      answeredAt: citizenCases.answeredAt,
      closedAt: citizenCases.closedAt,
    })
    .from(citizenCases)
    .where(eq(citizenCases.reference, reference));
  return row ?? null;
}

/**
 * Citizens' counterfeit reports about a lot, beside the scan anomalies flagged on it (the producer's workspace). The
 * producer sees that a report exists (when, which serial, where bought, how far it got) but opens — and learns the
 * reference of — only the cases the department assigned to it.
 */
export interface LotCounterfeitReport {
  receivedAt: Date;
  serial: string | null;
  placeBought: string | null;
  status: CaseStatus;
  assignedHere: boolean;
  /** Null unless the case is assigned to the organisation asking. */
  reference: string | null;
  caseId: string | null;
}

export async function listLotCounterfeitReports(db: Database, batchId: string, organisationId: string): Promise<LotCounterfeitReport[]> {
  const rows = await lotCounterfeitRows(db, batchId, organisationId);
  return rows.map(({ assignedOrganisationId, caseId, reference, ...r }) => {
    const assignedHere = assignedOrganisationId === organisationId;
    return { ...r, assignedHere, reference: assignedHere ? reference : null, caseId: assignedHere ? caseId : null };
  });
}

/** The same for the case desk (department officers, supervisors — the caller checks): every report, with its case. */
export async function listLotCounterfeitReportsForDesk(db: Database, batchId: string): Promise<LotCounterfeitReport[]> {
  const rows = await lotCounterfeitRows(db, batchId, null);
  return rows.map(({ assignedOrganisationId: _, ...r }) => ({ ...r, assignedHere: false }));
}

async function lotCounterfeitRows(db: Database, batchId: string, producerId: string | null) {
  return db
    .select({
      caseId: citizenCases.id,
      reference: citizenCases.reference,
      serial: citizenCases.serial,
      receivedAt: citizenCases.receivedAt,
      status: citizenCases.status,
      placeBought: citizenCases.placeBought,
      assignedOrganisationId: citizenCases.assignedOrganisationId,
    })
    .from(citizenCases)
    // A producer asks only about its own lots.
    .innerJoin(batches, and(eq(batches.id, citizenCases.batchId), producerId ? eq(batches.organisationId, producerId) : undefined))
    .where(and(eq(citizenCases.batchId, batchId), eq(citizenCases.kind, "counterfeit")))
    .orderBy(desc(citizenCases.receivedAt))
    .limit(100);
}

/** Choices for the assignment form: active producers, the department's officers, communes with producers. */
export async function assignmentChoices(db: Database) {
  const [producers, officers, places] = await Promise.all([
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(inArray(organisations.kind, [...producerKinds]), eq(organisations.status, "active")))
      .orderBy(asc(organisations.name)),
    db
      .selectDistinct({ id: users.id, name: users.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.role, "department_officer"))
      .orderBy(asc(users.displayName)),
    db
      .selectDistinct({ id: communes.id, name: communes.nameVi })
      .from(communes)
      .innerJoin(organisations, eq(organisations.communeId, communes.id))
      .orderBy(asc(communes.nameVi)),
  ]);
  return { producers, officers, communes: places };
}

/** Communes that have cases (for the desk's filter). */
export async function caseCommunes(db: Database): Promise<{ id: number; name: string }[]> {
  return db
    .selectDistinct({ id: communes.id, name: communes.nameVi })
    .from(citizenCases)
    .innerJoin(communes, eq(communes.id, citizenCases.communeId))
    .orderBy(asc(communes.nameVi));
}

/** Cases assigned to a cooperative and waiting for its answer (the workspace's Reports tab shows the count). */
export async function countOpenCases(db: Database, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(citizenCases)
    .where(and(eq(citizenCases.assignedOrganisationId, organisationId), eq(citizenCases.status, "assigned")));
  return Number(row?.n ?? 0);
}
