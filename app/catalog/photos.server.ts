import { and, asc, count, eq, max } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
import { organisationPhotos, productPhotos, products, type OrganisationPhoto, type ProductPhoto } from "#db/schema";

export const MAX_PHOTOS = 8;

export type AddPhotoResult<T> = { ok: true; photo: T } | { ok: false; reason: "not_found" | "too_many" | "duplicate" };

/** Adds a stored photo (by content address) at the end of a product's photos. */
export async function addProductPhoto(
  db: Database,
  args: { organisationId: string; productId: string; storageKey: string; contentType: string },
): Promise<AddPhotoResult<ProductPhoto>> {
  try {
    return await db.transaction(async (tx) => {
      const [product] = await tx
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.id, args.productId), eq(products.organisationId, args.organisationId)))
        .for("update");
      if (!product) return { ok: false as const, reason: "not_found" as const };
      const [stats] = await tx
        .select({ n: count(), last: max(productPhotos.position) })
        .from(productPhotos)
        .where(eq(productPhotos.productId, product.id));
      if ((stats?.n ?? 0) >= MAX_PHOTOS) return { ok: false as const, reason: "too_many" as const };
      const [photo] = await tx
        .insert(productPhotos)
        .values({
          organisationId: args.organisationId,
          productId: product.id,
          storageKey: args.storageKey,
          contentType: args.contentType,
          position: (stats?.last ?? -1) + 1,
        })
        .returning();
      return { ok: true as const, photo: photo! };
    });
  } catch (error) {
    if (isUniqueViolation(error, "product_photos_product_key_unique")) return { ok: false, reason: "duplicate" };
    throw error;
  }
}

export async function removeProductPhoto(
  db: Database,
  args: { organisationId: string; productId: string; photoId: string },
): Promise<ProductPhoto | null> {
  const [removed] = await db
    .delete(productPhotos)
    .where(
      and(
        eq(productPhotos.id, args.photoId),
        eq(productPhotos.productId, args.productId),
        eq(productPhotos.organisationId, args.organisationId),
      ),
    )
    .returning();
  return removed ?? null;
}

export async function listProductPhotos(db: Database, productId: string): Promise<ProductPhoto[]> {
  return db.select().from(productPhotos).where(eq(productPhotos.productId, productId)).orderBy(asc(productPhotos.position));
}

export async function addOrganisationPhoto(
  db: Database,
  args: { organisationId: string; storageKey: string; contentType: string },
): Promise<AddPhotoResult<OrganisationPhoto>> {
  try {
    return await db.transaction(async (tx) => {
      const [stats] = await tx
        .select({ n: count(), last: max(organisationPhotos.position) })
        .from(organisationPhotos)
        .where(eq(organisationPhotos.organisationId, args.organisationId));
      if ((stats?.n ?? 0) >= MAX_PHOTOS) return { ok: false as const, reason: "too_many" as const };
      const [photo] = await tx
        .insert(organisationPhotos)
        .values({ ...args, position: (stats?.last ?? -1) + 1 })
        .returning();
      return { ok: true as const, photo: photo! };
    });
  } catch (error) {
    if (isUniqueViolation(error, "organisation_photos_key_unique")) return { ok: false, reason: "duplicate" };
    throw error;
  }
}

export async function removeOrganisationPhoto(
  db: Database,
  args: { organisationId: string; photoId: string },
): Promise<OrganisationPhoto | null> {
  const [removed] = await db
    .delete(organisationPhotos)
    .where(and(eq(organisationPhotos.id, args.photoId), eq(organisationPhotos.organisationId, args.organisationId)))
    .returning();
  return removed ?? null;
}

export async function listOrganisationPhotos(db: Database, organisationId: string): Promise<OrganisationPhoto[]> {
  return db
    .select()
    .from(organisationPhotos)
    .where(eq(organisationPhotos.organisationId, organisationId))
    .orderBy(asc(organisationPhotos.position));
}
