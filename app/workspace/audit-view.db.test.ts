import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { recordAudit } from "~/audit/audit.server";
import { parseAuditView, PERSONAL_DATA_VIEW } from "./audit-view";
import { listOrganisationAudit } from "./audit-view.server";

let t: TestDatabase;
let orgId: string;
let otherId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const [org, other] = await t.db
    .insert(organisations)
    .values([
      { slug: "htx-nhat-ky", name: "HTX Nhật Ký", kind: "cooperative", status: "active" },
      { slug: "htx-khac", name: "HTX Khác", kind: "cooperative", status: "active" },
    ])
    .returning({ id: organisations.id });
  orgId = org!.id;
  otherId = other!.id;
  await recordAudit(t.db, { actorUserId: null, organisationId: orgId, entityType: "product", entityId: randomUUID(), action: "update", before: { priceVnd: 1 }, after: { priceVnd: 2 } });
  for (let i = 0; i < 3; i += 1) {
    await recordAudit(t.db, { actorUserId: null, organisationId: orgId, entityType: "household", entityId: randomUUID(), action: PERSONAL_DATA_VIEW, after: { role: "cooperative_manager" } });
  }
  await recordAudit(t.db, { actorUserId: null, organisationId: otherId, entityType: "batch", entityId: randomUUID(), action: "create", after: { lotCode: "X" } });
});
afterAll(async () => {
  await t?.dispose();
});

describe("the cooperative's audit log", () => {
  it("shows changes by default, reads of personal data apart, or both, of its own organisation only", async () => {
    const changes = await listOrganisationAudit(t.db, orgId);
    expect(changes.map((r) => [r.entityType, r.action, r.changedFields])).toEqual([["product", "update", ["priceVnd"]]]);
    const views = await listOrganisationAudit(t.db, orgId, { view: "views" });
    expect(views).toHaveLength(3);
    expect(views.every((r) => r.action === PERSONAL_DATA_VIEW)).toBe(true);
    expect(await listOrganisationAudit(t.db, orgId, { view: "all" })).toHaveLength(4);
    expect(await listOrganisationAudit(t.db, orgId, { view: "all", limit: 2 })).toHaveLength(2);
    expect((await listOrganisationAudit(t.db, otherId, { view: "all" })).map((r) => r.entityType)).toEqual(["batch"]);
  });

  it("reads the view from the query string, falling back to changes", () => {
    expect(parseAuditView("views")).toBe("views");
    expect(parseAuditView("all")).toBe("all");
    expect(parseAuditView(null)).toBe("changes");
    expect(parseAuditView("everything")).toBe("changes");
    expect(parseAuditView("")).toBe("changes");
  });
});
