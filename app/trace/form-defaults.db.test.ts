import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communes, organisations } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { Actor } from "~/lib/transact.server";
import { createProduct } from "../catalog/products.server";
import { createBatch } from "./batches.server";
import { readLastUsedLocations } from "./form-defaults.server";
import { recordStep } from "./record.server";

const now = new Date("2026-11-25T05:00:00Z");
const as = (organisationId: string): Actor => ({ userId: null, organisationId });

describe("the last place an organisation recorded a step at", () => {
  let t: TestDatabase;
  let coop: string;
  let other: string;
  let tanCuong: number;
  let phucXuan: number;
  const lots: Record<string, string> = {};

  async function step(organisationId: string, lot: string, eventTime: string, place: { communeId?: number; locationName?: string }) {
    const form: Record<string, string> = { step: "storing", eventTime, conditions: "kho khô" };
    if (place.communeId !== undefined) form.communeId = String(place.communeId);
    if (place.locationName !== undefined) form.locationName = place.locationName;
    const r = await recordStep(t.db, as(organisationId), { organisationId, batchId: lots[lot]!, form, now });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    const places = await t.db
      .insert(communes)
      .values([
        { provinceCode: "19", nameVi: "Tân Cương", kind: "commune", slug: "tan-cuong-defaults" },
        { provinceCode: "19", nameVi: "Phúc Xuân", kind: "commune", slug: "phuc-xuan-defaults" },
      ])
      .returning();
    tanCuong = places[0]!.id;
    phucXuan = places[1]!.id;
    const orgs = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-noi-chon", kind: "cooperative", name: "HTX Nơi chọn", status: "active" },
        { slug: "htx-ben-canh", kind: "cooperative", name: "HTX Bên cạnh", status: "active" },
      ])
      .returning();
    coop = orgs[0]!.id;
    other = orgs[1]!.id;
    for (const [organisationId, codes] of [
      [coop, ["A", "B", "C", "D"]],
      [other, ["X"]],
    ] as const) {
      const p = await createProduct(t.db, as(organisationId), { organisationId, form: { nameVi: `Chè ${organisationId.slice(0, 4)}`, category: "tea", unitVi: "kg", unitEn: "kg" } });
      if (!p.ok) throw new Error("fixture");
      for (const code of codes) {
        const r = await createBatch(t.db, as(organisationId), { organisationId, form: { productId: p.product.id, lotCode: code, quantity: "10", uom: "KGM", producedOn: "2026-11-20" }, today: "2026-11-25" });
        if (!r.ok) throw new Error(JSON.stringify(r));
        lots[code] = r.batch.id;
      }
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("is none before any step has a place", async () => {
    expect(await readLastUsedLocations(t.db, coop, lots.A!)).toEqual({ lastOfLot: null, lastOfOrganisation: null });
    await step(coop, "A", "2026-11-21T08:00", {});
    expect(await readLastUsedLocations(t.db, coop, lots.A!)).toEqual({ lastOfLot: null, lastOfOrganisation: null });
  });

  it("is the lot's own last place first, even when another lot was recorded since", async () => {
    await step(coop, "A", "2026-11-21T09:00", { communeId: tanCuong, locationName: "Đồi chè xóm Nam Thái" });
    await step(coop, "B", "2026-11-21T10:00", { communeId: phucXuan, locationName: "Kho Phúc Xuân" });
    expect(await readLastUsedLocations(t.db, coop, lots.A!)).toEqual({
      lastOfLot: { communeId: tanCuong, locationName: "Đồi chè xóm Nam Thái" },
      lastOfOrganisation: null,
    });
  });

  it("is the organisation's most recently recorded place for a lot with none, whatever the steps' own times", async () => {
    // Recorded last but back-dated: still the place used last.
    await step(coop, "C", "2026-11-01T07:00", { locationName: "Xưởng sao chè" });
    // A step with no place and another organisation's step do not count.
    await step(coop, "B", "2026-11-22T07:00", {});
    await step(other, "X", "2026-11-23T07:00", { communeId: tanCuong, locationName: "Kho của người khác" });
    expect(await readLastUsedLocations(t.db, coop, lots.D!)).toEqual({
      lastOfLot: null,
      lastOfOrganisation: { communeId: null, locationName: "Xưởng sao chè" },
    });
    expect(await readLastUsedLocations(t.db, other, lots.X!)).toEqual({
      lastOfLot: { communeId: tanCuong, locationName: "Kho của người khác" },
      lastOfOrganisation: null,
    });
  });

  it("follows the lot's newest step with a place", async () => {
    await step(coop, "A", "2026-11-24T07:00", { communeId: phucXuan });
    expect((await readLastUsedLocations(t.db, coop, lots.A!)).lastOfLot).toEqual({ communeId: phucXuan, locationName: null });
  });
});
