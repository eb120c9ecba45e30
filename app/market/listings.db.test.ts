import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "#db/seed";
import { auditEvents, batches, batchStock, listings, organisations, products } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import {
  getSellableStock,
  listWorkspaceListings,
  saveListing,
  saveListingFromForm,
  setBatchUnitsOnSale,
  setBatchUnitsOnSaleFromForm,
  setListingStatus,
} from "./listings.server";

const TODAY = "2026-11-25";
let t: TestDatabase;
const ids = { tanCuong: "", baoThai: "", dacBiet: "", rawLeaves: "", baoThaiRice: "" };

async function batchId(productId: string, lot: string): Promise<string> {
  const [row] = await t.db.select({ id: batches.id }).from(batches).where(and(eq(batches.productId, productId), eq(batches.lotCode, lot)));
  return row!.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  const orgs = await t.db.select({ id: organisations.id, slug: organisations.slug }).from(organisations);
  ids.tanCuong = orgs.find((o) => o.slug === "htx-che-tan-cuong-xanh")!.id;
  ids.baoThai = orgs.find((o) => o.slug === "htx-nong-nghiep-bao-thai-dinh-hoa")!.id;
  const prods = await t.db.select({ id: products.id, slug: products.slug }).from(products);
  ids.dacBiet = prods.find((p) => p.slug === "che-tan-cuong-dac-biet")!.id;
  ids.rawLeaves = prods.find((p) => p.slug === "che-bup-tuoi-tan-cuong")!.id;
  ids.baoThaiRice = prods.find((p) => p.slug === "gao-bao-thai-dinh-hoa")!.id;
});
afterAll(async () => {
  await t?.dispose();
});

describe("demo storefront seed", () => {
  it("lists priced demo products and puts their sellable piece batches on sale", async () => {
    const [listing] = await t.db.select().from(listings).where(eq(listings.productId, ids.dacBiet));
    expect(listing).toMatchObject({ status: "listed", priceVnd: 450_000 });
    const stock = await getSellableStock(t.db, [ids.dacBiet, ids.rawLeaves], TODAY);
    expect(stock.get(ids.dacBiet)).toBeGreaterThan(0);
    expect(stock.get(ids.rawLeaves)).toBe(0);
    const kgm = await t.db.select().from(batchStock).innerJoin(batches, eq(batches.id, batchStock.batchId)).where(eq(batches.uom, "KGM"));
    expect(kgm).toHaveLength(0);
  });

  it("is not repeated by a second seed", async () => {
    const before = await t.db.select().from(batchStock);
    await seedDemoData(t.db);
    expect(await t.db.select().from(batchStock)).toHaveLength(before.length);
  });
});

describe("listings", () => {
  it("changes the price of the organisation's own finished product", async () => {
    const [listed] = await t.db.select().from(listings).where(eq(listings.productId, ids.dacBiet));
    const result = await saveListing(t.db, { organisationId: ids.tanCuong, productId: ids.dacBiet, priceVnd: listed!.priceVnd + 20_000, maxPerOrder: 5 });
    expect(result).toMatchObject({ ok: true, created: false, before: { priceVnd: listed!.priceVnd }, after: { priceVnd: listed!.priceVnd + 20_000, maxPerOrder: 5 } });
  });

  it("refuses another cooperative's product and raw materials", async () => {
    expect(await saveListing(t.db, { organisationId: ids.baoThai, productId: ids.dacBiet, priceVnd: 1000, maxPerOrder: null })).toEqual({
      ok: false,
      reason: "product_not_found",
    });
    expect(await saveListing(t.db, { organisationId: ids.tanCuong, productId: ids.rawLeaves, priceVnd: 1000, maxPerOrder: null })).toEqual({
      ok: false,
      reason: "not_listable",
    });
    await expect(saveListing(t.db, { organisationId: ids.tanCuong, productId: ids.dacBiet, priceVnd: -5, maxPerOrder: null })).rejects.toThrow();
    await expect(saveListing(t.db, { organisationId: ids.tanCuong, productId: ids.dacBiet, priceVnd: 10.5, maxPerOrder: null })).rejects.toThrow();
  });

  it("pauses and resumes; a paused listing has no sellable stock", async () => {
    expect(await setListingStatus(t.db, { organisationId: ids.tanCuong, productId: ids.dacBiet, status: "paused" })).toMatchObject({ ok: true });
    expect((await getSellableStock(t.db, [ids.dacBiet], TODAY)).get(ids.dacBiet)).toBe(0);
    await setListingStatus(t.db, { organisationId: ids.tanCuong, productId: ids.dacBiet, status: "listed" });
    expect((await getSellableStock(t.db, [ids.dacBiet], TODAY)).get(ids.dacBiet)).toBeGreaterThan(0);
    expect(await setListingStatus(t.db, { organisationId: ids.baoThai, productId: ids.dacBiet, status: "paused" })).toEqual({ ok: false, reason: "not_listed" });
  });

  it("hides the stock of a suspended cooperative", async () => {
    await t.db.update(organisations).set({ status: "suspended" }).where(eq(organisations.id, ids.tanCuong));
    expect((await getSellableStock(t.db, [ids.dacBiet], TODAY)).get(ids.dacBiet)).toBe(0);
    await t.db.update(organisations).set({ status: "active" }).where(eq(organisations.id, ids.tanCuong));
  });
});

describe("units on sale per batch", () => {
  it("never exceeds the batch, and never goes below what orders hold", async () => {
    const lot = await batchId(ids.dacBiet, "TCDB2510-019"); // 260 pieces
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.tanCuong, batchId: lot, unitsOnSale: 261, today: TODAY })).toEqual({
      ok: false,
      reason: "above_batch",
      limit: 260,
    });
    const ok = await setBatchUnitsOnSale(t.db, { organisationId: ids.tanCuong, batchId: lot, unitsOnSale: 100, today: TODAY });
    expect(ok).toMatchObject({ ok: true, after: { unitsOnSale: 100, unitsAvailable: 100 } });
    // A checkout takes 30 units (what a checkout's allocation does to the row).
    await t.db.update(batchStock).set({ unitsAvailable: 70 }).where(eq(batchStock.batchId, lot));
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.tanCuong, batchId: lot, unitsOnSale: 29, today: TODAY })).toEqual({
      ok: false,
      reason: "below_sold",
      limit: 30,
    });
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.tanCuong, batchId: lot, unitsOnSale: 50, today: TODAY })).toMatchObject({
      ok: true,
      before: { unitsOnSale: 100, unitsAvailable: 70 },
      after: { unitsOnSale: 50, unitsAvailable: 20 },
    });
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.tanCuong, batchId: lot, unitsOnSale: 30, today: TODAY })).toMatchObject({
      ok: true,
      after: { unitsOnSale: 30, unitsAvailable: 0 },
    });
  });

  it("refuses another cooperative's batch, batches counted in kilograms, and expired or recalled batches", async () => {
    const lot = await batchId(ids.dacBiet, "TCDB2510-019");
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.baoThai, batchId: lot, unitsOnSale: 1, today: TODAY })).toEqual({
      ok: false,
      reason: "batch_not_found",
    });
    const kgLot = await batchId(ids.rawLeaves, "BT2609-031");
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.tanCuong, batchId: kgLot, unitsOnSale: 1, today: TODAY })).toEqual({
      ok: false,
      reason: "not_pieces",
    });
    const rice = await batchId(ids.baoThaiRice, "GBT2607-02");
    await t.db.update(batches).set({ expiresOn: "2026-11-24" }).where(eq(batches.id, rice));
    // An expired batch may keep or lower its units on sale, never raise them.
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.baoThai, batchId: rice, unitsOnSale: 10, today: TODAY })).toMatchObject({ ok: true });
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.baoThai, batchId: rice, unitsOnSale: 11, today: TODAY })).toEqual({
      ok: false,
      reason: "not_sellable",
    });
    // Taking an expired batch off sale is allowed, and its units no longer count as sellable.
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.baoThai, batchId: rice, unitsOnSale: 0, today: TODAY })).toMatchObject({ ok: true });
    await t.db.update(batches).set({ expiresOn: null }).where(eq(batches.id, rice));
  });

  it("counts only active, unexpired batches as sellable", async () => {
    const lot = await batchId(ids.dacBiet, "TCDB2510-019");
    // 30 units of the lot left to sell, whatever orders (or the tests before) hold of it.
    const [row] = await t.db.select().from(batchStock).where(eq(batchStock.batchId, lot));
    const held = row ? row.unitsOnSale - row.unitsAvailable : 0;
    expect(await setBatchUnitsOnSale(t.db, { organisationId: ids.tanCuong, batchId: lot, unitsOnSale: held + 30, today: TODAY })).toMatchObject({ ok: true });
    const withLot = (await getSellableStock(t.db, [ids.dacBiet], TODAY)).get(ids.dacBiet)!;
    await t.db.update(batches).set({ status: "recalled" }).where(eq(batches.id, lot));
    const withoutLot = (await getSellableStock(t.db, [ids.dacBiet], TODAY)).get(ids.dacBiet)!;
    expect(withoutLot).toBe(withLot - 30);
    await t.db.update(batches).set({ status: "active", expiresOn: "2026-11-25" }).where(eq(batches.id, lot));
    expect((await getSellableStock(t.db, [ids.dacBiet], TODAY)).get(ids.dacBiet)).toBe(withLot);
    expect((await getSellableStock(t.db, [ids.dacBiet], "2026-11-26")).get(ids.dacBiet)).toBeLessThanOrEqual(withoutLot);
    await t.db.update(batches).set({ expiresOn: null }).where(eq(batches.id, lot));
  });

  it("shows the workspace its products, listings and piece batches only", async () => {
    await saveListing(t.db, { organisationId: ids.tanCuong, productId: ids.dacBiet, priceVnd: 480_000, maxPerOrder: null });
    await setListingStatus(t.db, { organisationId: ids.tanCuong, productId: ids.dacBiet, status: "listed" });
    const rows = await listWorkspaceListings(t.db, ids.tanCuong, TODAY);
    const dacBiet = rows.find((r) => r.productId === ids.dacBiet)!;
    expect(dacBiet.listing).toMatchObject({ status: "listed", priceVnd: 480_000 });
    expect(dacBiet.batches.map((b) => b.lotCode)).toContain("TCDB2510-019");
    expect(dacBiet.batches.every((b) => b.uom === "H87")).toBe(true);
    expect(rows.find((r) => r.productId === ids.rawLeaves)).toBeUndefined();
    expect(rows.find((r) => r.productId === ids.baoThaiRice)).toBeUndefined();
  });
});

describe("the listings page's commands", () => {
  it("parse the form, write the change with its audit entry, and return refusals as values", async () => {
    const actor = { userId: null, organisationId: ids.tanCuong };
    const auditCount = async () =>
      (await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "listing"), eq(auditEvents.entityId, ids.dacBiet), eq(auditEvents.action, "update"))))
        .length;
    const before = await auditCount();
    expect(await saveListingFromForm(t.db, actor, { productId: ids.dacBiet, priceVnd: "abc" }, TODAY)).toMatchObject({
      ok: false,
      reason: "invalid_input",
      fieldErrors: { priceVnd: "listings.error.priceInteger" },
    });
    const saved = await saveListingFromForm(t.db, actor, { productId: ids.dacBiet, priceVnd: "495.000", maxPerOrder: "" }, TODAY);
    expect(saved).toMatchObject({ ok: true, after: { priceVnd: 495_000, maxPerOrder: null } });
    expect(await auditCount()).toBe(before + 1);
    expect(await saveListingFromForm(t.db, { ...actor, organisationId: ids.baoThai }, { productId: ids.dacBiet, priceVnd: "1000" }, TODAY)).toEqual({
      ok: false,
      reason: "product_not_found",
    });
    const kgLot = await batchId(ids.rawLeaves, "BT2609-031");
    expect(await setBatchUnitsOnSaleFromForm(t.db, actor, { form: { batchId: kgLot, unitsOnSale: "-1" }, today: TODAY })).toMatchObject({
      reason: "invalid_input",
      fieldErrors: { unitsOnSale: "listings.error.unitsNegative" },
    });
  });
});

describe("the one listing form", () => {
  it("saves the price, the limit and each lot's units together, or nothing at all", async () => {
    const actor = { userId: null, organisationId: ids.tanCuong };
    const [product] = (await listWorkspaceListings(t.db, ids.tanCuong, TODAY)).filter((r) => r.productId === ids.dacBiet);
    const lots = product!.batches.filter((b) => b.sellable);
    expect(lots.length).toBeGreaterThanOrEqual(2);
    const [a, b] = lots as [(typeof lots)[0], (typeof lots)[0]];
    const stockOf = async (id: string) => (await t.db.select().from(batchStock).where(eq(batchStock.batchId, id)))[0]?.unitsOnSale ?? 0;
    const [listingBefore] = await t.db.select().from(listings).where(eq(listings.productId, ids.dacBiet));
    const aBefore = await stockOf(a.batchId);
    const bBefore = await stockOf(b.batchId);
    const auditsBefore = (await t.db.select().from(auditEvents)).length;

    // The second lot asks for more than it holds: the price and the first lot stay as they were.
    const refused = await saveListingFromForm(
      t.db,
      actor,
      { productId: ids.dacBiet, priceVnd: "399.000", maxPerOrder: "3", [`units.${a.batchId}`]: String(a.unitsSold + 1), [`units.${b.batchId}`]: String(b.maxOnSale + 1) },
      TODAY,
    );
    expect(refused).toEqual({ ok: false, reason: "above_batch", limit: b.maxOnSale, batchId: b.batchId });
    const [listingAfterRefusal] = await t.db.select().from(listings).where(eq(listings.productId, ids.dacBiet));
    expect(listingAfterRefusal).toEqual(listingBefore);
    expect(await stockOf(a.batchId)).toBe(aBefore);
    expect(await stockOf(b.batchId)).toBe(bBefore);
    expect((await t.db.select().from(auditEvents)).length).toBe(auditsBefore);

    const saved = await saveListingFromForm(
      t.db,
      actor,
      { productId: ids.dacBiet, priceVnd: "399.000", maxPerOrder: "3", [`units.${a.batchId}`]: String(a.unitsSold + 1), [`units.${b.batchId}`]: String(b.maxOnSale) },
      TODAY,
    );
    expect(saved).toMatchObject({ ok: true, after: { priceVnd: 399_000, maxPerOrder: 3 } });
    expect(await stockOf(a.batchId)).toBe(a.unitsSold + 1);
    expect(await stockOf(b.batchId)).toBe(b.maxOnSale);
    const all = await t.db.select().from(batchStock).where(eq(batchStock.productId, ids.dacBiet));
    expect(saved.ok && saved.unitsOnSale).toBe(all.reduce((sum, r) => sum + r.unitsOnSale, 0));
    // One listing entry and one entry per changed lot.
    expect((await t.db.select().from(auditEvents)).length).toBe(auditsBefore + 3);

    // Posting the same figures again changes no lot.
    await saveListingFromForm(t.db, actor, { productId: ids.dacBiet, priceVnd: "399000", [`units.${a.batchId}`]: String(a.unitsSold + 1) }, TODAY);
    expect((await t.db.select().from(auditEvents)).length).toBe(auditsBefore + 4);
  });

  it("lists a product and opens its lots in one post", async () => {
    const actor = { userId: null, organisationId: ids.tanCuong };
    const [product] = (await listWorkspaceListings(t.db, ids.tanCuong, TODAY)).filter((r) => r.productId === ids.dacBiet);
    const lot = product!.batches.find((b) => b.sellable)!;
    await t.db.delete(listings).where(eq(listings.productId, ids.dacBiet));
    const saved = await saveListingFromForm(t.db, actor, { productId: ids.dacBiet, priceVnd: "450000", [`units.${lot.batchId}`]: String(lot.maxOnSale) }, TODAY);
    expect(saved).toMatchObject({ ok: true, created: true });
    expect((await getSellableStock(t.db, [ids.dacBiet], TODAY)).get(ids.dacBiet)).toBeGreaterThan(0);
  });

  it("refuses a lot of another product or cooperative, and says what is wrong with each field", async () => {
    const actor = { userId: null, organisationId: ids.tanCuong };
    const rice = await batchId(ids.baoThaiRice, "GBT2607-02");
    expect(await saveListingFromForm(t.db, actor, { productId: ids.dacBiet, priceVnd: "450000", [`units.${rice}`]: "1" }, TODAY)).toMatchObject({
      ok: false,
      reason: "batch_not_found",
      batchId: rice,
    });
    expect(await saveListingFromForm(t.db, actor, { productId: ids.dacBiet, priceVnd: "-5000", maxPerOrder: "-2", [`units.${rice}`]: "-1" }, TODAY)).toEqual({
      ok: false,
      reason: "invalid_input",
      fieldErrors: {
        priceVnd: "listings.error.priceNegative",
        maxPerOrder: "listings.error.maxPerOrderNegative",
        [`units.${rice}`]: "listings.error.unitsNegative",
      },
    });
  });
});
