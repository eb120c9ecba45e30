import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communes, householdStatuses, households, ocopCertificates, scanCounts, subOrders } from "#db/schema";
import { BizStep } from "~/trace/cbv";
import { appendTraceEvent } from "~/trace/events.server";
import { placeTestOrder } from "../../tests/setup/checkout-fixtures";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { applyingCooperative } from "../../tests/setup/ocop-dossier-fixtures";
import { assembleEvidenceFor, computeEvidence } from "./evidence.server";

const NOW = new Date("2026-06-15T03:00:00Z");
const TODAY = "2026-06-15";
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

async function step(c: { coop: string }, batchId: string, bizStep: string, details: Record<string, unknown> = {}) {
  const r = await appendTraceEvent(t.db, { organisationId: c.coop, batchId, eventType: "ObjectEvent", action: "OBSERVE", bizStep, eventTime: new Date("2026-03-02T02:00:00Z"), details });
  if (!r.ok) throw new Error(JSON.stringify(r));
}

describe("platform evidence from live records", () => {
  it("lab tests and traceability coverage come from the product's lots and their trace", async () => {
    const c = await applyingCooperative(t.db, { lots: 3 });
    const [a, b] = c.batchIds;
    await step(c, a!, BizStep.harvesting);
    await step(c, a!, BizStep.packing, { packaging: "Túi 200 g" });
    await step(c, a!, BizStep.inspecting, { lab: "Quatest 1", reportNumber: "KN-1", result: "pass" });
    await step(c, b!, BizStep.inspecting, { lab: "Quatest 1", reportNumber: "KN-2", result: "không đạt" });
    const subject = { organisationId: c.coop, productId: c.productId };
    const lab = await computeEvidence(t.db, subject, "lab_tests", NOW);
    expect(lab).toMatchObject({ totalLots: 3, testedLots: 2, passedLots: 1, source: { records: 3 } });
    expect(lab.lots.flatMap((l) => l.tests.map((x) => [x.reportNumber, x.result])).sort()).toEqual([["KN-1", "pass"], ["KN-2", "fail"]]);
    const coverage = await computeEvidence(t.db, subject, "traceability_coverage", NOW);
    expect(coverage).toMatchObject({ lots: 3, completeLots: 1, share: 0.3333 });
    // Another cooperative's product has none of it.
    const other = await applyingCooperative(t.db, { productSetCode: c.productSetCode });
    expect(await computeEvidence(t.db, { organisationId: other.coop, productId: other.productId }, "lab_tests", NOW)).toMatchObject({ totalLots: 2, testedLots: 0 });
  });

  it("sales by month, buyer provinces and repeat buyers count paid sales only", async () => {
    const c = await applyingCooperative(t.db, { lots: 1 });
    const subject = { organisationId: c.coop, productId: c.productId };
    const paid = async (phone: string, provinceCode: string, quantity: number) => {
      const o = await placeTestOrder(t.db, { lines: [{ productId: c.productId, quantity }], method: "cash_on_delivery", today: TODAY, now: NOW, form: { phone, provinceCode } });
      await t.db.update(subOrders).set({ paymentStatus: "paid" }).where(eq(subOrders.id, o.subOrders[0]!.id));
    };
    await paid("0912000001", "01", 2);
    await paid("0912000001", "01", 1);
    await paid("0912000002", "79", 3);
    // Cash not yet collected: awaiting payment, not a sale.
    await placeTestOrder(t.db, { lines: [{ productId: c.productId, quantity: 1 }], method: "cash_on_delivery", today: TODAY, now: NOW, form: { phone: "0912000003", provinceCode: "01" } });

    const sales = await computeEvidence(t.db, subject, "sales_by_month", NOW);
    expect(sales.months).toHaveLength(12);
    expect(sales.months.at(-1)).toEqual({ month: "2026-06", orders: 3, units: 6, revenueVnd: 600_000 });
    expect(sales).toMatchObject({ orders: 3, revenueVnd: 600_000, source: { records: 3 } });
    const provinces = await computeEvidence(t.db, subject, "buyer_provinces", NOW);
    expect(provinces.provinces.map((p) => [p.code, p.orders, p.revenueVnd])).toEqual([["01", 2, 300_000], ["79", 1, 300_000]]);
    const repeat = await computeEvidence(t.db, subject, "repeat_buyers", NOW);
    expect(repeat).toMatchObject({ buyers: 2, repeatBuyers: 1, share: 0.5 });
  });

  it("scans by month and province, and the current certificate", async () => {
    const c = await applyingCooperative(t.db, { lots: 1 });
    const subject = { organisationId: c.coop, productId: c.productId };
    await t.db.insert(scanCounts).values([
      { organisationId: c.coop, batchId: c.batchIds[0]!, minute: new Date("2026-05-10T01:00:00Z"), provinceCode: "19", device: "mobile", count: 4 },
      { organisationId: c.coop, batchId: c.batchIds[0]!, minute: new Date("2026-06-01T01:00:00Z"), provinceCode: "01", device: "mobile", count: 2 },
      { organisationId: c.coop, batchId: c.batchIds[0]!, minute: new Date("2026-06-01T01:01:00Z"), provinceCode: "", device: "desktop", count: 1 },
      // Older than 12 months: left out.
      { organisationId: c.coop, batchId: c.batchIds[0]!, minute: new Date("2025-05-01T01:00:00Z"), provinceCode: "19", device: "mobile", count: 9 },
    ]);
    const scans = await computeEvidence(t.db, subject, "scans", NOW);
    expect(scans.total).toBe(7);
    expect(scans.months.slice(-2)).toEqual([{ month: "2026-05", scans: 4 }, { month: "2026-06", scans: 3 }]);
    expect(scans.provinces.map((p) => [p.code, p.scans])).toEqual([["19", 4], ["01", 2], ["", 1]]);

    expect(await computeEvidence(t.db, subject, "current_certificate", NOW)).toMatchObject({ certificate: null });
    await t.db.insert(ocopCertificates).values({ number: `TN-OCOP-${c.coop.slice(0, 6)}`, productId: c.productId, organisationId: c.coop, productGroup: "beverage", stars: 4, issuedOn: "2023-01-10", expiresOn: "2026-01-10", origin: "recorded_without_evaluation" });
    expect(await computeEvidence(t.db, subject, "current_certificate", NOW)).toMatchObject({ certificate: { stars: 4, status: "expired", origin: "recorded_without_evaluation" } });
  });

  it("member households are counts only, and groups under 5 households are hidden", async () => {
    const c = await applyingCooperative(t.db, { lots: 1 });
    const [commune] = await t.db.insert(communes).values({ provinceCode: "19", nameVi: "Xã thử OCOP", kind: "commune", slug: `xa-thu-ocop-${c.coop.slice(0, 6)}` }).returning({ id: communes.id });
    const rows = Array.from({ length: 8 }, (_, i) => ({
      organisationId: c.coop,
      code: `HH${i}`,
      headName: `Chủ hộ ${i}`,
      headSex: "female" as const,
      memberCount: 4,
      // Six of eight are of an ethnic minority (Tày "02"), two Kinh.
      ethnicityCode: i < 6 ? "02" : "01",
      communeId: commune!.id,
      joinedOn: "2024-01-01",
    }));
    const made = await t.db.insert(households).values(rows).returning({ id: households.id });
    // Two poor households (under 5: hidden), none near-poor.
    await t.db.insert(householdStatuses).values(made.slice(0, 2).map((h) => ({ householdId: h.id, organisationId: c.coop, year: 2025, status: "poor" as const, standard: "2022-2025" })));
    const snapshot = await computeEvidence(t.db, { organisationId: c.coop, productId: c.productId }, "member_households", NOW);
    expect(snapshot).toMatchObject({ households: { value: 8 }, poor: { suppressed: true }, nearPoor: { suppressed: true }, ethnicMinority: { value: 6 }, source: { records: 0 } });
    expect(JSON.stringify(snapshot)).not.toContain("Chủ hộ");
  });

  it("assembles every kind at once", async () => {
    const c = await applyingCooperative(t.db, { lots: 1 });
    const all = await assembleEvidenceFor(t.db, { organisationId: c.coop, productId: c.productId }, NOW);
    expect(all.map((e) => e.kind)).toEqual(["lab_tests", "traceability_coverage", "sales_by_month", "buyer_provinces", "repeat_buyers", "scans", "member_households", "current_certificate"]);
  });
});
