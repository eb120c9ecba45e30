import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { orderStatus, paymentStatus, subOrderStatus } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { awaitingPaymentCondition, awaitsPayment, countsAsSale, saleCondition, type SaleState } from "./sales-rule";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.dispose();
});

describe("the sale rule in SQL", () => {
  it("agrees with countsAsSale and awaitsPayment on every combination of the database's states", async () => {
    const states: SaleState[] = orderStatus.enumValues.flatMap((o) =>
      subOrderStatus.enumValues.flatMap((s) => paymentStatus.enumValues.map((p) => ({ orderStatus: o, subOrderStatus: s, paymentStatus: p }))),
    );
    const values = sql.join(
      states.map((x, i) => sql`(${i}, ${x.orderStatus}::order_status, ${x.subOrderStatus}::sub_order_status, ${x.paymentStatus}::payment_status)`),
      sql`, `,
    );
    const rows = rowsOf<{ i: number; sale: boolean; awaited: boolean }>(
      await t.db.execute(sql`
        select v.i, ${saleCondition("o", "so")} as sale, ${awaitingPaymentCondition("o", "so")} as awaited
        from (values ${values}) as v(i, order_status, sub_status, payment_status)
        cross join lateral (select v.order_status as status) o
        cross join lateral (select v.sub_status as status, v.payment_status) so
        order by v.i`),
    );
    expect(rows).toHaveLength(states.length);
    for (const row of rows) {
      const state = states[Number(row.i)]!;
      expect({ state, sale: row.sale, awaited: row.awaited }).toEqual({ state, sale: countsAsSale(state), awaited: awaitsPayment(state) });
    }
    expect(states.filter(countsAsSale).length).toBeGreaterThan(0);
    expect(states.filter(awaitsPayment).length).toBeGreaterThan(0);
  });
});
