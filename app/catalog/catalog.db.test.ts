import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "#db/seed";
import { organisations, products } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import {
  getCatalogStats,
  getCooperativePage,
  getProductPage,
  hasDemoData,
  listCooperatives,
  listFeaturedProducts,
} from "./catalog.server";

describe("catalog queries on the demo data", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    expect(await hasDemoData(t.db)).toBe(false);
    await seedDemoData(t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("knows the demo data is loaded", async () => {
    expect(await hasDemoData(t.db)).toBe(true);
  });

  it("counts only public producers and their finished products", async () => {
    const stats = await getCatalogStats(t.db);
    expect(stats.cooperatives).toBeGreaterThanOrEqual(6);
    expect(stats.products).toBeGreaterThanOrEqual(20);
    expect(stats.ocopProducts).toBeGreaterThan(0);
    expect(stats.ocopProducts).toBeLessThanOrEqual(stats.products);
    expect(stats.batches).toBeGreaterThanOrEqual(40);
  });

  it("lists cooperatives, never the department or the platform", async () => {
    const list = await listCooperatives(t.db);
    expect(list.length).toBeGreaterThanOrEqual(6);
    for (const c of list) expect(["cooperative", "cooperative_group", "enterprise", "household_business"]).toContain(c.kind);
    expect(new Set(list.map((c) => c.communeName)).size).toBeGreaterThanOrEqual(6);
  });

  it("hides a pending cooperative until it is approved", async () => {
    const [first] = await listCooperatives(t.db);
    await t.db.update(organisations).set({ status: "pending" }).where(eq(organisations.slug, first!.slug));
    expect((await listCooperatives(t.db)).map((c) => c.slug)).not.toContain(first!.slug);
    expect(await getCooperativePage(t.db, first!.slug)).toBeNull();
    await t.db.update(organisations).set({ status: "active" }).where(eq(organisations.slug, first!.slug));
    expect(await getCooperativePage(t.db, first!.slug)).not.toBeNull();
  });

  it("features products in order of stars", async () => {
    const featured = await listFeaturedProducts(t.db, 8);
    expect(featured.length).toBeGreaterThanOrEqual(4);
    const stars = featured.map((p) => p.ocopStars ?? 0);
    expect([...stars].sort((a, b) => b - a)).toEqual(stars);
  });

  it("returns a product page with its certificate and lots, and null for unknown or retired products", async () => {
    const [ocop] = await t.db.select().from(products).where(eq(products.ocopStars, 5)).limit(1);
    const page = await getProductPage(t.db, ocop!.slug);
    expect(page?.product.ocopCertificateNumber).toBe(ocop!.ocopCertificateNumber);
    expect(page?.batches.length).toBeGreaterThan(0);
    expect(page?.batches.every((b) => b.eventCount > 0)).toBe(true);
    expect(await getProductPage(t.db, "khong-ton-tai")).toBeNull();

    await t.db.update(products).set({ status: "retired" }).where(eq(products.id, ocop!.id));
    expect(await getProductPage(t.db, ocop!.slug)).toBeNull();
    await t.db.update(products).set({ status: "active" }).where(eq(products.id, ocop!.id));
  });

  it("shows which lots were made from other lots", async () => {
    const all = await t.db.select({ slug: products.slug }).from(products).where(eq(products.kind, "finished"));
    let found = false;
    for (const { slug } of all) {
      const page = await getProductPage(t.db, slug, 50);
      if (page?.batches.some((b) => b.inputCount >= 2)) found = true;
    }
    expect(found).toBe(true);
  });

  it("returns a cooperative page with its products", async () => {
    const [first] = await listCooperatives(t.db);
    const page = await getCooperativePage(t.db, first!.slug);
    expect(page?.products.length).toBe(first!.productCount);
    expect(page?.products.every((p) => p.organisationSlug === first!.slug)).toBe(true);
  });
});
