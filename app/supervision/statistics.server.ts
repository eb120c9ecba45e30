import { eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { citizenCases, communes } from "#db/schema";
import { vietnamToday } from "~/lib/vietnam-time";
import { caseStatistics, type CaseFact, type CaseStatistics } from "./statistics";

/** The public case statistics: reads only kind, status, commune and dates (never a description or a contact). */
export async function loadCaseStatistics(db: Database, today: string = vietnamToday()): Promise<CaseStatistics> {
  const rows = await db
    .select({
      kind: citizenCases.kind,
      status: citizenCases.status,
      communeId: citizenCases.communeId,
      communeName: communes.nameVi,
      receivedOn: sql<string>`to_char(${citizenCases.receivedAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`,
      dueOn: citizenCases.dueOn,
      answeredOn: sql<string | null>`to_char(${citizenCases.answeredAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`,
    })
    .from(citizenCases)
    .leftJoin(communes, eq(communes.id, citizenCases.communeId));
  const facts: CaseFact[] = rows.map((r) => ({ ...r, dueOn: String(r.dueOn) }));
  return caseStatistics(facts, today);
}
