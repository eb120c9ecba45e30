import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { firstJson, type Database } from "#db/client.server";
import { appMeta, batches, communes, organisationPhotos, organisations, productPhotos, products } from "#db/schema";
import { memoCachePerScope } from "~/lib/memo-cache";
import { vietnamToday } from "~/lib/vietnam-time";
import { ocopStanding, type OcopStanding } from "./ocop";
import { uploadUrl } from "~/storage/storage.server";

/** Organisation kinds that produce and appear publicly (not the department or the platform). */
export const producerKinds = ["cooperative", "cooperative_group", "enterprise", "household_business"] as const;

const publicOrganisation = and(
  inArray(organisations.kind, [...producerKinds]),
  eq(organisations.status, "active"),
);
const publicProduct = and(eq(products.kind, "finished"), eq(products.status, "active"));

export interface CatalogStats {
  cooperatives: number;
  products: number;
  ocopProducts: number;
  batches: number;
}

/** The stars a product may claim on `today` (null: none, or its certificate is not valid that day). */
export function validStarsSql(today: string): SQL<number | null> {
  return sql<number | null>`ocop_stars_on(${products.ocopStars}, ${products.ocopIssuedOn}, ${products.ocopExpiresOn}, ${today}::date)`;
}

export async function getCatalogStats(db: Database, today: string = vietnamToday()): Promise<CatalogStats> {
  const [orgs] = await db.select({ n: count() }).from(organisations).where(publicOrganisation);
  const [prods] = await db
    .select({ n: count(), ocop: count(validStarsSql(today)) })
    .from(products)
    .innerJoin(organisations, eq(organisations.id, products.organisationId))
    .where(and(publicProduct, publicOrganisation));
  const [lots] = await db
    .select({ n: count() })
    .from(batches)
    .innerJoin(organisations, eq(organisations.id, batches.organisationId))
    .where(publicOrganisation);
  return {
    cooperatives: orgs?.n ?? 0,
    products: prods?.n ?? 0,
    ocopProducts: prods?.ocop ?? 0,
    batches: lots?.n ?? 0,
  };
}

export interface CooperativeSummary {
  slug: string;
  name: string;
  nameEn: string | null;
  kind: (typeof producerKinds)[number];
  communeName: string | null;
  productCount: number;
  isDemo: boolean;
}

export async function listCooperatives(db: Database): Promise<CooperativeSummary[]> {
  const productCount = db
    .select({ organisationId: products.organisationId, n: count().as("n") })
    .from(products)
    .where(publicProduct)
    .groupBy(products.organisationId)
    .as("product_count");
  const rows = await db
    .select({
      slug: organisations.slug,
      name: organisations.name,
      nameEn: organisations.nameEn,
      kind: organisations.kind,
      communeName: communes.nameVi,
      productCount: sql<number>`coalesce(${productCount.n}, 0)::int`,
      isDemo: organisations.isDemo,
    })
    .from(organisations)
    .leftJoin(communes, eq(communes.id, organisations.communeId))
    .leftJoin(productCount, eq(productCount.organisationId, organisations.id))
    .where(publicOrganisation)
    .orderBy(desc(sql`coalesce(${productCount.n}, 0)`), asc(organisations.name));
  return rows.map((r) => ({ ...r, kind: r.kind as CooperativeSummary["kind"], productCount: Number(r.productCount) }));
}

export interface ProductSummary {
  slug: string;
  nameVi: string;
  nameEn: string | null;
  category: string;
  ocopStars: number | null;
  keyProductLevel: "province" | "commune" | null;
  priceVnd: number | null;
  unitVi: string;
  unitEn: string;
  organisationSlug: string;
  organisationName: string;
  isDemo: boolean;
  /** The first photo, when the producer has added one. */
  photoUrl: string | null;
}

const firstPhotoKey = sql<string | null>`(select ${productPhotos.storageKey} from ${productPhotos}
  where ${productPhotos.productId} = ${products.id} order by ${productPhotos.position} limit 1)`;

function withPhotoUrl<T extends { photoKey: string | null }>(row: T): Omit<T, "photoKey"> & { photoUrl: string | null } {
  const { photoKey, ...rest } = row;
  return { ...rest, photoUrl: photoKey ? uploadUrl(photoKey) : null };
}

const productSummaryColumns = (today: string) => ({
  slug: products.slug,
  nameVi: products.nameVi,
  nameEn: products.nameEn,
  category: products.category,
  ocopStars: validStarsSql(today),
  keyProductLevel: products.keyProductLevel,
  priceVnd: products.priceVnd,
  unitVi: products.unitVi,
  unitEn: products.unitEn,
  organisationSlug: organisations.slug,
  organisationName: organisations.name,
  isDemo: products.isDemo,
  photoKey: firstPhotoKey,
});

export async function listFeaturedProducts(db: Database, limit = 8, today: string = vietnamToday()): Promise<ProductSummary[]> {
  const rows = await db
    .select(productSummaryColumns(today))
    .from(products)
    .innerJoin(organisations, eq(organisations.id, products.organisationId))
    .where(and(publicProduct, publicOrganisation, eq(products.isFeatured, true)))
    .orderBy(sql`${validStarsSql(today)} desc nulls last`, asc(products.nameVi))
    .limit(limit);
  return rows.map(withPhotoUrl);
}

// The json of ocop_product_page() (db/sql/product_page.sql), checked where it enters the program.
const batchSummaryJson = z.object({
  lotCode: z.string(),
  quantity: z.string(),
  uom: z.string(),
  producedOn: z.string(),
  bestBefore: z.string().nullable(),
  expiresOn: z.string().nullable(),
  status: z.enum(["active", "consumed", "recalled", "withdrawn"]),
  originCommune: z.string().nullable(),
  eventCount: z.number(),
  inputCount: z.number(),
});
export type BatchSummary = z.infer<typeof batchSummaryJson>;

export const productPageJson = z.object({
  product: z.object({
    slug: z.string(),
    nameVi: z.string(),
    nameEn: z.string().nullable(),
    descriptionVi: z.string().nullable(),
    descriptionEn: z.string().nullable(),
    category: z.string(),
    ocopGroup: z.string().nullable(),
    ocopStars: z.number().nullable(),
    ocopScore: z.number().nullable(),
    ocopCertificateNumber: z.string().nullable(),
    ocopIssuedOn: z.string().nullable(),
    ocopExpiresOn: z.string().nullable(),
    keyProductLevel: z.enum(["province", "commune"]).nullable(),
    gtin: z.string().nullable(),
    unitVi: z.string(),
    unitEn: z.string(),
    netQuantity: z.string().nullable(),
    netUom: z.string().nullable(),
    priceVnd: z.number().nullable(),
    isDemo: z.boolean(),
  }),
  organisation: z.object({ slug: z.string(), name: z.string(), nameEn: z.string().nullable(), communeName: z.string().nullable() }),
  batches: z.array(batchSummaryJson),
  photoKeys: z.array(z.string()),
});
type ProductPageJson = z.infer<typeof productPageJson>;

/**
 * A product page as shown on `today`: `product.ocopStars` is what may be claimed that day (null once the certificate
 * has expired) and `ocop` says why.
 */
export type ProductPage = Omit<ProductPageJson, "photoKeys"> & { photoUrls: string[]; ocop: OcopStanding };

export async function getProductPage(db: Database, slug: string, batchLimit = 10, today: string = vietnamToday()): Promise<ProductPage | null> {
  // One round trip to ocop_product_page() (db/sql/product_page.sql), whose statements keep their plans for the session.
  const result = await db.execute(sql`select ${productPageSql(slug, batchLimit)} as page`);
  return readProductPage(firstJson(result, "page", productPageJson), today);
}

/** The call that builds a product page's json, for statements that read it beside other things. */
export function productPageSql(slug: string, batchLimit = 10): SQL {
  return sql`ocop_product_page(${slug}, ${batchLimit}::int)`;
}

/** A product page from the parsed json of ocop_product_page(): photo keys become their URLs. */
export function readProductPage(page: ProductPageJson | null, today: string): ProductPage | null {
  if (!page) return null;
  const { photoKeys, ...rest } = page;
  const ocop = ocopStanding(rest.product, today);
  return {
    ...rest,
    product: { ...rest.product, ocopStars: ocop.kind === "certified" ? ocop.stars : null },
    ocop,
    photoUrls: photoKeys.map((key) => uploadUrl(key)),
  };
}

export interface CooperativePage {
  organisation: {
    slug: string;
    name: string;
    nameEn: string | null;
    kind: (typeof producerKinds)[number];
    communeName: string | null;
    address: string | null;
    phone: string | null;
    email: string | null;
    website: string | null;
    descriptionVi: string | null;
    descriptionEn: string | null;
    foundedYear: number | null;
    memberCount: number | null;
    isDemo: boolean;
  };
  products: ProductSummary[];
  batchCount: number;
  photoUrls: string[];
}

export async function getCooperativePage(db: Database, slug: string, today: string = vietnamToday()): Promise<CooperativePage | null> {
  const [org] = await db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      nameEn: organisations.nameEn,
      kind: organisations.kind,
      communeName: communes.nameVi,
      address: organisations.address,
      phone: organisations.phone,
      email: organisations.email,
      website: organisations.website,
      descriptionVi: organisations.descriptionVi,
      descriptionEn: organisations.descriptionEn,
      foundedYear: organisations.foundedYear,
      memberCount: organisations.memberCount,
      isDemo: organisations.isDemo,
    })
    .from(organisations)
    .leftJoin(communes, eq(communes.id, organisations.communeId))
    .where(and(eq(organisations.slug, slug), publicOrganisation));
  if (!org) return null;
  const productList = await db
    .select(productSummaryColumns(today))
    .from(products)
    .innerJoin(organisations, eq(organisations.id, products.organisationId))
    .where(and(eq(products.organisationId, org.id), publicProduct))
    .orderBy(sql`${validStarsSql(today)} desc nulls last`, asc(products.nameVi));
  const [lots] = await db.select({ n: count() }).from(batches).where(eq(batches.organisationId, org.id));
  const photos = await db
    .select({ key: organisationPhotos.storageKey })
    .from(organisationPhotos)
    .where(eq(organisationPhotos.organisationId, org.id))
    .orderBy(asc(organisationPhotos.position));
  const { id: _id, ...organisation } = org;
  return {
    organisation: { ...organisation, kind: organisation.kind as CooperativePage["organisation"]["kind"] },
    photoUrls: photos.map((p) => uploadUrl(p.key)),
    products: productList.map(withPhotoUrl),
    batchCount: lots?.n ?? 0,
  };
}

// Only "yes" is kept: a database that is about to be seeded must say so at once.
const demoFlag = memoCachePerScope<boolean>({ freshMs: 60_000, keep: (seeded) => seeded });

/** Whether demo data was loaded into this installation (pages then say so); read at most once a minute. */
export function hasDemoData(db: Database, now = Date.now()): Promise<boolean> {
  return demoFlag(db).get(
    "demo",
    async () => (await db.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, "demo_seed"))).length > 0,
    now,
  );
}


