import { z } from "zod";
import { ocopGroups, productCategories } from "~/catalog/schema";
import { wholeVndDigits } from "~/lib/vnd";

/**
 * The storefront's search and filter parameters, read from a GET query string. Anything that does
 * not parse is dropped (a shared link with a stale filter still shows results), and `canonicalSearch`
 * writes the parameters back in one fixed order without defaults, so every result page has one URL.
 */

export const catalogueSorts = ["relevance", "price_asc", "price_desc", "newest", "stars"] as const;
export type CatalogueSort = (typeof catalogueSorts)[number];

export const CATALOGUE_PAGE_SIZE = 24;
/** Matches are counted up to this many (then "more than"); pages go as far as the count. */
export const CATALOGUE_COUNT_CAP = 1_000;
const MAX_PAGE = 500;
const MAX_PRICE = 1_000_000_000;

export interface CatalogueQuery {
  q: string;
  category: (typeof productCategories)[number] | null;
  group: (typeof ocopGroups)[number] | null;
  /** Minimum OCOP stars (3, 4 or 5). */
  stars: 3 | 4 | 5 | null;
  commune: number | null;
  coop: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean;
  sort: CatalogueSort;
  page: number;
}

/** The canonical order of the query string's parameters. */
const ORDER = ["q", "category", "group", "stars", "commune", "coop", "min", "max", "stock", "sort", "page"] as const;

const price = z
  .string()
  .trim()
  .transform((v) => wholeVndDigits(v) ?? "")
  .pipe(z.string().regex(/^\d{1,10}$/))
  .transform(Number)
  .pipe(z.number().int().min(0).max(MAX_PRICE));

const fields = {
  q: z
    .string()
    .transform((v) => v.replace(/\s+/g, " ").trim().slice(0, 100)),
  category: z.enum(productCategories),
  group: z.enum(ocopGroups),
  stars: z.enum(["3", "4", "5"]).transform((v) => Number(v) as 3 | 4 | 5),
  commune: z.string().regex(/^\d{1,9}$/).transform(Number).pipe(z.number().int().positive()),
  coop: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(120),
  min: price,
  max: price,
  stock: z.literal("1"),
  sort: z.enum(catalogueSorts),
  page: z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_PAGE)),
};

function pick<T>(schema: z.ZodType<T>, value: string | null): T | null {
  if (value === null || value === "") return null;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function parseCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  const q = pick(fields.q, params.get("q")) ?? "";
  let minPrice = pick(fields.min, params.get("min"));
  let maxPrice = pick(fields.max, params.get("max"));
  if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) [minPrice, maxPrice] = [maxPrice, minPrice];
  const sort = pick(fields.sort, params.get("sort")) ?? "relevance";
  return {
    q,
    category: pick(fields.category, params.get("category")),
    group: pick(fields.group, params.get("group")),
    stars: pick(fields.stars, params.get("stars")),
    commune: pick(fields.commune, params.get("commune")),
    coop: pick(fields.coop, params.get("coop")),
    minPrice,
    maxPrice,
    inStock: pick(fields.stock, params.get("stock")) !== null,
    sort,
    page: pick(fields.page, params.get("page")) ?? 1,
  };
}

/** The query string (without "?") of a catalogue query: fixed order, defaults left out. */
export function canonicalSearch(query: CatalogueQuery, overrides: Partial<CatalogueQuery> = {}): string {
  const v = { ...query, ...overrides };
  const values: Record<(typeof ORDER)[number], string | null> = {
    q: v.q || null,
    category: v.category,
    group: v.group,
    stars: v.stars === null ? null : String(v.stars),
    commune: v.commune === null ? null : String(v.commune),
    coop: v.coop,
    min: v.minPrice === null ? null : String(v.minPrice),
    max: v.maxPrice === null ? null : String(v.maxPrice),
    stock: v.inStock ? "1" : null,
    sort: v.sort === "relevance" ? null : v.sort,
    page: v.page > 1 ? String(v.page) : null,
  };
  const out = new URLSearchParams();
  for (const key of ORDER) {
    const value = values[key];
    if (value !== null) out.set(key, value);
  }
  return out.toString();
}

/** True when a query string already is the canonical one (otherwise the page redirects to it). */
export function isCanonicalSearch(search: string): boolean {
  const raw = search.startsWith("?") ? search.slice(1) : search;
  return raw === canonicalSearch(parseCatalogueQuery(new URLSearchParams(raw)));
}

/** How many filters of the form narrow the list (the words searched and the sort order are not counted). */
export function activeFilterCount(query: CatalogueQuery): number {
  const set = [query.category, query.group, query.stars, query.commune, query.coop, query.minPrice, query.maxPrice].filter((v) => v !== null);
  return set.length + (query.inStock ? 1 : 0);
}
