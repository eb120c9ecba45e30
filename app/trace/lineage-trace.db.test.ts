import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#db/client.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { TraceFixtures } from "../../tests/setup/trace-fixtures";
import { forwardScope } from "./lineage-trace.server";

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
