/**
 * The households dashboard's figures for a year, published together for a whole province (or for
 * everywhere) and every commune of it: counts only, read-only, no name, code or id of a household.
 *
 * Every figure the page, its CSV/XLSX downloads and the PDF report can show for any place of the
 * province is laid out once, with the additive relations between them (the rows and columns of each
 * table, tables that share a margin, headline counts that are cells of a table, the province as the
 * sum of its communes), and one call of protectFigures decides what to hide (decision 0016). Sums
 * of income follow their count, so a mean is shown only when its count is.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { povertyStatuses } from "~/households/schema";
import { maskByCount, protectFigures, readTable, tableLayout, type ProtectOptions, type Protection, type Relation, type SuppressedTable } from "~/households/suppression";
import { BASELINE_YEAR, ensureHouseholdYear, householdRelations, type HouseholdSource } from "./household-rollups.server";
import { ensureInsightsBuilt } from "./rollups.server";

export const statusRows = [...povertyStatuses, "unknown"] as const;
export type StatusRow = (typeof statusRows)[number];

export interface CooperativeRow {
  organisationId: string;
  name: string;
  nameEn: string | null;
}

/** A published count (null: hidden) and why it is hidden. */
export interface PublishedCount {
  value: number | null;
  why: Protection;
}

export interface IncomeGroup {
  count: PublishedCount;
  /** Sums of income per person over the group (whole VND), shown only with the count. */
  baselineSum: number | null;
  nowSum: number | null;
}

export interface HouseholdAggregates {
  year: number;
  /** Rows: statusRows; columns: female, male. Households active in the year. */
  statusBySex: SuppressedTable;
  /** Rows: statusRows; columns: Kinh, ethnic minorities. */
  statusByEthnicity: SuppressedTable;
  /** Rows: status the year before (statusRows); columns: status this year (statusRows). */
  transitions: SuppressedTable;
  /** Rows: female, male; columns: income per person up ≥ 10% on the household's baseline, not. */
  growthBySex: SuppressedTable;
  /** Rows: Kinh, ethnic minorities; columns as growthBySex. */
  growthByEthnicity: SuppressedTable;
  /** Households with a positive 2020 baseline and a survey this year. */
  income: { all: IncomeGroup; kinh: IncomeGroup; minority: IncomeGroup };
  /** Households with a survey and a positive baseline of another year. */
  otherBaselines: PublishedCount;
  /** Ethnic-minority households with a recorded status: poor, the rest, all of them. */
  minority: { poor: PublishedCount; notPoor: PublishedCount; known: PublishedCount };
  /** One column (households); money figures only where the count is shown. */
  cooperatives: { rows: CooperativeRow[]; counts: SuppressedTable; moneyReceivedVnd: (number | null)[]; attributedSalesVnd: (number | null)[] };
}

/** Where the households live: a province, or one commune of it (omitted: everywhere). */
export interface HouseholdPlace {
  provinceCode: string;
  communeId?: number;
}

/** SQL condition on a rollup's (or live grouping's) commune_id for a place. */
export function rollupPlaceSql(place: HouseholdPlace | undefined) {
  if (!place) return sql`true`;
  return place.communeId !== undefined
    ? sql`r.commune_id = ${place.communeId}`
    : sql`r.commune_id in (select id from communes where province_code = ${place.provinceCode})`;
}

/** SQL condition on `h` (households) for a place. */
export function householdPlaceSql(place: HouseholdPlace | undefined) {
  if (!place) return sql`true`;
  return place.communeId !== undefined
    ? sql`h.commune_id = ${place.communeId}`
    : sql`h.commune_id in (select id from communes where province_code = ${place.provinceCode})`;
}

/** One group of the year's household facts (the rollup's columns) in a commune. */
export interface FactGroup {
  commune_id: number;
  active: boolean;
  head_sex: "female" | "male";
  kinh: boolean;
  status: StatusRow | null;
  status_before: StatusRow | null;
  has_pair: boolean;
  baseline_2020: boolean | null;
  /** Null: no pair or a baseline not above zero; else whether income rose by INCOME_RISE_PERCENT or more. */
  rose: boolean | null;
  n: number;
  baseline_sum: string | number;
  now_sum: string | number;
}

export interface CooperativeFigures {
  commune_id: number;
  organisation_id: string;
  households: number;
  received: string | number;
  attributed: string | number;
}

/** Everything published about one year, for the top place (province or everywhere) and each commune. */
export interface HouseholdPublication {
  year: number;
  /** The year before's publication, whose figures this one was protected against. */
  previous?: HouseholdPublication;
  top: HouseholdAggregates;
  communes: Map<number, HouseholdAggregates>;
}

const S = statusRows.length;
const statusIndex = (s: StatusRow | null) => statusRows.indexOf(s ?? "unknown");

/** Raw counts and sums of one place, before any suppression. */
interface PlaceCounts {
  bySex: number[][];
  byEthnicity: number[][];
  transitions: number[][];
  growthSex: number[][];
  growthEthnicity: number[][];
  income: { all: Sums; kinh: Sums; minority: Sums };
  other: number;
  /** Households that left during the year before, by their status that year (never published). */
  leavers: number[];
  coops: Map<string, { households: number; received: number; attributed: number }>;
}
interface Sums {
  households: number;
  baselineSum: number;
  nowSum: number;
}

const grid = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));
function emptyCounts(): PlaceCounts {
  const sums = (): Sums => ({ households: 0, baselineSum: 0, nowSum: 0 });
  return {
    bySex: grid(S, 2),
    byEthnicity: grid(S, 2),
    transitions: grid(S, S),
    growthSex: grid(2, 2),
    growthEthnicity: grid(2, 2),
    income: { all: sums(), kinh: sums(), minority: sums() },
    other: 0,
    leavers: new Array<number>(S).fill(0),
    coops: new Map(),
  };
}

function addFact(c: PlaceCounts, g: FactGroup): void {
  const n = Number(g.n);
  if (!g.active) {
    c.leavers[statusIndex(g.status_before)]! += n;
    return;
  }
  const sex = g.head_sex === "female" ? 0 : 1;
  const eth = g.kinh ? 0 : 1;
  const now = statusIndex(g.status);
  c.bySex[now]![sex]! += n;
  c.byEthnicity[now]![eth]! += n;
  c.transitions[statusIndex(g.status_before)]![now]! += n;
  if (g.has_pair && g.rose !== null) {
    c.growthSex[sex]![g.rose ? 0 : 1]! += n;
    c.growthEthnicity[eth]![g.rose ? 0 : 1]! += n;
    if (g.baseline_2020) {
      for (const s of [c.income.all, g.kinh ? c.income.kinh : c.income.minority]) {
        s.households += n;
        s.baselineSum += Number(g.baseline_sum);
        s.nowSum += Number(g.now_sum);
      }
    } else c.other += n;
  }
}

/** Figures of one place, as indices into the publication's figure list. */
interface PlaceLayout {
  base: number;
  bySex: number;
  byEthnicity: number;
  transitions: number;
  growthSex: number;
  growthEthnicity: number;
  income: { all: number; kinh: number; minority: number; other: number };
  minority: { notPoor: number; known: number };
  coops: Map<string, number>;
}

const table5x2 = tableLayout(S, 2);
const table5x5 = tableLayout(S, S);
const table2x2 = tableLayout(2, 2);

/**
 * Lays out one place's figures and their relations. Returns the layout; appends values, costs and
 * relations. `coopIds` are the cooperatives the place's table lists.
 */
function layPlace(
  c: PlaceCounts,
  coopIds: readonly string[],
  previous: HouseholdAggregates | undefined,
  values: number[],
  costs: number[],
  fixed: (Protection | null)[],
  relations: Relation[],
): PlaceLayout {
  const base = values.length;
  const push = (v: number, cost = 1, decided: Protection | null = null) => {
    values.push(v);
    costs.push(cost);
    fixed.push(decided);
    return values.length - 1;
  };
  const pushTable = (counts: number[][], layout: ReturnType<typeof tableLayout>) => {
    const at = values.length;
    const cols = counts[0]!.length;
    const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
    const colTotals = Array.from({ length: cols }, (_, j) => counts.reduce((a, r) => a + r[j]!, 0));
    for (const row of counts) for (const v of row) push(v);
    for (const v of rowTotals) push(v);
    for (const v of colTotals) push(v);
    push(rowTotals.reduce((a, b) => a + b, 0));
    for (const rel of layout.relations) relations.push({ total: at + rel.total, parts: rel.parts.map((p) => at + p) });
    return at;
  };
  const same = (a: number, b: number) => relations.push({ total: a, parts: [b] });
  const bySex = pushTable(c.bySex, table5x2);
  const byEthnicity = pushTable(c.byEthnicity, table5x2);
  const transitions = pushTable(c.transitions, table5x5);
  const growthSex = pushTable(c.growthSex, table2x2);
  const growthEthnicity = pushTable(c.growthEthnicity, table2x2);
  // Shared margins: the same households counted in two tables.
  for (let r = 0; r < S; r++) {
    same(bySex + table5x2.rowTotal(r), byEthnicity + table5x2.rowTotal(r));
    same(bySex + table5x2.rowTotal(r), transitions + table5x5.colTotal(r));
  }
  same(bySex + table5x2.total, byEthnicity + table5x2.total);
  same(bySex + table5x2.total, transitions + table5x5.total);
  for (let j = 0; j < 2; j++) same(growthSex + table2x2.colTotal(j), growthEthnicity + table2x2.colTotal(j));
  same(growthSex + table2x2.total, growthEthnicity + table2x2.total);
  // The year before, as its own publication showed it (fixed): each status count then is this year's
  // transitions row plus the households that left during that year. Those are never published, but
  // are taken as known (a reader may know who left), so a count hidden last year stays hidden here.
  const prevTotal = push(0, 1, previous ? previous.statusBySex.why.total : "protected");
  const prevRows: number[] = [];
  for (let b = 0; b < S; b++) {
    const row = values[transitions + table5x5.rowTotal(b)]!;
    const leavers = push(c.leavers[b]!, 1, "shown");
    const prev = push(row + c.leavers[b]!, 1, previous ? previous.statusBySex.why.rowTotals[b]! : "protected");
    values[prevTotal]! += values[prev]!;
    prevRows.push(prev);
    relations.push({ total: prev, parts: [transitions + table5x5.rowTotal(b), leavers] });
  }
  relations.push({ total: prevTotal, parts: prevRows });
  // Income groups (the headline multiple: hidden last).
  const income = {
    all: push(c.income.all.households, 10),
    kinh: push(c.income.kinh.households, 10),
    minority: push(c.income.minority.households, 10),
    other: push(c.other),
  };
  relations.push({ total: income.all, parts: [income.kinh, income.minority] });
  relations.push({ total: growthSex + table2x2.total, parts: [income.all, income.other] });
  // Ethnic-minority poverty: poor is a cell of the status × ethnicity table; the rest and the known total are new figures.
  const minorityCell = (s: StatusRow) => byEthnicity + table5x2.cell(statusIndex(s), 1);
  const notPoorValue = ["near_poor", "newly_escaped", "not_poor"].reduce((a, s) => a + values[minorityCell(s as StatusRow)]!, 0);
  const notPoor = push(notPoorValue, 10);
  const known = push(notPoorValue + values[minorityCell("poor")]!, 10);
  costs[minorityCell("poor")] = 10;
  relations.push({ total: notPoor, parts: [minorityCell("near_poor"), minorityCell("newly_escaped"), minorityCell("not_poor")] });
  relations.push({ total: known, parts: [minorityCell("poor"), notPoor] });
  relations.push({ total: byEthnicity + table5x2.colTotal(1), parts: [known, minorityCell("unknown")] });
  // Households per cooperative add up to the year's households.
  const coops = new Map<string, number>();
  for (const id of coopIds) coops.set(id, push(c.coops.get(id)?.households ?? 0));
  if (coopIds.length > 0) relations.push({ total: bySex + table5x2.total, parts: coopIds.map((id) => coops.get(id)!) });
  return { base, bySex, byEthnicity, transitions, growthSex, growthEthnicity, income, minority: { notPoor, known }, coops };
}

function readPlace(
  year: number,
  l: PlaceLayout,
  c: PlaceCounts,
  coopRows: readonly CooperativeRow[],
  values: readonly number[],
  status: readonly Protection[],
): HouseholdAggregates {
  const count = (i: number): PublishedCount => ({ value: status[i] === "shown" ? values[i]! : null, why: status[i]! });
  const group = (i: number, s: Sums): IncomeGroup => {
    const n = count(i);
    return { count: n, baselineSum: maskByCount(n.value, s.baselineSum), nowSum: maskByCount(n.value, s.nowSum) };
  };
  const coopCounts = coopRows.map((r) => l.coops.get(r.organisationId)!);
  const coopTable: SuppressedTable = {
    cells: coopCounts.map((i) => [count(i).value]),
    rowTotals: coopCounts.map((i) => count(i).value),
    colTotals: [count(l.bySex + table5x2.total).value],
    total: count(l.bySex + table5x2.total).value,
    why: {
      cells: coopCounts.map((i) => [status[i]!]),
      rowTotals: coopCounts.map((i) => status[i]!),
      colTotals: [status[l.bySex + table5x2.total]!],
      total: status[l.bySex + table5x2.total]!,
    },
  };
  const money = (id: string, field: "received" | "attributed") => c.coops.get(id)?.[field] ?? 0;
  return {
    year,
    statusBySex: readTable(S, 2, values, status, l.bySex),
    statusByEthnicity: readTable(S, 2, values, status, l.byEthnicity),
    transitions: readTable(S, S, values, status, l.transitions),
    growthBySex: readTable(2, 2, values, status, l.growthSex),
    growthByEthnicity: readTable(2, 2, values, status, l.growthEthnicity),
    income: { all: group(l.income.all, c.income.all), kinh: group(l.income.kinh, c.income.kinh), minority: group(l.income.minority, c.income.minority) },
    otherBaselines: count(l.income.other),
    minority: { poor: count(l.byEthnicity + table5x2.cell(statusIndex("poor"), 1)), notPoor: count(l.minority.notPoor), known: count(l.minority.known) },
    cooperatives: {
      rows: [...coopRows],
      counts: coopTable,
      moneyReceivedVnd: coopRows.map((r, i) => maskByCount(coopTable.cells[i]![0]!, money(r.organisationId, "received"))),
      attributedSalesVnd: coopRows.map((r, i) => maskByCount(coopTable.cells[i]![0]!, money(r.organisationId, "attributed"))),
    },
  };
}

/**
 * Suppresses a year's figures for the top place and every commune in one go. Pure: the facts and
 * cooperative figures per commune in, the publication out. `communes` are every commune a reader can
 * pick (those without households publish zeros, hidden); `coopsByCommune` lists the cooperatives
 * each commune's table names.
 */
export function publishHouseholdYear(input: {
  year: number;
  communes: readonly number[];
  facts: readonly FactGroup[];
  cooperatives: readonly CooperativeFigures[];
  coopRows: readonly CooperativeRow[];
  coopsByCommune: ReadonlyMap<number, readonly string[]>;
  /** The year before's publication (its figures are fixed here), if there is one. */
  previous?: HouseholdPublication;
  options?: ProtectOptions;
}): HouseholdPublication {
  const top = emptyCounts();
  const perCommune = new Map(input.communes.map((id) => [id, emptyCounts()]));
  for (const g of input.facts) {
    addFact(top, g);
    const c = perCommune.get(Number(g.commune_id));
    if (c) addFact(c, g);
  }
  for (const f of input.cooperatives) {
    const add = (c: PlaceCounts) => {
      const prev = c.coops.get(f.organisation_id) ?? { households: 0, received: 0, attributed: 0 };
      c.coops.set(f.organisation_id, {
        households: prev.households + Number(f.households),
        received: prev.received + Number(f.received),
        attributed: prev.attributed + Number(f.attributed),
      });
    };
    add(top);
    const c = perCommune.get(Number(f.commune_id));
    if (c) add(c);
  }
  const values: number[] = [];
  const costs: number[] = [];
  const fixed: (Protection | null)[] = [];
  const relations: Relation[] = [];
  const topIds = input.coopRows.map((r) => r.organisationId);
  const topLayout = layPlace(top, topIds, input.previous?.top, values, costs, fixed, relations);
  const blockSize = values.length - topLayout.base - topLayout.coops.size;
  const communeLayouts = new Map<number, PlaceLayout>();
  for (const [id, c] of perCommune) {
    communeLayouts.set(id, layPlace(c, input.coopsByCommune.get(id) ?? [], input.previous?.communes.get(id), values, costs, fixed, relations));
  }
  // The top place is the sum of its communes, figure by figure (a commune's unlisted cooperative has none there).
  const layouts = [...communeLayouts.values()];
  if (layouts.length > 0) {
    for (let k = 0; k < blockSize; k++) relations.push({ total: topLayout.base + k, parts: layouts.map((l) => l.base + k) });
    for (const [id, at] of topLayout.coops) {
      relations.push({ total: at, parts: layouts.flatMap((l) => (l.coops.has(id) ? [l.coops.get(id)!] : [])) });
    }
  }
  const status = protectFigures(values, relations, { ...input.options, costs, fixed });
  const byId = new Map(input.coopRows.map((r) => [r.organisationId, r]));
  const communes = new Map<number, HouseholdAggregates>();
  for (const [id, l] of communeLayouts) {
    const rows = (input.coopsByCommune.get(id) ?? []).map((o) => byId.get(o)!).filter(Boolean);
    communes.set(id, readPlace(input.year, l, perCommune.get(id)!, rows, values, status));
  }
  return { year: input.year, ...(input.previous ? { previous: input.previous } : {}), top: readPlace(input.year, topLayout, top, input.coopRows, values, status), communes };
}

/**
 * Reads a year's facts and cooperative figures for the province of `place` (or everywhere) and
 * publishes them: the rollups (the year is built on first use) or, with source "live", the same
 * grouping computed from the source rows at once.
 */
export async function householdPublication(db: Database, year: number, provinceCode: string | undefined, source: HouseholdSource = "live", options?: ProtectOptions): Promise<HouseholdPublication> {
  // Attributed sales come from insight_household_sales_years either way (built on first use).
  await ensureInsightsBuilt(db);
  let cacheKey: string | null = null;
  if (source === "rollups") {
    await ensureHouseholdYear(db, year);
    // The rollups of a year change only when it is rebuilt (built_at moves): one computation serves every place and download until then.
    // A year's publication depends on the years before it (their figures are fixed in it).
    const built = rowsOf<{ built_at: string | Date | null }>(await db.execute(sql`select max(built_at) as built_at from insight_household_years where year <= ${year}`))[0];
    if (built?.built_at && options === undefined) cacheKey = `${provinceCode ?? "*"}:${year}:${new Date(built.built_at).toISOString()}`;
    const cached = cacheKey === null ? undefined : publicationCache.get(cacheKey);
    if (cached) return cached;
  }
  const computed = await computePublication(db, year, provinceCode, source, options);
  if (cacheKey !== null) {
    publicationCache.set(cacheKey, computed);
    if (publicationCache.size > 32) publicationCache.delete(publicationCache.keys().next().value!);
  }
  return computed;
}

const publicationCache = new Map<string, HouseholdPublication>();
/** The first year the dashboard publishes (the baseline year of the resolution). */
const FIRST_YEAR = BASELINE_YEAR;

async function computePublication(db: Database, year: number, provinceCode: string | undefined, source: HouseholdSource, options?: ProtectOptions): Promise<HouseholdPublication> {
  // Published years chain back to the first year a household can have figures for.
  const previous = year > FIRST_YEAR ? await householdPublication(db, year - 1, provinceCode, source, options) : undefined;
  const place: HouseholdPlace | undefined = provinceCode === undefined ? undefined : { provinceCode };
  const from = householdRelations(source, year, householdPlaceSql(place));
  const [facts, coopFigures, coops, communes] = await Promise.all([
    db.execute(sql`
      select r.commune_id, r.active, r.head_sex, r.kinh, r.status, r.status_before, r.has_pair, r.baseline_2020, r.rose_whole as rose,
        sum(r.households)::int as n, sum(r.baseline_sum)::text as baseline_sum, sum(r.now_sum)::text as now_sum
      from ${from.facts} r where r.year = ${year} and ${rollupPlaceSql(place)}
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9`),
    db.execute(sql`
      select r.commune_id, r.organisation_id, sum(r.households)::int as households, sum(r.received_vnd)::text as received, sum(r.attributed_vnd)::text as attributed
      from ${from.cooperatives} r where r.year = ${year} and ${rollupPlaceSql(place)}
      group by 1, 2`),
    db.execute(sql`
      select o.id as organisation_id, o.name, o.name_en, array_agg(distinct h.commune_id) as communes
      from organisations o join households h on h.organisation_id = o.id
      where ${householdPlaceSql(place)} group by o.id, o.name, o.name_en order by o.name, o.id`),
    provinceCode === undefined
      ? db.execute(sql`select distinct h.commune_id as id from households h`)
      : db.execute(sql`select id from communes where province_code = ${provinceCode} order by id`),
  ]);
  const coopList = rowsOf<{ organisation_id: string; name: string; name_en: string | null; communes: number[] | string }>(coops);
  const coopsByCommune = new Map<number, string[]>();
  for (const c of coopList) {
    const ids = Array.isArray(c.communes) ? c.communes : String(c.communes).replace(/[{}]/g, "").split(",").filter(Boolean);
    for (const id of ids.map(Number)) coopsByCommune.set(id, [...(coopsByCommune.get(id) ?? []), c.organisation_id]);
  }
  return publishHouseholdYear({
    year,
    communes: rowsOf<{ id: number }>(communes).map((r) => Number(r.id)),
    facts: rowsOf<FactGroup>(facts),
    cooperatives: rowsOf<CooperativeFigures>(coopFigures),
    coopRows: coopList.map((c) => ({ organisationId: c.organisation_id, name: c.name, nameEn: c.name_en })),
    coopsByCommune,
    ...(previous ? { previous } : {}),
    ...(options ? { options } : {}),
  });
}

/** The aggregates of one place: the province's (or everywhere's) publication, read at the place. */
export async function householdAggregates(db: Database, year: number, place?: HouseholdPlace, source: HouseholdSource = "live", options?: ProtectOptions): Promise<HouseholdAggregates> {
  const publication = await householdPublication(db, year, place?.provinceCode, source, options);
  return placeOf(publication, place);
}

/** One place of a publication (a commune without households reads as all zeros, hidden). */
export function placeOf(publication: HouseholdPublication, place: HouseholdPlace | undefined): HouseholdAggregates {
  if (place?.communeId === undefined) return publication.top;
  const found = publication.communes.get(place.communeId);
  if (!found) throw new RangeError(`Commune ${place.communeId} is not in the publication`);
  return found;
}
