import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organisations } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { refuse, refuseField } from "./result";
import { rollbackWith, transact } from "./transact.server";

describe("transact", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  const insertOrg = (db: TestDatabase["db"], slug: string) =>
    db.insert(organisations).values({ slug, kind: "cooperative", name: slug }).returning().then((rows) => rows[0]!);

  it("stores the change and its audit entry together", async () => {
    const result = await transact(t.db, { userId: null, organisationId: null }, async (tx) => {
      const org = await insertOrg(tx.db, "tx-kept");
      await tx.audit({ entityType: "organisation", entityId: org.id, action: "create", after: org, organisationId: org.id });
      return { ok: true as const, org };
    });
    expect(result.ok).toBe(true);
    const entries = await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, "organisation"));
    expect(entries.map((e) => e.action)).toEqual(["create"]);
  });

  it("rolls back everything when the work returns a refusal, and answers it as a value", async () => {
    const result = await transact(t.db, { userId: null, organisationId: null }, async (tx) => {
      const org = await insertOrg(tx.db, "tx-returned");
      await tx.audit({ entityType: "organisation", entityId: org.id, action: "create" });
      return refuseField("name_taken", "name", "validation.taken");
    });
    expect(result).toEqual({ ok: false, reason: "name_taken", field: "name", fieldErrors: { name: "validation.taken" } });
    expect(await t.db.select().from(organisations).where(eq(organisations.slug, "tx-returned"))).toEqual([]);
  });

  it("rolls back when a refusal is thrown from deep inside the work", async () => {
    const deep = async () => rollbackWith(refuse("out_of_stock"));
    const result = await transact(t.db, { userId: null, organisationId: null }, async (tx) => {
      await insertOrg(tx.db, "tx-thrown");
      await deep();
      return { ok: true as const };
    });
    expect(result).toEqual({ ok: false, reason: "out_of_stock" });
    expect(await t.db.select().from(organisations).where(eq(organisations.slug, "tx-thrown"))).toEqual([]);
  });

  it("turns a named unique violation into its refusal, and keeps other faults as faults", async () => {
    await insertOrg(t.db, "tx-dup");
    const dup = await transact(t.db, { userId: null, organisationId: null }, async (tx) => ({ ok: true as const, org: await insertOrg(tx.db, "tx-dup") }), {
      uniqueViolations: { organisations_slug_unique: refuseField("slug_taken", "slug", "validation.taken") },
    });
    expect(dup).toMatchObject({ ok: false, reason: "slug_taken" });
    await expect(
      transact(t.db, { userId: null, organisationId: null }, async (tx) => ({ ok: true as const, org: await insertOrg(tx.db, "tx-dup") })),
    ).rejects.toThrow();
  });

  it("a nested command refusing undoes only its own savepoint", async () => {
    const result = await transact(t.db, { userId: null, organisationId: null }, async (tx) => {
      await insertOrg(tx.db, "tx-outer");
      const inner = await transact(tx.db, { userId: null, organisationId: null }, async (inner) => {
        await insertOrg(inner.db, "tx-inner");
        return refuse("inner_refused");
      });
      return { ok: true as const, inner };
    });
    expect(result).toMatchObject({ ok: true, inner: { ok: false, reason: "inner_refused" } });
    expect(await t.db.select().from(organisations).where(eq(organisations.slug, "tx-outer"))).toHaveLength(1);
    expect(await t.db.select().from(organisations).where(eq(organisations.slug, "tx-inner"))).toEqual([]);
  });
});
