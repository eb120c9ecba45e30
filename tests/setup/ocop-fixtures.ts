/**
 * Small, valid OCOP fixtures for database tests: a product set with a published sheet whose parts add up to 40/25/35,
 * and applications inserted directly at any status (the commands that move them are tested on their own).
 */
import { randomBytes } from "node:crypto";
import type { Database } from "#db/client.server";
import { ocopApplications, ocopCriteriaSheets, ocopProductSets, ocopRounds } from "#db/schema";
import { testSheet } from "./ocop-test-sheet";

export { testSheet };

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/** A product set (a fresh code unless given) with a published version 1 of `testSheet`. */
export async function insertTestSheet(db: Database, productSetCode = `beverage.test_${uniqueSuffix()}`): Promise<{ productSetCode: string; sheetId: string }> {
  await db.insert(ocopProductSets).values({ code: productSetCode, productGroup: "beverage", nameVi: "Bộ thử", nameEn: "Test set" }).onConflictDoNothing();
  const [row] = await db
    .insert(ocopCriteriaSheets)
    .values({ productSetCode, version: 1, status: "published", criteria: testSheet, publishedAt: new Date() })
    .returning({ id: ocopCriteriaSheets.id });
  return { productSetCode, sheetId: row!.id };
}

let applicationCounter = 0;

/** An application inserted as is (status, round), numbered HS-2026-9xxxx so it never meets a real number. */
export async function insertTestApplication(
  db: Database,
  input: { organisationId: string; productId: string; sheetId: string; status?: (typeof ocopApplications.$inferInsert)["status"]; roundId?: string | null },
): Promise<string> {
  applicationCounter += 1;
  const number = `HS-2026-9${String(applicationCounter).padStart(3, "0")}${randomBytes(2).readUInt16BE(0) % 10}`;
  const [row] = await db
    .insert(ocopApplications)
    .values({ number, organisationId: input.organisationId, productId: input.productId, sheetId: input.sheetId, status: input.status ?? "draft", roundId: input.roundId ?? null })
    .returning({ id: ocopApplications.id });
  return row!.id;
}

/** A round of a department in a given status. */
export async function insertTestRound(db: Database, departmentId: string, status: "open" | "scoring" | "closed" = "scoring"): Promise<string> {
  const [row] = await db
    .insert(ocopRounds)
    .values({ departmentId, name: `Đợt thử ${uniqueSuffix()}`, year: 2026, status, closedAt: status === "closed" ? new Date() : null })
    .returning({ id: ocopRounds.id });
  return row!.id;
}
