import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { Actor } from "~/lib/transact.server";
import {
  addOrganisationPhoto,
  addProductPhoto,
  listOrganisationPhotos,
  listProductPhotos,
  MAX_PHOTOS,
  removeOrganisationPhoto,
  removeProductPhoto,
} from "./photos.server";
import { createProduct } from "./products.server";

const key = (n: number) => `${n.toString(16).padStart(64, "0")}.jpg`;

/** Someone of the organisation acting, as a route passes them. */
const as = (organisationId: string): Actor => ({ userId: null, organisationId });

describe("photos of products and organisations", () => {
  let t: TestDatabase;
  let coop: string;
  let other: string;
  let productId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const rows = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-anh", kind: "cooperative", name: "HTX Ảnh", status: "active" },
        { slug: "htx-khac", kind: "cooperative", name: "HTX Khác", status: "active" },
      ])
      .returning();
    coop = rows[0]!.id;
    other = rows[1]!.id;
    const p = await createProduct(t.db, as(coop), { organisationId: coop, form: { nameVi: "Chè", category: "tea", unitVi: "gói", unitEn: "pack" } });
    if (!p.ok) throw new Error("fixture");
    productId = p.product.id;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("adds photos in order, refuses duplicates, other organisations and more than the limit", async () => {
    for (let i = 1; i <= MAX_PHOTOS; i++) {
      const r = await addProductPhoto(t.db, as(coop), { organisationId: coop, productId, storageKey: key(i), contentType: "image/jpeg" });
      expect(r.ok && r.photo.position).toBe(i - 1);
    }
    expect(await addProductPhoto(t.db, as(coop), { organisationId: coop, productId, storageKey: key(99), contentType: "image/jpeg" })).toEqual({
      ok: false,
      reason: "too_many",
    });
    const [first] = await listProductPhotos(t.db, productId);
    expect(await removeProductPhoto(t.db, as(other), { organisationId: other, productId, photoId: first!.id })).toEqual({ ok: false, reason: "not_found" });
    expect(await removeProductPhoto(t.db, as(coop), { organisationId: coop, productId, photoId: first!.id })).toMatchObject({ ok: true, photo: { id: first!.id } });
    expect(await addProductPhoto(t.db, as(coop), { organisationId: coop, productId, storageKey: key(2), contentType: "image/jpeg" })).toEqual({
      ok: false,
      reason: "duplicate",
    });
    expect(await addProductPhoto(t.db, as(other), { organisationId: other, productId, storageKey: key(50), contentType: "image/jpeg" })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect((await listProductPhotos(t.db, productId)).map((p) => p.storageKey)).toEqual([2, 3, 4, 5, 6, 7, 8].map(key));
  });

  it("keeps organisation photos per organisation", async () => {
    const added = await addOrganisationPhoto(t.db, as(coop), { organisationId: coop, storageKey: key(1), contentType: "image/jpeg" });
    expect(added.ok).toBe(true);
    expect(await listOrganisationPhotos(t.db, other)).toEqual([]);
    expect(await removeOrganisationPhoto(t.db, as(other), { organisationId: other, photoId: added.ok ? added.photo.id : "" })).toEqual({ ok: false, reason: "not_found" });
    expect((await listOrganisationPhotos(t.db, coop)).length).toBe(1);
  });
});
