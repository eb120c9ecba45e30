import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, batchStock, listings, orderLineAllocations, organisations, products, type Listing } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import type { Refusal } from "~/lib/result";
import { transact } from "~/lib/transact.server";
import { batchStockFormSchema, listingFormSchema, listingStatusSchema } from "./listings-schema";

/**
 * Listings and stock on sale. A listing offers one finished, active product of a cooperative at a
 * price in integer VND; stock on sale lives per batch (`batch_stock`) in sales units, so only batches
 * counted in pieces (UN/ECE H87) can be put on sale. `units_on_sale` counts every unit put on sale
 * (sold ones included), `units_available` what is left; their difference is what orders hold.
 */

/** UN/ECE Rec 20 "piece": a batch counted in the product's sales units. */
export const SALES_UNIT_UOM = "H87";

/**
 * A batch is sellable while it is active and today (Asia/Ho_Chi_Minh date) is not past its expiry date, else its
 * best-before date. The rule is the SQL function ocop_batch_sellable() (db/sql/batch_sellable.sql), which the
 * catalogue and product-page functions use too; PostgreSQL inlines it.
 */
export function sellableBatchCondition(today: string): SQL {
  return sql`ocop_batch_sellable(${batches.status}, ${batches.expiresOn}, ${batches.bestBefore}, ${today}::date)`;
}

/**
 * Units available across sellable batches of each product: batch active and not expired, listing
 * listed, cooperative active. Products without any come back as 0.
 */
export async function getSellableStock(db: Database, productIds: string[], today: string): Promise<Map<string, number>> {
  const out = new Map<string, number>(productIds.map((id) => [id, 0]));
  if (productIds.length === 0) return out;
  const rows = await db
    .select({ productId: batchStock.productId, units: sql<string>`coalesce(sum(${batchStock.unitsAvailable}), 0)` })
    .from(batchStock)
    .innerJoin(batches, eq(batches.id, batchStock.batchId))
    .innerJoin(listings, eq(listings.productId, batchStock.productId))
    .innerJoin(organisations, eq(organisations.id, batchStock.organisationId))
    .where(
      and(
        inArray(batchStock.productId, productIds),
        eq(listings.status, "listed"),
        eq(organisations.status, "active"),
        sellableBatchCondition(today),
      ),
    )
    .groupBy(batchStock.productId);
  for (const r of rows) out.set(r.productId, Number(r.units));
  return out;
}

// --- the workspace page ---------------------------------------------------------------------

export interface WorkspaceBatchStock {
  batchId: string;
  lotCode: string;
  shortCode: string;
  quantity: number;
  uom: string;
  producedOn: string;
  sellUntil: string | null;
  status: string;
  sellable: boolean;
  unitsOnSale: number;
  unitsAvailable: number;
  unitsSold: number;
  /** Most units that may be on sale from this batch (its quantity in pieces). */
  maxOnSale: number;
}

export interface WorkspaceListing {
  productId: string;
  slug: string;
  nameVi: string;
  nameEn: string | null;
  unitVi: string;
  unitEn: string;
  defaultPriceVnd: number | null;
  listing: { status: "listed" | "paused"; priceVnd: number; maxPerOrder: number | null } | null;
  batches: WorkspaceBatchStock[];
}

/** The organisation's finished, active products with their listing and their batches counted in pieces. */
export async function listWorkspaceListings(db: Database, organisationId: string, today: string): Promise<WorkspaceListing[]> {
  const productRows = await db
    .select({
      productId: products.id,
      slug: products.slug,
      nameVi: products.nameVi,
      nameEn: products.nameEn,
      unitVi: products.unitVi,
      unitEn: products.unitEn,
      defaultPriceVnd: products.priceVnd,
      status: listings.status,
      priceVnd: listings.priceVnd,
      maxPerOrder: listings.maxPerOrder,
    })
    .from(products)
    .leftJoin(listings, eq(listings.productId, products.id))
    .where(and(eq(products.organisationId, organisationId), eq(products.kind, "finished"), eq(products.status, "active")))
    .orderBy(asc(products.nameVi));
  if (productRows.length === 0) return [];

  const batchRows = await db
    .select({
      batchId: batches.id,
      productId: batches.productId,
      lotCode: batches.lotCode,
      shortCode: batches.shortCode,
      quantity: batches.quantity,
      uom: batches.uom,
      producedOn: batches.producedOn,
      sellUntil: sql<string | null>`coalesce(${batches.expiresOn}, ${batches.bestBefore})::text`,
      status: batches.status,
      sellable: sql<boolean>`${sellableBatchCondition(today)}`,
      unitsOnSale: batchStock.unitsOnSale,
      unitsAvailable: batchStock.unitsAvailable,
      unitsSold: sql<string>`(select coalesce(sum(${orderLineAllocations.quantity}), 0) from ${orderLineAllocations} where ${orderLineAllocations.batchId} = ${batches.id} and ${orderLineAllocations.releasedAt} is null)`,
    })
    .from(batches)
    .leftJoin(batchStock, eq(batchStock.batchId, batches.id))
    .where(
      and(
        eq(batches.organisationId, organisationId),
        eq(batches.uom, SALES_UNIT_UOM),
        inArray(
          batches.productId,
          productRows.map((p) => p.productId),
        ),
      ),
    )
    .orderBy(asc(batches.producedOn), asc(batches.lotCode));

  const byProduct = new Map<string, WorkspaceBatchStock[]>();
  for (const b of batchRows) {
    // Batches no longer sellable are shown only while they still have units on sale (to take them off).
    const sellable = Boolean(b.sellable);
    if (!sellable && !b.unitsOnSale) continue;
    const list = byProduct.get(b.productId) ?? [];
    list.push({
      batchId: b.batchId,
      lotCode: b.lotCode,
      shortCode: b.shortCode,
      quantity: Number(b.quantity),
      uom: b.uom,
      producedOn: b.producedOn,
      sellUntil: b.sellUntil,
      status: b.status,
      sellable,
      unitsOnSale: b.unitsOnSale ?? 0,
      unitsAvailable: b.unitsAvailable ?? 0,
      unitsSold: Number(b.unitsSold),
      maxOnSale: Math.floor(Number(b.quantity)),
    });
    byProduct.set(b.productId, list);
  }

  return productRows.map((p) => ({
    productId: p.productId,
    slug: p.slug,
    nameVi: p.nameVi,
    nameEn: p.nameEn,
    unitVi: p.unitVi,
    unitEn: p.unitEn,
    defaultPriceVnd: p.defaultPriceVnd,
    listing: p.status && p.priceVnd !== null ? { status: p.status, priceVnd: p.priceVnd, maxPerOrder: p.maxPerOrder } : null,
    batches: byProduct.get(p.productId) ?? [],
  }));
}

// --- changes --------------------------------------------------------------------------------

export type ListingChangeResult =
  | { ok: true; created: boolean; before: Listing | null; after: Listing }
  | { ok: false; reason: "product_not_found" | "not_listable" | "not_listed" };

/**
 * Lists a product, or changes its price and limit. Only the organisation's own finished, active
 * products can be listed; another organisation's product id reads as not found.
 */
export async function saveListing(
  db: Database,
  args: { organisationId: string; productId: string; priceVnd: number; maxPerOrder: number | null },
): Promise<ListingChangeResult> {
  if (!Number.isSafeInteger(args.priceVnd) || args.priceVnd <= 0) throw new Error("saveListing: price must be a positive integer VND");
  const [product] = await db
    .select({ id: products.id, kind: products.kind, status: products.status })
    .from(products)
    .where(and(eq(products.id, args.productId), eq(products.organisationId, args.organisationId)))
    .for("update");
  if (!product) return { ok: false, reason: "product_not_found" };
  if (product.kind !== "finished" || product.status !== "active") return { ok: false, reason: "not_listable" };
  const [before] = await db.select().from(listings).where(eq(listings.productId, product.id));
  const [after] = await db
    .insert(listings)
    .values({ productId: product.id, organisationId: args.organisationId, priceVnd: args.priceVnd, maxPerOrder: args.maxPerOrder })
    .onConflictDoUpdate({
      target: listings.productId,
      set: { priceVnd: args.priceVnd, maxPerOrder: args.maxPerOrder, updatedAt: sql`now()` },
    })
    .returning();
  if (!after) throw new Error("listing was not written");
  return { ok: true, created: !before, before: before ?? null, after };
}

/** Pauses (hidden from the storefront, stock kept) or resumes a listing. */
export async function setListingStatus(
  db: Database,
  args: { organisationId: string; productId: string; status: "listed" | "paused" },
): Promise<ListingChangeResult> {
  const [before] = await db
    .select()
    .from(listings)
    .where(and(eq(listings.productId, args.productId), eq(listings.organisationId, args.organisationId)))
    .for("update");
  if (!before) return { ok: false, reason: "not_listed" };
  const [after] = await db
    .update(listings)
    .set({ status: args.status, updatedAt: sql`now()` })
    .where(eq(listings.productId, before.productId))
    .returning();
  if (!after) throw new Error("listing was not updated");
  return { ok: true, created: false, before, after };
}

export type BatchStockChangeResult =
  | {
      ok: true;
      batchId: string;
      productId: string;
      before: { unitsOnSale: number; unitsAvailable: number } | null;
      after: { unitsOnSale: number; unitsAvailable: number };
    }
  | { ok: false; reason: "batch_not_found" | "not_pieces" | "not_sellable" | "not_listed" }
  | { ok: false; reason: "above_batch" | "below_sold"; limit: number };

/**
 * Sets how many units of a batch are on sale (sold units included). Only the organisation's own
 * active, unexpired batches counted in pieces of a listed (or paused) product; never more than the
 * batch holds, never fewer than what orders already hold. The change is one conditional UPDATE, so
 * a checkout taking units at the same moment is never lost.
 */
export async function setBatchUnitsOnSale(
  db: Database,
  args: { organisationId: string; batchId: string; unitsOnSale: number; today: string },
): Promise<BatchStockChangeResult> {
  if (!Number.isSafeInteger(args.unitsOnSale) || args.unitsOnSale < 0) throw new Error("setBatchUnitsOnSale: units must be a non-negative integer");
  const [batch] = await db
    .select({
      id: batches.id,
      productId: batches.productId,
      quantity: batches.quantity,
      uom: batches.uom,
      sellable: sql<boolean>`${sellableBatchCondition(args.today)}`,
      listed: sql<boolean>`exists (select 1 from ${listings} where ${listings.productId} = ${batches.productId})`,
    })
    .from(batches)
    .where(and(eq(batches.id, args.batchId), eq(batches.organisationId, args.organisationId)));
  if (!batch) return { ok: false, reason: "batch_not_found" };
  if (batch.uom !== SALES_UNIT_UOM) return { ok: false, reason: "not_pieces" };
  if (!batch.listed) return { ok: false, reason: "not_listed" };

  const [current] = await db.select().from(batchStock).where(eq(batchStock.batchId, batch.id)).for("update");
  // Taking units off sale (or leaving them as they are) is always allowed, even once the batch can no longer be sold.
  if (!batch.sellable && args.unitsOnSale > (current?.unitsOnSale ?? 0)) return { ok: false, reason: "not_sellable" };
  const maxOnSale = Math.floor(Number(batch.quantity));
  if (args.unitsOnSale > maxOnSale) return { ok: false, reason: "above_batch", limit: maxOnSale };

  if (!current) {
    const [sold] = await db
      .select({ units: sql<string>`coalesce(sum(${orderLineAllocations.quantity}), 0)` })
      .from(orderLineAllocations)
      .where(and(eq(orderLineAllocations.batchId, batch.id), isNull(orderLineAllocations.releasedAt)));
    const unitsSold = Number(sold?.units ?? 0);
    if (args.unitsOnSale < unitsSold) return { ok: false, reason: "below_sold", limit: unitsSold };
    const [row] = await db
      .insert(batchStock)
      .values({
        batchId: batch.id,
        organisationId: args.organisationId,
        productId: batch.productId,
        unitsOnSale: args.unitsOnSale,
        unitsAvailable: args.unitsOnSale - unitsSold,
      })
      .returning();
    if (!row) throw new Error("batch stock was not written");
    return { ok: true, batchId: batch.id, productId: batch.productId, before: null, after: { unitsOnSale: row.unitsOnSale, unitsAvailable: row.unitsAvailable } };
  }

  // What orders hold is on_sale - available; the WHERE keeps it within the new figure atomically.
  const [row] = await db
    .update(batchStock)
    .set({
      unitsOnSale: args.unitsOnSale,
      unitsAvailable: sql`${args.unitsOnSale} - (${batchStock.unitsOnSale} - ${batchStock.unitsAvailable})`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(batchStock.batchId, batch.id), sql`${args.unitsOnSale} >= ${batchStock.unitsOnSale} - ${batchStock.unitsAvailable}`))
    .returning();
  if (!row) return { ok: false, reason: "below_sold", limit: current.unitsOnSale - current.unitsAvailable };
  return {
    ok: true,
    batchId: batch.id,
    productId: batch.productId,
    before: { unitsOnSale: current.unitsOnSale, unitsAvailable: current.unitsAvailable },
    after: { unitsOnSale: row.unitsOnSale, unitsAvailable: row.unitsAvailable },
  };
}

// --- commands of the workspace listings page -------------------------------------------------

/** A member of the organisation changing its listings. */
export interface ListingsActor {
  userId: string | null;
  organisationId: string;
}

type InvalidInput = Refusal<"invalid_input"> & { fieldErrors: Record<string, string> };

function invalid(parsed: Refusal<"invalid_input">): InvalidInput {
  return { ...parsed, fieldErrors: parsed.fieldErrors ?? {} };
}

export type ListingFormResult =
  | (Extract<ListingChangeResult, { ok: true }> & { unitsOnSale: number })
  | Exclude<ListingChangeResult, { ok: true }>
  | (Exclude<BatchStockChangeResult, { ok: true }> & { batchId: string })
  | InvalidInput;

/**
 * The one listing form: lists a product (or changes its price and limit) and sets the units on sale of each
 * lot posted, in one transaction — a refused lot leaves the listing and every other lot as they were. Lots
 * whose figure does not change are left alone (no audit entry). Answers the product's total units on sale.
 */
export async function saveListingFromForm(db: Database, actor: ListingsActor, form: unknown, today: string): Promise<ListingFormResult> {
  const parsed = parseInput(listingFormSchema, form);
  if (!parsed.ok) return invalid(parsed);
  const { units, ...listing } = parsed.input;
  return transact(db, actor, async (tx) => {
    const saved = await saveListing(tx.db, { organisationId: actor.organisationId, ...listing });
    if (!saved.ok) return saved;
    await tx.audit({ entityType: "listing", entityId: listing.productId, action: saved.created ? "create" : "update", before: saved.before, after: saved.after });
    for (const [batchId, unitsOnSale] of Object.entries(units)) {
      const [current] = await tx.db
        .select({ unitsOnSale: batchStock.unitsOnSale, productId: batches.productId })
        .from(batches)
        .leftJoin(batchStock, eq(batchStock.batchId, batches.id))
        .where(and(eq(batches.id, batchId), eq(batches.organisationId, actor.organisationId)));
      if (current && current.productId !== listing.productId) return { ok: false as const, reason: "batch_not_found" as const, batchId };
      if (current && (current.unitsOnSale ?? 0) === unitsOnSale) continue;
      const changed = await setBatchUnitsOnSale(tx.db, { organisationId: actor.organisationId, batchId, unitsOnSale, today });
      if (!changed.ok) return { ...changed, batchId };
      await tx.audit({ entityType: "batch_stock", entityId: changed.batchId, action: "set_units_on_sale", before: changed.before, after: changed.after });
    }
    const [total] = await tx.db
      .select({ units: sql<string>`coalesce(sum(${batchStock.unitsOnSale}), 0)` })
      .from(batchStock)
      .where(eq(batchStock.productId, listing.productId));
    return { ...saved, unitsOnSale: Number(total?.units ?? 0) };
  });
}

/** Pause or resume: the listing's status, with its audit entry. */
export async function setListingStatusFromForm(db: Database, actor: ListingsActor, form: unknown): Promise<ListingChangeResult | InvalidInput> {
  const parsed = parseInput(listingStatusSchema, form);
  if (!parsed.ok) return invalid(parsed);
  const input = parsed.input;
  const result = await transact(db, actor, async (tx) => {
    const changed = await setListingStatus(tx.db, { organisationId: actor.organisationId, ...input });
    if (!changed.ok) return changed;
    await tx.audit({ entityType: "listing", entityId: input.productId, action: input.status === "paused" ? "pause" : "resume", before: changed.before, after: changed.after });
    return changed;
  });
  return result;
}

/** The units-on-sale form of one batch, with its audit entry. */
export async function setBatchUnitsOnSaleFromForm(
  db: Database,
  actor: ListingsActor,
  input: { form: unknown; today: string },
): Promise<BatchStockChangeResult | InvalidInput> {
  const parsed = parseInput(batchStockFormSchema, input.form);
  if (!parsed.ok) return invalid(parsed);
  const form = parsed.input;
  const result = await transact(db, actor, async (tx) => {
    const changed = await setBatchUnitsOnSale(tx.db, { organisationId: actor.organisationId, ...form, today: input.today });
    if (!changed.ok) return changed;
    await tx.audit({ entityType: "batch_stock", entityId: changed.batchId, action: "set_units_on_sale", before: changed.before, after: changed.after });
    return changed;
  });
  return result;
}
