import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { orderLineAllocations, orderLines } from "#db/schema";
import { createCooperative, createListedProduct, placeTestOrder } from "../../tests/setup/checkout-fixtures";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";

// An allocation carries its line's sub-order and order (migration 0040, decision 0021): the trace reads buyers from
// them. Every way an allocation is written must agree with the line it belongs to.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

async function mismatches(): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await t.db.execute(sql`select count(*)::int as n from order_line_allocations a
      join order_lines ol on ol.id = a.order_line_id join sub_orders so on so.id = ol.sub_order_id
      where a.sub_order_id is distinct from ol.sub_order_id or a.order_id is distinct from so.order_id`),
  );
  return row!.n;
}

describe("an allocation's order", () => {
  it("is written by the checkout for every line of an order across cooperatives", async () => {
    const a = await createCooperative(t.db);
    const b = await createCooperative(t.db);
    const pa = await createListedProduct(t.db, { organisationId: a, priceVnd: 50_000, batches: [{ units: 3 }, { units: 3 }] });
    const pb = await createListedProduct(t.db, { organisationId: b, priceVnd: 80_000, batches: [{ units: 5 }] });
    const placed = await placeTestOrder(t.db, { lines: [{ productId: pa.productId, quantity: 5 }, { productId: pb.productId, quantity: 2 }], method: "cash_on_delivery", today: "2026-11-25" });
    const rows = await t.db.select().from(orderLineAllocations).where(eq(orderLineAllocations.orderId, placed.orderId));
    // 5 units of A come from two lots: three allocations in all.
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.subOrderId))).toEqual(new Set(placed.subOrders.map((s) => s.id)));
    expect(await mismatches()).toBe(0);
  });

  it("is filled from the line when an insert leaves it out, and refused when the line does not exist", async () => {
    const a = await createCooperative(t.db);
    const pa = await createListedProduct(t.db, { organisationId: a, priceVnd: 50_000, batches: [{ units: 4 }] });
    const placed = await placeTestOrder(t.db, { lines: [{ productId: pa.productId, quantity: 1 }], method: "cash_on_delivery", today: "2026-11-25" });
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.subOrderId, placed.subOrders[0]!.id));
    await t.db.delete(orderLineAllocations).where(eq(orderLineAllocations.orderLineId, line!.id));
    await t.db.insert(orderLineAllocations).values({ orderLineId: line!.id, batchId: pa.batchIds[0]!, quantity: 1 });
    const [again] = await t.db.select().from(orderLineAllocations).where(eq(orderLineAllocations.orderLineId, line!.id));
    expect(again).toMatchObject({ subOrderId: placed.subOrders[0]!.id, orderId: placed.orderId });
    expect(await mismatches()).toBe(0);
    await expect(
      t.db.execute(sql`insert into order_line_allocations (order_line_id, batch_id, quantity) values (gen_random_uuid(), ${pa.batchIds[0]!}::uuid, 1)`),
    ).rejects.toThrow();
  });
});
