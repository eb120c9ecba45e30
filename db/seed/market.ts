import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { appMeta, batches, batchStock, listings, products } from "#db/schema";
import { DEMO_TODAY } from "./demo";

/** The app_meta key whose presence says the demo storefront (listings and stock) was loaded. */
export const MARKET_SEED_KEY = "demo_market_seed";

export interface MarketSeedCounts {
  listings: number;
  batchStock: number;
}

/**
 * Lists every demo finished product that has a price, at that price, and puts the units of its
 * sellable batches counted in pieces (H87) on sale. Runs inside the demo seed's transaction; once its
 * marker is written later runs change nothing, and a database seeded before the storefront existed
 * gets it on its next seed or start. Only demo rows are touched.
 */
export async function seedDemoMarket(tx: Database): Promise<MarketSeedCounts | null> {
  const [marker] = await tx.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, MARKET_SEED_KEY));
  if (marker) return null;

  const priced = await tx
    .select({ id: products.id, organisationId: products.organisationId, priceVnd: products.priceVnd })
    .from(products)
    .where(and(eq(products.isDemo, true), eq(products.kind, "finished"), eq(products.status, "active"), isNotNull(products.priceVnd), sql`${products.priceVnd} > 0`));
  const insertedListings = priced.length
    ? await tx
        .insert(listings)
        .values(priced.map((p) => ({ productId: p.id, organisationId: p.organisationId, priceVnd: p.priceVnd! })))
        .onConflictDoNothing({ target: listings.productId })
        .returning({ productId: listings.productId })
    : [];

  // Sellable as of the demo's "today" (or the real one, whichever is later), so the demo shop has stock.
  const today = [DEMO_TODAY, new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)].sort().at(-1)!;
  const lots = priced.length
    ? await tx
        .select({ id: batches.id, organisationId: batches.organisationId, productId: batches.productId, quantity: batches.quantity })
        .from(batches)
        .where(
          and(
            eq(batches.isDemo, true),
            eq(batches.uom, "H87"),
            eq(batches.status, "active"),
            inArray(
              batches.productId,
              priced.map((p) => p.id),
            ),
            sql`(coalesce(${batches.expiresOn}, ${batches.bestBefore}) is null or coalesce(${batches.expiresOn}, ${batches.bestBefore}) >= ${today}::date)`,
          ),
        )
    : [];
  const insertedStock = lots.length
    ? await tx
        .insert(batchStock)
        .values(
          lots.map((b) => {
            const units = Math.floor(Number(b.quantity));
            return { batchId: b.id, organisationId: b.organisationId, productId: b.productId, unitsOnSale: units, unitsAvailable: units };
          }),
        )
        .onConflictDoNothing({ target: batchStock.batchId })
        .returning({ batchId: batchStock.batchId })
    : [];

  const counts = { listings: insertedListings.length, batchStock: insertedStock.length };
  await tx
    .insert(appMeta)
    .values({ key: MARKET_SEED_KEY, value: { seededAt: new Date().toISOString(), counts } })
    .onConflictDoNothing();
  return counts;
}
