/**
 * The lineage trace (issue #16, decision 0021): forward from a lot to every lot made from it, its serials, the
 * order lines that took units of them, the places its codes were scanned and the stock still on sale; backward to
 * every input lot back to the raw lots with their farm records, lab tests and member households.
 *
 * Walks are recursive CTEs over batch_inputs with UNION (a lot reached twice through a diamond is kept once per
 * depth, not once per path) and a depth guard. `forwardScope` is the cheap part the recall confirmation runs inside
 * its transaction; the full traces add what a person reads.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { firstJson, rowsOf, uuidArray, type Database } from "#db/client.server";
import { parseDigitalLinkPath } from "./gs1/digital-link.server";
import {
  carriedForward,
  classifyTraceCode,
  daysOf,
  harvestInsideInterval,
  MAX_TRACE_DEPTH,
  roundQuantity,
  seesDetailsOf,
  seesHouseholdNamesOf,
  usedBackward,
  type LineageEdge,
  type TraceViewer,
} from "./lineage-trace";
import { labResultOf, stepKindOf, type StepKind } from "./steps";

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
    scope as materialized (select batch_id, min(depth) as depth from down group by batch_id)`;
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
  // Driven by the walk itself (not by a list of ids), so it is planned with one index range per lot; an allocation
  // carries its sub-order and order (migration 0040), and each sub-order's seller is read once by its key.
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
      ${downstreamLots(rootBatchIds)},
      alloc as materialized (
        select a.order_line_id, a.sub_order_id, a.order_id, a.batch_id, a.quantity, a.released_at is not null as released
        from scope s join order_line_allocations a on a.batch_id = s.batch_id),
      sellers as materialized (
        select so.id, so.organisation_id from sub_orders so where so.id = any (array(select distinct sub_order_id from alloc)))
      select a.order_line_id, a.sub_order_id, a.order_id, so.organisation_id, a.batch_id, a.quantity, a.released
      from alloc a join sellers so on so.id = a.sub_order_id
      order by a.order_id, a.order_line_id, a.batch_id`),
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

/** What every trace says of a lot. */
export interface TraceLot {
  batchId: string;
  organisationId: string;
  organisationName: string;
  productId: string;
  productNameVi: string;
  productNameEn: string | null;
  lotCode: string;
  shortCode: string;
  gtin: string | null;
  quantity: number;
  uom: string;
  status: BatchStatus;
  producedOn: string;
  /** Transformations between this lot and the traced lot (0 for the traced lot). */
  depth: number;
}

/** Lots of an organisation the viewer may not read in detail: how many, and what they add up to. */
export interface OrganisationSummary {
  organisationId: string;
  organisationName: string;
  lots: number;
  /** Forward: order lines not released, and their units; backward: 0. */
  orderLines: number;
  unitsSold: number;
  serials: number;
  unitsAvailable: number;
  /** Backward: member households that delivered into these lots, and their deliveries. */
  households: number;
  deliveries: number;
}

export interface ForwardLot extends TraceLot {
  /** How much of the traced lot is in this lot, in the traced lot's unit (lineage-trace.ts carriedForward). */
  carriedQuantity: number;
  serialCount: number;
  serials: string[];
  /** Sales units put on sale from this lot and still available; null when never put on sale. */
  stock: { unitsOnSale: number; unitsAvailable: number } | null;
}

export interface ForwardOrderLine {
  orderLineId: string;
  orderId: string;
  orderNumber: string;
  subOrderId: string;
  subOrderReference: string;
  subOrderStatus: string;
  orderStatus: string;
  organisationId: string;
  batchId: string;
  lotCode: string;
  productNameVi: string;
  productNameEn: string | null;
  quantity: number;
  released: boolean;
  orderedAt: string;
  buyer: { name: string; email: string | null; phone: string };
  delivery: { provinceCode: string; provinceNameVi: string; provinceNameEn: string; communeName: string };
}

export interface ScanPlace {
  /** '' when the person scanning chose no province. */
  provinceCode: string;
  provinceNameVi: string | null;
  provinceNameEn: string | null;
  scans: number;
  /** Scans of codes the app never issued, walked up to a lot in scope (possible counterfeits). */
  unregistered: number;
}

export interface DeliveryPlace {
  provinceCode: string;
  provinceNameVi: string;
  provinceNameEn: string;
  communeName: string;
  orderLines: number;
  units: number;
}

export interface ForwardTrace {
  root: TraceLot;
  /** Lots the viewer reads in full (the traced lot first), by depth then lot code. */
  lots: ForwardLot[];
  /** Lots of organisations the viewer may not read: counts per organisation. */
  others: OrganisationSummary[];
  /** Order lines of the lots the viewer reads, with their buyers. */
  orderLines: ForwardOrderLine[];
  /** Where the codes of every lot in scope were scanned (counts only, all organisations). */
  scans: ScanPlace[];
  /** Where the units the viewer may see were delivered (not released). */
  deliveries: DeliveryPlace[];
  totals: {
    lots: number;
    organisations: number;
    maxDepth: number;
    orderLines: number;
    orders: number;
    unitsSold: number;
    unitsReleased: number;
    buyersWithEmail: number;
    serials: number;
    unitsAvailable: number;
    scans: number;
  };
}

type LotRow = {
  batch_id: string;
  depth: number;
  organisation_id: string;
  organisation_name: string;
  product_id: string;
  name_vi: string;
  name_en: string | null;
  gtin: string | null;
  lot_code: string;
  short_code: string;
  quantity: string;
  uom: string;
  status: BatchStatus;
  produced_on: string;
};

const lotColumns = sql`
  s.batch_id, s.depth::int as depth, b.organisation_id, o.name as organisation_name, b.product_id, p.name_vi, p.name_en,
  p.gtin, b.lot_code, b.short_code, b.quantity::text as quantity, b.uom, b.status, b.produced_on::text as produced_on`;

function traceLotOf(r: LotRow): TraceLot {
  return {
    batchId: r.batch_id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    productId: r.product_id,
    productNameVi: r.name_vi,
    productNameEn: r.name_en,
    lotCode: r.lot_code,
    shortCode: r.short_code,
    gtin: r.gtin,
    quantity: Number(r.quantity),
    uom: r.uom,
    status: r.status,
    producedOn: String(r.produced_on).slice(0, 10),
    depth: Number(r.depth),
  };
}

function emptySummary(organisationId: string, organisationName: string): OrganisationSummary {
  return { organisationId, organisationName, lots: 0, orderLines: 0, unitsSold: 0, serials: 0, unitsAvailable: 0, households: 0, deliveries: 0 };
}

function isoOf(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

const batchStatus = z.enum(["active", "consumed", "recalled", "withdrawn"]);

/** What db/sql/lineage_trace.sql `ocop_forward_trace` answers (its comment describes each part). */
const forwardTraceJson = z.object({
  lots: z.array(
    z.object({
      batchId: z.string(),
      depth: z.number(),
      organisationId: z.string(),
      organisationName: z.string(),
      productId: z.string(),
      productNameVi: z.string(),
      productNameEn: z.string().nullable(),
      gtin: z.string().nullable(),
      lotCode: z.string(),
      shortCode: z.string(),
      quantity: z.number(),
      uom: z.string(),
      status: batchStatus,
      producedOn: z.string(),
      unitsOnSale: z.number().nullable(),
      unitsAvailable: z.number().nullable(),
      serialCount: z.number(),
      serials: z.array(z.string()).nullable(),
    }),
  ),
  edges: z.array(z.tuple([z.string(), z.string(), z.number()])),
  scans: z.array(
    z.object({ provinceCode: z.string(), provinceNameVi: z.string().nullable(), provinceNameEn: z.string().nullable(), scans: z.number(), unregistered: z.number() }),
  ),
});

type ForwardTraceJson = z.infer<typeof forwardTraceJson>;

/** The sub-orders (with their order's buyer and delivery) of `ocop_forward_trace_lines`. */
const forwardSubOrdersJson = z.array(
  z.object({
    id: z.string(),
    organisationId: z.string(),
    reference: z.string(),
    status: z.string(),
    orderId: z.string(),
    email: z.string().nullable(),
    number: z.string(),
    orderStatus: z.string(),
    createdAt: z.string(),
    contactName: z.string(),
    phone: z.string(),
    provinceCode: z.string(),
    provinceNameVi: z.string(),
    provinceNameEn: z.string(),
    communeName: z.string(),
  }),
);

/** Compares uuids as PostgreSQL orders them: by their lowercase text. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function forwardLotOf(l: ForwardTraceJson["lots"][number]): TraceLot {
  return {
    batchId: l.batchId,
    organisationId: l.organisationId,
    organisationName: l.organisationName,
    productId: l.productId,
    productNameVi: l.productNameVi,
    productNameEn: l.productNameEn,
    lotCode: l.lotCode,
    shortCode: l.shortCode,
    gtin: l.gtin,
    quantity: l.quantity,
    uom: l.uom,
    status: l.status,
    producedOn: l.producedOn.slice(0, 10),
    depth: l.depth,
  };
}

/**
 * Everything downstream of one lot (issue #16 "Forward"), as far as the viewer may see: lots of the viewer's own
 * organisation (every organisation for the department) in full, with the quantity of the traced lot in each, their
 * serials, order lines with buyers and stock on sale; lots of other organisations as counts per organisation.
 * Scan places are counts of all lots in scope. Null when the lot does not exist. One call of
 * db/sql/lineage_trace.sql `ocop_forward_trace`; the quantities carried and the shaping are done here.
 */
export async function forwardTrace(db: Database, batchId: string, viewer: TraceViewer): Promise<ForwardTrace | null> {
  const viewerOrganisation = viewer.kind === "cooperative" ? viewer.organisationId : null;
  const [traceResult, lineResult] = await Promise.all([
    db.execute(sql`select ocop_forward_trace(${batchId}::uuid, ${viewerOrganisation}::uuid, ${MAX_TRACE_DEPTH}::int) as trace`),
    db.execute(sql`select * from ocop_forward_trace_lines(${batchId}::uuid, ${MAX_TRACE_DEPTH}::int)`),
  ]);
  const trace = firstJson(traceResult, "trace", forwardTraceJson);
  if (!trace) return null;
  const rootLot = trace.lots.find((l) => l.batchId === batchId);
  if (!rootLot) return null;

  const edges: LineageEdge[] = trace.edges.map(([inputBatchId, outputBatchId, quantity]) => ({ inputBatchId, outputBatchId, quantity }));
  const carried = carriedForward(batchId, edges, new Map(trace.lots.map((l) => [l.batchId, l.quantity])));

  const lots: ForwardLot[] = [];
  const others = new Map<string, OrganisationSummary>();
  const lotById = new Map<string, ForwardTraceJson["lots"][number]>();
  for (const l of trace.lots) {
    lotById.set(l.batchId, l);
    if (seesDetailsOf(viewer, l.organisationId)) {
      lots.push({
        ...forwardLotOf(l),
        carriedQuantity: roundQuantity(carried.get(l.batchId) ?? 0),
        serialCount: l.serialCount,
        serials: l.serials ?? [],
        stock: l.unitsOnSale === null ? null : { unitsOnSale: l.unitsOnSale, unitsAvailable: Number(l.unitsAvailable) },
      });
    } else {
      const summary = others.get(l.organisationId) ?? emptySummary(l.organisationId, l.organisationName);
      summary.lots += 1;
      summary.serials += l.serialCount;
      summary.unitsAvailable += l.unitsAvailable ?? 0;
      others.set(l.organisationId, summary);
    }
  }

  /** One allocation, as a line of `ocop_forward_trace_lines`'s text. */
  type LineRow = { order_line_id: string; batch_id: string; quantity: number; released: boolean };
  type Order = { id: string; number: string; status: string; orderedAt: string; buyer: ForwardOrderLine["buyer"]; delivery: ForwardOrderLine["delivery"] };
  type Seller = { subOrderId: string; organisationId: string; reference: string; status: string };
  type Line = { row: LineRow; order: Order; seller: Seller };

  const orderLines: ForwardOrderLine[] = [];
  const orders = new Set<string>();
  const emails = new Set<string>();
  const deliveries = new Map<string, DeliveryPlace>();
  let unitsSold = 0;
  let unitsReleased = 0;
  let liveLines = 0;
  const take = ({ row: r, order, seller }: Line) => {
    const quantity = Number(r.quantity);
    if (r.released) unitsReleased += quantity;
    else {
      unitsSold += quantity;
      liveLines += 1;
      orders.add(order.id);
      if (order.buyer.email) emails.add(order.buyer.email.toLowerCase());
    }
    const lot = lotById.get(r.batch_id)!;
    if (!seesDetailsOf(viewer, lot.organisationId) || !seesDetailsOf(viewer, seller.organisationId)) {
      const summary = others.get(lot.organisationId) ?? emptySummary(lot.organisationId, lot.organisationName);
      if (!r.released) {
        summary.orderLines += 1;
        summary.unitsSold += quantity;
      }
      others.set(lot.organisationId, summary);
      return;
    }
    orderLines.push({
      orderLineId: r.order_line_id,
      orderId: order.id,
      orderNumber: order.number,
      subOrderId: seller.subOrderId,
      subOrderReference: seller.reference,
      subOrderStatus: seller.status,
      orderStatus: order.status,
      organisationId: seller.organisationId,
      batchId: r.batch_id,
      lotCode: lot.lotCode,
      // The line's product is its lot's (an allocation takes units of the lot's own product).
      productNameVi: lot.productNameVi,
      productNameEn: lot.productNameEn,
      quantity,
      released: r.released === true,
      orderedAt: order.orderedAt,
      buyer: order.buyer,
      delivery: order.delivery,
    });
    if (!r.released) {
      const key = `${order.delivery.provinceCode}\u0000${order.delivery.communeName}`;
      const place = deliveries.get(key) ?? { ...order.delivery, orderLines: 0, units: 0 };
      place.orderLines += 1;
      place.units += quantity;
      deliveries.set(key, place);
    }
  };

  // One buyer and one delivery object per order, one seller per sub-order, shared by their lines (the page's payload
  // carries each once). The lines are taken by order (time, then number), then in line order, then lot.
  const orderOf = new Map<string, Order & { at: number }>();
  const sellerOf = new Map<string, Seller>();
  for (const so of firstJson(lineResult, "sub_orders", forwardSubOrdersJson) ?? []) {
    if (!orderOf.has(so.orderId)) {
      const orderedAt = isoOf(so.createdAt);
      orderOf.set(so.orderId, {
        id: so.orderId,
        number: so.number,
        status: so.orderStatus,
        orderedAt,
        at: Date.parse(orderedAt),
        buyer: { name: so.contactName, email: so.email, phone: so.phone },
        delivery: { provinceCode: so.provinceCode, provinceNameVi: so.provinceNameVi, provinceNameEn: so.provinceNameEn, communeName: so.communeName },
      });
    }
    sellerOf.set(so.id, { subOrderId: so.id, organisationId: so.organisationId, reference: so.reference, status: so.status });
  }
  const lines: Array<Line & { order: Order & { at: number } }> = [];
  const text = rowsOf<{ lines: string | null }>(lineResult)[0]?.lines ?? "";
  for (const entry of text === "" ? [] : text.split("\n")) {
    const [orderLineId, lotId, quantity, released, subOrderId, orderId] = entry.split(" ");
    const lineOrder = orderOf.get(orderId!);
    const lineSeller = sellerOf.get(subOrderId!);
    // Every allocation's sub-order is in the json (same statement, same snapshot); a line without one is a fault.
    if (!lineOrder || !lineSeller) throw new Error(`forward trace: allocation ${orderLineId} without its sub-order`);
    lines.push({ row: { order_line_id: orderLineId!, batch_id: lotId!, quantity: Number(quantity), released: released === "1" }, order: lineOrder, seller: lineSeller });
  }
  lines.sort(
    (a, b) =>
      a.order.at - b.order.at ||
      compareText(a.order.number, b.order.number) ||
      compareText(a.row.order_line_id, b.row.order_line_id) ||
      compareText(a.row.batch_id, b.row.batch_id),
  );
  for (const line of lines) take(line);

  return {
    root: forwardLotOf(rootLot),
    lots,
    others: [...others.values()].sort((a, b) => a.organisationName.localeCompare(b.organisationName, "vi")),
    orderLines,
    scans: trace.scans,
    deliveries: [...deliveries.values()].sort((a, b) => b.units - a.units || a.provinceCode.localeCompare(b.provinceCode)),
    totals: {
      lots: trace.lots.length,
      organisations: new Set(trace.lots.map((l) => l.organisationId)).size,
      maxDepth: trace.lots.reduce((max, l) => Math.max(max, l.depth), 0),
      orderLines: liveLines,
      orders: orders.size,
      unitsSold,
      unitsReleased,
      buyersWithEmail: emails.size,
      serials: trace.lots.reduce((sum, l) => sum + l.serialCount, 0),
      unitsAvailable: trace.lots.reduce((sum, l) => sum + (l.unitsAvailable ?? 0), 0),
      scans: trace.scans.reduce((sum, s) => sum + s.scans, 0),
    },
  };
}

export interface BackwardLot extends TraceLot {
  /** How much of this lot went into the traced lot, in this lot's unit; null for the traced lot. */
  usedQuantity: number | null;
  /** A lot made of no other lot: harvested, or received from outside. */
  isRaw: boolean;
  originCommuneName: string | null;
  originProvinceName: string | null;
  farmPlot: string | null;
  /** The lots this one was made of, with the quantity taken (in their units). */
  inputs: { batchId: string; quantity: number; uom: string }[];
}

export interface BackwardEvent {
  eventId: string;
  batchId: string;
  lotCode: string;
  /** The workspace's step, "transformation" for a lot's making, null for other CBV steps. */
  kind: StepKind | "transformation" | null;
  bizStep: string;
  eventTime: string;
  communeName: string | null;
  provinceName: string | null;
  locationName: string | null;
  quantity: number | null;
  uom: string | null;
  details: Record<string, string>;
  /** Lab tests (inspecting): the recorded result. */
  labResult: "pass" | "fail" | null;
  /** Sprayings: the earliest harvest of the same lot inside the pre-harvest interval (ISO), if any. */
  harvestInsideInterval: string | null;
  correctsEventId: string | null;
}

export interface HouseholdDelivery {
  batchId: string;
  lotCode: string;
  householdId: string;
  householdCode: string;
  householdName: string;
  communeName: string;
  reference: string;
  quantity: number;
  uom: string;
  suppliedOn: string;
}

export interface BackwardTrace {
  root: TraceLot;
  /** Lots the viewer reads in full (the traced lot first), by depth then lot code. */
  lots: BackwardLot[];
  /** Upstream lots of organisations the viewer may not read: counts, households as counts. */
  others: OrganisationSummary[];
  /** Events of the lots the viewer reads, by time. */
  events: BackwardEvent[];
  /** Deliveries by member households into the lots the viewer reads, with names where the viewer owns them. */
  households: HouseholdDelivery[];
  /** Deliveries into lots the viewer reads whose households the viewer may not name (the department): no names. */
  deliveriesUnnamed: { batchId: string; reference: string; quantity: number; uom: string; suppliedOn: string; householdName: null }[];
  /** Deliveries the viewer may not name: counts per organisation (the department sees every cooperative's here). */
  householdCounts: { organisationId: string; organisationName: string; households: number; deliveries: number }[];
  totals: { lots: number; rawLots: number; organisations: number; maxDepth: number; households: number; labTests: number; failedLabTests: number };
}

/** Detail keys a trace shows of an event (the workspace's step fields; no free-form blobs). */
const shownDetails = new Set([
  "variety",
  "product",
  "dose",
  "method",
  "target",
  "preHarvestIntervalDays",
  "process",
  "equipment",
  "lab",
  "reportNumber",
  "standard",
  "result",
  "packaging",
  "conditions",
  "carrier",
  "destination",
  "source",
  "notes",
]);

function shownDetailsOf(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!details || typeof details !== "object") return out;
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (!shownDetails.has(key)) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = String(value);
  }
  return out;
}

function parseDetails(value: unknown): Record<string, unknown> {
  if (typeof value === "string") return JSON.parse(value) as Record<string, unknown>;
  return (value ?? {}) as Record<string, unknown>;
}

/**
 * Everything upstream of one lot (issue #16 "Backward"): every input lot through every transformation back to the
 * raw lots, with how much of each went into the traced lot, their growing areas, their events (harvests, fertilising
 * and spraying with the pre-harvest interval checked, lab tests with results, receiving) and the member households
 * who delivered into them — named only for their own cooperative. Lots of other organisations are counts. Null when
 * the lot does not exist.
 */
export async function backwardTrace(db: Database, batchId: string, viewer: TraceViewer): Promise<BackwardTrace | null> {
  const lotRows = rowsOf<LotRow & { origin_commune: string | null; origin_province: string | null; farm_plot: string | null }>(
    await db.execute(sql`
      with recursive up(batch_id, depth) as (
        select b.id, 0 from batches b where b.id = ${batchId}::uuid
        union
        select bi.input_batch_id, u.depth + 1
        from up u join batch_inputs bi on bi.output_batch_id = u.batch_id
        where u.depth < ${MAX_TRACE_DEPTH}
      ),
      scope as (select batch_id, min(depth) as depth from up group by batch_id)
      select ${lotColumns}, c.name_vi as origin_commune, pr.name_vi as origin_province, b.farm_plot
      from scope s
      join batches b on b.id = s.batch_id
      join products p on p.id = b.product_id
      join organisations o on o.id = b.organisation_id
      left join communes c on c.id = b.origin_commune_id
      left join provinces pr on pr.code = c.province_code
      order by s.depth, b.lot_code, b.id`),
  );
  const rootRow = lotRows.find((r) => r.batch_id === batchId);
  if (!rootRow) return null;
  const ids = lotRows.map((r) => r.batch_id);
  const visibleIds = lotRows.filter((r) => seesDetailsOf(viewer, r.organisation_id)).map((r) => r.batch_id);
  const namedOrganisation = viewer.kind === "cooperative" ? viewer.organisationId : null;

  const [edgeRows, eventRows, supplyRows] = await Promise.all([
    db.execute(sql`
      select input_batch_id, output_batch_id, quantity::text as quantity, uom
      from batch_inputs where output_batch_id = any(${uuidArray(ids)})`),
    traceEventsOf(db, visibleIds, new Map(lotRows.map((r) => [r.batch_id, r.lot_code]))),
    // Names leave the database only for the viewer's own households (seesHouseholdNamesOf).
    db.execute(sql`
      select hs.batch_id, hs.organisation_id, hs.household_id, hs.reference, hs.quantity::text as quantity, hs.uom,
             hs.supplied_on::text as supplied_on,
             case when hs.organisation_id = ${namedOrganisation}::uuid then h.code end as household_code,
             case when hs.organisation_id = ${namedOrganisation}::uuid then h.head_name end as household_name,
             case when hs.organisation_id = ${namedOrganisation}::uuid then c.name_vi end as commune
      from household_supplies hs
      join households h on h.id = hs.household_id
      left join communes c on c.id = h.commune_id
      where hs.batch_id = any(${uuidArray(ids)})
      order by hs.supplied_on, hs.reference`),
  ]);

  const edgeList = rowsOf<{ input_batch_id: string; output_batch_id: string; quantity: string; uom: string }>(edgeRows);
  const used = usedBackward(
    batchId,
    edgeList.map((e) => ({ inputBatchId: e.input_batch_id, outputBatchId: e.output_batch_id, quantity: Number(e.quantity) })),
    new Map(lotRows.map((r) => [r.batch_id, Number(r.quantity)])),
  );
  const inputsOf = new Map<string, { batchId: string; quantity: number; uom: string }[]>();
  for (const e of edgeList) {
    const list = inputsOf.get(e.output_batch_id) ?? [];
    list.push({ batchId: e.input_batch_id, quantity: Number(e.quantity), uom: e.uom });
    inputsOf.set(e.output_batch_id, list);
  }

  const lotById = new Map(lotRows.map((r) => [r.batch_id, r]));
  const lots: BackwardLot[] = [];
  const others = new Map<string, OrganisationSummary>();
  for (const r of lotRows) {
    if (seesDetailsOf(viewer, r.organisation_id)) {
      lots.push({
        ...traceLotOf(r),
        usedQuantity: r.batch_id === batchId ? null : roundQuantity(used.get(r.batch_id) ?? 0),
        isRaw: !inputsOf.has(r.batch_id),
        originCommuneName: r.origin_commune,
        originProvinceName: r.origin_province,
        farmPlot: r.farm_plot,
        inputs: inputsOf.get(r.batch_id) ?? [],
      });
    } else {
      const summary = others.get(r.organisation_id) ?? emptySummary(r.organisation_id, r.organisation_name);
      summary.lots += 1;
      others.set(r.organisation_id, summary);
    }
  }

  const events = eventRows;

  type SupplyRow = {
    batch_id: string;
    organisation_id: string;
    household_id: string;
    reference: string;
    quantity: string;
    uom: string;
    supplied_on: string;
    household_code: string | null;
    household_name: string | null;
    commune: string | null;
  };
  const households: HouseholdDelivery[] = [];
  const deliveriesUnnamed: BackwardTrace["deliveriesUnnamed"] = [];
  const counted = new Map<string, { organisationId: string; organisationName: string; households: Set<string>; deliveries: number }>();
  const allHouseholds = new Set<string>();
  for (const r of rowsOf<SupplyRow>(supplyRows)) {
    allHouseholds.add(r.household_id);
    const lot = lotById.get(r.batch_id)!;
    if (seesHouseholdNamesOf(viewer, r.organisation_id) && r.household_name !== null) {
      households.push({
        batchId: r.batch_id,
        lotCode: lot.lot_code,
        householdId: r.household_id,
        householdCode: r.household_code ?? "",
        householdName: r.household_name,
        communeName: r.commune ?? "",
        reference: r.reference,
        quantity: Number(r.quantity),
        uom: r.uom,
        suppliedOn: String(r.supplied_on).slice(0, 10),
      });
      continue;
    }
    if (seesDetailsOf(viewer, lot.organisation_id)) {
      deliveriesUnnamed.push({ batchId: r.batch_id, reference: r.reference, quantity: Number(r.quantity), uom: r.uom, suppliedOn: String(r.supplied_on).slice(0, 10), householdName: null });
    }
    const entry = counted.get(r.organisation_id) ?? {
      organisationId: r.organisation_id,
      organisationName: lot.organisation_id === r.organisation_id ? lot.organisation_name : "",
      households: new Set<string>(),
      deliveries: 0,
    };
    entry.households.add(r.household_id);
    entry.deliveries += 1;
    counted.set(r.organisation_id, entry);
    const summary = others.get(lot.organisation_id);
    if (summary) {
      summary.deliveries += 1;
      summary.households = entry.households.size;
    }
  }

  const labTests = events.filter((e) => e.kind === "inspecting");
  return {
    root: traceLotOf(rootRow),
    lots,
    others: [...others.values()].sort((a, b) => a.organisationName.localeCompare(b.organisationName, "vi")),
    events,
    households,
    deliveriesUnnamed,
    householdCounts: [...counted.values()]
      .map((c) => ({ organisationId: c.organisationId, organisationName: c.organisationName, households: c.households.size, deliveries: c.deliveries }))
      .sort((a, b) => a.organisationName.localeCompare(b.organisationName, "vi")),
    totals: {
      lots: lotRows.length,
      rawLots: lotRows.filter((r) => !inputsOf.has(r.batch_id)).length,
      organisations: new Set(lotRows.map((r) => r.organisation_id)).size,
      maxDepth: lotRows.reduce((max, r) => Math.max(max, Number(r.depth)), 0),
      households: allHouseholds.size,
      labTests: labTests.length,
      failedLabTests: labTests.filter((e) => e.labResult === "fail").length,
    },
  };
}

/** The events of some lots, by time, as a trace shows them (pre-harvest intervals checked within each lot). */
export async function traceEventsOf(db: Database, batchIds: readonly string[], lotCodes: ReadonlyMap<string, string>): Promise<BackwardEvent[]> {
  if (batchIds.length === 0) return [];
  const eventRows = await db.execute(sql`
    select e.id, e.batch_id, e.event_type, e.biz_step, e.event_time, e.quantity::text as quantity, e.uom, e.location_name,
           c.name_vi as commune, pr.name_vi as province, e.details, e.corrects_event_id
    from trace_events e
    left join communes c on c.id = e.commune_id
    left join provinces pr on pr.code = c.province_code
    where e.batch_id = any(${uuidArray(batchIds)})
    order by e.event_time, e.batch_id, e.sequence`);
  type EventRow = {
    id: string;
    batch_id: string;
    event_type: string;
    biz_step: string;
    event_time: unknown;
    quantity: string | null;
    uom: string | null;
    location_name: string | null;
    commune: string | null;
    province: string | null;
    details: unknown;
    corrects_event_id: string | null;
  };
  const eventList = rowsOf<EventRow>(eventRows).map((r) => ({ ...r, details: parseDetails(r.details), time: new Date(isoOf(r.event_time)) }));
  const harvestsByLot = new Map<string, Date[]>();
  for (const e of eventList) {
    if (stepKindOf(e.biz_step) !== "harvesting") continue;
    const list = harvestsByLot.get(e.batch_id) ?? [];
    list.push(e.time);
    harvestsByLot.set(e.batch_id, list);
  }
  return eventList.map((e) => {
    const kind = e.event_type === "TransformationEvent" || (e.biz_step === "commissioning" && Array.isArray(e.details.inputs)) ? "transformation" : stepKindOf(e.biz_step);
    const breach =
      kind === "spraying"
        ? harvestInsideInterval({ eventTime: e.time, preHarvestIntervalDays: daysOf(e.details.preHarvestIntervalDays) }, harvestsByLot.get(e.batch_id) ?? [])
        : null;
    return {
      eventId: e.id,
      batchId: e.batch_id,
      lotCode: lotCodes.get(e.batch_id) ?? "",
      kind,
      bizStep: e.biz_step,
      eventTime: e.time.toISOString(),
      communeName: e.commune,
      provinceName: e.province,
      locationName: e.location_name,
      quantity: e.quantity === null ? null : Number(e.quantity),
      uom: e.uom,
      details: shownDetailsOf(e.details),
      labResult: kind === "inspecting" ? labResultOf(e.details.result) : null,
      harvestInsideInterval: breach ? breach.toISOString() : null,
      correctsEventId: e.corrects_event_id,
    };
  });
}

/** A lot a code or an order line may mean: several when a lot code exists for several products. */
export interface TraceCandidate {
  batchId: string;
  organisationId: string;
  organisationName: string;
  productNameVi: string;
  productNameEn: string | null;
  lotCode: string;
  producedOn: string;
}

async function candidates(db: Database, where: ReturnType<typeof sql>, viewer: TraceViewer): Promise<TraceCandidate[]> {
  const own = viewer.kind === "cooperative" ? sql`and b.organisation_id = ${viewer.organisationId}::uuid` : sql``;
  const rows = rowsOf<{ id: string; organisation_id: string; organisation_name: string; name_vi: string; name_en: string | null; lot_code: string; produced_on: string }>(
    await db.execute(sql`
      select b.id, b.organisation_id, o.name as organisation_name, p.name_vi, p.name_en, b.lot_code, b.produced_on::text as produced_on
      from batches b join products p on p.id = b.product_id join organisations o on o.id = b.organisation_id
      where ${where} ${own}
      order by o.name, p.name_vi, b.produced_on desc, b.id
      limit 50`),
  );
  return rows.map((r) => ({
    batchId: r.id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    productNameVi: r.name_vi,
    productNameEn: r.name_en,
    lotCode: r.lot_code,
    producedOn: String(r.produced_on).slice(0, 10),
  }));
}

/**
 * The lots a scanned or typed code names, as far as the viewer may trace them: a short code (or /t/ link), a GS1
 * Digital Link (URL or path, with or without a serial), or a lot code — which several products may share.
 */
export async function findTraceStart(db: Database, code: string, viewer: TraceViewer): Promise<TraceCandidate[]> {
  const parsed = classifyTraceCode(code);
  if (!parsed) return [];
  if (parsed.kind === "short") {
    return candidates(db, sql`(b.short_code = ${parsed.shortCode} or b.lot_code = ${parsed.shortCode})`, viewer);
  }
  if (parsed.kind === "lot") return candidates(db, sql`b.lot_code = ${parsed.lotCode}`, viewer);
  const link = parseDigitalLinkPath(parsed.path);
  if (!link.ok || !link.key.lot) return [];
  return candidates(db, sql`p.gtin = ${link.key.gtin} and b.lot_code = ${link.key.lot}`, viewer);
}

/** The lots an order line took its units from (released allocations too), if the viewer may trace that line. */
export async function findOrderLineLots(db: Database, orderLineId: string, viewer: TraceViewer): Promise<TraceCandidate[]> {
  return candidates(db, sql`b.id in (select a.batch_id from order_line_allocations a where a.order_line_id = ${orderLineId}::uuid)`, viewer);
}

/** Which organisation a lot belongs to (null when there is no such lot): for routes that check tenancy first. */
export async function getOrganisationBatchHead(db: Database, batchId: string): Promise<{ organisationId: string } | null> {
  const row = rowsOf<{ organisation_id: string }>(await db.execute(sql`select organisation_id from batches where id = ${batchId}::uuid`))[0];
  return row ? { organisationId: row.organisation_id } : null;
}
