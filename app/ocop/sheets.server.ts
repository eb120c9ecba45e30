/** Reading criteria sheets (the versions an application is scored against). Writing them: app/ocop/criteria.server.ts. */
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { ocopCriteriaSheets } from "#db/schema";
import { criteriaSheetSchema, type CriteriaSheet } from "./rules";

export interface SheetVersion {
  id: string;
  productSetCode: string;
  version: number;
  status: "draft" | "published" | "retired";
  sheet: CriteriaSheet;
}

function toVersion(row: typeof ocopCriteriaSheets.$inferSelect): SheetVersion {
  return { id: row.id, productSetCode: row.productSetCode, version: row.version, status: row.status, sheet: criteriaSheetSchema.parse(row.criteria) };
}

/** One sheet version by id, parsed; null when there is none. */
export async function readSheet(db: Database, sheetId: string): Promise<SheetVersion | null> {
  const [row] = await db.select().from(ocopCriteriaSheets).where(eq(ocopCriteriaSheets.id, sheetId));
  return row ? toVersion(row) : null;
}

/** The published version of a product set's sheet (what a new application starts with); null when none is published. */
export async function currentPublishedSheet(db: Database, productSetCode: string): Promise<SheetVersion | null> {
  const [row] = await db
    .select()
    .from(ocopCriteriaSheets)
    .where(and(eq(ocopCriteriaSheets.productSetCode, productSetCode), eq(ocopCriteriaSheets.status, "published")))
    .orderBy(desc(ocopCriteriaSheets.version))
    .limit(1);
  return row ? toVersion(row) : null;
}
