/**
 * Value chains: for one product, or every key product of a level, the flow of the period's sales
 * value from the supplying households (grouped by their commune) through the cooperatives and the
 * processing steps that made the lots sold, to the buyers' provinces.
 *
 * The spine is what was sold in the period (same sales rule as the rollups: placed orders, live
 * sub-orders, allocations not released), so the right-hand side of the chain adds up to the product's
 * sales on the market dashboard. Value reaches households through the households context's
 * attribution (decision 0009): a lot's value is split over the households whose deliveries went into
 * it, through its lineage. Everything is read from the rollups kept by app/insights/chain-rollups.server.ts;
 * a commune group's value is each lot's period value times the group's shares, rounded down once per
 * group (the rest stays in the cooperative's "not shown" flow). Household groups of fewer than MIN_HOUSEHOLDS are never shown on their
 * own: they join the cooperative's "not shown" flow together with the value no delivery explains, so
 * nothing hidden can be recovered by subtraction.
 */
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Database } from "#db/client.server";
import { MIN_HOUSEHOLDS } from "~/households/suppression";
import { monthsOf, placeRows, rolledUpOrganisations, scopedOrganisations, type DashboardScope } from "./scope.server";

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

export const STEP_NONE = "step:none";
const HIDDEN_PREFIX = "hidden:";
const pgArray = (values: readonly string[]) => `{${values.join(",")}}`;

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
  // One product: checked against the catalogue as it is. All key products of a level: the key
  // products and places the rollups last counted (app/insights/place-rollups.server.ts), so every
  // stage is read under the same levels and places.
  const selected =
    "product" in selection
      ? sql`(select p.id from products p where p.id = ${selection.product}::uuid and p.organisation_id in ${scopedOrganisations(scope)})`
      : sql`(select k.product_id from insight_key_products k where k.organisation_id in ${rolledUpOrganisations(scope)}
          ${selection.key === "any" ? sql`` : sql`and k.key_level = ${selection.key}`})`;
  const [products, chosen] = await Promise.all([listChainProducts(db, scope), db.execute(sql`select count(*)::int as n from ${selected} x`)]);
  const covered = Number(rowsOf<{ n: number }>(chosen)[0]?.n ?? 0);
  const empty = { selection, products, covered, nodes: [], links: [], salesValueVnd: 0, unitsSold: 0, attributedVnd: 0 };
  if (covered === 0) return { ...empty, outOfScope: "product" in selection };

  const inPeriod = monthsOf(scope, sql`m.month`);
  // Market stage: one product's lots by buyer province, or the key products' rollup by commune, level and step.
  const market =
    "product" in selection
      ? sql`
        select l.step, m.buyer_province_code as province_code, sum(m.units)::bigint as units, sum(m.value_vnd)::bigint as value_vnd
        from insight_chain_months m join insight_chain_lots l on l.batch_id = m.batch_id
        where m.product_id in ${selected} and ${inPeriod} group by 1, 2`
      : sql`
        select m.step, m.buyer_province_code as province_code, sum(m.units)::bigint as units, sum(m.value_vnd)::bigint as value_vnd
        from insight_chain_step_months m
        where ${placeRows(scope, sql`m`)} and ${inPeriod} ${selection.key === "any" ? sql`` : sql`and m.key_level = ${selection.key}`}
        group by 1, 2`;
  // The period's lots of the selection (insight_chain_lot_months, a few thousand at most), and the market stage.
  const [lotResult, marketResult] = await Promise.all([
    db.execute(sql`
      select m.batch_id, m.organisation_id, org.name as organisation_name, l.step, sum(m.units)::bigint as units, sum(m.value_vnd)::bigint as value_vnd
      from insight_chain_lot_months m join insight_chain_lots l on l.batch_id = m.batch_id join organisations org on org.id = m.organisation_id
      where m.product_id in ${selected} and ${inPeriod}
      group by 1, 2, 3, 4`),
    db.execute(sql`select mk.step, mk.province_code, pr.name_vi as province_vi, mk.units, mk.value_vnd
      from (${market}) mk join provinces pr on pr.code = mk.province_code order by mk.step, mk.province_code`),
  ]);
  const lots = rowsOf<{ batch_id: string; organisation_id: string; organisation_name: string; step: string; units: number | string; value_vnd: number | string }>(lotResult);
  if (lots.length === 0) return { ...empty, outOfScope: false };
  // The lots travel back as arrays: PostgreSQL then reads their households and deliveries by lot (index),
  // rather than hashing the whole rollups.
  const lotRows = sql`unnest(${pgArray(lots.map((l) => l.batch_id))}::uuid[], ${pgArray(lots.map((l) => l.organisation_id))}::uuid[],
    ${pgArray(lots.map((l) => String(l.value_vnd)))}::bigint[]) lots(batch_id, organisation_id, value_vnd)`;
  // A commune group's value: each lot's value times the group's summed shares (insight_lot_communes),
  // rounded down once per group.
  const values = sql`
    select lots.organisation_id, lc.commune_id, floor(sum(lots.value_vnd::float8 * lc.share) + 1e-6)::bigint as value_vnd
    from ${lotRows} join insight_lot_communes lc on lc.batch_id = lots.batch_id group by 1, 2`;
  // Its households, and what the cooperative's own households delivered into the lineage of the lots
  // sold and were paid, each household and delivery once: one product reads its lots' rows; the key
  // products read the members' first months in the period (app/insights/chain-members.server.ts).
  let households: SQL;
  let deliveries: SQL;
  if ("product" in selection) {
    households = sql`
      select lots.organisation_id, lh.commune_id, count(distinct lh.household_id)::int as households
      from ${lotRows} join insight_lot_households lh on lh.batch_id = lots.batch_id group by 1, 2`;
    deliveries = sql`
      select d.organisation_id, d.commune_id, d.uom, sum(d.quantity)::float8 as quantity, sum(d.paid_vnd)::bigint as paid
      from (
        select distinct lots.organisation_id, ls.supply_id, ls.commune_id, ls.uom, ls.quantity, ls.paid_vnd
        from ${lotRows} join insight_lot_supplies ls on ls.batch_id = lots.batch_id and ls.organisation_id = lots.organisation_id
      ) d
      group by 1, 2, 3`;
  } else {
    const members = (kind: string) => sql`m.kind = ${kind} and m.level = ${selection.key} and m.province_code = ${scope.province.code}
      and m.commune_id = ${scope.commune?.id ?? 0} and ${inPeriod} and m.prev_month < ${scope.fromMonth}::date`;
    households = sql`
      select m.organisation_id, m.member_commune_id as commune_id, sum(m.members)::int as households
      from insight_chain_member_months m where ${members("household")} group by 1, 2`;
    deliveries = sql`
      select m.organisation_id, m.member_commune_id as commune_id, m.uom, sum(m.quantity)::float8 as quantity, sum(m.paid_vnd)::bigint as paid
      from insight_chain_member_months m where ${members("supply")} group by 1, 2, 3`;
  }
  const result = await db.execute(sql`
    select
      (select coalesce(json_agg(x), '[]') from (
        select v.organisation_id, v.commune_id, c.name_vi as commune_vi, h.households, v.value_vnd
        from (${values}) v join (${households}) h on h.organisation_id = v.organisation_id and h.commune_id = v.commune_id
        join communes c on c.id = v.commune_id
        where h.households >= ${MIN_HOUSEHOLDS}
        order by c.name_vi, v.commune_id, v.organisation_id) x) as groups,
      (select coalesce(json_agg(x), '[]') from (${deliveries}) x) as deliveries`);
  type Json<T> = T[] | string;
  const folded = rowsOf<{
    groups: Json<{ organisation_id: string; commune_id: number; commune_vi: string; households: number; value_vnd: number }>;
    deliveries: Json<{ organisation_id: string; commune_id: number; uom: string; quantity: number; paid: number }>;
  }>(result)[0]!;
  const parse = <T>(v: Json<T>): T[] => (typeof v === "string" ? (JSON.parse(v) as T[]) : v);
  // Processing stage: the lots by cooperative and step.
  const byStep = new Map<string, { organisation_id: string; organisation_name: string; step: string; units: number; value_vnd: number }>();
  for (const l of lots) {
    const key = `${l.organisation_id}|${l.step}`;
    const acc = byStep.get(key) ?? { organisation_id: l.organisation_id, organisation_name: l.organisation_name, step: l.step, units: 0, value_vnd: 0 };
    acc.units += Number(l.units);
    acc.value_vnd += Number(l.value_vnd);
    byStep.set(key, acc);
  }
  const processing = [...byStep.values()].sort((a, b) => a.organisation_id.localeCompare(b.organisation_id) || a.step.localeCompare(b.step));

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
  const stepId = (step: string) => (step === "" ? STEP_NONE : `step:${step}`);

  let salesValueVnd = 0;
  let unitsSold = 0;
  const coopTotals = new Map<string, number>();
  for (const r of processing) {
    const value = Number(r.value_vnd);
    salesValueVnd += value;
    unitsSold += Number(r.units);
    coopTotals.set(r.organisation_id, (coopTotals.get(r.organisation_id) ?? 0) + value);
    addNode({ id: `coop:${r.organisation_id}`, kind: "cooperative", name: r.organisation_name });
    addNode({ id: stepId(r.step), kind: "step", name: r.step });
    addFlow("processing", `coop:${r.organisation_id}`, stepId(r.step), value, Number(r.units));
  }
  for (const r of rowsOf<{ step: string; province_code: string; province_vi: string; units: number | string; value_vnd: number | string }>(marketResult)) {
    addNode({ id: `province:${r.province_code}`, kind: "province", name: r.province_vi });
    addFlow("market", stepId(r.step), `province:${r.province_code}`, Number(r.value_vnd), Number(r.units));
  }

  const delivered = new Map<string, { uom: string; quantity: number; paid: number }[]>(); // organisation|commune →
  for (const d of parse(folded.deliveries)) {
    const key = `${d.organisation_id}|${Number(d.commune_id)}`;
    delivered.set(key, [...(delivered.get(key) ?? []), { uom: d.uom, quantity: Number(d.quantity), paid: Number(d.paid) }]);
  }
  const shown = new Map<string, number>();
  for (const g of parse(folded.groups)) {
    const id = `commune:${Number(g.commune_id)}`;
    const value = Number(g.value_vnd);
    if (value <= 0) continue;
    addNode({ id, kind: "commune", name: g.commune_vi });
    const mine = delivered.get(`${g.organisation_id}|${Number(g.commune_id)}`) ?? [];
    flows.set(`${id}→coop:${g.organisation_id}`, {
      stage: "supply",
      source: id,
      target: `coop:${g.organisation_id}`,
      valueVnd: value,
      units: null,
      households: Number(g.households),
      delivered: mine.map((d) => ({ uom: d.uom, quantity: Math.round(d.quantity * 1000) / 1000 })).sort((a, b) => a.uom.localeCompare(b.uom)),
      paidVnd: mine.reduce((n, d) => n + d.paid, 0),
    });
    shown.set(g.organisation_id, (shown.get(g.organisation_id) ?? 0) + value);
  }
  let attributedVnd = 0;
  for (const [organisationId, total] of coopTotals) {
    const mine = shown.get(organisationId) ?? 0;
    attributedVnd += mine;
    if (total - mine > 0) {
      addNode({ id: `${HIDDEN_PREFIX}${organisationId}`, kind: "hidden", name: "" });
      addFlow("supply", `${HIDDEN_PREFIX}${organisationId}`, `coop:${organisationId}`, total - mine, null);
    }
  }

  const stageOrder: Record<ChainStage, number> = { supply: 0, processing: 1, market: 2 };
  const links = [...flows.values()].sort(
    (a, b) => stageOrder[a.stage] - stageOrder[b.stage] || b.valueVnd - a.valueVnd || a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
  );
  return {
    selection,
    products,
    covered,
    nodes: [...nodes.values()],
    links,
    salesValueVnd,
    unitsSold,
    attributedVnd,
    outOfScope: false,
  };
}
