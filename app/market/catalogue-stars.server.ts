import { sql } from "drizzle-orm";
import { z } from "zod";
import { firstJson, type Database } from "#db/client.server";

/**
 * Rebuilds the storefront entries whose stars are not today's (a certificate expired overnight, or came into force),
 * so the "most stars" order and the cards agree with ocop_stars_on(). The star filter does not depend on it
 * (it compares each entry's certificate end with the day searched). Returns the number of entries rebuilt.
 */
export async function sweepCatalogueStars(db: Database): Promise<number> {
  const result = await db.execute(sql`select ocop_catalogue_sweep_stars() as n`);
  return firstJson(result, "n", z.number().int().nonnegative()) ?? 0;
}
