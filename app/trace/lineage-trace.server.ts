/**
 * The lineage trace (issue #16, decision 0020): forward from a lot to every lot made from it, its serials, the
 * order lines that took units of them, the places its codes were scanned and the stock still on sale; backward to
 * every input lot back to the raw lots with their farm records, lab tests and member households.
 *
 * Walks are recursive CTEs over batch_inputs with UNION (a lot reached twice through a diamond is kept once per
 * depth, not once per path) and a depth guard. `forwardScope` is the cheap part the recall confirmation runs inside
 * its transaction; the full traces add what a person reads.
 */
import { sql } from "drizzle-orm";
import { rowsOf, uuidArray, type Database } from "#db/client.server";
import { MAX_TRACE_DEPTH } from "./lineage-trace";

export type BatchStatus = "active" | "consumed" | "recalled" | "withdrawn";

export interface ScopeLot {
  batchId: string;
  organisationId: string;
  productId: string;
  lotCode: string;
  /** Fewest transformations from a root lot; the roots are 0. */
  depth: number;
  status: BatchStatus;
}

export interface ScopeOrderLine {
  orderLineId: string;
  subOrderId: string;
  orderId: string;
  organisationId: string;
  batchId: string;
  /** Units of this lot allocated to the line. */
  quantity: number;
  /** The units went back to stock (cancellation, lapsed reservation). */
  released: boolean;
}

export interface ForwardScope {
  lots: ScopeLot[];
  orderLines: ScopeOrderLine[];
}

/** The walk down from some lots, as SQL other queries of this module join: (batch_id, depth), one row per lot. */
function downstreamLots(rootBatchIds: readonly string[]) {
  return sql`
    with recursive down(batch_id, depth) as (
      select b.id, 0 from batches b where b.id = any(${uuidArray(rootBatchIds)})
      union
      select bi.output_batch_id, d.depth + 1
      from down d join batch_inputs bi on bi.input_batch_id = d.batch_id
      where d.depth < ${MAX_TRACE_DEPTH}
    ),
    scope as (select batch_id, min(depth) as depth from down group by batch_id)`;
}

/**
 * Every lot made from the root lots (roots included, depth 0) and every order-line allocation of those lots.
 * Two statements, no writes: cheap enough to run inside the recall's transaction. Sorted by depth, then lot code;
 * order lines by order, then line.
 */
export async function forwardScope(db: Database, rootBatchIds: readonly string[]): Promise<ForwardScope> {
  if (rootBatchIds.length === 0) return { lots: [], orderLines: [] };
  const lotRows = rowsOf<{
    batch_id: string;
    organisation_id: string;
    product_id: string;
    lot_code: string;
    depth: number;
    status: BatchStatus;
  }>(
    await db.execute(sql`
      ${downstreamLots(rootBatchIds)}
      select s.batch_id, b.organisation_id, b.product_id, b.lot_code, s.depth::int as depth, b.status
      from scope s join batches b on b.id = s.batch_id
      order by s.depth, b.lot_code, b.id`),
  );
  const lots: ScopeLot[] = lotRows.map((r) => ({
    batchId: r.batch_id,
    organisationId: r.organisation_id,
    productId: r.product_id,
    lotCode: r.lot_code,
    depth: Number(r.depth),
    status: r.status,
  }));
  const lineRows = rowsOf<{
    order_line_id: string;
    sub_order_id: string;
    order_id: string;
    organisation_id: string;
    batch_id: string;
    quantity: number;
    released: boolean;
  }>(
    await db.execute(sql`
      select a.order_line_id, ol.sub_order_id, so.order_id, ol.organisation_id, a.batch_id, a.quantity,
             a.released_at is not null as released
      from order_line_allocations a
      join order_lines ol on ol.id = a.order_line_id
      join sub_orders so on so.id = ol.sub_order_id
      where a.batch_id = any(${uuidArray(lots.map((l) => l.batchId))})
      order by so.order_id, a.order_line_id, a.batch_id`),
  );
  const orderLines: ScopeOrderLine[] = lineRows.map((r) => ({
    orderLineId: r.order_line_id,
    subOrderId: r.sub_order_id,
    orderId: r.order_id,
    organisationId: r.organisation_id,
    batchId: r.batch_id,
    quantity: Number(r.quantity),
    released: r.released === true,
  }));
  return { lots, orderLines };
}
