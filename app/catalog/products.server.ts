import { and, asc, eq, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, products, type Product } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { refuse, refuseField, type Refusal } from "~/lib/result";
import { slugify, firstFreeSlug } from "~/lib/slug";
import { rollbackWith, transact, type Actor, type Tx } from "~/lib/transact.server";
import { recordCertificateInTx } from "~/ocop/register.server";
import { EXPIRY_WARNING_DAYS } from "./ocop";
import { productFormSchema, type ProductInput } from "./schema";

export type ProductChangeResult = { ok: true; product: Product } | Refusal<"invalid_input"> | Refusal<"not_found">;

/** Validates a product form (raw strings from a form or JSON) for one organisation. */
export function parseProductForm(raw: unknown) {
  return parseInput(productFormSchema, raw);
}

function columnsOf(input: ProductInput) {
  return {
    nameVi: input.nameVi,
    nameEn: input.nameEn,
    descriptionVi: input.descriptionVi,
    descriptionEn: input.descriptionEn,
    category: input.category,
    kind: input.kind,
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

/**
 * The product form no longer sets stars: its OCOP section records a certificate issued before the platform in the
 * register (recorded without an evaluation, awaiting the department's confirmation), which mirrors it onto the
 * product when it is the newest (app/ocop/register.server.ts). A number already in the register for another product
 * is refused beside its field.
 */
async function recordFormCertificate(tx: Tx, productId: string, input: ProductInput, actorId: string | null): Promise<void> {
  if (!input.ocopCertificateNumber || !input.ocopStars || !input.ocopGroup || !input.ocopIssuedOn || !input.ocopExpiresOn) return;
  const result = await recordCertificateInTx(tx, {
    productId,
    actorId,
    input: {
      number: input.ocopCertificateNumber,
      stars: input.ocopStars as 3 | 4 | 5,
      group: input.ocopGroup,
      score: input.ocopScore,
      issuedOn: input.ocopIssuedOn,
      expiresOn: input.ocopExpiresOn,
    },
  });
  if (!result.ok) rollbackWith(refuseField("invalid_input", "ocopCertificateNumber", result.reason === "invalid_input" ? "ocopRegister.v.numberTaken" : "validation.certificateNumber"));
}

const gtinTaken = { uniqueViolations: { products_gtin_unique: refuseField("invalid_input", "gtin", "validation.gtinTaken") } };

type CreateProductArgs = { organisationId: string; form: unknown };

/** Adds a product to the organisation's catalogue, with its audit entry. */
export async function createProduct(db: Database, actor: Actor, args: CreateProductArgs): Promise<ProductChangeResult> {
  const parsed = parseProductForm(args.form);
  if (!parsed.ok) return parsed;
  const result = await transact(
    db,
    actor,
    async (tx) => {
      const slug = await freeSlug(tx.db, parsed.input.nameVi);
      const [product] = await tx.db
        .insert(products)
        .values({ organisationId: args.organisationId, slug, ...columnsOf(parsed.input) })
        .returning();
      await tx.audit({ organisationId: args.organisationId, entityType: "product", entityId: product!.id, action: "create", after: product });
      await recordFormCertificate(tx, product!.id, parsed.input, actor.userId);
      const [current] = await tx.db.select().from(products).where(eq(products.id, product!.id));
      return { ok: true as const, product: current! };
    },
    gtinTaken,
  );
  return result;
}

/** Only the organisation that owns a product can change it; another's id reads as not found. */
export async function updateProduct(
  db: Database,
  actor: Actor,
  args: { organisationId: string; productId: string; form: unknown },
): Promise<ProductChangeResult & { before?: Product }> {
  const parsed = parseProductForm(args.form);
  if (!parsed.ok) return parsed;
  const result = await transact(
    db,
    actor,
    async (tx) => {
      const before = await lockOwnProduct(tx.db, args);
      if (!before) return refuse("not_found");
      const [product] = await tx.db
        .update(products)
        .set({ ...columnsOf(parsed.input), updatedAt: new Date() })
        .where(eq(products.id, before.id))
        .returning();
      await tx.audit({ organisationId: args.organisationId, entityType: "product", entityId: before.id, action: "update", before, after: product });
      await recordFormCertificate(tx, before.id, parsed.input, actor.userId);
      const [current] = await tx.db.select().from(products).where(eq(products.id, before.id));
      return { ok: true as const, product: current!, before };
    },
    gtinTaken,
  );
  return result;
}

/** Retiring hides a product from the catalogue; its batches and their history stay. */
export async function setProductStatus(
  db: Database,
  actor: Actor,
  args: { organisationId: string; productId: string; status: "active" | "retired" },
): Promise<{ ok: true; product: Product; before: Product } | Refusal<"not_found">> {
  const result = await transact(db, actor, async (tx) => {
    const before = await lockOwnProduct(tx.db, args);
    if (!before) return refuse("not_found");
    const [product] = await tx.db
      .update(products)
      .set({ status: args.status, updatedAt: new Date() })
      .where(eq(products.id, before.id))
      .returning();
    await tx.audit({
      organisationId: args.organisationId,
      entityType: "product",
      entityId: before.id,
      action: args.status === "retired" ? "retire" : "reactivate",
      before,
      after: product,
    });
    return { ok: true as const, product: product!, before };
  });
  return result as { ok: true; product: Product; before: Product } | Refusal<"not_found">;
}

/** A product may be deleted only while nothing refers to it; once it has batches it can only retire. */
export async function deleteProduct(
  db: Database,
  actor: Actor,
  args: { organisationId: string; productId: string },
): Promise<{ ok: true; product: Product } | Refusal<"not_found" | "has_batches">> {
  const result = await transact(db, actor, async (tx) => {
    const product = await lockOwnProduct(tx.db, args);
    if (!product) return refuse("not_found");
    const [used] = await tx.db.select({ id: batches.id }).from(batches).where(eq(batches.productId, product.id)).limit(1);
    if (used) return refuse("has_batches");
    await tx.db.delete(products).where(eq(products.id, product.id));
    await tx.audit({ organisationId: args.organisationId, entityType: "product", entityId: product.id, action: "delete", before: product });
    return { ok: true as const, product };
  });
  return result as { ok: true; product: Product } | Refusal<"not_found" | "has_batches">;
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
