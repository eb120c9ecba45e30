import { and, asc, eq, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
import { batches, products, type Product } from "#db/schema";
import { slugify, firstFreeSlug } from "~/lib/slug";
import { EXPIRY_WARNING_DAYS } from "./ocop";
import { fieldErrors, productFormSchema, type ProductInput } from "./schema";

export type ProductChangeResult =
  | { ok: true; product: Product }
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> }
  | { ok: false; reason: "not_found" };

/** Validates a product form (raw strings from a form or JSON) for one organisation. */
export function parseProductForm(raw: unknown):
  | { ok: true; input: ProductInput }
  | { ok: false; reason: "invalid_input"; fieldErrors: Record<string, string> } {
  const parsed = productFormSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, input: parsed.data }
    : { ok: false, reason: "invalid_input", fieldErrors: fieldErrors(parsed.error) };
}

function columnsOf(input: ProductInput) {
  return {
    nameVi: input.nameVi,
    nameEn: input.nameEn,
    descriptionVi: input.descriptionVi,
    descriptionEn: input.descriptionEn,
    category: input.category,
    kind: input.kind,
    ocopGroup: input.ocopGroup,
    ocopStars: input.ocopStars,
    ocopScore: input.ocopScore,
    ocopCertificateNumber: input.ocopCertificateNumber,
    ocopIssuedOn: input.ocopIssuedOn,
    ocopExpiresOn: input.ocopExpiresOn,
    keyProductLevel: input.keyProductLevel,
    gtin: input.gtin,
    unitVi: input.unitVi,
    unitEn: input.unitEn,
    netQuantity: input.netQuantity,
    netUom: input.netUom,
    priceVnd: input.priceVnd,
  };
}

async function freeSlug(db: Database, name: string): Promise<string> {
  const base = slugify(name) || "san-pham";
  const rows = await db
    .select({ slug: products.slug })
    .from(products)
    .where(sql`${products.slug} = ${base} or ${products.slug} like ${`${base}-%`}`);
  return firstFreeSlug(base, new Set(rows.map((r) => r.slug)));
}

/** The organisation's own product, row-locked for a change; another organisation's id finds nothing. */
async function lockOwnProduct(db: Database, args: { organisationId: string; productId: string }): Promise<Product | null> {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, args.productId), eq(products.organisationId, args.organisationId)))
    .for("update");
  return product ?? null;
}

function gtinTaken(): ProductChangeResult {
  return { ok: false, reason: "invalid_input", fieldErrors: { gtin: "validation.gtinTaken" } };
}

export async function createProduct(
  db: Database,
  args: { organisationId: string; form: unknown },
): Promise<ProductChangeResult> {
  const parsed = parseProductForm(args.form);
  if (!parsed.ok) return parsed;
  try {
    return await db.transaction(async (tx) => {
      const slug = await freeSlug(tx as unknown as Database, parsed.input.nameVi);
      const [product] = await tx
        .insert(products)
        .values({ organisationId: args.organisationId, slug, ...columnsOf(parsed.input) })
        .returning();
      return { ok: true as const, product: product! };
    });
  } catch (error) {
    if (isUniqueViolation(error, "products_gtin_unique")) return gtinTaken();
    throw error;
  }
}

/** Only the organisation that owns a product can change it; another's id reads as not found. */
export async function updateProduct(
  db: Database,
  args: { organisationId: string; productId: string; form: unknown },
): Promise<ProductChangeResult & { before?: Product }> {
  const parsed = parseProductForm(args.form);
  if (!parsed.ok) return parsed;
  try {
    return await db.transaction(async (tx) => {
      const before = await lockOwnProduct(tx as unknown as Database, args);
      if (!before) return { ok: false as const, reason: "not_found" as const };
      const [product] = await tx
        .update(products)
        .set({ ...columnsOf(parsed.input), updatedAt: new Date() })
        .where(eq(products.id, before.id))
        .returning();
      return { ok: true as const, product: product!, before };
    });
  } catch (error) {
    if (isUniqueViolation(error, "products_gtin_unique")) return gtinTaken();
    throw error;
  }
}

/** Retiring hides a product from the catalogue; its batches and their history stay. */
export async function setProductStatus(
  db: Database,
  args: { organisationId: string; productId: string; status: "active" | "retired" },
): Promise<{ ok: true; product: Product; before: Product } | { ok: false; reason: "not_found" }> {
  return db.transaction(async (tx) => {
    const before = await lockOwnProduct(tx as unknown as Database, args);
    if (!before) return { ok: false as const, reason: "not_found" as const };
    const [product] = await tx
      .update(products)
      .set({ status: args.status, updatedAt: new Date() })
      .where(eq(products.id, before.id))
      .returning();
    return { ok: true as const, product: product!, before };
  });
}

/** A product may be deleted only while nothing refers to it; once it has batches it can only retire. */
export async function deleteProduct(
  db: Database,
  args: { organisationId: string; productId: string },
): Promise<{ ok: true; product: Product } | { ok: false; reason: "not_found" | "has_batches" }> {
  return db.transaction(async (tx) => {
    const product = await lockOwnProduct(tx as unknown as Database, args);
    if (!product) return { ok: false as const, reason: "not_found" as const };
    const [used] = await tx.select({ id: batches.id }).from(batches).where(eq(batches.productId, product.id)).limit(1);
    if (used) return { ok: false as const, reason: "has_batches" as const };
    await tx.delete(products).where(eq(products.id, product.id));
    return { ok: true as const, product };
  });
}

export async function listOrganisationProducts(db: Database, organisationId: string): Promise<Product[]> {
  return db
    .select()
    .from(products)
    .where(eq(products.organisationId, organisationId))
    .orderBy(asc(products.status), asc(products.kind), asc(products.nameVi));
}

export async function getOrganisationProduct(
  db: Database,
  organisationId: string,
  productId: string,
): Promise<Product | null> {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.organisationId, organisationId)));
  return product ?? null;
}

/** Active products whose OCOP certificate has expired or expires within 90 days of `today`. */
export async function listCertificateWarnings(
  db: Database,
  organisationIds: string[],
  today: string,
): Promise<Pick<Product, "id" | "organisationId" | "slug" | "nameVi" | "nameEn" | "ocopStars" | "ocopExpiresOn">[]> {
  if (organisationIds.length === 0) return [];
  return db
    .select({
      id: products.id,
      organisationId: products.organisationId,
      slug: products.slug,
      nameVi: products.nameVi,
      nameEn: products.nameEn,
      ocopStars: products.ocopStars,
      ocopExpiresOn: products.ocopExpiresOn,
    })
    .from(products)
    .where(
      and(
        inArray(products.organisationId, organisationIds),
        ne(products.status, "retired"),
        isNotNull(products.ocopExpiresOn),
        lte(products.ocopExpiresOn, sql`(${today}::date + ${EXPIRY_WARNING_DAYS}::int)`),
      ),
    )
    .orderBy(asc(products.ocopExpiresOn));
}
