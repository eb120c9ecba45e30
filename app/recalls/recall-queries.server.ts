/**
 * What other contexts and pages read of recalls: holds (fulfilment), the recall of a product (cart and checkout), the
 * notice of a lot (origin page, resolver), the register, one recall's detail and its scope under review.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { rowsOf, uuidArray, type Database } from "#db/client.server";
import { batches, organisations, products, recallHolds, recallLots, recalls, type Recall } from "#db/schema";
import { forwardScope } from "~/trace/lineage-trace.server";
import { lotStatusFor, type RecallSeverity } from "./rules";

/** An undecided hold on the sub-order, if a recall holds it (fulfilment refuses accepting, packing and shipping). */
export async function activeHoldOf(db: Database, subOrderId: string): Promise<{ recallNumber: string } | null> {
  const [row] = await db
    .select({ number: recalls.number })
    .from(recallHolds)
    .innerJoin(recalls, eq(recalls.id, recallHolds.recallId))
    .where(and(eq(recallHolds.subOrderId, subOrderId), isNull(recallHolds.releasedAt)))
    .limit(1);
  return row ? { recallNumber: row.number } : null;
}

/** The confirmed recall (its number) of each product with lots in one, to name it when a cart or checkout refuses. */
export async function recallsOfProducts(db: Database, productIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (productIds.length === 0) return out;
  const rows = await db
    .select({ productId: recallLots.productId, number: recalls.number })
    .from(recallLots)
    .innerJoin(recalls, eq(recalls.id, recallLots.recallId))
    .where(and(inArray(recallLots.productId, [...productIds]), inArray(recalls.status, ["confirmed", "closed"])))
    .orderBy(desc(recalls.confirmedAt));
  for (const r of rows) if (!out.has(r.productId)) out.set(r.productId, r.number);
  return out;
}

export interface RecallNotice {
  number: string;
  kind: "recalled" | "withdrawn";
  messageVi: string;
  messageEn: string;
  confirmedAt: Date;
  closedAt: Date | null;
}

/** The confirmed recall a lot is in (the newest), for its origin page and the resolver's gs1:recallStatus link. */
export async function recallNoticeOfBatch(db: Database, batchId: string): Promise<RecallNotice | null> {
  const [row] = await db
    .select({ number: recalls.number, severity: recalls.severity, messageVi: recalls.messageVi, messageEn: recalls.messageEn, confirmedAt: recalls.confirmedAt, closedAt: recalls.closedAt })
    .from(recallLots)
    .innerJoin(recalls, eq(recalls.id, recallLots.recallId))
    .where(and(eq(recallLots.batchId, batchId), inArray(recalls.status, ["confirmed", "closed"])))
    .orderBy(desc(recalls.confirmedAt))
    .limit(1);
  if (!row || !row.confirmedAt) return null;
  return { number: row.number, kind: lotStatusFor(row.severity), messageVi: row.messageVi, messageEn: row.messageEn, confirmedAt: row.confirmedAt, closedAt: row.closedAt };
}

export interface PublicRecallNotice extends RecallNotice {
  reason: Recall["reason"];
  lots: { lotCode: string; productNameVi: string; productNameEn: string | null; productSlug: string; organisationName: string; organisationNameEn: string | null; shortCode: string }[];
}

/** The public notice of a confirmed (or closed) recall; null for a draft or an unknown number. */
export async function getPublicRecallNotice(db: Database, number: string): Promise<PublicRecallNotice | null> {
  const [recall] = await db.select().from(recalls).where(eq(recalls.number, number));
  if (!recall || recall.status === "draft" || !recall.confirmedAt) return null;
  const lots = await db
    .select({
      lotCode: recallLots.lotCode,
      productNameVi: products.nameVi,
      productNameEn: products.nameEn,
      productSlug: products.slug,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
      shortCode: batches.shortCode,
    })
    .from(recallLots)
    .innerJoin(products, eq(products.id, recallLots.productId))
    .innerJoin(organisations, eq(organisations.id, recallLots.organisationId))
    .innerJoin(batches, eq(batches.id, recallLots.batchId))
    .where(eq(recallLots.recallId, recall.id))
    .orderBy(asc(recallLots.depth), asc(products.nameVi), asc(recallLots.lotCode));
  return {
    number: recall.number,
    kind: lotStatusFor(recall.severity),
    reason: recall.reason,
    messageVi: recall.messageVi,
    messageEn: recall.messageEn,
    confirmedAt: recall.confirmedAt,
    closedAt: recall.closedAt,
    lots,
  };
}

export interface RecallScopeLot {
  batchId: string;
  lotCode: string;
  depth: number;
  status: string;
  organisationId: string;
  organisationName: string;
  productNameVi: string;
  productNameEn: string | null;
  /** The lot's quantity unit (UN/ECE Rec 20: KGM, H87, …) and the product's own unit, for counts (H87). */
  uom: string;
  unitVi: string;
  unitEn: string;
  unitsSold: number;
  unitsReturned: number;
  unitsDestroyed: number;
}

export interface RecallScopeLine {
  orderNumber: string;
  subOrderReference: string;
  organisationId: string;
  productNameVi: string;
  productNameEn: string | null;
  lotCode: string;
  quantity: number;
  released: boolean;
  held: boolean;
}

export interface RecallView {
  recall: Recall & { lotStatus: "recalled" | "withdrawn" };
  openedByName: string;
  lots: RecallScopeLot[];
  lines: RecallScopeLine[];
  /** Orders in scope, and those whose buyer was mailed (confirmed recalls; for a draft, those that left an address). */
  buyers: number;
  buyersReached: number;
  holds: { subOrderId: string; reference: string; organisationId: string; releasedAt: Date | null; status: string }[];
}

/**
 * A recall with its scope: the live forward trace while it is a draft (what confirming would take), the frozen scope
 * once confirmed, with units sold, returned and destroyed per lot.
 */
export async function getRecallView(db: Database, number: string): Promise<RecallView | null> {
  const [row] = await db
    .select({ recall: recalls, openedByName: organisations.name })
    .from(recalls)
    .innerJoin(organisations, eq(organisations.id, recalls.openedByOrganisationId))
    .where(eq(recalls.number, number));
  if (!row) return null;
  const recall = { ...row.recall, lotStatus: lotStatusFor(row.recall.severity as RecallSeverity) };
  type LotRow = {
    batch_id: string;
    lot_code: string;
    depth: number;
    status: string;
    organisation_id: string;
    organisation_name: string;
    name_vi: string;
    name_en: string | null;
    uom: string;
    unit_vi: string;
    unit_en: string;
  };
  type LineRow = { order_number: string; reference: string; organisation_id: string; name_vi: string; name_en: string | null; lot_code: string; quantity: number; released: boolean; email: string | null; order_id: string; sub_order_id: string; batch_id: string };
  let lotRows: LotRow[];
  let lineRows: LineRow[];
  if (recall.status === "draft") {
    const roots = (await db.execute(sql`select batch_id from recall_roots where recall_id = ${recall.id}::uuid order by batch_id`)) as unknown;
    const scope = await forwardScope(db, rowsOf<{ batch_id: string }>(roots).map((r) => r.batch_id));
    const depthOf = new Map(scope.lots.map((l) => [l.batchId, l.depth]));
    lotRows = scope.lots.length
      ? rowsOf<LotRow>(
          await db.execute(sql`select b.id as batch_id, b.lot_code, 0 as depth, b.status::text, b.organisation_id, o.name as organisation_name, p.name_vi, p.name_en,
              b.uom, p.unit_vi, p.unit_en
            from batches b join organisations o on o.id = b.organisation_id join products p on p.id = b.product_id
            where b.id = any(${uuidArray(scope.lots.map((l) => l.batchId))})`),
        ).map((r) => ({ ...r, depth: depthOf.get(r.batch_id) ?? 0 }))
      : [];
    const keys = scope.orderLines.map((l) => `${l.orderLineId}:${l.batchId}`);
    lineRows = scope.orderLines.length
      ? rowsOf<LineRow>(
          await db.execute(sql`select o.number as order_number, s.reference, ol.organisation_id, ol.product_name_vi as name_vi, ol.product_name_en as name_en,
              b.lot_code, a.quantity, a.released_at is not null as released, o.email, o.id as order_id, s.id as sub_order_id, a.batch_id
            from order_line_allocations a join order_lines ol on ol.id = a.order_line_id join sub_orders s on s.id = ol.sub_order_id
            join orders o on o.id = s.order_id join batches b on b.id = a.batch_id
            where (a.order_line_id::text || ':' || a.batch_id::text) = any(${`{${keys.join(",")}}`}::text[])`),
        )
      : [];
  } else {
    lotRows = rowsOf<LotRow>(
      await db.execute(sql`select rl.batch_id, rl.lot_code, rl.depth, b.status::text, rl.organisation_id, o.name as organisation_name, p.name_vi, p.name_en,
          b.uom, p.unit_vi, p.unit_en
        from recall_lots rl join batches b on b.id = rl.batch_id join organisations o on o.id = rl.organisation_id join products p on p.id = rl.product_id
        where rl.recall_id = ${recall.id}::uuid`),
    );
    lineRows = rowsOf<LineRow>(
      await db.execute(sql`select o.number as order_number, s.reference, rol.organisation_id, ol.product_name_vi as name_vi, ol.product_name_en as name_en,
          b.lot_code, rol.quantity, rol.released, o.email, o.id as order_id, s.id as sub_order_id, rol.batch_id
        from recall_order_lines rol join order_lines ol on ol.id = rol.order_line_id join sub_orders s on s.id = rol.sub_order_id
        join orders o on o.id = rol.order_id join batches b on b.id = rol.batch_id
        where rol.recall_id = ${recall.id}::uuid`),
    );
  }
  const dispositions = rowsOf<{ batch_id: string; kind: "returned" | "destroyed"; units: number }>(
    await db.execute(sql`select batch_id, kind::text, sum(units)::int as units from recall_dispositions where recall_id = ${recall.id}::uuid group by batch_id, kind`),
  );
  const holdRows = rowsOf<{ sub_order_id: string; reference: string; organisation_id: string; released_at: Date | string | null; status: string }>(
    await db.execute(sql`select h.sub_order_id, s.reference, h.organisation_id, h.released_at, s.status::text from recall_holds h join sub_orders s on s.id = h.sub_order_id
      where h.recall_id = ${recall.id}::uuid order by s.reference`),
  );
  const heldIds = new Set(holdRows.filter((h) => h.released_at === null && h.status !== "cancelled").map((h) => h.sub_order_id));
  const lots: RecallScopeLot[] = lotRows
    .map((r) => ({
      batchId: r.batch_id,
      lotCode: r.lot_code,
      depth: Number(r.depth),
      status: r.status,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      productNameVi: r.name_vi,
      productNameEn: r.name_en,
      uom: r.uom,
      unitVi: r.unit_vi,
      unitEn: r.unit_en,
      unitsSold: lineRows.filter((l) => l.batch_id === r.batch_id && !l.released).reduce((sum, l) => sum + Number(l.quantity), 0),
      unitsReturned: Number(dispositions.find((d) => d.batch_id === r.batch_id && d.kind === "returned")?.units ?? 0),
      unitsDestroyed: Number(dispositions.find((d) => d.batch_id === r.batch_id && d.kind === "destroyed")?.units ?? 0),
    }))
    .sort((a, b) => a.depth - b.depth || a.lotCode.localeCompare(b.lotCode));
  const lines: RecallScopeLine[] = lineRows
    .map((l) => ({
      orderNumber: l.order_number,
      subOrderReference: l.reference,
      organisationId: l.organisation_id,
      productNameVi: l.name_vi,
      productNameEn: l.name_en,
      lotCode: l.lot_code,
      quantity: Number(l.quantity),
      released: Boolean(l.released),
      held: heldIds.has(l.sub_order_id),
    }))
    .sort((a, b) => a.orderNumber.localeCompare(b.orderNumber) || a.lotCode.localeCompare(b.lotCode));
  const liveOrders = new Map<string, string | null>();
  for (const l of lineRows) if (!l.released) liveOrders.set(l.order_id, l.email);
  let buyersReached: number;
  if (recall.status === "draft") {
    buyersReached = [...liveOrders.values()].filter((e) => e !== null).length;
  } else {
    const [reached] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from recall_buyers where recall_id = ${recall.id}::uuid and message_id is not null`));
    buyersReached = Number(reached?.n ?? 0);
  }
  return {
    recall,
    openedByName: row.openedByName,
    lots,
    lines,
    buyers: liveOrders.size,
    buyersReached,
    holds: holdRows.map((h) => ({ subOrderId: h.sub_order_id, reference: h.reference, organisationId: h.organisation_id, releasedAt: h.released_at ? new Date(h.released_at) : null, status: h.status })),
  };
}

export interface RecallRegisterRow {
  number: string;
  status: Recall["status"];
  reason: Recall["reason"];
  severity: Recall["severity"];
  openedByName: string;
  openedAt: Date;
  confirmedAt: Date | null;
  closedAt: Date | null;
  lots: number;
  orders: number;
  unitsSold: number;
  unitsReturned: number;
  unitsDestroyed: number;
  buyers: number;
  buyersReached: number;
}

/** The department's register: every recall, newest first, with its figures (or those touching one organisation). */
export async function listRecallRegister(db: Database, filter: { organisationId?: string } = {}): Promise<RecallRegisterRow[]> {
  const touching = filter.organisationId
    ? sql`where r.opened_by_organisation_id = ${filter.organisationId}::uuid
        or exists (select 1 from recall_lots rl where rl.recall_id = r.id and rl.organisation_id = ${filter.organisationId}::uuid)
        or exists (select 1 from recall_order_lines x where x.recall_id = r.id and x.organisation_id = ${filter.organisationId}::uuid)
        or exists (select 1 from recall_roots rr join batches b on b.id = rr.batch_id where rr.recall_id = r.id and b.organisation_id = ${filter.organisationId}::uuid)`
    : sql``;
  const rows = rowsOf<{
    number: string;
    status: Recall["status"];
    reason: Recall["reason"];
    severity: Recall["severity"];
    opened_by_name: string;
    opened_at: Date | string;
    confirmed_at: Date | string | null;
    closed_at: Date | string | null;
    lots: number;
    orders: number;
    units_sold: number;
    units_returned: number;
    units_destroyed: number;
    buyers: number;
    buyers_reached: number;
  }>(
    await db.execute(sql`select r.number, r.status, r.reason, r.severity, o.name as opened_by_name, r.opened_at, r.confirmed_at, r.closed_at,
        greatest((select count(*) from recall_lots rl where rl.recall_id = r.id), (select count(*) from recall_roots rr where rr.recall_id = r.id))::int as lots,
        (select count(distinct x.order_id) from recall_order_lines x where x.recall_id = r.id and not x.released)::int as orders,
        (select coalesce(sum(x.quantity), 0) from recall_order_lines x where x.recall_id = r.id and not x.released)::int as units_sold,
        (select coalesce(sum(d.units), 0) from recall_dispositions d where d.recall_id = r.id and d.kind = 'returned')::int as units_returned,
        (select coalesce(sum(d.units), 0) from recall_dispositions d where d.recall_id = r.id and d.kind = 'destroyed')::int as units_destroyed,
        (select count(*) from recall_buyers rb where rb.recall_id = r.id)::int as buyers,
        (select count(*) from recall_buyers rb where rb.recall_id = r.id and rb.message_id is not null)::int as buyers_reached
      from recalls r join organisations o on o.id = r.opened_by_organisation_id
      ${touching}
      order by r.opened_at desc
      limit 500`),
  );
  return rows.map((r) => ({
    number: r.number,
    status: r.status,
    reason: r.reason,
    severity: r.severity,
    openedByName: r.opened_by_name,
    openedAt: new Date(r.opened_at),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    lots: Number(r.lots),
    orders: Number(r.orders),
    unitsSold: Number(r.units_sold),
    unitsReturned: Number(r.units_returned),
    unitsDestroyed: Number(r.units_destroyed),
    buyers: Number(r.buyers),
    buyersReached: Number(r.buyers_reached),
  }));
}
