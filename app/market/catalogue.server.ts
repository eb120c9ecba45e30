import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { producerKinds } from "~/catalog/catalog.server";
import { uploadUrl } from "~/storage/storage.server";
import { CATALOGUE_PAGE_SIZE, type CatalogueQuery } from "./catalogue-query";
import { sellableBatchCondition } from "./listings.server";
import { foldSearchText, searchWords, toPrefixTsQuery } from "./search-text";

/**
 * The storefront catalogue: listed products of active producers, searched with PostgreSQL's own
 * text search over `products.search_vector` (diacritics folded by ocop_fold, names weighted A) plus
 * the producer's name, filtered, sorted and paged. See docs/decisions/0006-storefront-catalogue.md.
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
  total: number;
  page: number;
  pageCount: number;
}

const PRODUCER_KINDS = sql.join(
  producerKinds.map((k) => sql`${k}`),
  sql`, `,
);

/** The producer's searchable name (Vietnamese and English), folded like the product document (ocop_fold). */
function producerSearchText(name: string, nameEn: string | null): string {
  return foldSearchText(`${name} ${nameEn ?? ""}`);
}

/**
 * Producers whose name may match a word of the query, with their folded names. Folding runs here,
 * not in SQL: ocop_fold() costs tens of microseconds a row (normalize()), which per search over every
 * producer (and worse, per product) was most of the query's time. This is only a first sieve (a
 * word inside the name); the database decides the match on the names' tsvectors.
 */
async function producersNamed(db: Database, words: string[]): Promise<{ ids: string[]; texts: string[] }> {
  const result = await db.execute(sql`select o.id, o.name, o.name_en from organisations o where o.status = 'active' and o.kind in (${PRODUCER_KINDS})`);
  const ids: string[] = [];
  const texts: string[] = [];
  for (const o of rowsOf<{ id: string; name: string; name_en: string | null }>(result)) {
    const text = producerSearchText(o.name, o.name_en);
    if (words.some((w) => text.includes(w))) {
      ids.push(o.id);
      texts.push(text);
    }
  }
  return { ids, texts };
}

function stockExists(today: string): SQL {
  return sql`exists (select 1 from batch_stock bs join batches on batches.id = bs.batch_id
    where bs.product_id = p.id and bs.units_available > 0 and ${sellableBatchCondition(today)})`;
}

function orderBy(query: CatalogueQuery, searching: boolean): SQL {
  switch (query.sort) {
    case "price_asc":
      return sql`l.price_vnd asc, p.id`;
    case "price_desc":
      return sql`l.price_vnd desc, p.id`;
    case "newest":
      return sql`l.listed_at desc, p.id`;
    case "stars":
      return sql`p.ocop_stars desc nulls last, p.is_featured desc, p.name_vi, p.id`;
    case "relevance":
      return searching
        ? sql`rank desc, p.ocop_stars desc nulls last, p.is_featured desc, p.name_vi, p.id`
        : sql`p.is_featured desc, p.ocop_stars desc nulls last, l.listed_at desc, p.id`;
  }
}

/**
 * One page of the catalogue. Every word of `q` must match (the last one as a prefix, for typing),
 * in the product's names, category or descriptions or in the producer's name.
 */
export async function searchCatalogue(db: Database, query: CatalogueQuery, today: string): Promise<CatalogueResult> {
  const tsquery = toPrefixTsQuery(query.q);
  const conditions: SQL[] = [
    sql`l.status = 'listed'`,
    sql`p.status = 'active'`,
    sql`p.kind = 'finished'`,
    sql`o.status = 'active'`,
    sql`o.kind in (${PRODUCER_KINDS})`,
  ];
  if (query.category) conditions.push(sql`p.category = ${query.category}`);
  if (query.group) conditions.push(sql`p.ocop_group = ${query.group}`);
  if (query.stars) conditions.push(sql`p.ocop_stars >= ${query.stars}`);
  if (query.commune) conditions.push(sql`o.commune_id = ${query.commune}`);
  if (query.coop) conditions.push(sql`o.slug = ${query.coop}`);
  if (query.minPrice !== null) conditions.push(sql`l.price_vnd >= ${query.minPrice}`);
  if (query.maxPrice !== null) conditions.push(sql`l.price_vnd <= ${query.maxPrice}`);
  if (query.inStock) conditions.push(stockExists(today));

  const offset = (query.page - 1) * CATALOGUE_PAGE_SIZE;
  // With words to look for, the matches come first: products whose own document matches (GIN index),
  // then products of producers named by the query whose document with the producer's name matches.
  let withClause = sql``;
  let source = sql`listings l`;
  let rank = sql`0`;
  if (tsquery) {
    const named = await producersNamed(db, searchWords(query.q));
    const byProducer =
      named.ids.length === 0
        ? sql``
        : sql`, org_hits as (select v.id, v.vec from (select x.id, setweight(to_tsvector('simple', x.t), 'B') as vec
              from unnest(array[${sql.join(
                named.ids.map((id) => sql`${id}`),
                sql`, `,
              )}]::uuid[], array[${sql.join(
                named.texts.map((t) => sql`${t}`),
                sql`, `,
              )}]::text[]) as x(id, t)) v
            where v.vec @@ (select any_tq from qry))`;
    const producerHits =
      named.ids.length === 0
        ? sql``
        : sql` union all select p.id, p.search_vector || h.vec from products p join org_hits h on h.id = p.organisation_id
            where not (p.search_vector @@ (select tq from qry)) and (p.search_vector || h.vec) @@ (select tq from qry)`;
    withClause = sql`with qry as (select to_tsquery('simple', ${tsquery}) as tq, to_tsquery('simple', ${tsquery.replace(/ & /g, " | ")}) as any_tq)${byProducer},
      hits as (select p.id, p.search_vector as doc from products p where p.search_vector @@ (select tq from qry)${producerHits}) `;
    source = sql`hits h join listings l on l.product_id = h.id`;
    rank = sql`ts_rank(h.doc, (select tq from qry))`;
  }

  // The page is chosen on narrow rows first; names, photos and places are read for its 24 rows only.
  const pageCte = sql`page as (select p.id, ${rank} as rank, count(*) over () as total
    from ${source}
    join products p on p.id = l.product_id
    join organisations o on o.id = p.organisation_id
    where ${sql.join(conditions, sql` and `)}
    order by ${orderBy(query, tsquery !== null)}
    limit ${CATALOGUE_PAGE_SIZE} offset ${offset})`;
  const result = await db.execute(sql`${tsquery ? sql`${withClause}, ${pageCte}` : sql`with ${pageCte}`}
    select p.id, p.slug, p.name_vi, p.name_en, p.category, p.ocop_group, p.ocop_stars, p.unit_vi, p.unit_en, p.is_demo,
      l.price_vnd, o.slug as org_slug, o.name as org_name, o.name_en as org_name_en, c.name_vi as commune_name,
      (select pp.storage_key from product_photos pp where pp.product_id = p.id order by pp.position limit 1) as photo_key,
      pg.rank as rank, pg.total
    from page pg
    join products p on p.id = pg.id
    join listings l on l.product_id = p.id
    join organisations o on o.id = p.organisation_id
    left join communes c on c.id = o.commune_id
    order by ${orderBy(query, tsquery !== null)}`);
  const rows = rowsOf<{
    id: string;
    slug: string;
    name_vi: string;
    name_en: string | null;
    category: string;
    ocop_group: string | null;
    ocop_stars: number | null;
    unit_vi: string;
    unit_en: string;
    is_demo: boolean;
    price_vnd: string | number;
    org_slug: string;
    org_name: string;
    org_name_en: string | null;
    commune_name: string | null;
    photo_key: string | null;
    total: string | number;
  }>(result);

  let total = rows[0] ? Number(rows[0].total) : 0;
  if (rows.length === 0 && query.page > 1) {
    // A page past the end: count the matches so the page can offer the last real one.
    const counted = await db.execute(sql`${withClause} select count(*) as n from ${source} join products p on p.id = l.product_id
      join organisations o on o.id = p.organisation_id where ${sql.join(conditions, sql` and `)}`);
    total = Number(rowsOf<{ n: string | number }>(counted)[0]?.n ?? 0);
  }
  const stock = await sumSellableUnits(
    db,
    rows.map((r) => r.id),
    today,
  );
  return {
    items: rows.map((r) => ({
      productId: r.id,
      slug: r.slug,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      category: r.category,
      ocopGroup: r.ocop_group,
      ocopStars: r.ocop_stars === null ? null : Number(r.ocop_stars),
      unitVi: r.unit_vi,
      unitEn: r.unit_en,
      priceVnd: Number(r.price_vnd),
      organisationSlug: r.org_slug,
      organisationName: r.org_name,
      organisationNameEn: r.org_name_en,
      communeName: r.commune_name,
      photoUrl: r.photo_key ? uploadUrl(r.photo_key) : null,
      unitsAvailable: stock.get(r.id) ?? 0,
      isDemo: r.is_demo,
    })),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / CATALOGUE_PAGE_SIZE)),
  };
}

/** Units available in sellable batches, per product (the listing's own state is checked by the caller). */
async function sumSellableUnits(db: Database, productIds: string[], today: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (productIds.length === 0) return out;
  const result = await db.execute(sql`select bs.product_id, sum(bs.units_available) as units
    from batch_stock bs join batches on batches.id = bs.batch_id
    where bs.product_id in (${sql.join(
      productIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) and ${sellableBatchCondition(today)}
    group by bs.product_id`);
  for (const r of rowsOf<{ product_id: string; units: string | number }>(result)) out.set(r.product_id, Number(r.units));
  return out;
}

// --- filter choices -------------------------------------------------------------------------

export interface CatalogueFilterOptions {
  communes: { id: number; name: string }[];
  cooperatives: { slug: string; name: string; nameEn: string | null }[];
}

/** Communes and producers that have at least one listed product: the choices of the filter form. */
export async function getCatalogueFilterOptions(db: Database): Promise<CatalogueFilterOptions> {
  const result = await db.execute(sql`select o.slug, o.name, o.name_en, c.id as commune_id, c.name_vi as commune_name
    from organisations o left join communes c on c.id = o.commune_id
    where o.status = 'active' and o.kind in (${PRODUCER_KINDS})
      and exists (select 1 from listings l join products p on p.id = l.product_id
        where l.organisation_id = o.id and l.status = 'listed' and p.status = 'active')
    order by o.name`);
  const rows = rowsOf<{ slug: string; name: string; name_en: string | null; commune_id: number | null; commune_name: string | null }>(result);
  const communes = new Map<number, string>();
  for (const r of rows) if (r.commune_id !== null && r.commune_name) communes.set(Number(r.commune_id), r.commune_name);
  return {
    cooperatives: rows.map((r) => ({ slug: r.slug, name: r.name, nameEn: r.name_en })),
    communes: [...communes].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "vi")),
  };
}

// --- the product page -----------------------------------------------------------------------

export interface ProductOffer {
  productId: string;
  priceVnd: number;
  maxPerOrder: number | null;
  unitsAvailable: number;
  /** Batches with units on sale, first-expiring first: what a buyer may receive, each with its origin page. */
  batches: { shortCode: string; lotCode: string; producedOn: string; sellUntil: string | null; unitsAvailable: number }[];
}

/** What the storefront offers of a product: null when it is not listed (or paused, or its producer is not active). */
export async function getProductOffer(db: Database, slug: string, today: string): Promise<ProductOffer | null> {
  const result = await db.execute(sql`select p.id, l.price_vnd, l.max_per_order
    from products p join listings l on l.product_id = p.id join organisations o on o.id = p.organisation_id
    where p.slug = ${slug} and l.status = 'listed' and p.status = 'active' and p.kind = 'finished' and o.status = 'active'`);
  const row = rowsOf<{ id: string; price_vnd: string | number; max_per_order: number | null }>(result)[0];
  if (!row) return null;
  const lots = await db.execute(sql`select batches.short_code, batches.lot_code, batches.produced_on::text as produced_on,
      coalesce(batches.expires_on, batches.best_before)::text as sell_until, bs.units_available
    from batch_stock bs join batches on batches.id = bs.batch_id
    where bs.product_id = ${row.id} and bs.units_available > 0 and ${sellableBatchCondition(today)}
    order by coalesce(batches.expires_on, batches.best_before) asc nulls last, batches.produced_on, batches.lot_code`);
  const batchRows = rowsOf<{ short_code: string; lot_code: string; produced_on: string; sell_until: string | null; units_available: number }>(lots).map((b) => ({
    shortCode: b.short_code,
    lotCode: b.lot_code,
    producedOn: b.produced_on,
    sellUntil: b.sell_until,
    unitsAvailable: Number(b.units_available),
  }));
  return {
    productId: row.id,
    priceVnd: Number(row.price_vnd),
    maxPerOrder: row.max_per_order === null ? null : Number(row.max_per_order),
    unitsAvailable: batchRows.reduce((n, b) => n + b.unitsAvailable, 0),
    batches: batchRows,
  };
}
