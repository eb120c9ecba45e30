import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#db/client.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { TraceFixtures } from "../../tests/setup/trace-fixtures";
import { backwardTrace, findOrderLineLots, findTraceStart, forwardScope, forwardTrace } from "./lineage-trace.server";
import { BizStep } from "./cbv";
import { keyDataElements } from "./kde.server";

let t: TestDatabase;
let db: Database;
let fx: TraceFixtures;

/**
 * The lineage used throughout (quantities in kg unless said):
 *
 *   R1 (100) ─60─┐                       ┌─55─ S1 (55) ─55─┐
 *                ├─ M1 (110, merge) ─────┤                 ├─ D (110, diamond) ─100─ P (packs, A) ─┬─ orders
 *   R2 (50)  ─50─┘                       └─55─ S2 (55) ─55─┘        │                             │
 *                                                                   └─10─ X (org B) ──────────────┴─ orders
 *   R1 ─40─ Q (A, another line)          U (unrelated lot of A, with its own order)
 */
const lots: Record<string, { id: string; lotCode: string; shortCode: string }> = {};
let orgA: string;
let orgB: string;
let teaA: string;
let teaB: string;
let serialsP: string[] = [];
let householdIds: string[] = [];
const orderNumbers: Record<string, string> = {};
const lineIds: Record<string, string[]> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  fx = new TraceFixtures(db);
  orgA = await fx.organisation("HTX Chè Tân Cương thử");
  orgB = await fx.organisation("Công ty Trà Hà Nội thử");
  const leaf = await fx.product(orgA, "Chè búp tươi", "Fresh tea leaves");
  teaA = await fx.product(orgA, "Chè Tân Cương", "Tan Cuong tea");
  teaB = await fx.product(orgB, "Trà túi lọc", "Tea bags");
  lots.R1 = await fx.lot({ organisationId: orgA, productId: leaf, lotCode: "R1", quantity: "100" });
  lots.R2 = await fx.lot({ organisationId: orgA, productId: leaf, lotCode: "R2", quantity: "50" });
  lots.M1 = await fx.lot({ organisationId: orgA, productId: leaf, lotCode: "M1", quantity: "110" });
  lots.S1 = await fx.lot({ organisationId: orgA, productId: teaA, lotCode: "S1", quantity: "55" });
  lots.S2 = await fx.lot({ organisationId: orgA, productId: teaA, lotCode: "S2", quantity: "55" });
  lots.D = await fx.lot({ organisationId: orgA, productId: teaA, lotCode: "D", quantity: "110" });
  lots.P = await fx.lot({ organisationId: orgA, productId: teaA, lotCode: "P", quantity: "500", uom: "H87" });
  lots.X = await fx.lot({ organisationId: orgB, productId: teaB, lotCode: "X", quantity: "200", uom: "H87" });
  lots.Q = await fx.lot({ organisationId: orgA, productId: teaA, lotCode: "Q", quantity: "40" });
  lots.U = await fx.lot({ organisationId: orgA, productId: teaA, lotCode: "U", quantity: "10", uom: "H87" });
  await fx.link(orgA, lots.M1.id, [
    { batchId: lots.R1.id, quantity: "60" },
    { batchId: lots.R2.id, quantity: "50" },
  ]);
  await fx.link(orgA, lots.S1.id, [{ batchId: lots.M1.id, quantity: "55" }]);
  await fx.link(orgA, lots.S2.id, [{ batchId: lots.M1.id, quantity: "55" }]);
  await fx.link(orgA, lots.D.id, [
    { batchId: lots.S1.id, quantity: "55" },
    { batchId: lots.S2.id, quantity: "55" },
  ]);
  await fx.link(orgA, lots.P.id, [{ batchId: lots.D.id, quantity: "100" }]);
  await fx.link(orgB, lots.X.id, [{ batchId: lots.D.id, quantity: "10" }]);
  await fx.link(orgA, lots.Q.id, [{ batchId: lots.R1.id, quantity: "40" }]);

  const tanCuong = await fx.commune("Tân Cương");
  await db.execute(sql`update batches set origin_commune_id = ${tanCuong}, farm_plot = 'Đồi Nam Thái, thửa 12' where id = ${lots.R1.id}::uuid`);
  const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T07:00:00+07:00`);
  await fx.event(orgA, lots.R1.id, { bizStep: BizStep.spraying, eventTime: at(20), communeId: tanCuong, locationName: "Đồi Nam Thái", details: { product: "Abamectin", dose: "10 ml/bình", preHarvestIntervalDays: "7" } });
  await fx.event(orgA, lots.R1.id, { bizStep: BizStep.harvesting, action: "ADD", eventTime: at(24), communeId: tanCuong, quantity: "100", uom: "KGM", details: { method: "hái tay" } });
  await fx.event(orgA, lots.R1.id, { bizStep: BizStep.inspecting, eventTime: at(28), details: { lab: "Quatest 1", reportNumber: "KQ-17", result: "fail", internalNote: "not shown" } });
  await fx.event(orgB, lots.X.id, { bizStep: BizStep.inspecting, eventTime: at(29), details: { lab: "Lab B", reportNumber: "B-1", result: "pass" } });
  householdIds = [await fx.household(orgA, "Nguyễn Thị Lan", tanCuong), await fx.household(orgA, "Hoàng Văn Tư", tanCuong)];
  await fx.supply(orgA, householdIds[0]!, lots.R1.id, "60");
  await fx.supply(orgA, householdIds[1]!, lots.R1.id, "40");
  await fx.supply(orgA, householdIds[1]!, lots.R2.id, "50");
  serialsP = await fx.serials(orgA, lots.P.id, 3);
  await fx.serials(orgB, lots.X.id, 2);
  await fx.scans(orgA, lots.P.id, "01", 5, serialsP[0]);
  await fx.scans(orgA, lots.P.id, "19", 2);
  await fx.scans(orgB, lots.X.id, "01", 1);
  await fx.scans(orgA, lots.U.id, "79", 9);
  await fx.stock(orgA, teaA, lots.P.id, 100, 94);
  await fx.stock(orgB, teaB, lots.X.id, 50, 46);

  const a1 = await fx.order({ email: "mua1@example.vn", lines: [{ organisationId: orgA, productId: teaA, allocations: [{ batchId: lots.P.id, quantity: 3 }] }] });
  const a2 = await fx.order({
    email: "mua2@example.vn",
    lines: [{ organisationId: orgA, productId: teaA, allocations: [{ batchId: lots.P.id, quantity: 2, released: true }] }],
  });
  // One order across both organisations: a line of A's packs and a line of B's tea bags.
  const both = await fx.order({
    email: "mua3@example.vn",
    provinceCode: "79",
    communeName: "Phường Sài Gòn",
    lines: [
      { organisationId: orgA, productId: teaA, allocations: [{ batchId: lots.P.id, quantity: 1 }] },
      { organisationId: orgB, productId: teaB, allocations: [{ batchId: lots.X.id, quantity: 4 }] },
    ],
  });
  const unrelated = await fx.order({ email: "khac@example.vn", lines: [{ organisationId: orgA, productId: teaA, allocations: [{ batchId: lots.U.id, quantity: 1 }] }] });
  for (const [k, o] of Object.entries({ a1, a2, both, unrelated })) {
    orderNumbers[k] = o.number;
    lineIds[k] = o.lineIds;
  }
});

afterAll(async () => {
  await t?.dispose();
});

const idOf = (name: string) => lots[name]!.id;
const nameOf = (id: string) => Object.entries(lots).find(([, l]) => l.id === id)?.[0];

describe("forwardScope", () => {
  it("reaches every lot made from the root once, at its fewest transformations, through merges, splits and diamonds", async () => {
    const scope = await forwardScope(db, [idOf("R1")]);
    expect(scope.lots.map((l) => [nameOf(l.batchId), l.depth])).toEqual([
      ["R1", 0],
      ["M1", 1],
      ["Q", 1],
      ["S1", 2],
      ["S2", 2],
      ["D", 3],
      ["P", 4],
      ["X", 4],
    ]);
    const x = scope.lots.find((l) => l.batchId === idOf("X"))!;
    expect(x).toMatchObject({ organisationId: orgB, productId: teaB, lotCode: "X", status: "active" });
  });

  it("lists the allocations of every lot in scope, released ones flagged, across organisations, and nothing else", async () => {
    const scope = await forwardScope(db, [idOf("R1")]);
    const lines = scope.orderLines.map((l) => ({ lot: nameOf(l.batchId), org: l.organisationId, quantity: l.quantity, released: l.released, line: l.orderLineId }));
    expect(lines).toHaveLength(4);
    expect(lines).toEqual(
      expect.arrayContaining([
        { lot: "P", org: orgA, quantity: 3, released: false, line: lineIds.a1![0] },
        { lot: "P", org: orgA, quantity: 2, released: true, line: lineIds.a2![0] },
        { lot: "P", org: orgA, quantity: 1, released: false, line: lineIds.both![0] },
        { lot: "X", org: orgB, quantity: 4, released: false, line: lineIds.both![1] },
      ]),
    );
    expect(lines.some((l) => l.line === lineIds.unrelated![0])).toBe(false);
    const both = scope.orderLines.filter((l) => l.orderLineId === lineIds.both![0] || l.orderLineId === lineIds.both![1]);
    expect(new Set(both.map((l) => l.orderId)).size).toBe(1);
    expect(new Set(both.map((l) => l.subOrderId)).size).toBe(2);
  });

  it("takes several roots at once and keeps a lot reachable from two of them once", async () => {
    const scope = await forwardScope(db, [idOf("R1"), idOf("R2"), idOf("S2")]);
    const names = scope.lots.map((l) => nameOf(l.batchId));
    expect(new Set(names).size).toBe(names.length);
    expect(scope.lots.filter((l) => l.depth === 0).map((l) => nameOf(l.batchId)).sort()).toEqual(["R1", "R2", "S2"]);
    // D is one step from S2, a root: its depth is the shortest.
    expect(scope.lots.find((l) => l.batchId === idOf("D"))!.depth).toBe(1);
  });

  it("answers an empty scope for no roots and a lone lot for a lot with no outputs", async () => {
    expect(await forwardScope(db, [])).toEqual({ lots: [], orderLines: [] });
    const scope = await forwardScope(db, [idOf("U")]);
    expect(scope.lots.map((l) => nameOf(l.batchId))).toEqual(["U"]);
    expect(scope.orderLines.map((l) => l.orderLineId)).toEqual([lineIds.unrelated![0]]);
  });

  it("runs inside a transaction", async () => {
    const inside = await db.transaction(async (tx) => forwardScope(tx as unknown as Database, [idOf("D")]));
    expect(inside.lots.map((l) => nameOf(l.batchId)).sort()).toEqual(["D", "P", "X"]);
  });
});

const coopA = () => ({ kind: "cooperative", organisationId: orgA }) as const;
const coopB = () => ({ kind: "cooperative", organisationId: orgB }) as const;
const department = { kind: "department" } as const;

describe("forwardTrace", () => {
  it("shows a cooperative its own lots in full, with the quantity of the root in each, and other organisations as counts", async () => {
    const trace = (await forwardTrace(db, idOf("R1"), coopA()))!;
    expect(trace.root).toMatchObject({ lotCode: "R1", quantity: 100, uom: "KGM", depth: 0 });
    expect(Object.fromEntries(trace.lots.map((l) => [nameOf(l.batchId), l.carriedQuantity]))).toEqual({
      R1: 100,
      M1: 60,
      Q: 40,
      S1: 30,
      S2: 30,
      D: 60,
      P: 54.545,
    });
    expect(trace.lots.some((l) => l.batchId === idOf("X"))).toBe(false);
    expect(trace.others).toEqual([
      expect.objectContaining({ organisationId: orgB, organisationName: "Công ty Trà Hà Nội thử", lots: 1, orderLines: 1, unitsSold: 4, serials: 2, unitsAvailable: 46 }),
    ]);
    const p = trace.lots.find((l) => l.batchId === idOf("P"))!;
    expect(p.serials.sort()).toEqual([...serialsP].sort());
    expect(p.serialCount).toBe(3);
    expect(p.stock).toEqual({ unitsOnSale: 100, unitsAvailable: 94 });
    expect(trace.lots.find((l) => l.batchId === idOf("D"))!.stock).toBeNull();
  });

  it("lists its own order lines with buyers and order numbers, never another organisation's buyers", async () => {
    const trace = (await forwardTrace(db, idOf("R1"), coopA()))!;
    expect(trace.orderLines.map((l) => [l.orderNumber, l.quantity, l.released, l.buyer.email]).sort()).toEqual(
      [
        [orderNumbers.a1, 3, false, "mua1@example.vn"],
        [orderNumbers.a2, 2, true, "mua2@example.vn"],
        [orderNumbers.both, 1, false, "mua3@example.vn"],
      ].sort(),
    );
    expect(JSON.stringify(trace)).not.toContain(lineIds.both![1]);
    expect(trace.totals).toMatchObject({ lots: 8, organisations: 2, maxDepth: 4, orderLines: 3, orders: 2, unitsSold: 8, unitsReleased: 2, buyersWithEmail: 2, serials: 5, unitsAvailable: 140 });
    expect(trace.deliveries).toEqual([
      expect.objectContaining({ provinceCode: "01", orderLines: 1, units: 3 }),
      expect.objectContaining({ provinceCode: "79", communeName: "Phường Sài Gòn", orderLines: 1, units: 1 }),
    ]);
  });

  it("counts scans of every lot in scope by province, and none of lots outside it", async () => {
    const trace = (await forwardTrace(db, idOf("R1"), coopA()))!;
    expect(trace.scans.map((s) => [s.provinceCode, s.scans])).toEqual([
      ["01", 6],
      ["19", 2],
    ]);
    expect(trace.scans[0]!.provinceNameVi).toBeTruthy();
  });

  it("shows the department every lot, line and buyer", async () => {
    const trace = (await forwardTrace(db, idOf("R1"), department))!;
    expect(trace.lots).toHaveLength(8);
    expect(trace.others).toEqual([]);
    expect(trace.lots.find((l) => l.batchId === idOf("X"))!.carriedQuantity).toBe(5.455);
    expect(trace.orderLines.find((l) => l.orderLineId === lineIds.both![1])).toMatchObject({ quantity: 4, buyer: { email: "mua3@example.vn" } });
  });

  it("answers null for a lot that does not exist", async () => {
    expect(await forwardTrace(db, "00000000-0000-4000-8000-000000000000", department)).toBeNull();
  });
});

describe("backwardTrace", () => {
  it("walks back to the raw lots with the quantity of each that went into the traced lot", async () => {
    const trace = (await backwardTrace(db, idOf("P"), coopA()))!;
    expect(trace.lots.map((l) => [nameOf(l.batchId), l.depth, l.usedQuantity, l.isRaw])).toEqual([
      ["P", 0, null, false],
      ["D", 1, 100, false],
      ["S1", 2, 50, false],
      ["S2", 2, 50, false],
      ["M1", 3, 100, false],
      ["R1", 4, 54.545, true],
      ["R2", 4, 45.455, true],
    ]);
    const r1 = trace.lots.find((l) => l.batchId === idOf("R1"))!;
    expect(r1).toMatchObject({ originCommuneName: "Tân Cương", farmPlot: "Đồi Nam Thái, thửa 12" });
    expect(trace.totals).toMatchObject({ lots: 7, rawLots: 2, organisations: 1, maxDepth: 4, households: 2, labTests: 1, failedLabTests: 1 });
  });

  it("carries harvests, sprayings with the pre-harvest interval checked and lab results, without undisclosed details", async () => {
    const trace = (await backwardTrace(db, idOf("P"), coopA()))!;
    const r1Events = trace.events.filter((e) => e.batchId === idOf("R1"));
    expect(r1Events.map((e) => e.kind)).toEqual(["spraying", "harvesting", "inspecting"]);
    expect(r1Events[0]!.harvestInsideInterval).toBe("2026-03-24T00:00:00.000Z");
    expect(r1Events[0]!.details).toMatchObject({ product: "Abamectin", preHarvestIntervalDays: "7" });
    expect(r1Events[2]).toMatchObject({ labResult: "fail", details: { lab: "Quatest 1", reportNumber: "KQ-17", result: "fail" } });
    expect(r1Events[2]!.details).not.toHaveProperty("internalNote");
    expect(trace.events.filter((e) => e.kind === "transformation").map((e) => e.lotCode).sort()).toEqual(["D", "M1", "P", "S1", "S2"]);
    const times = trace.events.map((e) => e.eventTime);
    expect([...times].sort()).toEqual(times);
  });

  it("names the households to their own cooperative only: the department and other organisations get counts", async () => {
    const own = (await backwardTrace(db, idOf("P"), coopA()))!;
    expect(own.households.map((h) => [h.householdName, h.lotCode, h.quantity]).sort()).toEqual(
      [
        ["Hoàng Văn Tư", "R1", 40],
        ["Hoàng Văn Tư", "R2", 50],
        ["Nguyễn Thị Lan", "R1", 60],
      ].sort(),
    );
    expect(own.householdCounts).toEqual([]);

    const dept = (await backwardTrace(db, idOf("P"), department))!;
    expect(dept.households).toEqual([]);
    expect(dept.householdCounts).toEqual([{ organisationId: orgA, organisationName: "HTX Chè Tân Cương thử", households: 2, deliveries: 3 }]);
    expect(JSON.stringify(dept)).not.toContain("Nguyễn Thị Lan");
    expect(dept.events.some((e) => e.kind === "inspecting" && e.labResult === "fail")).toBe(true);

    const other = (await backwardTrace(db, idOf("X"), coopB()))!;
    expect(other.lots.map((l) => nameOf(l.batchId))).toEqual(["X"]);
    expect(other.others).toEqual([expect.objectContaining({ organisationId: orgA, lots: 6, households: 2, deliveries: 3 })]);
    expect(other.events.map((e) => e.lotCode)).toEqual(["X", "X"]);
    const text = JSON.stringify(other);
    for (const secret of ["Nguyễn Thị Lan", "Hoàng Văn Tư", "Abamectin", "KQ-17", idOf("R1")]) expect(text).not.toContain(secret);
  });
});

describe("starting a trace from a code or an order line", () => {
  it("finds a lot by short code, lot code or digital link, only among the viewer's lots", async () => {
    expect((await findTraceStart(db, lots.P!.shortCode, coopA())).map((c) => c.batchId)).toEqual([idOf("P")]);
    expect((await findTraceStart(db, "P", department)).map((c) => c.batchId)).toEqual([idOf("P")]);
    expect(await findTraceStart(db, "P", coopB())).toEqual([]);
    await db.execute(sql`update products set gtin = '08930000000019' where id = ${teaA}::uuid`);
    const link = await findTraceStart(db, `https://example.vn/01/08930000000019/10/P/21/${serialsP[0]}`, coopA());
    expect(link.map((c) => c.batchId)).toEqual([idOf("P")]);
  });

  it("offers every product's lot when a lot code is shared", async () => {
    const other = await fx.lot({ organisationId: orgB, productId: teaB, lotCode: "P" });
    const found = await findTraceStart(db, "P", department);
    expect(found.map((c) => c.batchId).sort()).toEqual([idOf("P"), other.id].sort());
  });

  it("finds the lots of an order line the viewer may trace", async () => {
    expect((await findOrderLineLots(db, lineIds.both![1]!, department)).map((c) => c.batchId)).toEqual([idOf("X")]);
    expect(await findOrderLineLots(db, lineIds.both![1]!, coopA())).toEqual([]);
  });
});

describe("keyDataElements", () => {
  it("lists the whole trace's critical tracking events by time, within the viewer's tenancy", async () => {
    const own = (await keyDataElements(db, idOf("D"), coopA(), "vi"))!;
    expect(own.lotCode).toBe("D");
    const ctes = own.rows.map((r) => `${r.cte}:${r.lotCode}`);
    expect(ctes).toEqual(expect.arrayContaining(["growing:R1", "harvesting:R1", "receiving:R1", "receiving:R2", "transforming:D", "transforming:P", "selling:P"]));
    expect(ctes.filter((c) => c === "selling:P")).toHaveLength(2); // the released allocation is no sale
    expect(ctes.some((c) => c.endsWith(":X"))).toBe(false);
    expect(own.rows.map((r) => r.time)).toEqual([...own.rows.map((r) => r.time)].sort());
    expect(own.rows.some((r) => r.description.includes("Nguyễn Thị Lan"))).toBe(true);

    const dept = (await keyDataElements(db, idOf("D"), department, "en"))!;
    expect(dept.rows.some((r) => r.cte === "selling" && r.lotCode === "X")).toBe(true);
    expect(dept.rows.filter((r) => r.cte === "receiving" && r.description === "A member household delivered produce")).toHaveLength(3);
    expect(JSON.stringify(dept)).not.toContain("Nguyễn Thị Lan");
  });
});
