import { and, asc, count, eq, max } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { organisationPhotos, productPhotos, products, type OrganisationPhoto, type ProductPhoto } from "#db/schema";
import { refuse, type Refusal } from "~/lib/result";
import { transact, type Actor } from "~/lib/transact.server";

export const MAX_PHOTOS = 8;

export type AddPhotoResult<T> = { ok: true; photo: T } | Refusal<"not_found" | "too_many" | "duplicate">;
export type RemovePhotoResult<T> = { ok: true; photo: T } | Refusal<"not_found">;

/** Adds a stored photo (by content address) at the end of a product's photos. */
export async function addProductPhoto(
  db: Database,
  actor: Actor,
  args: { organisationId: string; productId: string; storageKey: string; contentType: string },
): Promise<AddPhotoResult<ProductPhoto>> {
  const result = await transact(
    db,
    actor,
    async (tx) => {
      const [product] = await tx.db
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.id, args.productId), eq(products.organisationId, args.organisationId)))
        .for("update");
      if (!product) return refuse("not_found");
      const [stats] = await tx.db
        .select({ n: count(), last: max(productPhotos.position) })
        .from(productPhotos)
        .where(eq(productPhotos.productId, product.id));
      if ((stats?.n ?? 0) >= MAX_PHOTOS) return refuse("too_many");
      const [photo] = await tx.db
        .insert(productPhotos)
        .values({
          organisationId: args.organisationId,
          productId: product.id,
          storageKey: args.storageKey,
          contentType: args.contentType,
          position: (stats?.last ?? -1) + 1,
        })
        .returning();
      await tx.audit({ organisationId: args.organisationId, entityType: "product", entityId: product.id, action: "add_photo", after: photo });
      return { ok: true as const, photo: photo! };
    },
    { uniqueViolations: { product_photos_product_key_unique: refuse("duplicate") } },
  );
  return result;
}

export async function removeProductPhoto(
  db: Database,
  actor: Actor,
  args: { organisationId: string; productId: string; photoId: string },
): Promise<RemovePhotoResult<ProductPhoto>> {
  const result = await transact(db, actor, async (tx) => {
    const [removed] = await tx.db
      .delete(productPhotos)
      .where(
        and(
          eq(productPhotos.id, args.photoId),
          eq(productPhotos.productId, args.productId),
          eq(productPhotos.organisationId, args.organisationId),
        ),
      )
      .returning();
    if (!removed) return refuse("not_found");
    await tx.audit({ organisationId: args.organisationId, entityType: "product", entityId: args.productId, action: "remove_photo", before: removed });
    return { ok: true as const, photo: removed };
  });
  return result;
}

export async function listProductPhotos(db: Database, productId: string): Promise<ProductPhoto[]> {
  return db.select().from(productPhotos).where(eq(productPhotos.productId, productId)).orderBy(asc(productPhotos.position));
}

export async function addOrganisationPhoto(
  db: Database,
  actor: Actor,
  args: { organisationId: string; storageKey: string; contentType: string },
): Promise<AddPhotoResult<OrganisationPhoto>> {
  const result = await transact(
    db,
    actor,
    async (tx) => {
      const [stats] = await tx.db
        .select({ n: count(), last: max(organisationPhotos.position) })
        .from(organisationPhotos)
        .where(eq(organisationPhotos.organisationId, args.organisationId));
      if ((stats?.n ?? 0) >= MAX_PHOTOS) return refuse("too_many");
      const [photo] = await tx.db
        .insert(organisationPhotos)
        .values({ ...args, position: (stats?.last ?? -1) + 1 })
        .returning();
      await tx.audit({ organisationId: args.organisationId, entityType: "organisation", entityId: args.organisationId, action: "add_photo", after: photo });
      return { ok: true as const, photo: photo! };
    },
    { uniqueViolations: { organisation_photos_key_unique: refuse("duplicate") } },
  );
  return result;
}

export async function removeOrganisationPhoto(
  db: Database,
  actor: Actor,
  args: { organisationId: string; photoId: string },
): Promise<RemovePhotoResult<OrganisationPhoto>> {
  const result = await transact(db, actor, async (tx) => {
    const [removed] = await tx.db
      .delete(organisationPhotos)
      .where(and(eq(organisationPhotos.id, args.photoId), eq(organisationPhotos.organisationId, args.organisationId)))
      .returning();
    if (!removed) return refuse("not_found");
    await tx.audit({ organisationId: args.organisationId, entityType: "organisation", entityId: args.organisationId, action: "remove_photo", before: removed });
    return { ok: true as const, photo: removed };
  });
  return result;
}

export async function listOrganisationPhotos(db: Database, organisationId: string): Promise<OrganisationPhoto[]> {
  return db
    .select()
    .from(organisationPhotos)
    .where(eq(organisationPhotos.organisationId, organisationId))
    .orderBy(asc(organisationPhotos.position));
}
