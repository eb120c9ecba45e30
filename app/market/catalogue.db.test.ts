import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { seedDemoData } from "#db/seed";
import { batches, batchStock, communes, listings, organisations, products } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { CATALOGUE_COUNT_CAP, CATALOGUE_PAGE_SIZE, parseCatalogueQuery, type CatalogueQuery } from "./catalogue-query";
import {
  getCataloguePage,
  getCatalogueFilterOptions,
  getCatalogueStamp,
  getProductListing,
  getProductOffer,
  getPublicCataloguePage,
  getPublicProductListing,
  PUBLIC_READ_TTL_MS,
  searchCatalogue,
} from "./catalogue.server";
import { foldSearchText } from "./search-text";

const TODAY = "2026-11-25";
let t: TestDatabase;

const query = (qs: string): CatalogueQuery => parseCatalogueQuery(new URLSearchParams(qs));
const slugs = async (qs: string) => (await searchCatalogue(t.db, query(qs), TODAY)).items.map((i) => i.slug);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await t?.dispose();
});

describe("foldSearchText agrees with SQL ocop_fold", () => {
  const letters =
    "aàáạảãâầấậẩẫăằắặẳẵeèéẹẻẽêềếệểễiìíịỉĩoòóọỏõôồốộổỗơờớợởỡuùúụủũưừứựửữyỳýỵỷỹdđ";
  const all = [...letters, ...letters.toUpperCase()].join("") + "bcfghjklmnpqrstvwxzBCFGHJKLMNPQRSTVWXZ 0123456789-–★";

  it("on every Vietnamese letter, upper and lower case, composed and decomposed", async () => {
    for (const input of [all, all.normalize("NFD"), "Trà Tân Cương".normalize("NFD")]) {
      const result = await t.db.execute(sql`select ocop_fold(${input}) as folded`);
      const folded = rowsOf<{ folded: string }>(result)[0]!.folded;
      expect(foldSearchText(input)).toBe(folded);
    }
    // One by one too, so a mismatch names its letter.
    const chars = [...all];
    const result = await t.db.execute(sql`select ocop_fold(c) as folded from unnest(${sql.raw(`array[${chars.map((c) => `'${c}'`).join(",")}]`)}::text[]) with ordinality as u(c, i) order by i`);
    const folded = rowsOf<{ folded: string }>(result).map((r) => r.folded);
    expect(chars.map(foldSearchText)).toEqual(folded);
  });
});

describe("catalogue search", () => {
  it("ignores diacritics and case", async () => {
    const found = await slugs("q=tra+tan+cuong");
    expect(found.length).toBeGreaterThan(0);
    expect(found).toContain("tra-xanh-tan-cuong-tui-loc");
    expect(await slugs("q=TRÀ TÂN CƯƠNG")).toEqual(found);
  });

  it("matches the last word as a prefix while typing", async () => {
    expect(await slugs("q=mat+on")).toContain("mat-ong-rung-ba-be");
    expect(await slugs("q=mat+ong+rung+zzq")).toEqual([]);
  });

  it("finds products by their cooperative's name, mixed with product words", async () => {
    const byCoop = await slugs("q=suoi+kem");
    expect(byCoop.length).toBeGreaterThan(0);
    const [suoiKem] = await t.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, "htx-che-suoi-kem-la-bang"));
    const own = (await t.db.select({ slug: products.slug }).from(products).where(eq(products.organisationId, suoiKem!.id))).map((p) => p.slug);
    for (const s of byCoop) expect(own).toContain(s);
    expect(await slugs("q=moc+cau+suoi+kem")).toEqual(["che-la-bang-moc-cau"]);
  });

  it("ranks name matches above description-only matches", async () => {
    const found = await slugs("q=che");
    const ranked = found.slice(0, 3);
    const names = await t.db.select({ slug: products.slug, nameVi: products.nameVi }).from(products);
    for (const s of ranked) expect(foldSearchText(names.find((n) => n.slug === s)!.nameVi)).toMatch(/\bche\b/);
  });

  it("filters by category, OCOP group and stars, commune, cooperative, price and stock", async () => {
    const rice = await searchCatalogue(t.db, query("category=rice"), TODAY);
    expect(rice.items.length).toBeGreaterThan(0);
    expect(rice.items.every((i) => i.category === "rice")).toBe(true);
    const five = await searchCatalogue(t.db, query("stars=5"), TODAY);
    expect(five.items.every((i) => i.ocopStars === 5)).toBe(true);
    const fourUp = await searchCatalogue(t.db, query("stars=4"), TODAY);
    expect(fourUp.items.every((i) => (i.ocopStars ?? 0) >= 4)).toBe(true);
    expect(fourUp.total).toBeGreaterThan(five.total);
    const bev = await searchCatalogue(t.db, query("group=beverage"), TODAY);
    expect(bev.items.every((i) => i.ocopGroup === "beverage")).toBe(true);
    const coop = await searchCatalogue(t.db, query("coop=htx-che-tan-cuong-xanh"), TODAY);
    expect(coop.items.every((i) => i.organisationSlug === "htx-che-tan-cuong-xanh")).toBe(true);
    const options = await getCatalogueFilterOptions(t.db);
    const commune = options.communes[0]!;
    const inCommune = await searchCatalogue(t.db, query(`commune=${commune.id}`), TODAY);
    expect(inCommune.items.length).toBeGreaterThan(0);
    expect(inCommune.items.every((i) => i.communeName === commune.name)).toBe(true);
    const priced = await searchCatalogue(t.db, query("min=100000&max=200000"), TODAY);
    expect(priced.items.length).toBeGreaterThan(0);
    expect(priced.items.every((i) => i.priceVnd >= 100_000 && i.priceVnd <= 200_000)).toBe(true);
    const inStock = await searchCatalogue(t.db, query("stock=1"), TODAY);
    const everything = await searchCatalogue(t.db, query(""), TODAY);
    expect(inStock.items.every((i) => i.unitsAvailable > 0)).toBe(true);
    expect(everything.items.some((i) => i.unitsAvailable === 0)).toBe(true);
    expect(inStock.total).toBeLessThan(everything.total);
  });

  it("sorts by price, stars and newest", async () => {
    const asc = (await searchCatalogue(t.db, query("sort=price_asc"), TODAY)).items.map((i) => i.priceVnd);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await searchCatalogue(t.db, query("sort=price_desc"), TODAY)).items.map((i) => i.priceVnd);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const stars = (await searchCatalogue(t.db, query("sort=stars"), TODAY)).items.map((i) => i.ocopStars ?? 0);
    expect(stars).toEqual([...stars].sort((a, b) => b - a));
    const [newest] = await t.db.select({ id: listings.productId }).from(listings).limit(1);
    await t.db.update(listings).set({ listedAt: new Date("2030-01-01T00:00:00Z") }).where(eq(listings.productId, newest!.id));
    expect((await searchCatalogue(t.db, query("sort=newest"), TODAY)).items[0]!.productId).toBe(newest!.id);
  });

  it("pages without overlap and reports the total", async () => {
    const products_ = Array.from({ length: 30 }, (_, i) => i);
    const [org] = await t.db.select().from(organisations).where(eq(organisations.slug, "htx-na-vo-nhai"));
    const created = await t.db
      .insert(products)
      .values(products_.map((i) => ({ organisationId: org!.id, slug: `banh-thu-${i}`, nameVi: `Bánh thử trang ${i}`, category: "other", unitVi: "hộp", unitEn: "box" })))
      .returning({ id: products.id });
    await t.db.insert(listings).values(created.map((p, i) => ({ productId: p.id, organisationId: org!.id, priceVnd: 10_000 + i })));
    const first = await searchCatalogue(t.db, query("q=banh+thu&sort=price_asc"), TODAY);
    const second = await searchCatalogue(t.db, query("q=banh+thu&sort=price_asc&page=2"), TODAY);
    expect(first.total).toBe(30);
    expect(first.pageCount).toBe(2);
    expect(first.items).toHaveLength(CATALOGUE_PAGE_SIZE);
    expect(second.items).toHaveLength(30 - CATALOGUE_PAGE_SIZE);
    expect(new Set([...first.items, ...second.items].map((i) => i.slug)).size).toBe(30);
    const beyond = await searchCatalogue(t.db, query("q=banh+thu&page=9"), TODAY);
    expect(beyond.items).toHaveLength(0);
    expect(beyond.total).toBe(30);
  });

  it("hides paused listings, suspended cooperatives, retired products and unlisted ones", async () => {
    const id = (await t.db.select({ id: products.id }).from(products).where(eq(products.slug, "mat-ong-rung-ba-be")))[0]!.id;
    expect(await slugs("q=mat+ong")).toContain("mat-ong-rung-ba-be");
    await t.db.update(listings).set({ status: "paused" }).where(eq(listings.productId, id));
    expect(await slugs("q=mat+ong")).not.toContain("mat-ong-rung-ba-be");
    await t.db.update(listings).set({ status: "listed" }).where(eq(listings.productId, id));
    await t.db.update(organisations).set({ status: "suspended" }).where(eq(organisations.slug, "htx-mat-ong-ba-be"));
    expect(await slugs("q=mat+ong")).not.toContain("mat-ong-rung-ba-be");
    expect(await getProductOffer(t.db, "mat-ong-rung-ba-be", TODAY)).toBeNull();
    await t.db.update(organisations).set({ status: "active" }).where(eq(organisations.slug, "htx-mat-ong-ba-be"));
    await t.db.update(products).set({ status: "retired" }).where(eq(products.id, id));
    expect(await slugs("q=mat+ong")).not.toContain("mat-ong-rung-ba-be");
    await t.db.update(products).set({ status: "active" }).where(eq(products.id, id));
    expect(await slugs("q=che+bup+tuoi")).not.toContain("che-bup-tuoi-tan-cuong");
  });

  it("keeps \"in stock\" in step with sales, restocking, batch status and sell-by dates", async () => {
    const [product] = await t.db.select({ id: products.id }).from(products).where(eq(products.slug, "mat-ong-rung-ba-be"));
    const inStock = async (today = TODAY) => (await searchCatalogue(t.db, query("q=mat+ong+rung&stock=1"), today)).items.map((i) => i.slug);
    const stock = await t.db.select().from(batchStock).where(eq(batchStock.productId, product!.id));
    expect(stock.some((s) => s.unitsAvailable > 0)).toBe(true);
    expect(await inStock()).toContain("mat-ong-rung-ba-be");
    // Sold out: every batch at 0.
    await t.db.update(batchStock).set({ unitsAvailable: 0 }).where(eq(batchStock.productId, product!.id));
    expect(await inStock()).not.toContain("mat-ong-rung-ba-be");
    expect(await slugs("q=mat+ong+rung")).toContain("mat-ong-rung-ba-be");
    // One batch comes back, then is withdrawn, then expires.
    const [first] = stock;
    const [firstBatch] = await t.db.select().from(batches).where(eq(batches.id, first!.batchId));
    await t.db.update(batchStock).set({ unitsAvailable: 3 }).where(eq(batchStock.batchId, first!.batchId));
    expect(await inStock()).toContain("mat-ong-rung-ba-be");
    await t.db.update(batches).set({ status: "withdrawn" }).where(eq(batches.id, first!.batchId));
    expect(await inStock()).not.toContain("mat-ong-rung-ba-be");
    await t.db.update(batches).set({ status: "active", expiresOn: "2026-12-31" }).where(eq(batches.id, first!.batchId));
    expect(await inStock("2026-12-31")).toContain("mat-ong-rung-ba-be");
    expect(await inStock("2027-01-01")).not.toContain("mat-ong-rung-ba-be");
    for (const s of stock) {
      await t.db.update(batchStock).set({ unitsAvailable: s.unitsAvailable }).where(eq(batchStock.batchId, s.batchId));
    }
    await t.db.update(batches).set({ expiresOn: firstBatch!.expiresOn }).where(eq(batches.id, first!.batchId));
    expect(await inStock()).toContain("mat-ong-rung-ba-be");
  });

  it("follows edits of products, prices and producers, and refreshes the filter choices", async () => {
    const [org] = await t.db.select().from(organisations).where(eq(organisations.slug, "htx-na-vo-nhai"));
    const before = await getCatalogueFilterOptions(t.db);
    const [p] = await t.db
      .insert(products)
      .values({ organisationId: org!.id, slug: "keo-lac-thu", nameVi: "Kẹo lạc thử", category: "other", unitVi: "gói", unitEn: "pack" })
      .returning({ id: products.id });
    await t.db.insert(listings).values({ productId: p!.id, organisationId: org!.id, priceVnd: 25_000 });
    const found = await searchCatalogue(t.db, query("q=keo+lac+thu"), TODAY);
    expect(found.items.map((i) => [i.slug, i.priceVnd])).toEqual([["keo-lac-thu", 25_000]]);
    await t.db.update(listings).set({ priceVnd: 27_000 }).where(eq(listings.productId, p!.id));
    await t.db.update(products).set({ nameVi: "Kẹo dồi thử" }).where(eq(products.id, p!.id));
    expect(await slugs("q=keo+lac+thu")).toEqual([]);
    expect((await searchCatalogue(t.db, query("q=keo+doi"), TODAY)).items.map((i) => [i.slug, i.priceVnd])).toEqual([["keo-lac-thu", 27_000]]);
    // The producer is renamed: its new name finds the product, and the filter choices show it.
    await t.db.update(organisations).set({ name: "HTX Kẹo Quế Thử" }).where(eq(organisations.id, org!.id));
    expect(await slugs("q=keo+que+thu")).toContain("keo-lac-thu");
    const after = await getCatalogueFilterOptions(t.db);
    expect(after.cooperatives.find((c) => c.slug === "htx-na-vo-nhai")?.name).toBe("HTX Kẹo Quế Thử");
    expect(before.cooperatives.find((c) => c.slug === "htx-na-vo-nhai")?.name).toBe(org!.name);
    await t.db.update(organisations).set({ name: org!.name }).where(eq(organisations.id, org!.id));
    // A commune of the filter is renamed (an administrative change): the choices show the new name.
    const commune = after.communes[0]!;
    await t.db.update(communes).set({ nameVi: "Xã Đổi Tên Thử" }).where(eq(communes.id, commune.id));
    expect((await getCatalogueFilterOptions(t.db)).communes.find((c) => c.id === commune.id)?.name).toBe("Xã Đổi Tên Thử");
    await t.db.update(communes).set({ nameVi: commune.name }).where(eq(communes.id, commune.id));
    expect((await getCatalogueFilterOptions(t.db)).communes.find((c) => c.id === commune.id)?.name).toBe(commune.name);
    await t.db.delete(listings).where(eq(listings.productId, p!.id));
    expect(await slugs("q=keo+doi")).toEqual([]);
  });

  it("counts at most CATALOGUE_COUNT_CAP matches and pages only that far", async () => {
    const [org] = await t.db.select().from(organisations).where(eq(organisations.slug, "htx-na-vo-nhai"));
    const created = await t.db
      .insert(products)
      .values(
        Array.from({ length: CATALOGUE_COUNT_CAP + 5 }, (_, i) => ({
          organisationId: org!.id,
          slug: `banh-dem-${i}`,
          nameVi: `Bánh đếm ${i}`,
          category: "other",
          unitVi: "hộp",
          unitEn: "box",
        })),
      )
      .returning({ id: products.id });
    await t.db.insert(listings).values(created.map((p) => ({ productId: p.id, organisationId: org!.id, priceVnd: 10_000 })));
    const first = await searchCatalogue(t.db, query("q=banh+dem"), TODAY);
    expect(first.total).toBe(CATALOGUE_COUNT_CAP);
    expect(first.totalCapped).toBe(true);
    expect(first.pageCount).toBe(Math.ceil(CATALOGUE_COUNT_CAP / CATALOGUE_PAGE_SIZE));
    const exact = await searchCatalogue(t.db, query("q=banh+dem+100"), TODAY);
    expect(exact.totalCapped).toBe(false);
    await t.db.delete(listings).where(sql`${listings.productId} in (select id from products where slug like 'banh-dem-%')`);
    await t.db.delete(products).where(sql`${products.slug} like 'banh-dem-%'`);
  });

  it("gives the product page its price, stock and the batches on sale with their origin codes", async () => {
    const offer = await getProductOffer(t.db, "che-tan-cuong-dac-biet", TODAY);
    expect(offer).not.toBeNull();
    expect(offer!.priceVnd).toBe(450_000);
    const stock = await t.db
      .select({ units: batchStock.unitsAvailable, shortCode: batches.shortCode })
      .from(batchStock)
      .innerJoin(batches, eq(batches.id, batchStock.batchId))
      .where(eq(batchStock.productId, offer!.productId));
    expect(offer!.unitsAvailable).toBe(stock.reduce((n, s) => n + s.units, 0));
    expect(offer!.batches.map((b) => b.shortCode).sort()).toEqual(stock.filter((s) => s.units > 0).map((s) => s.shortCode).sort());
    expect(await getProductOffer(t.db, "che-bup-tuoi-tan-cuong", TODAY)).toBeNull();
  });

  it("reads a product page and its offer in one go, and shares them for a second with visitors not signed in", async () => {
    const slug = "che-tan-cuong-dac-biet";
    const fresh = await getProductListing(t.db, slug, TODAY);
    expect(fresh.page?.product.slug).toBe(slug);
    expect(fresh.offer).toEqual(await getProductOffer(t.db, slug, TODAY));
    const at = Date.now();
    const kept = await getPublicProductListing(t.db, slug, TODAY, at);
    expect(kept).toEqual(fresh);
    const [listing] = await t.db.select().from(listings).where(eq(listings.productId, fresh.offer!.productId));
    await t.db.update(listings).set({ priceVnd: 455_000 }).where(eq(listings.productId, listing!.productId));
    try {
      // Within the second: the shared copy; a signed-in read sees the new price at once.
      expect((await getPublicProductListing(t.db, slug, TODAY, at + PUBLIC_READ_TTL_MS - 1)).offer!.priceVnd).toBe(450_000);
      expect((await getProductListing(t.db, slug, TODAY)).offer!.priceVnd).toBe(455_000);
      // After it, read again; another day or product is never served from this copy.
      expect((await getPublicProductListing(t.db, slug, TODAY, at + PUBLIC_READ_TTL_MS)).offer!.priceVnd).toBe(455_000);
      expect((await getPublicProductListing(t.db, slug, "2026-11-26", at)).offer!.priceVnd).toBe(455_000);
      expect((await getPublicProductListing(t.db, "khong-co-san-pham-nay", TODAY, at)).page).toBeNull();
    } finally {
      await t.db.update(listings).set({ priceVnd: listing!.priceVnd }).where(eq(listings.productId, listing!.productId));
    }
  });
});

describe("result pages shared for a second by guests who are not served a kept copy", () => {
  it("give the same answer within the second, a fresh one after it, and never one query's answer for another", async () => {
    const q = query("q=che+tan+cuong&sort=price_asc");
    const at = Date.now();
    const first = await getPublicCataloguePage(t.db, q, TODAY, at);
    expect(first.result.items.length).toBeGreaterThan(0);
    const cheapest = first.result.items[0]!;
    const [listing] = await t.db.select().from(listings).where(eq(listings.productId, cheapest.productId));
    await t.db.update(listings).set({ priceVnd: cheapest.priceVnd + 1 }).where(eq(listings.productId, cheapest.productId));
    try {
      expect((await getPublicCataloguePage(t.db, q, TODAY, at + PUBLIC_READ_TTL_MS - 1)).result.items[0]!.priceVnd).toBe(cheapest.priceVnd);
      // Read afresh (as for signed-in people), after the second, or for another query or day.
      const price = (page: Awaited<ReturnType<typeof getCataloguePage>>) => page.result.items.find((i) => i.productId === cheapest.productId)?.priceVnd;
      expect(price(await getCataloguePage(t.db, q, TODAY))).toBe(cheapest.priceVnd + 1);
      expect(price(await getPublicCataloguePage(t.db, q, TODAY, at + PUBLIC_READ_TTL_MS))).toBe(cheapest.priceVnd + 1);
      expect(price(await getPublicCataloguePage(t.db, query("q=che+tan+cuong"), TODAY, at))).toBe(cheapest.priceVnd + 1);
      expect(price(await getPublicCataloguePage(t.db, q, "2026-11-26", at))).toBe(cheapest.priceVnd + 1);
    } finally {
      await t.db.update(listings).set({ priceVnd: listing!.priceVnd }).where(eq(listings.productId, cheapest.productId));
    }
  });
});

describe("the stamp a kept result page is checked against", () => {
  const pageOf = (qs: string, today = TODAY) => getCataloguePage(t.db, query(qs), today);
  const stampNow = async (qs: string, today = TODAY) => {
    const { stamp } = await pageOf(qs, today);
    return getCatalogueStamp(t.db, stamp.productIds, today);
  };

  it("is the one the search returned while nothing changes", async () => {
    for (const qs of ["", "q=tra+tan+cuong", "sort=price_asc&stock=1", "q=zzqx"]) {
      const { stamp, result } = await pageOf(qs);
      expect(stamp.productIds).toEqual(result.items.map((i) => i.productId));
      expect(await getCatalogueStamp(t.db, stamp.productIds, TODAY)).toBe(stamp.stamp);
    }
  });

  it("moves when a card on the page changes: a unit sold, a price, a name", async () => {
    const { stamp } = await pageOf("q=che+tan+cuong");
    const [first] = stamp.productIds;
    const recheck = () => getCatalogueStamp(t.db, stamp.productIds, TODAY);
    const [row] = await t.db.select().from(batchStock).where(sql`${batchStock.productId} = ${first} and ${batchStock.unitsAvailable} > 1`).limit(1);
    expect(row).toBeDefined();
    await t.db.update(batchStock).set({ unitsAvailable: row!.unitsAvailable - 1 }).where(eq(batchStock.batchId, row!.batchId));
    const afterSale = await recheck();
    expect(afterSale).not.toBe(stamp.stamp);
    // The same version: selling one unit of many moves only the cards' digest.
    expect(afterSale.split(":")[0]).toBe(stamp.stamp.split(":")[0]);
    await t.db.update(batchStock).set({ unitsAvailable: row!.unitsAvailable }).where(eq(batchStock.batchId, row!.batchId));
    expect(await recheck()).toBe(stamp.stamp);

    const [listing] = await t.db.select().from(listings).where(eq(listings.productId, first!));
    await t.db.update(listings).set({ priceVnd: listing!.priceVnd + 1_000 }).where(eq(listings.productId, first!));
    const afterPrice = await recheck();
    expect(afterPrice).not.toBe(stamp.stamp);
    await t.db.update(listings).set({ priceVnd: listing!.priceVnd }).where(eq(listings.productId, first!));
    // Entries are rebuilt on every listing edit: the version has moved, so the stamp stays new.
    expect(await recheck()).not.toBe(stamp.stamp);
    expect(await recheck()).toBe(await stampNow("q=che+tan+cuong"));
  });

  it("stays put when a product not on the page sells a unit, and moves when one runs out or comes back", async () => {
    const { stamp } = await pageOf("q=che+tan+cuong&stock=1");
    const [other] = await t.db
      .select({ productId: batchStock.productId, batchId: batchStock.batchId, units: batchStock.unitsAvailable })
      .from(batchStock)
      .where(sql`${batchStock.unitsAvailable} > 1 and ${batchStock.productId} <> all(${`{${stamp.productIds.join(",")}}`}::uuid[])`)
      .limit(1);
    expect(other).toBeDefined();
    await t.db.update(batchStock).set({ unitsAvailable: other!.units - 1 }).where(eq(batchStock.batchId, other!.batchId));
    expect(await getCatalogueStamp(t.db, stamp.productIds, TODAY)).toBe(stamp.stamp);

    // A page product sells out: its entry leaves the "in stock" results, and the version moves at commit.
    const [first] = stamp.productIds;
    const held = await t.db.select().from(batchStock).where(eq(batchStock.productId, first!));
    await t.db.update(batchStock).set({ unitsAvailable: 0 }).where(eq(batchStock.productId, first!));
    const soldOut = await getCatalogueStamp(t.db, stamp.productIds, TODAY);
    expect(soldOut.split(":")[0]).not.toBe(stamp.stamp.split(":")[0]);
    expect((await pageOf("q=che+tan+cuong&stock=1")).stamp.productIds).not.toContain(first);
    for (const h of held) await t.db.update(batchStock).set({ unitsAvailable: h.unitsAvailable }).where(eq(batchStock.batchId, h.batchId));
    const back = await getCatalogueStamp(t.db, stamp.productIds, TODAY);
    expect(back).not.toBe(soldOut);
    expect((await pageOf("q=che+tan+cuong&stock=1")).stamp.productIds).toContain(first);
    await t.db.update(batchStock).set({ unitsAvailable: other!.units }).where(eq(batchStock.batchId, other!.batchId));
  });

  it("moves when the version moves inside a transaction only at its commit", async () => {
    const { stamp } = await pageOf("");
    const [first] = stamp.productIds;
    const held = await t.db.select().from(batchStock).where(eq(batchStock.productId, first!));
    await t.db.transaction(async (tx) => {
      await tx.update(batchStock).set({ unitsAvailable: 0 }).where(eq(batchStock.productId, first!));
      const inside = rowsOf<{ version: string | number }>(await tx.execute(sql`select version from catalogue_state where id = 1`))[0]!.version;
      // Deferred to commit: inside the transaction the version has not moved yet.
      expect(String(inside)).toBe(stamp.stamp.split(":")[0]);
    });
    expect((await getCatalogueStamp(t.db, stamp.productIds, TODAY)).split(":")[0]).not.toBe(stamp.stamp.split(":")[0]);
    for (const h of held) await t.db.update(batchStock).set({ unitsAvailable: h.unitsAvailable }).where(eq(batchStock.batchId, h.batchId));
  });
});
