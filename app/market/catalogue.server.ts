import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { firstJson, rowsOf, uuidArray, type Database } from "#db/client.server";
import { productPageJson, productPageSql, readProductPage, type ProductPage } from "~/catalog/catalog.server";
import { uploadUrl } from "~/storage/storage.server";
import { canonicalSearch, CATALOGUE_COUNT_CAP, CATALOGUE_PAGE_SIZE, type CatalogueQuery } from "./catalogue-query";
import { sharedReads } from "./shared-reads";
import { toPrefixTsQuery } from "./search-text";

/** How long a page's data is shared by visitors who are not signed in (the kept /shop copies' freshness too). */
export const PUBLIC_READ_TTL_MS = 1_000;

/**
 * The storefront catalogue: listed products of active producers, searched with PostgreSQL's own
 * text search over `catalogue_entries.document` (the product's folded search_vector, names weighted A,
 * joined to its producer's name), filtered, sorted and paged in the database. See docs/decisions/0006-storefront-catalogue.md.
 */

export interface CatalogueCard {
  productId: string;
  slug: string;
  nameVi: string;
  nameEn: string | null;
  category: string;
  ocopGroup: string | null;
  ocopStars: number | null;
  unitVi: string;
  unitEn: string;
  priceVnd: number;
  organisationSlug: string;
  organisationName: string;
  organisationNameEn: string | null;
  communeName: string | null;
  photoUrl: string | null;
  unitsAvailable: number;
  isDemo: boolean;
}

export interface CatalogueResult {
  items: CatalogueCard[];
  /** Matches, counted up to CATALOGUE_COUNT_CAP: with `totalCapped`, there are more than this. */
  total: number;
  totalCapped: boolean;
  page: number;
  pageCount: number;
}

// The json of ocop_catalogue_search() (db/sql/catalogue_search.sql), checked where it enters the program (for
// visitors who are not signed in, once per shared read). Plain objects, no transforms: a page of cards parses in
// microseconds.
const searchPageJson = z.object({
  total: z.number(),
  version: z.number(),
  stamp: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      name_vi: z.string(),
      name_en: z.string().nullable(),
      category: z.string(),
      ocop_group: z.string().nullable(),
      ocop_stars: z.number().nullable(),
      unit_vi: z.string(),
      unit_en: z.string(),
      is_demo: z.boolean(),
      price_vnd: z.number(),
      org_slug: z.string(),
      org_name: z.string(),
      org_name_en: z.string().nullable(),
      commune_name: z.string().nullable(),
      photo_key: z.string().nullable(),
      units: z.number(),
    }),
  ),
});

/**
 * One page of the catalogue. Every word of `q` must match (the last one as a prefix, for typing),
 * in the product's names, category or descriptions or in the producer's name. One round trip to
 * `ocop_catalogue_search()` (db/sql/catalogue_search.sql), which reads the narrow `catalogue_entries` table and
 * keeps its plans for the session.
 */
export async function searchCatalogue(db: Database, query: CatalogueQuery, today: string): Promise<CatalogueResult> {
  const page = await searchCataloguePage(db, query, today);
  return page.result;
}

/**
 * What a rendered result page is checked against before it is served again from memory: the catalogue version
 * and a digest of the cards it shows (see `getCatalogueStamp`).
 */
export interface CataloguePageStamp {
  stamp: string;
  productIds: string[];
}

async function searchCataloguePage(
  db: Database,
  query: CatalogueQuery,
  today: string,
): Promise<{ result: CatalogueResult; version: number; stamp: CataloguePageStamp }> {
  const offset = (query.page - 1) * CATALOGUE_PAGE_SIZE;
  const result = await db.execute(sql`select ocop_catalogue_search(${toPrefixTsQuery(query.q)}, ${query.category}, ${query.group},
    ${query.stars}::int, ${query.commune}::int, ${query.coop}, ${query.minPrice}::bigint, ${query.maxPrice}::bigint, ${query.inStock},
    ${query.sort}, ${CATALOGUE_PAGE_SIZE}::int, ${offset}::int, ${CATALOGUE_COUNT_CAP}::int, ${today}::date) as page`);
  const page = firstJson(result, "page", searchPageJson);
  if (!page) throw new Error("ocop_catalogue_search returned nothing");
  // Counting every match of a broad search costs more than the page itself: past the cap, "more than".
  const totalCapped = page.total > CATALOGUE_COUNT_CAP;
  const total = Math.min(page.total, CATALOGUE_COUNT_CAP);
  return {
    version: page.version,
    stamp: { stamp: page.stamp, productIds: page.items.map((r) => r.id) },
    result: {
      items: page.items.map((r) => ({
        productId: r.id,
        slug: r.slug,
        nameVi: r.name_vi,
        nameEn: r.name_en,
        category: r.category,
        ocopGroup: r.ocop_group,
        ocopStars: r.ocop_stars,
        unitVi: r.unit_vi,
        unitEn: r.unit_en,
        priceVnd: r.price_vnd,
        organisationSlug: r.org_slug,
        organisationName: r.org_name,
        organisationNameEn: r.org_name_en,
        communeName: r.commune_name,
        photoUrl: r.photo_key ? uploadUrl(r.photo_key) : null,
        unitsAvailable: r.units,
        isDemo: r.is_demo,
      })),
      total,
      totalCapped,
      page: query.page,
      pageCount: Math.max(1, Math.ceil(total / CATALOGUE_PAGE_SIZE)),
    },
  };
}

// --- filter choices -------------------------------------------------------------------------

export interface CatalogueFilterOptions {
  communes: { id: number; name: string }[];
  cooperatives: { slug: string; name: string; nameEn: string | null }[];
}

const filterOptionsCache = new WeakMap<Database, { version: number; options: CatalogueFilterOptions }>();

async function catalogueVersion(db: Database): Promise<number> {
  const result = await db.execute(sql`select version from catalogue_state where id = 1`);
  return Number(rowsOf<{ version: string | number }>(result)[0]?.version ?? 0);
}

/**
 * Communes and producers that have at least one product on show: the choices of the filter form.
 * They change only when catalogue_entries do, so they are kept in memory until catalogue_state's
 * version moves (`version`, when the caller already has it, saves the look-up).
 */
export async function getCatalogueFilterOptions(db: Database, version?: number): Promise<CatalogueFilterOptions> {
  const current = version ?? (await catalogueVersion(db));
  const cached = filterOptionsCache.get(db);
  if (cached && cached.version === current) return cached.options;
  // Read after the version: what is cached is never older than the version it is filed under.
  const result = await db.execute(sql`select o.slug, o.name, o.name_en, c.id as commune_id, c.name_vi as commune_name
    from organisations o left join communes c on c.id = o.commune_id
    where exists (select 1 from catalogue_entries e where e.organisation_id = o.id)
    order by o.name`);
  const rows = rowsOf<{ slug: string; name: string; name_en: string | null; commune_id: number | null; commune_name: string | null }>(result);
  const communes = new Map<number, string>();
  for (const r of rows) if (r.commune_id !== null && r.commune_name) communes.set(Number(r.commune_id), r.commune_name);
  const options = {
    cooperatives: rows.map((r) => ({ slug: r.slug, name: r.name, nameEn: r.name_en })),
    communes: [...communes].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "vi")),
  };
  filterOptionsCache.set(db, { version: current, options });
  return options;
}

/**
 * What the /shop page shows: one page of results and the filter choices (usually from memory), with the page's
 * stamp. The filter choices follow the version, which is part of the stamp.
 */
export async function getCataloguePage(
  db: Database,
  query: CatalogueQuery,
  today: string,
): Promise<{ result: CatalogueResult; options: CatalogueFilterOptions; stamp: CataloguePageStamp }> {
  const page = await searchCataloguePage(db, query, today);
  return { result: page.result, options: await getCatalogueFilterOptions(db, page.version), stamp: page.stamp };
}

type CataloguePage = Awaited<ReturnType<typeof getCataloguePage>>;
const publicCataloguePages = sharedReads<CataloguePage>(PUBLIC_READ_TTL_MS, 2_000);

/**
 * A result page for a visitor who is not signed in but is not served a kept copy either (a guest with a cart or a
 * CSRF cookie): the same search's answer is shared for a second, like the product page's (decision 0013). Most of
 * such a page's cost was the search itself, on the database's core.
 */
export function getPublicCataloguePage(db: Database, query: CatalogueQuery, today: string, now: number = Date.now()): Promise<CataloguePage> {
  return publicCataloguePages.get(db, `${today}|${canonicalSearch(query)}`, () => getCataloguePage(db, query, today), now);
}

/**
 * The stamp of a result page showing these products, now: it differs from the one the page came with as soon as
 * anything the page shows may have changed (products on show or their order, a card's price, stock, name, photo or
 * producer). One call to `ocop_catalogue_stamp()` (db/sql/catalogue_search.sql), which builds the cards as the search does.
 */
export async function getCatalogueStamp(db: Database, productIds: readonly string[], today: string): Promise<string> {
  const result = await db.execute(sql`select ocop_catalogue_stamp(${uuidArray(productIds)}, ${today}::date) as stamp`);
  const stamp = rowsOf<{ stamp: string | null }>(result)[0]?.stamp;
  if (!stamp) throw new Error("ocop_catalogue_stamp returned nothing");
  return stamp;
}

// --- the product page -----------------------------------------------------------------------

// The json of ocop_product_offer() (db/sql/product_page.sql), checked where it enters the program.
const productOfferJson = z.object({
  productId: z.string(),
  priceVnd: z.number(),
  maxPerOrder: z.number().nullable(),
  /** Batches with units on sale, first-expiring first: what a buyer may receive, each with its origin page. */
  batches: z.array(
    z.object({ shortCode: z.string(), lotCode: z.string(), producedOn: z.string(), sellUntil: z.string().nullable(), unitsAvailable: z.number() }),
  ),
});

export type ProductOffer = z.infer<typeof productOfferJson> & { unitsAvailable: number };

/** What the storefront offers of a product: null when it is not listed (or paused, or its producer is not active). */
export async function getProductOffer(db: Database, slug: string, today: string): Promise<ProductOffer | null> {
  // One round trip to ocop_product_offer() (db/sql/product_page.sql).
  const result = await db.execute(sql`select ${productOfferSql(slug, today)} as offer`);
  return readProductOffer(firstJson(result, "offer", productOfferJson));
}

function productOfferSql(slug: string, today: string): SQL {
  return sql`ocop_product_offer(${slug}, ${today}::date)`;
}

function readProductOffer(offer: z.infer<typeof productOfferJson> | null): ProductOffer | null {
  if (!offer) return null;
  return { ...offer, unitsAvailable: offer.batches.reduce((n, b) => n + b.unitsAvailable, 0) };
}

/**
 * The storefront's product page: the product with its producer, lots and photos, and what is on sale of it, in
 * one statement (on PGlite every statement is a turn of the one connection: two were a quarter of the page's time).
 */
export async function getProductListing(db: Database, slug: string, today: string): Promise<ProductListing> {
  const result = await db.execute(sql`select ${productPageSql(slug)} as page, ${productOfferSql(slug, today)} as offer`);
  return {
    page: readProductPage(firstJson(result, "page", productPageJson), today),
    offer: readProductOffer(firstJson(result, "offer", productOfferJson)),
  };
}

export interface ProductListing {
  page: ProductPage | null;
  offer: ProductOffer | null;
}

const publicListings = sharedReads<ProductListing>(PUBLIC_READ_TTL_MS, 1_000);

/**
 * The same for a visitor who is not signed in: read at most once a second per product and day, and shared by the
 * requests of that second (decision 0013), so a product that many people open at once (a QR code on a shelf, a
 * shared link) costs the database one read a second. Signed-in people, cooperative managers checking their own
 * edits among them, read `getProductListing` and see every change at once. Checkout never trusts this: prices and
 * stock are read again inside the order's transaction.
 */
export function getPublicProductListing(db: Database, slug: string, today: string, now: number = Date.now()): Promise<ProductListing> {
  return publicListings.get(db, `${today}|${slug}`, () => getProductListing(db, slug, today), now);
}
