import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { Actor } from "~/lib/transact.server";
import { getOrganisationProfile, updateOrganisationProfile } from "./organisations.server";

/** Someone of the organisation acting, as a route passes them. */
const as = (organisationId: string): Actor => ({ userId: null, organisationId });

describe("organisation profile", () => {
  let t: TestDatabase;
  let id: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const [row] = await t.db.insert(organisations).values({ slug: "htx-x", kind: "cooperative", name: "HTX X", status: "pending" }).returning();
    id = row!.id;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("updates the fields a manager owns but never the status or slug", async () => {
    const result = await updateOrganisationProfile(t.db, as(id), {
      organisationId: id,
      form: { name: "HTX X mới", kind: "cooperative_group", status: "active", slug: "hijack", phone: "0208 3855 123" },
    });
    expect(result.ok).toBe(true);
    const after = await getOrganisationProfile(t.db, id);
    expect(after).toMatchObject({ name: "HTX X mới", kind: "cooperative_group", status: "pending", slug: "htx-x", phone: "0208 3855 123" });
    expect(result.ok && result.before.name).toBe("HTX X");
  });

  it("stores nothing when a field is invalid or the commune unknown", async () => {
    expect(await updateOrganisationProfile(t.db, as(id), { organisationId: id, form: { name: "", kind: "cooperative" } })).toEqual({
      ok: false,
      reason: "invalid_input",
      fieldErrors: { name: "validation.required" },
    });
    expect(await updateOrganisationProfile(t.db, as(id), { organisationId: id, form: { name: "Y", kind: "cooperative", communeId: "99999" } })).toMatchObject({
      ok: false,
    });
    expect((await getOrganisationProfile(t.db, id))?.name).toBe("HTX X mới");
  });
});
