import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batches, ocopCertificates, organisations, products } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { Actor } from "~/lib/transact.server";
import { createBatch, getOrganisationBatch, listOrganisationBatches } from "../trace/batches.server";
import {
  createProduct,
  deleteProduct,
  getOrganisationProduct,
  listCertificateWarnings,
  listOrganisationProducts,
  setProductStatus,
  updateProduct,
} from "./products.server";

const form = {
  nameVi: "Chè búp Tân Cương",
  category: "tea",
  unitVi: "gói",
  unitEn: "pack",
  priceVnd: "120000",
  gtin: "08936041100015",
};

/** Someone of the organisation acting, as a route passes them. */
const as = (organisationId: string): Actor => ({ userId: null, organisationId });

describe("products and batches of a cooperative", () => {
  let t: TestDatabase;
  let coopA: string;
  let coopB: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const rows = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-a", kind: "cooperative", name: "HTX A", status: "active" },
        { slug: "htx-b", kind: "cooperative", name: "HTX B", status: "active" },
      ])
      .returning();
    coopA = rows[0]!.id;
    coopB = rows[1]!.id;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("creates a product with a unique slug and refuses a GTIN already in use", async () => {
    const first = await createProduct(t.db, as(coopA), { organisationId: coopA, form });
    expect(first.ok && first.product.slug).toBe("che-bup-tan-cuong");
    const second = await createProduct(t.db, as(coopB), { organisationId: coopB, form: { ...form, gtin: "" } });
    expect(second.ok && second.product.slug).toBe("che-bup-tan-cuong-2");
    const clash = await createProduct(t.db, as(coopB), { organisationId: coopB, form });
    expect(clash).toEqual({ ok: false, reason: "invalid_input", field: "gtin", fieldErrors: { gtin: "validation.gtinTaken" } });
    expect((await listOrganisationProducts(t.db, coopB)).length).toBe(1);
  });

  it("stores nothing when the form is invalid", async () => {
    const before = (await t.db.select().from(products)).length;
    const result = await createProduct(t.db, as(coopA), { organisationId: coopA, form: { ...form, nameVi: "", gtin: "" } });
    expect(result).toMatchObject({ ok: false, fieldErrors: { nameVi: "validation.required" } });
    expect((await t.db.select().from(products)).length).toBe(before);
  });

  it("lets only the owning cooperative read or change a product", async () => {
    const [product] = await listOrganisationProducts(t.db, coopA);
    expect(await getOrganisationProduct(t.db, coopB, product!.id)).toBeNull();
    expect(await updateProduct(t.db, as(coopB), { organisationId: coopB, productId: product!.id, form })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await setProductStatus(t.db, as(coopB), { organisationId: coopB, productId: product!.id, status: "retired" })).toEqual({
      ok: false,
      reason: "not_found",
    });
    const updated = await updateProduct(t.db, as(coopA), {
      organisationId: coopA,
      productId: product!.id,
      form: { ...form, priceVnd: "130000" },
    });
    expect(updated.ok && updated.product.priceVnd).toBe(130000);
    expect(updated.ok && updated.before?.priceVnd).toBe(120000);
  });

  it("registers lots, refuses duplicates, future dates and other cooperatives' products", async () => {
    const [product] = await listOrganisationProducts(t.db, coopA);
    const lot = { productId: product!.id, lotCode: "TC2611-001", quantity: "50", uom: "KGM", producedOn: "2026-11-20" };
    const created = await createBatch(t.db, as(coopA), { organisationId: coopA, form: lot, today: "2026-11-25" });
    expect(created.ok).toBe(true);
    expect(await createBatch(t.db, as(coopA), { organisationId: coopA, form: lot, today: "2026-11-25" })).toEqual({
      ok: false,
      reason: "invalid_input",
      field: "lotCode",
      fieldErrors: { lotCode: "validation.lotTaken" },
    });
    expect(
      await createBatch(t.db, as(coopA), { organisationId: coopA, form: { ...lot, lotCode: "X1", producedOn: "2026-11-26" }, today: "2026-11-25" }),
    ).toMatchObject({ ok: false, fieldErrors: { producedOn: "validation.notInFuture" } });
    expect(await createBatch(t.db, as(coopB), { organisationId: coopB, form: { ...lot, lotCode: "X2" }, today: "2026-11-25" })).toMatchObject({
      ok: false,
      fieldErrors: { productId: "validation.choice" },
    });
    expect(
      await createBatch(t.db, as(coopA), { organisationId: coopA, form: { ...lot, lotCode: "X3", originCommuneId: "999999" }, today: "2026-11-25" }),
    ).toMatchObject({ ok: false, fieldErrors: { originCommuneId: "validation.choice" } });

    const list = await listOrganisationBatches(t.db, coopA);
    expect(list.map((b) => b.lotCode)).toEqual(["TC2611-001"]);
    expect(await listOrganisationBatches(t.db, coopB)).toEqual([]);
    const id = created.ok ? created.batch.id : "";
    expect(await getOrganisationBatch(t.db, coopB, id)).toBeNull();
    expect((await getOrganisationBatch(t.db, coopA, id))?.batch.lotCode).toBe("TC2611-001");
  });

  it("retires instead of deleting a product that has lots", async () => {
    const [product] = await listOrganisationProducts(t.db, coopA);
    expect(await deleteProduct(t.db, as(coopA), { organisationId: coopA, productId: product!.id })).toEqual({
      ok: false,
      reason: "has_batches",
    });
    const retired = await setProductStatus(t.db, as(coopA), { organisationId: coopA, productId: product!.id, status: "retired" });
    expect(retired.ok && retired.product.status).toBe("retired");
    const lot = { productId: product!.id, lotCode: "TC2611-002", quantity: "5", uom: "KGM", producedOn: "2026-11-20" };
    expect(await createBatch(t.db, as(coopA), { organisationId: coopA, form: lot, today: "2026-11-25" })).toMatchObject({
      ok: false,
      fieldErrors: { productId: "validation.productRetired" },
    });
    const [other] = await listOrganisationProducts(t.db, coopB);
    expect(await deleteProduct(t.db, as(coopB), { organisationId: coopB, productId: other!.id })).toMatchObject({ ok: true });
    expect(await t.db.select().from(batches).where(eq(batches.productId, product!.id))).toHaveLength(1);
  });

  it("warns about certificates that expired or expire within 90 days", async () => {
    const ocop = { ocopGroup: "beverage", ocopStars: "4", ocopCertificateNumber: "01/QĐ-UBND" };
    const soon = await createProduct(t.db, as(coopA), {
      organisationId: coopA,
      form: { ...form, gtin: "", nameVi: "Sắp hết hạn", ...ocop, ocopIssuedOn: "2023-12-01", ocopExpiresOn: "2027-01-15" },
    });
    // The form records a certificate in the register; a number the register holds for another product is refused.
    const taken = await createProduct(t.db, as(coopA), {
      organisationId: coopA,
      form: { ...form, gtin: "", nameVi: "Trùng số", ...ocop, ocopIssuedOn: "2025-06-01" },
    });
    expect(taken).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { ocopCertificateNumber: "ocopRegister.v.numberTaken" } });
    const later = await createProduct(t.db, as(coopA), {
      organisationId: coopA,
      form: { ...form, gtin: "", nameVi: "Còn lâu", ...ocop, ocopCertificateNumber: "02/QĐ-UBND", ocopIssuedOn: "2025-06-01" },
    });
    expect(soon.ok && later.ok).toBe(true);
    const [recorded] = await t.db.select().from(ocopCertificates).where(eq(ocopCertificates.number, "01/QĐ-UBND"));
    expect(recorded).toMatchObject({ origin: "recorded_without_evaluation", confirmedAt: null, stars: 4 });
    const warnings = await listCertificateWarnings(t.db, [coopA], "2026-11-25");
    expect(warnings.map((w) => w.nameVi)).toEqual(["Sắp hết hạn"]);
    expect(await listCertificateWarnings(t.db, [coopB], "2026-11-25")).toEqual([]);
  });
});
