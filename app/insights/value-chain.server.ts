/**
 * Value chains: for one product, or every key product of a level, the flow of the period's sales
 * value from the supplying households (grouped by their commune) through the cooperatives and the
 * processing steps that made the lots sold, to the buyers' provinces.
 *
 * The spine is what was sold in the period (same sales rule as the rollups: placed orders, live
 * sub-orders, allocations not released), so the right-hand side of the chain adds up to the product's
 * sales on the market dashboard. Value reaches households through the households context's
 * attribution (decision 0009): a lot's value is split over the households whose deliveries went into
 * it, through its lineage. Household groups of fewer than MIN_HOUSEHOLDS are never shown on their
 * own: they join the cooperative's "not shown" flow together with the value no delivery explains, so
 * nothing hidden can be recovered by subtraction.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Database } from "#db/client.server";
import { householdWeights, splitVnd, type Weights } from "~/households/attribution";
import { loadLineageGraph } from "~/households/attribution.server";
import { MIN_HOUSEHOLDS } from "~/households/suppression";
import { scopedOrganisations, type DashboardScope } from "./scope.server";

export const keyLevels = ["any", "province", "commune"] as const;
export type KeyLevel = (typeof keyLevels)[number];

/** `?product=<uuid>` picks one product; otherwise `?key=` picks the key products of a level. */
export type ChainSelection = { product: string } | { key: KeyLevel };

export interface ChainProductOption {
  id: string;
  nameVi: string;
  nameEn: string | null;
  organisationName: string;
  keyLevel: "province" | "commune" | null;
}

/** Reads the selection from the URL: a bad value falls back to every key product and is reported. */
export function parseChainSelection(search: URLSearchParams): { selection: ChainSelection; error: string | null } {
  const product = search.get("product");
  const key = search.get("key");
  if (product) {
    const parsed = z.uuid().safeParse(product);
    return parsed.success ? { selection: { product: parsed.data }, error: null } : { selection: { key: "any" }, error: "ins.chain.badProduct" };
  }
  if (key) {
    const parsed = z.enum(keyLevels).safeParse(key);
    return parsed.success ? { selection: { key: parsed.data }, error: null } : { selection: { key: "any" }, error: "ins.chain.badKey" };
  }
  return { selection: { key: "any" }, error: null };
}

export type ChainNodeKind = "commune" | "hidden" | "cooperative" | "step" | "province";

export interface ChainNode {
  id: string;
  kind: ChainNodeKind;
  /** Place or organisation name; for a step the process as recorded; empty for the built-in nodes. */
  name: string;
}

export type ChainStage = "supply" | "processing" | "market";

export interface ChainLink {
  stage: ChainStage;
  source: string;
  target: string;
  /** Sales value of the period carried by this flow, integer VND (the width of the flow). */
  valueVnd: number;
  /** Units sold (processing and market stages). */
  units: number | null;
  /** Supply stage: households of the group (null: fewer than MIN_HOUSEHOLDS, not shown). */
  households: number | null;
  /** Supply stage: quantity the group delivered into the lineage of the lots sold, per unit of measure. */
  delivered: { uom: string; quantity: number }[] | null;
  /** Supply stage: what the cooperative paid the group at delivery for those deliveries, VND. */
  paidVnd: number | null;
}

export interface ValueChain {
  selection: ChainSelection;
  products: ChainProductOption[];
  /** The products the chain covers. */
  covered: number;
  nodes: ChainNode[];
  links: ChainLink[];
  salesValueVnd: number;
  unitsSold: number;
  /** Part of the sales value traced back to shown household groups. */
  attributedVnd: number;
}

interface SoldRow {
  batch_id: string;
  organisation_id: string;
  organisation_name: string;
  province_code: string;
  province_vi: string;
  units: string;
  value_vnd: string;
}

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

export const STEP_NONE = "step:none";
const HIDDEN_PREFIX = "hidden:";

export async function listChainProducts(db: Database, scope: DashboardScope): Promise<ChainProductOption[]> {
  const rows = rowsOf<{ id: string; name_vi: string; name_en: string | null; organisation_name: string; key_level: "province" | "commune" | null }>(
    await db.execute(sql`
      select p.id, p.name_vi, p.name_en, o.name as organisation_name, p.key_product_level::text as key_level
      from products p join organisations o on o.id = p.organisation_id
      where p.organisation_id in ${scopedOrganisations(scope)} and p.status = 'active'
      order by (p.key_product_level is null), p.name_vi
      limit 500`),
  );
  return rows.map((r) => ({ id: r.id, nameVi: r.name_vi, nameEn: r.name_en, organisationName: r.organisation_name, keyLevel: r.key_level }));
}

/**
 * The chain of the selection in the scope. A product outside the scope's place yields an empty
 * chain and `outOfScope` (the caller reports it).
 */
export async function getValueChain(
  db: Database,
  scope: DashboardScope,
  selection: ChainSelection,
): Promise<ValueChain & { outOfScope: boolean }> {
  const orgs = scopedOrganisations(scope);
  const productFilter =
    "product" in selection
      ? sql`p.id = ${selection.product}::uuid`
      : selection.key === "any"
        ? sql`p.key_product_level is not null`
        : sql`p.key_product_level = ${selection.key}`;
  const [products, chosen] = await Promise.all([
    listChainProducts(db, scope),
    db.execute(sql`select p.id from products p where ${productFilter} and p.organisation_id in ${orgs}`),
  ]);
  const productIds = rowsOf<{ id: string }>(chosen).map((r) => r.id);
  const empty = { selection, products, covered: productIds.length, nodes: [], links: [], salesValueVnd: 0, unitsSold: 0, attributedVnd: 0 };
  if (productIds.length === 0) return { ...empty, outOfScope: "product" in selection };

  // Sold units of the period, per lot and buyer province.
  const sold = rowsOf<SoldRow>(
    await db.execute(sql`
      select a.batch_id, ol.organisation_id, org.name as organisation_name, o.delivery_province_code as province_code,
        pr.name_vi as province_vi, sum(a.quantity)::text as units, sum(a.quantity * ol.unit_price_vnd)::text as value_vnd
      from order_lines ol
      join sub_orders s on s.id = ol.sub_order_id
      join orders o on o.id = s.order_id
      join order_line_allocations a on a.order_line_id = ol.id and a.released_at is null
      join organisations org on org.id = ol.organisation_id
      join provinces pr on pr.code = o.delivery_province_code
      where ol.product_id in (${uuidList(productIds)})
        and o.status = 'placed' and s.status <> 'cancelled'
        and o.created_at >= (${scope.start}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')
        and o.created_at < ((${scope.end}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')
      group by 1, 2, 3, 4, 5`),
  );
  if (sold.length === 0) return { ...empty, outOfScope: false };

  const batchIds = [...new Set(sold.map((r) => r.batch_id))];
  const [steps, graph] = await Promise.all([
    db.execute(sql`
      select distinct on (bi.output_batch_id) bi.output_batch_id as batch_id,
        coalesce(nullif(te.details->>'process', ''), te.biz_step) as step
      from batch_inputs bi join trace_events te on te.id = bi.transformation_event_id
      where bi.output_batch_id in (${uuidList(batchIds)})
      order by bi.output_batch_id, te.event_time desc`),
    loadLineageGraph(db, batchIds),
  ]);
  const stepOf = new Map(rowsOf<{ batch_id: string; step: string }>(steps).map((r) => [r.batch_id, r.step]));

  const nodes = new Map<string, ChainNode>();
  const addNode = (n: ChainNode) => nodes.set(n.id, nodes.get(n.id) ?? n);
  const flows = new Map<string, ChainLink>();
  const addFlow = (stage: ChainStage, source: string, target: string, valueVnd: number, units: number | null) => {
    const key = `${source}→${target}`;
    const f = flows.get(key) ?? { stage, source, target, valueVnd: 0, units: stage === "supply" ? null : 0, households: null, delivered: null, paidVnd: null };
    f.valueVnd += valueVnd;
    if (units !== null) f.units = (f.units ?? 0) + units;
    flows.set(key, f);
  };

  // Household shares of each cooperative's sold value.
  const memo = new Map<string, Weights>();
  const householdValue = new Map<string, Map<string, number>>(); // cooperative → household → VND
  let salesValueVnd = 0;
  let unitsSold = 0;
  for (const r of sold) {
    const value = Number(r.value_vnd);
    const units = Number(r.units);
    salesValueVnd += value;
    unitsSold += units;
    const coop = `coop:${r.organisation_id}`;
    const step = stepOf.has(r.batch_id) ? `step:${stepOf.get(r.batch_id)!}` : STEP_NONE;
    addNode({ id: coop, kind: "cooperative", name: r.organisation_name });
    addNode({ id: step, kind: "step", name: stepOf.get(r.batch_id) ?? "" });
    addNode({ id: `province:${r.province_code}`, kind: "province", name: r.province_vi });
    addFlow("processing", coop, step, value, units);
    addFlow("market", step, `province:${r.province_code}`, value, units);
    const split = splitVnd(value, householdWeights(r.batch_id, graph, memo));
    const perHousehold = householdValue.get(r.organisation_id) ?? new Map<string, number>();
    for (const [household, vnd] of split) perHousehold.set(household, (perHousehold.get(household) ?? 0) + vnd);
    householdValue.set(r.organisation_id, perHousehold);
  }

  // Households behind the lots: their commune, and what they delivered into the lineage and were paid.
  const householdIds = [...new Set([...householdValue.values()].flatMap((m) => [...m.keys()]))];
  const lineageBatches = [...new Set([...batchIds, ...[...graph.inputsByOutput.values()].flatMap((l) => l.map((i) => i.inputBatchId))])];
  const [householdRows, deliveryRows] = householdIds.length
    ? await Promise.all([
        db.execute(sql`
          select h.id, h.commune_id, c.name_vi as commune_vi from households h join communes c on c.id = h.commune_id
          where h.id in (${uuidList(householdIds)})`),
        db.execute(sql`
          select s.household_id, s.organisation_id, s.uom, sum(s.quantity)::text as quantity, sum(s.price_paid_vnd)::text as paid
          from household_supplies s where s.batch_id in (${uuidList(lineageBatches)}) and s.household_id in (${uuidList(householdIds)})
          group by 1, 2, 3`),
      ])
    : [null, null];
  const communeOf = new Map(
    rowsOf<{ id: string; commune_id: number; commune_vi: string }>(householdRows).map((h) => [h.id, { id: Number(h.commune_id), name: h.commune_vi }]),
  );
  const deliveries = rowsOf<{ household_id: string; organisation_id: string; uom: string; quantity: string; paid: string }>(deliveryRows);

  let attributedVnd = 0;
  const coopTotals = new Map<string, number>();
  for (const l of flows.values()) if (l.stage === "processing") coopTotals.set(l.source, (coopTotals.get(l.source) ?? 0) + l.valueVnd);
  for (const [organisationId, perHousehold] of householdValue) {
    const coop = `coop:${organisationId}`;
    const groups = new Map<number, { name: string; households: Set<string>; valueVnd: number }>();
    for (const [household, vnd] of perHousehold) {
      const commune = communeOf.get(household);
      if (!commune) continue;
      const g = groups.get(commune.id) ?? { name: commune.name, households: new Set<string>(), valueVnd: 0 };
      g.households.add(household);
      g.valueVnd += vnd;
      groups.set(commune.id, g);
    }
    let shown = 0;
    for (const [communeId, g] of groups) {
      if (g.households.size < MIN_HOUSEHOLDS) continue;
      const id = `commune:${communeId}`;
      addNode({ id, kind: "commune", name: g.name });
      const mine = deliveries.filter((d) => d.organisation_id === organisationId && g.households.has(d.household_id));
      const byUom = new Map<string, number>();
      for (const d of mine) byUom.set(d.uom, (byUom.get(d.uom) ?? 0) + Number(d.quantity));
      flows.set(`${id}→${coop}`, {
        stage: "supply",
        source: id,
        target: coop,
        valueVnd: g.valueVnd,
        units: null,
        households: g.households.size,
        delivered: [...byUom].map(([uom, quantity]) => ({ uom, quantity: Math.round(quantity * 1000) / 1000 })).sort((a, b) => a.uom.localeCompare(b.uom)),
        paidVnd: mine.reduce((n, d) => n + Number(d.paid), 0),
      });
      shown += g.valueVnd;
    }
    attributedVnd += shown;
    const rest = (coopTotals.get(coop) ?? 0) - shown;
    if (rest > 0) {
      addNode({ id: `${HIDDEN_PREFIX}${organisationId}`, kind: "hidden", name: "" });
      addFlow("supply", `${HIDDEN_PREFIX}${organisationId}`, coop, rest, null);
    }
  }

  const stageOrder: Record<ChainStage, number> = { supply: 0, processing: 1, market: 2 };
  const links = [...flows.values()].sort(
    (a, b) => stageOrder[a.stage] - stageOrder[b.stage] || b.valueVnd - a.valueVnd || a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
  );
  return {
    selection,
    products,
    covered: productIds.length,
    nodes: [...nodes.values()],
    links,
    salesValueVnd,
    unitsSold,
    attributedVnd,
    outOfScope: false,
  };
}
