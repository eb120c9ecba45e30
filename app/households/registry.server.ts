/**
 * The household registry of one cooperative: households, their poverty status by year and yearly
 * income surveys. Every function takes the organisation id and filters by it: a household of another
 * cooperative is simply not found.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
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
import { listCommunesOfOrganisationProvince } from "~/workspace/places.server";
import { povertyStandardFor } from "./poverty-lines";
import { fieldErrors, householdFormSchema, statusFormSchema, surveyFormSchema, type HouseholdInput } from "./schema";

export type FormResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: Record<string, string> };

const invalid = <T>(field: string, key: string): FormResult<T> => ({ ok: false, fieldErrors: { [field]: key } });

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

export async function createHousehold(db: Database, args: { organisationId: string; form: unknown }): Promise<FormResult<Household>> {
  const parsed = householdFormSchema.safeParse(args.form);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  if (!(await communeAllowed(db, args.organisationId, parsed.data.communeId))) return invalid("communeId", "hh.error.commune");
  try {
    const [row] = await db
      .insert(households)
      .values({ organisationId: args.organisationId, ...householdValues(parsed.data) })
      .returning();
    return { ok: true, value: row! };
  } catch (error) {
    if (isUniqueViolation(error, "households_organisation_code_unique")) return invalid("code", "hh.error.codeTaken");
    throw error;
  }
}

export async function updateHousehold(
  db: Database,
  args: { organisationId: string; householdId: string; form: unknown },
): Promise<FormResult<{ before: Household; after: Household }>> {
  const parsed = householdFormSchema.safeParse(args.form);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  const before = await findHousehold(db, args.organisationId, args.householdId);
  if (!before) return invalid("_form", "hh.error.household");
  if (!(await communeAllowed(db, args.organisationId, parsed.data.communeId))) return invalid("communeId", "hh.error.commune");
  try {
    const [after] = await db
      .update(households)
      .set({ ...householdValues(parsed.data), updatedAt: new Date() })
      .where(and(eq(households.id, args.householdId), eq(households.organisationId, args.organisationId)))
      .returning();
    return { ok: true, value: { before, after: after! } };
  } catch (error) {
    if (isUniqueViolation(error, "households_organisation_code_unique")) return invalid("code", "hh.error.codeTaken");
    throw error;
  }
}

export async function findHousehold(db: Database, organisationId: string, householdId: string): Promise<Household | null> {
  if (!/^[0-9a-f-]{36}$/i.test(householdId)) return null;
  const [row] = await db
    .select()
    .from(households)
    .where(and(eq(households.id, householdId), eq(households.organisationId, organisationId)));
  return row ?? null;
}

export async function recordStatus(
  db: Database,
  args: { organisationId: string; householdId: string; form: unknown; userId: string },
): Promise<FormResult<{ year: number; status: string; standard: string }>> {
  const parsed = statusFormSchema.safeParse(args.form);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  const standard = povertyStandardFor(parsed.data.year);
  if (!standard) return invalid("year", "hh.error.noStandard");
  if (!(await findHousehold(db, args.organisationId, args.householdId))) return invalid("_form", "hh.error.household");
  const values = { year: parsed.data.year, status: parsed.data.status, standard: standard.id };
  await db
    .insert(householdStatuses)
    .values({ householdId: args.householdId, organisationId: args.organisationId, recordedBy: args.userId, ...values })
    .onConflictDoUpdate({
      target: [householdStatuses.householdId, householdStatuses.year],
      set: { status: values.status, standard: values.standard, recordedBy: args.userId, recordedAt: new Date() },
    });
  return { ok: true, value: values };
}

export async function recordSurvey(
  db: Database,
  args: { organisationId: string; householdId: string; form: unknown; userId: string },
): Promise<FormResult<{ year: number; incomePerPersonVnd: number; memberCount: number; surveyedOn: string }>> {
  const parsed = surveyFormSchema.safeParse(args.form);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  if (Number(parsed.data.surveyedOn.slice(0, 4)) < parsed.data.year) return invalid("surveyedOn", "hh.error.surveyBeforeYear");
  if (!(await findHousehold(db, args.organisationId, args.householdId))) return invalid("_form", "hh.error.household");
  const v = parsed.data;
  await db
    .insert(householdIncomeSurveys)
    .values({ householdId: args.householdId, organisationId: args.organisationId, recordedBy: args.userId, ...v })
    .onConflictDoUpdate({
      target: [householdIncomeSurveys.householdId, householdIncomeSurveys.year],
      set: { incomePerPersonVnd: v.incomePerPersonVnd, memberCount: v.memberCount, surveyedOn: v.surveyedOn, recordedBy: args.userId, recordedAt: new Date() },
    });
  return { ok: true, value: v };
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
