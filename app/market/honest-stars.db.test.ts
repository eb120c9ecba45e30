// Honest OCOP stars: a product claims its stars only while its certificate is valid, on every surface that reads
// them from the database (storefront search, filter and cards, product page, home figures, resolver), and the SQL
// rule agrees with the TypeScript one day by day.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { seedDemoData } from "#db/seed";
import { catalogueEntries, products } from "#db/schema";
import { getCatalogStats, getProductPage, listFeaturedProducts } from "~/catalog/catalog.server";
import { starsShownOn } from "~/catalog/ocop";
import { vietnamToday } from "~/lib/vietnam-time";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { sweepCatalogueStars } from "./catalogue-stars.server";
import { parseCatalogueQuery } from "./catalogue-query";
import { searchCatalogue } from "./catalogue.server";
import { getLabelBatch } from "~/trace/labels.server";
import { batches } from "#db/schema";

const EXPIRED = "che-tan-cuong-moc-cau"; // certificate issued 2023-06-15, so valid through 2026-06-15
let t: TestDatabase;

const search = (qs: string, today: string) => searchCatalogue(t.db, parseCatalogueQuery(new URLSearchParams(qs)), today);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await t?.dispose();
});

describe("ocop_stars_on() is the twin of starsShownOn()", () => {
  it("on the days around issue and expiry", async () => {
    const record = { ocopStars: 4, ocopIssuedOn: "2024-02-29", ocopExpiresOn: "2027-02-28" };
    const days = ["2024-02-28", "2024-02-29", "2025-06-01", "2027-02-28", "2027-03-01"];
    const result = await t.db.execute(sql`select d::text as day, ocop_stars_on(4::smallint, '2024-02-29'::date, '2027-02-28'::date, d::date) as stars
      from unnest(${`{${days.join(",")}}`}::text[]) as d order by d`);
    for (const row of rowsOf<{ day: string; stars: number | null }>(result)) {
      expect([row.day, row.stars]).toEqual([row.day, starsShownOn(record, row.day)]);
    }
  });
});

describe("the storefront", () => {
  it("filters by stars only with a valid certificate, and shows the lapsed product without stars", async () => {
    const today = vietnamToday();
    expect((await search("stars=3", today)).items.map((i) => i.slug)).not.toContain(EXPIRED);
    const card = (await search("q=moc+cau", today)).items.find((i) => i.slug === EXPIRED);
    expect(card).toBeDefined();
    expect(card?.ocopStars).toBeNull();
    // Cards are made for the day asked: on its last valid day the card had its stars.
    expect((await search("q=moc+cau", "2026-06-15")).items.find((i) => i.slug === EXPIRED)?.ocopStars).toBe(3);
    expect((await search("q=moc+cau", "2026-06-16")).items.find((i) => i.slug === EXPIRED)?.ocopStars).toBeNull();
  });

  it("keeps today's stars in its entries; the sweep catches up a certificate that lapsed overnight", async () => {
    const today = vietnamToday();
    const [entry] = await t.db.select({ stars: catalogueEntries.ocopStars }).from(catalogueEntries)
      .innerJoin(products, eq(products.id, catalogueEntries.productId)).where(eq(products.slug, EXPIRED));
    expect(entry?.stars).toBeNull();
    // A product whose certificate is valid through today, as the entry was built yesterday-for-today...
    const [valid] = await t.db.select({ id: products.id, stars: products.ocopStars }).from(products)
      .innerJoin(catalogueEntries, eq(catalogueEntries.productId, products.id))
      .where(sql`${products.ocopStars} is not null and ${products.slug} <> ${EXPIRED}`).limit(1);
    expect(valid).toBeDefined();
    await t.db.update(products).set({ ocopIssuedOn: addDays(today, -400), ocopExpiresOn: today }).where(eq(products.id, valid!.id));
    const [kept] = await t.db.select({ stars: catalogueEntries.ocopStars, until: catalogueEntries.ocopStarsUntil }).from(catalogueEntries).where(eq(catalogueEntries.productId, valid!.id));
    expect(kept).toEqual({ stars: valid!.stars, until: today });
    expect((await search(`stars=${valid!.stars}`, today)).items.map((i) => i.productId)).toContain(valid!.id);
    // The filter does not wait for a rebuild: the day after, the entry no longer matches.
    expect((await search(`stars=${valid!.stars}`, addDays(today, 1))).items.map((i) => i.productId)).not.toContain(valid!.id);
    expect(await sweepCatalogueStars(t.db)).toBe(0);
    // An entry left with stars that are no longer today's (as one built yesterday is after midnight) is rebuilt.
    await t.db.execute(sql`alter table products disable trigger products_catalogue_update`);
    await t.db.update(products).set({ ocopIssuedOn: addDays(today, -401), ocopExpiresOn: addDays(today, -1) }).where(eq(products.id, valid!.id));
    await t.db.execute(sql`alter table products enable trigger products_catalogue_update`);
    expect(await sweepCatalogueStars(t.db)).toBe(1);
    const [swept] = await t.db.select({ stars: catalogueEntries.ocopStars }).from(catalogueEntries).where(eq(catalogueEntries.productId, valid!.id));
    expect(swept?.stars).toBeNull();
    expect(await sweepCatalogueStars(t.db)).toBe(0);
  });
});

describe("the catalogue's pages", () => {
  it("product page: no stars and the reason once the certificate expired; the lot table has the use-by date", async () => {
    const lapsed = await getProductPage(t.db, EXPIRED, 10, "2026-11-25");
    expect(lapsed?.product.ocopStars).toBeNull();
    expect(lapsed?.ocop).toEqual({ kind: "expired", recordedStars: 3, expiredOn: "2026-06-15" });
    const certified = await getProductPage(t.db, EXPIRED, 10, "2026-01-10");
    expect(certified?.product.ocopStars).toBe(3);
    expect(certified?.ocop.kind).toBe("certified");
    expect(lapsed?.batches.every((b) => "expiresOn" in b)).toBe(true);
  });

  it("home figures and featured cards count only valid certificates", async () => {
    const today = "2026-11-25";
    const stats = await getCatalogStats(t.db, today);
    const [{ n }] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from products p join organisations o on o.id = p.organisation_id
      where p.kind = 'finished' and p.status = 'active' and o.status = 'active' and o.kind in ('cooperative', 'cooperative_group', 'enterprise', 'household_business')
        and p.ocop_stars is not null and ${today}::date between p.ocop_issued_on and p.ocop_expires_on`)) as [{ n: number }];
    expect(stats.ocopProducts).toBe(n);
    const [{ recorded }] = rowsOf<{ recorded: number }>(await t.db.execute(sql`select count(*)::int as recorded from products p where p.kind = 'finished' and p.status = 'active' and p.ocop_stars is not null`)) as [{ recorded: number }];
    expect(stats.ocopProducts).toBeLessThan(recorded);
    for (const card of await listFeaturedProducts(t.db, 50, today)) {
      if (card.slug === EXPIRED) expect(card.ocopStars).toBeNull();
    }
  });
});

describe("labels", () => {
  it("print stars only while the certificate is valid on the day of printing", async () => {
    const lot = (condition: ReturnType<typeof sql>) =>
      t.db.select({ id: batches.id, organisationId: batches.organisationId, stars: products.ocopStars })
        .from(batches).innerJoin(products, eq(products.id, batches.productId)).where(condition).limit(1).then((rows) => rows[0]!);
    const lapsed = await lot(sql`${products.slug} = ${EXPIRED}`);
    const valid = await lot(sql`ocop_today() between ${products.ocopIssuedOn} and ${products.ocopExpiresOn}`);
    expect((await getLabelBatch(t.db, lapsed.organisationId, lapsed.id))?.ocopStars).toBeNull();
    expect((await getLabelBatch(t.db, valid.organisationId, valid.id))?.ocopStars).toBe(valid.stars);
    expect(valid.stars).not.toBeNull();
  });
});
