/**
 * The household registry of one cooperative: households, their poverty status by year and yearly
 * income surveys. Every function takes the organisation id (the actor's) and filters by it: a
 * household of another cooperative is simply not found. Commands parse the form at their door, run
 * in one transaction with their audit entry, and answer refusals as values.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  communes,
  householdIncomeSurveys,
  householdPayments,
  households,
  householdStatuses,
  householdSupplies,
  batches,
  products,
  type Household,
} from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { refuseField, type Outcome } from "~/lib/result";
import { transact, type Actor } from "~/lib/transact.server";
import { listCommunesOfOrganisationProvince } from "~/workspace/places.server";
import { povertyStandardFor } from "./poverty-lines";
import { householdFormSchema, statusFormSchema, surveyFormSchema, type HouseholdInput, type povertyStatuses } from "./schema";

type PovertyStatus = (typeof povertyStatuses)[number];

/** Who changes a cooperative's households: a person of that cooperative (or the system, with no user). */
export interface CooperativeActor extends Actor {
  organisationId: string;
}

const householdMissing = () => refuseField("household_not_found", "_form", "hh.error.household");
const householdUniqueViolations = { households_organisation_code_unique: refuseField("code_taken", "code", "hh.error.codeTaken") };

/** Communes a household of this cooperative may live in (the cooperative's province). */
export function listHouseholdCommunes(db: Database, organisationId: string) {
  return listCommunesOfOrganisationProvince(db, organisationId);
}

async function communeAllowed(db: Database, organisationId: string, communeId: number): Promise<boolean> {
  const allowed = await listHouseholdCommunes(db, organisationId);
  return allowed.some((c) => c.id === communeId);
}

function householdValues(input: HouseholdInput) {
  return {
    code: input.code,
    headName: input.headName,
    headSex: input.headSex,
    memberCount: input.memberCount,
    ethnicityCode: input.ethnicityCode,
    communeId: input.communeId,
    village: input.village,
    joinedOn: input.joinedOn,
    leftOn: input.leftOn,
    baselineYear: input.baselineYear,
    baselineIncomeVnd: input.baselineIncomeVnd,
  };
}

/**
 * Writes a new household, or updates `existingId`, without an audit entry (the calling command
 * writes it: the form's, or the import's). Runs in its own savepoint, so a code already taken is a
 * refusal that leaves the caller's transaction usable.
 */
export function saveHousehold(
  db: Database,
  actor: CooperativeActor,
  input: HouseholdInput,
  existingId?: string,
): Promise<Outcome<{ household: Household }>> {
  const organisationId = actor.organisationId;
  return transact(
    db,
    actor,
    async (tx) => {
      if (existingId !== undefined && !(await findHousehold(tx.db, organisationId, existingId))) return householdMissing();
      if (!(await communeAllowed(tx.db, organisationId, input.communeId))) return refuseField("commune_not_allowed", "communeId", "hh.error.commune");
      const [row] =
        existingId === undefined
          ? await tx.db
              .insert(households)
              .values({ organisationId, ...householdValues(input) })
              .returning()
          : await tx.db
              .update(households)
              .set({ ...householdValues(input), updatedAt: new Date() })
              .where(and(eq(households.id, existingId), eq(households.organisationId, organisationId)))
              .returning();
      return row ? { ok: true as const, household: row } : householdMissing();
    },
    { uniqueViolations: householdUniqueViolations },
  );
}

/** Registers a household from the form; the audit entry names it by id and code only. */
export async function createHousehold(db: Database, actor: CooperativeActor, raw: unknown): Promise<Outcome<{ household: Household }>> {
  const parsed = parseInput(householdFormSchema, raw);
  if (!parsed.ok) return parsed;
  return transact(db, actor, async (tx) => {
    const saved = await saveHousehold(tx.db, actor, parsed.input);
    if (!saved.ok) return saved;
    // The log names the household by id and code only: the audit page is not a second copy of personal data.
    await tx.audit({ entityType: "household", entityId: saved.household.id, action: "create", after: { code: saved.household.code } });
    return saved;
  });
}

export async function findHousehold(db: Database, organisationId: string, householdId: string): Promise<Household | null> {
  if (!/^[0-9a-f-]{36}$/i.test(householdId)) return null;
  const [row] = await db
    .select()
    .from(households)
    .where(and(eq(households.id, householdId), eq(households.organisationId, organisationId)));
  return row ?? null;
}

export interface StatusRecord {
  year: number;
  status: PovertyStatus;
  standard: string;
}

/** Records the household's poverty status for a year (replacing that year's earlier record). */
export async function recordStatus(db: Database, actor: CooperativeActor, householdId: string, raw: unknown): Promise<Outcome<{ record: StatusRecord }>> {
  const parsed = parseInput(statusFormSchema, raw);
  if (!parsed.ok) return parsed;
  const standard = povertyStandardFor(parsed.input.year);
  if (!standard) return refuseField("no_standard", "year", "hh.error.noStandard");
  return transact(db, actor, async (tx) => {
    if (!(await findHousehold(tx.db, actor.organisationId, householdId))) return householdMissing();
    const record: StatusRecord = { year: parsed.input.year, status: parsed.input.status, standard: standard.id };
    await tx.db
      .insert(householdStatuses)
      .values({ householdId, organisationId: actor.organisationId, recordedBy: actor.userId, ...record })
      .onConflictDoUpdate({
        target: [householdStatuses.householdId, householdStatuses.year],
        set: { status: record.status, standard: record.standard, recordedBy: actor.userId, recordedAt: new Date() },
      });
    await tx.audit({ entityType: "household", entityId: householdId, action: "record_status", after: { ...record } });
    return { ok: true as const, record };
  });
}

export interface SurveyRecord {
  year: number;
  incomePerPersonVnd: number;
  memberCount: number;
  surveyedOn: string;
}

/** Records the household's income survey for a year (replacing that year's earlier survey). */
export async function recordSurvey(db: Database, actor: CooperativeActor, householdId: string, raw: unknown): Promise<Outcome<{ survey: SurveyRecord }>> {
  const parsed = parseInput(surveyFormSchema, raw);
  if (!parsed.ok) return parsed;
  const survey: SurveyRecord = parsed.input;
  if (Number(survey.surveyedOn.slice(0, 4)) < survey.year) return refuseField("survey_before_year", "surveyedOn", "hh.error.surveyBeforeYear");
  return transact(db, actor, async (tx) => {
    if (!(await findHousehold(tx.db, actor.organisationId, householdId))) return householdMissing();
    await tx.db
      .insert(householdIncomeSurveys)
      .values({ householdId, organisationId: actor.organisationId, recordedBy: actor.userId, ...survey })
      .onConflictDoUpdate({
        target: [householdIncomeSurveys.householdId, householdIncomeSurveys.year],
        set: { incomePerPersonVnd: survey.incomePerPersonVnd, memberCount: survey.memberCount, surveyedOn: survey.surveyedOn, recordedBy: actor.userId, recordedAt: new Date() },
      });
    await tx.audit({ entityType: "household", entityId: householdId, action: "record_survey", after: { year: survey.year } });
    return { ok: true as const, survey };
  });
}

export interface HouseholdListRow {
  id: string;
  code: string;
  headName: string;
  headSex: "female" | "male";
  memberCount: number;
  ethnicityCode: string;
  communeName: string;
  village: string | null;
  joinedOn: string;
  leftOn: string | null;
  status: string | null;
}

/** The cooperative's households with their status in `year` (null when none recorded). */
export async function listHouseholds(db: Database, organisationId: string, year: number): Promise<HouseholdListRow[]> {
  return db
    .select({
      id: households.id,
      code: households.code,
      headName: households.headName,
      headSex: households.headSex,
      memberCount: households.memberCount,
      ethnicityCode: households.ethnicityCode,
      communeName: communes.nameVi,
      village: households.village,
      joinedOn: households.joinedOn,
      leftOn: households.leftOn,
      status: householdStatuses.status,
    })
    .from(households)
    .innerJoin(communes, eq(communes.id, households.communeId))
    .leftJoin(householdStatuses, and(eq(householdStatuses.householdId, households.id), eq(householdStatuses.year, year)))
    .where(eq(households.organisationId, organisationId))
    .orderBy(asc(households.code));
}

/** One household with its whole record: status history, surveys, deliveries and payments. */
export async function getHouseholdRecord(db: Database, organisationId: string, householdId: string) {
  const household = await findHousehold(db, organisationId, householdId);
  if (!household) return null;
  const [commune] = await db.select({ nameVi: communes.nameVi, kind: communes.kind }).from(communes).where(eq(communes.id, household.communeId));
  const [statuses, surveys, supplies, payments] = await Promise.all([
    db.select().from(householdStatuses).where(eq(householdStatuses.householdId, householdId)).orderBy(desc(householdStatuses.year)),
    db.select().from(householdIncomeSurveys).where(eq(householdIncomeSurveys.householdId, householdId)).orderBy(desc(householdIncomeSurveys.year)),
    db
      .select({
        id: householdSupplies.id,
        reference: householdSupplies.reference,
        quantity: householdSupplies.quantity,
        uom: householdSupplies.uom,
        suppliedOn: householdSupplies.suppliedOn,
        pricePaidVnd: householdSupplies.pricePaidVnd,
        batchId: batches.id,
        lotCode: batches.lotCode,
        productNameVi: products.nameVi,
        productNameEn: products.nameEn,
      })
      .from(householdSupplies)
      .innerJoin(batches, eq(batches.id, householdSupplies.batchId))
      .innerJoin(products, eq(products.id, batches.productId))
      .where(and(eq(householdSupplies.householdId, householdId), eq(householdSupplies.organisationId, organisationId)))
      .orderBy(desc(householdSupplies.suppliedOn), asc(householdSupplies.reference)),
    db
      .select()
      .from(householdPayments)
      .where(and(eq(householdPayments.householdId, householdId), eq(householdPayments.organisationId, organisationId)))
      .orderBy(desc(householdPayments.paidOn), asc(householdPayments.reference)),
  ]);
  return { household, commune: commune ?? null, statuses, surveys, supplies, payments };
}

/** Counts for the cooperative's overview, no personal data. */
export async function countHouseholds(db: Database, organisationId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(households).where(eq(households.organisationId, organisationId));
  return Number(row?.n ?? 0);
}
