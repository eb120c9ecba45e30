import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organisations, products, traceEvents, users } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { listAuditEvents } from "~/audit/audit.server";
import type { Actor } from "~/lib/transact.server";
import { createBatch } from "~/trace/batches.server";
import { recordProcessing, recordStep } from "~/trace/record.server";
import { updateOrganisationProfile } from "./organisations.server";
import { addOrganisationPhoto, addProductPhoto, removeOrganisationPhoto, removeProductPhoto } from "./photos.server";
import { createProduct, deleteProduct, setProductStatus, updateProduct } from "./products.server";

/** Each catalog and trace command writes its own audit entry in its transaction, and none when refused. */
describe("commands of the catalog and trace contexts write their audit entries", () => {
  let t: TestDatabase;
  let actor: Actor & { organisationId: string };
  const form = { nameVi: "Mật ong bạc hà", category: "honey", unitVi: "lọ", unitEn: "jar" };
  const now = new Date("2026-11-25T05:00:00Z");

  beforeAll(async () => {
    t = await createTestDatabase();
    const [org] = await t.db
      .insert(organisations)
      .values({ slug: "htx-ong", kind: "cooperative", name: "HTX Ong", status: "active" })
      .returning();
    const [user] = await t.db.insert(users).values({ email: "quanly@htx-ong.vn", displayName: "Quản lý" }).returning();
    actor = { userId: user!.id, organisationId: org!.id };
  });
  afterAll(async () => {
    await t.dispose();
  });

  const entriesOf = (entityId: string) => listAuditEvents(t.db, { entityId });

  it("creates, updates, retires and deletes a product with one entry each, by the actor", async () => {
    const created = await createProduct(t.db, actor, { organisationId: actor.organisationId, form });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.product.id;
    const updated = await updateProduct(t.db, actor, { organisationId: actor.organisationId, productId: id, form: { ...form, priceVnd: "90000" } });
    expect(updated.ok).toBe(true);
    expect((await setProductStatus(t.db, actor, { organisationId: actor.organisationId, productId: id, status: "retired" })).ok).toBe(true);
    expect((await setProductStatus(t.db, actor, { organisationId: actor.organisationId, productId: id, status: "active" })).ok).toBe(true);
    expect((await deleteProduct(t.db, actor, { organisationId: actor.organisationId, productId: id })).ok).toBe(true);

    const entries = await entriesOf(id);
    expect(entries.map((e) => e.action).sort()).toEqual(["create", "delete", "reactivate", "retire", "update"]);
    expect(entries.every((e) => e.entityType === "product" && e.actorUserId === actor.userId && e.organisationId === actor.organisationId)).toBe(true);
    const update = entries.find((e) => e.action === "update")!;
    expect(update.changes).toMatchObject({ before: { priceVnd: null }, after: { priceVnd: 90000 } });
  });

  it("writes nothing, not even an audit entry, when a command is refused", async () => {
    const before = (await t.db.select().from(auditEvents)).length;
    const productsBefore = (await t.db.select().from(products)).length;
    expect(await createProduct(t.db, actor, { organisationId: actor.organisationId, form: { ...form, nameVi: "" } })).toMatchObject({
      ok: false,
      reason: "invalid_input",
      fieldErrors: { nameVi: "validation.required" },
    });
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await updateProduct(t.db, actor, { organisationId: actor.organisationId, productId: missing, form })).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteProduct(t.db, actor, { organisationId: actor.organisationId, productId: missing })).toEqual({ ok: false, reason: "not_found" });
    expect(await removeProductPhoto(t.db, actor, { organisationId: actor.organisationId, productId: missing, photoId: missing })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await updateOrganisationProfile(t.db, actor, { organisationId: actor.organisationId, form: { name: "HTX Y", kind: "cooperative", communeId: "99999" } })).toEqual({
      ok: false,
      reason: "invalid_input",
      field: "communeId",
      fieldErrors: { communeId: "validation.choice" },
    });
    expect((await t.db.select().from(auditEvents)).length).toBe(before);
    expect((await t.db.select().from(products)).length).toBe(productsBefore);
  });

  it("audits photos and the organisation's profile", async () => {
    const created = await createProduct(t.db, actor, { organisationId: actor.organisationId, form: { ...form, nameVi: "Mật ong rừng" } });
    if (!created.ok) throw new Error("fixture");
    const productId = created.product.id;
    const key = `${"b".repeat(64)}.jpg`;
    const photo = await addProductPhoto(t.db, actor, { organisationId: actor.organisationId, productId, storageKey: key, contentType: "image/jpeg" });
    if (!photo.ok) throw new Error(JSON.stringify(photo));
    expect(await addProductPhoto(t.db, actor, { organisationId: actor.organisationId, productId, storageKey: key, contentType: "image/jpeg" })).toEqual({
      ok: false,
      reason: "duplicate",
    });
    expect((await removeProductPhoto(t.db, actor, { organisationId: actor.organisationId, productId, photoId: photo.photo.id })).ok).toBe(true);
    expect((await entriesOf(productId)).map((e) => e.action).sort()).toEqual(["add_photo", "create", "remove_photo"]);

    const orgPhoto = await addOrganisationPhoto(t.db, actor, { organisationId: actor.organisationId, storageKey: key, contentType: "image/jpeg" });
    if (!orgPhoto.ok) throw new Error("fixture");
    expect((await removeOrganisationPhoto(t.db, actor, { organisationId: actor.organisationId, photoId: orgPhoto.photo.id })).ok).toBe(true);
    const profile = await updateOrganisationProfile(t.db, actor, { organisationId: actor.organisationId, form: { name: "HTX Ong Mật", kind: "cooperative" } });
    expect(profile.ok).toBe(true);
    const orgEntries = await listAuditEvents(t.db, { entityType: "organisation", entityId: actor.organisationId });
    expect(orgEntries.map((e) => e.action).sort()).toEqual(["add_photo", "remove_photo", "update_profile"]);
    expect(orgEntries.find((e) => e.action === "update_profile")!.changes).toMatchObject({ before: { name: "HTX Ong" }, after: { name: "HTX Ong Mật" } });
  });

  it("audits a new lot and each recorded step, and rolls a refused step back without an entry", async () => {
    const product = await createProduct(t.db, actor, { organisationId: actor.organisationId, form: { ...form, nameVi: "Mật ong thô", kind: "raw_material" } });
    if (!product.ok) throw new Error("fixture");
    const lot = async (lotCode: string) => {
      const r = await createBatch(t.db, actor, {
        organisationId: actor.organisationId,
        form: { productId: product.product.id, lotCode, quantity: "10", uom: "KGM", producedOn: "2026-11-20" },
        today: "2026-11-25",
      });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.batch.id;
    };
    const raw = await lot("MO-01");
    const packed = await lot("MO-02");
    expect((await entriesOf(raw)).map((e) => [e.entityType, e.action])).toEqual([["batch", "create"]]);

    const step = await recordStep(t.db, actor, { organisationId: actor.organisationId, batchId: raw, form: { step: "storing", eventTime: "2026-11-21T10:00" }, now });
    if (!step.ok) throw new Error(JSON.stringify(step));
    expect(step.event.recordedBy).toBe(actor.userId);
    const [stepEntry] = await entriesOf(step.event.id);
    expect(stepEntry).toMatchObject({ entityType: "trace_event", action: "record_step", actorUserId: actor.userId });
    expect(stepEntry!.changes).toMatchObject({ after: { batchId: raw, sequence: 1, hash: step.event.hash } });

    const auditBefore = (await t.db.select().from(auditEvents)).length;
    const tooMuch = await recordProcessing(t.db, actor, {
      organisationId: actor.organisationId,
      outputBatchId: packed,
      form: { eventTime: "2026-11-22T08:00", process: "lọc", inputs: [{ batchId: raw, quantity: "11" }] },
      now,
    });
    expect(tooMuch).toEqual({ ok: false, reason: "invalid_input", fieldErrors: { "inputs.0.quantity": "trace.rejection.insufficient_quantity" } });
    expect((await t.db.select().from(auditEvents)).length).toBe(auditBefore);
    expect((await t.db.select().from(traceEvents)).length).toBe(1);

    const done = await recordProcessing(t.db, actor, {
      organisationId: actor.organisationId,
      outputBatchId: packed,
      form: { eventTime: "2026-11-22T08:00", process: "lọc", inputs: [{ batchId: raw, quantity: "10" }] },
      now,
    });
    if (!done.ok) throw new Error(JSON.stringify(done));
    expect((await entriesOf(done.event.id)).map((e) => e.action)).toEqual(["record_processing"]);
  });
});
