/**
 * Per household and year: money received, attributed sales value, income per person against the
 * baseline and the poverty line. For the household's own cooperative only (personal data).
 */
import { and, eq, lte } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { communes, householdIncomeSurveys, households, householdStatuses } from "#db/schema";
import { attributedSalesByHousehold, moneyReceivedByHousehold } from "./attribution.server";
import { compareWithPovertyLine } from "./poverty-lines";

export interface HouseholdIncomeRow {
  householdId: string;
  code: string;
  headName: string;
  memberCount: number;
  status: string | null;
  moneyReceivedVnd: number;
  attributedSalesVnd: number;
  /** Surveyed income per person for the year (VND a year), or null when not surveyed. */
  incomePerPersonVnd: number | null;
  baselineIncomeVnd: number | null;
  baselineYear: number | null;
  /** income ÷ baseline, when both are known. */
  growthRatio: number | null;
  povertyLineVnd: number | null;
  aboveLine: boolean | null;
}

export async function householdIncomeReport(db: Database, args: { organisationId: string; year: number }): Promise<HouseholdIncomeRow[]> {
  const [list, attributed, received, surveys] = await Promise.all([
    db
      .select({
        id: households.id,
        code: households.code,
        headName: households.headName,
        memberCount: households.memberCount,
        baselineYear: households.baselineYear,
        baselineIncomeVnd: households.baselineIncomeVnd,
        communeKind: communes.kind,
        status: householdStatuses.status,
      })
      .from(households)
      .innerJoin(communes, eq(communes.id, households.communeId))
      .leftJoin(householdStatuses, and(eq(householdStatuses.householdId, households.id), eq(householdStatuses.year, args.year)))
      .where(and(eq(households.organisationId, args.organisationId), lte(households.joinedOn, `${args.year}-12-31`)))
      .orderBy(households.code),
    attributedSalesByHousehold(db, args),
    moneyReceivedByHousehold(db, args),
    db
      .select({ householdId: householdIncomeSurveys.householdId, income: householdIncomeSurveys.incomePerPersonVnd })
      .from(householdIncomeSurveys)
      .where(and(eq(householdIncomeSurveys.organisationId, args.organisationId), eq(householdIncomeSurveys.year, args.year))),
  ]);
  const surveyed = new Map(surveys.map((s) => [s.householdId, s.income]));
  return list.map((h) => {
    const income = surveyed.get(h.id) ?? null;
    const area = h.communeKind === "ward" ? "urban" : "rural";
    const line = income === null ? null : compareWithPovertyLine(income, args.year, area);
    return {
      householdId: h.id,
      code: h.code,
      headName: h.headName,
      memberCount: h.memberCount,
      status: h.status,
      moneyReceivedVnd: received.get(h.id) ?? 0,
      attributedSalesVnd: attributed.get(h.id) ?? 0,
      incomePerPersonVnd: income,
      baselineIncomeVnd: h.baselineIncomeVnd,
      baselineYear: h.baselineYear,
      growthRatio: income !== null && h.baselineIncomeVnd ? income / h.baselineIncomeVnd : null,
      povertyLineVnd: line?.lineVnd ?? null,
      aboveLine: line ? !line.belowOrAtLine : null,
    };
  });
}
