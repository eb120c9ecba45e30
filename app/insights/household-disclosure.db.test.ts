/**
 * The attack of decision 0016, as a test: random households in several communes, every households
 * table published for every place (the province and each commune) and every year the dashboard
 * offers, through the very code the page and its downloads use (loadDashboard → householdTables);
 * then an adversary who knows how each published cell is defined solves the published figures as a
 * linear system over the households' classes and tries to pin down any group under 5 households.
 * It must recover nothing; with primary suppression only, the same attack recovers groups (so this
 * test can fail).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_HOUSEHOLDS, type ProtectOptions } from "~/households/suppression";
import { translator } from "~/lib/i18n";
import { silentLogger } from "~/lib/logger";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { statusRows, type StatusRow } from "./household-aggregates.server";
import { refreshInsights } from "./rollups.server";
import { resolveScope } from "./scope.server";
import { PROTECTED, SUPPRESSED, householdTables, type CellValue, type DataTable } from "./tables";
import { getHouseholdTargets } from "./targets.server";
import { addCommune, addHousehold, addOrganisation } from "../../tests/setup/insights-data";
import { loadDashboard } from "./views.server";

const t = translator("en");
const YEARS = [2025, 2026] as const;
const statuses = ["poor", "near_poor", "newly_escaped", "not_poor"] as const;
type Pair = "none" | "b2020-rose" | "b2020-not" | "other-rose" | "other-not";
const pairs: Pair[] = ["none", "b2020-rose", "b2020-not", "other-rose", "other-not"];

interface Household {
  commune: number;
  org: number;
  female: boolean;
  kinh: boolean;
  status: Record<number, StatusRow>;
  /** The income pair class in each year, and the incomes behind it. */
  pair: Record<number, Pair>;
  baseline: number;
  now: number;
}

let db: TestDatabase;
const communes: number[] = [];
let orgIds: string[] = [];
const households: Household[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  let seed = 20_260;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let i = 0; i < 5; i++) communes.push(await addCommune(db.db, "19", `xa-atk-${i}`, `Xã Thử ${i}`));
  orgIds = [
    await addOrganisation(db.db, { slug: "htx-atk-a", kind: "cooperative", communeId: communes[0]!, name: "HTX A" }),
    await addOrganisation(db.db, { slug: "htx-atk-b", kind: "cooperative", communeId: communes[1]!, name: "HTX B" }),
  ];
  // Big, middling and tiny communes: a commune of 3 households is the issue's case.
  const sizes = [40, 26, 14, 12, 3];
  let code = 0;
  for (const [ci, size] of sizes.entries()) {
    for (let i = 0; i < size; i++) {
      const org = ci === 4 ? 0 : rand() < 0.6 ? 0 : 1;
      const female = rand() < 0.45;
      const kinh = rand() < 0.4;
      const s2025 = rand() < 0.15 ? undefined : pick(statuses);
      const s2026 = rand() < 0.1 ? undefined : pick(statuses);
      const b = ci === 4 ? 0 : rand();
      const baselineYear = b < 0.75 ? 2020 : b < 0.9 ? 2019 : null;
      const baseline = 10_000_000 + Math.floor(rand() * 20) * 1_000_000;
      const surveyed = ci === 4 || rand() < 0.9;
      const now = Math.round(baseline * (0.8 + rand() * 0.8));
      const rose = now * 100 >= baseline * 110;
      const pair: Pair = baselineYear === null || !surveyed ? "none" : `${baselineYear === 2020 ? "b2020" : "other"}-${rose ? "rose" : "not"}`;
      households.push({ commune: ci, org, female, kinh, status: { 2024: "unknown", 2025: s2025 ?? "unknown", 2026: s2026 ?? "unknown" }, pair: { 2025: "none", 2026: pair }, baseline, now });
      await addHousehold(db.db, {
        organisationId: orgIds[org]!,
        communeId: communes[ci]!,
        code: `ATK${code++}`,
        sex: female ? "female" : "male",
        ethnicity: kinh ? "01" : "02",
        ...(baselineYear === null ? {} : { baseline: { year: baselineYear, incomeVnd: baseline } }),
        statuses: Object.fromEntries([...(s2025 ? [[2025, s2025] as const] : []), ...(s2026 ? [[2026, s2026] as const] : [])]),
        surveys: surveyed ? { 2026: now } : {},
      });
    }
  }
  await refreshInsights(db.db, new Date("2026-11-25T05:00:00Z"));
}, 300_000);

afterAll(async () => {
  await db?.dispose();
});

/** The places the dashboard offers: the province, then each commune (null: the province). */
const places = () => [null, ...communes.map((_, i) => i)];

async function publish(year: number, place: number | null, options?: ProtectOptions): Promise<DataTable[]> {
  const search = new URLSearchParams({ province: "19", from: `${year}-01`, to: `${year}-12`, ...(place === null ? {} : { commune: String(communes[place]) }) });
  if (!options) {
    const data = await loadDashboard(db.db, { view: "households", search, today: "2026-11-25", locale: "en", logger: silentLogger });
    return data.tables;
  }
  const { scope } = await resolveScope(db.db, { province: "19", from: `${year}-01`, to: `${year}-12`, ...(place === null ? {} : { commune: communes[place]! }) });
  return householdTables(await getHouseholdTargets(db.db, scope, "rollups", options), t);
}

// ---- What each published cell counts: a predicate over a household, per table, row and column. ----

type Predicate = (h: Household) => boolean;
const statusOf = (i: number) => statusRows[i]!;
const rose = (p: Pair) => p.endsWith("-rose");
const inGrowth = (p: Pair) => p !== "none";

function crossCell(id: string, year: number, r: number | null, c: number | null): Predicate | null {
  const rowOk = (h: Household, row: number) => {
    switch (id) {
      case "status-sex":
      case "status-ethnicity":
        return h.status[year] === statusOf(row);
      case "transitions":
        return h.status[year - 1] === statusOf(row);
      case "growth-sex":
        return inGrowth(h.pair[year]!) && (row === 0 ? h.female : !h.female);
      case "growth-ethnicity":
        return inGrowth(h.pair[year]!) && (row === 0 ? h.kinh : !h.kinh);
    }
    return false;
  };
  const colOk = (h: Household, col: number) => {
    switch (id) {
      case "status-sex":
        return col === 0 ? h.female : !h.female;
      case "status-ethnicity":
        return col === 0 ? h.kinh : !h.kinh;
      case "transitions":
        return h.status[year] === statusOf(col);
      case "growth-sex":
      case "growth-ethnicity":
        return col === 0 ? rose(h.pair[year]!) : !rose(h.pair[year]!);
    }
    return false;
  };
  const base = (h: Household) => (id.startsWith("growth") ? inGrowth(h.pair[year]!) : true);
  return (h) => base(h) && (r === null || rowOk(h, r)) && (c === null || colOk(h, c));
}

interface Figure {
  /** Where it is published: year, place (null: province), table, row, column. */
  where: string;
  place: number | null;
  predicate: Predicate;
  cell: CellValue;
  truth: number;
}

/** Every count cell of every households table of one page, with what it counts. */
function figuresOf(tables: DataTable[], year: number, place: number | null): Figure[] {
  const out: Figure[] = [];
  const inPlace = (p: Predicate): Predicate => (h) => (place === null || h.commune === place) && p(h);
  const add = (where: string, predicate: Predicate, cell: CellValue) => {
    const p = inPlace(predicate);
    out.push({ where: `${year} ${place === null ? "province" : `commune ${place}`} ${where}`, place, predicate: p, cell, truth: households.filter(p).length });
  };
  for (const table of tables) {
    if (["status-sex", "status-ethnicity", "transitions", "growth-sex", "growth-ethnicity"].includes(table.id)) {
      const cols = table.columns.length - 2;
      table.rows.forEach((row, r) => {
        for (let c = 0; c < cols; c++) add(`${table.id}[${r}][${c}]`, crossCell(table.id, year, r, c)!, row[c + 1]!);
        add(`${table.id}[${r}][total]`, crossCell(table.id, year, r, null)!, row[cols + 1]!);
      });
      for (let c = 0; c < cols; c++) add(`${table.id}[total][${c}]`, crossCell(table.id, year, null, c)!, table.total![c + 1]!);
      add(`${table.id}[total][total]`, crossCell(table.id, year, null, null)!, table.total![cols + 1]!);
    } else if (table.id === "income") {
      const groups: Predicate[] = [() => true, (h) => h.kinh, (h) => !h.kinh];
      table.rows.forEach((row, r) => add(`income[${r}]`, (h) => h.pair[year]!.startsWith("b2020") && groups[r]!(h), row[1]!));
    } else if (table.id === "minority-poverty") {
      // Columns: last year, this year; rows: poor, not poor (the rate row: poor over their sum).
      [year - 1, year].forEach((y, c) => {
        const known = (h: Household) => !h.kinh && h.status[y] !== "unknown" && h.status[y] !== undefined;
        add(`minority-poverty[poor][${y}]`, (h) => known(h) && h.status[y] === "poor", table.rows[0]![c + 1]!);
        add(`minority-poverty[notPoor][${y}]`, (h) => known(h) && h.status[y] !== "poor", table.rows[1]![c + 1]!);
        // A shown rate lets the reader work out the total from the poor count: count it as published.
        add(`minority-poverty[known][${y}]`, known, table.rows[2]![c + 1] === null ? null : households.filter(inPlace(known)).length);
      });
    } else if (table.id === "cooperatives") {
      table.rows.forEach((row) => {
        const org = row[0] === "HTX A" ? 0 : 1;
        add(`cooperatives[${String(row[0])}]`, (h) => h.org === org, row[1]!);
      });
      add("cooperatives[total]", () => true, table.total![1]!);
    }
  }
  return out;
}

// ---- The adversary: linear algebra over the households' classes, modulo a large prime. ----

const P = 67_108_859;
const mod = (a: number) => ((a % P) + P) % P;
function inv(a: number): number {
  let [t0, t1, r0, r1] = [0, 1, P, mod(a)];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [t0, t1] = [t1, t0 - q * t1];
    [r0, r1] = [r1, r0 - q * r1];
  }
  return mod(t0);
}

/**
 * The classes households can fall in, as the adversary sees them: every combination of what the
 * tables tell apart (2024 statuses unknown or poor; it is even told that nobody had a survey in 2025).
 */
function allClasses(): Household[] {
  const out: Household[] = [];
  for (let commune = 0; commune < communes.length; commune++)
    for (const org of [0, 1])
      for (const female of [true, false])
        for (const kinh of [true, false])
          for (const s24 of ["unknown", "poor"] as const)
            for (const s25 of statusRows)
              for (const s26 of statusRows)
                for (const p26 of pairs) out.push({ commune, org, female, kinh, status: { 2024: s24, 2025: s25, 2026: s26 }, pair: { 2025: "none", 2026: p26 }, baseline: 0, now: 0 });
  return out;
}

/** A basis of the span of some vectors (rows over the classes, kept sparse), for membership tests. */
class Span {
  private rows: { pivot: number; idx: Int32Array; val: Float64Array }[] = [];
  private reduce(vector: Float64Array): Float64Array {
    const v = Float64Array.from(vector);
    for (const { pivot, idx, val } of this.rows) {
      const f = v[pivot]!;
      if (f === 0) continue;
      for (let k = 0; k < idx.length; k++) v[idx[k]!] = mod(v[idx[k]!]! - ((f * val[k]!) % P));
    }
    return v;
  }
  add(vector: Float64Array): void {
    const v = this.reduce(vector);
    const pivot = v.findIndex((x) => x !== 0);
    if (pivot < 0) return;
    const s = inv(v[pivot]!);
    const idx: number[] = [];
    const val: number[] = [];
    v.forEach((x, j) => {
      if (x === 0) return;
      idx.push(j);
      val.push((x * s) % P);
    });
    this.rows.push({ pivot, idx: Int32Array.from(idx), val: Float64Array.from(val) });
  }
  contains(vector: Float64Array): boolean {
    return this.reduce(vector).every((x) => x === 0);
  }
}

interface AttackResult {
  /** Groups under 5 households the adversary pins down. */
  recovered: string[];
  figures: Figure[];
}

async function attack(options?: ProtectOptions): Promise<AttackResult> {
  const figures: Figure[] = [];
  for (const year of YEARS) for (const place of places()) figures.push(...figuresOf(await publish(year, place, options), year, place));
  const classes = allClasses();
  const vector = (p: Predicate) => Float64Array.from(classes, (c) => (p(c) ? 1 : 0));
  const known = new Span();
  const hidden: Figure[] = [];
  for (const f of figures) {
    if (typeof f.cell === "number") known.add(vector(f.predicate));
    else hidden.push(f);
  }
  const recovered: string[] = [];
  // A vector of no class at all is a structural zero the adversary was told about, not a group of households.
  const someone = (v: Float64Array) => v.some((x) => x !== 0);
  for (const f of hidden) {
    const v = vector(f.predicate);
    if (f.truth < MIN_HOUSEHOLDS && someone(v) && known.contains(v)) recovered.push(`${f.where} = ${f.truth}`);
  }
  // Groups of hidden cells: the province minus the shown communes is the sum of the hidden communes' cells.
  const byWhere = new Map<string, Figure[]>();
  for (const f of hidden) {
    if (f.place === null) continue;
    const key = f.where.replace(/ commune \d+ /, " ");
    byWhere.set(key, [...(byWhere.get(key) ?? []), f]);
  }
  for (const [key, group] of byWhere) {
    if (group.length < 2) continue;
    const truth = group.reduce((n, f) => n + f.truth, 0);
    if (truth >= MIN_HOUSEHOLDS) continue;
    const v = new Float64Array(classes.length);
    for (const f of group) vector(f.predicate).forEach((x, j) => (v[j] = v[j]! + x));
    if (someone(v) && known.contains(v)) recovered.push(`${key} over the hidden communes = ${truth}`);
  }
  return { recovered, figures };
}

describe("small-cell suppression that survives subtraction (decision 0016)", () => {
  it("recovers no group under 5 households from everything published for every place and year", async () => {
    const { recovered, figures } = await attack();
    expect(recovered).toEqual([]);
    // Every published number is the true count; "< 5" only ever stands for fewer than 5 households.
    for (const f of figures) {
      if (typeof f.cell === "number") expect(f.cell, f.where).toBe(f.truth);
      if (f.cell === SUPPRESSED) expect(f.truth, f.where).toBeLessThan(MIN_HOUSEHOLDS);
      if (f.cell === PROTECTED) expect(f.truth, f.where).toBeGreaterThanOrEqual(MIN_HOUSEHOLDS);
      if (typeof f.cell !== "number" && !f.where.includes("known")) expect([SUPPRESSED, PROTECTED], f.where).toContain(f.cell);
    }
    // Much is still published about the province (complementary suppression takes the cheapest figures).
    const provinceShown = figures.filter((f) => f.where.startsWith("2026 province") && typeof f.cell === "number");
    expect(provinceShown.length).toBeGreaterThan(15);
  }, 300_000);

  it("without complementary suppression the same attack recovers small groups", async () => {
    const { recovered } = await attack({ complementary: false });
    expect(recovered.length).toBeGreaterThan(0);
  }, 300_000);

  it("the issue's case: subtracting the shown communes from the province gives a small commune's households and their mean incomes", async () => {
    const income = async (place: number | null, options?: ProtectOptions) => (await publish(2026, place, options)).find((x) => x.id === "income")!.rows[0]!;
    const differencing = async (options?: ProtectOptions) => {
      const province = await income(null, options);
      let [n, baseline, now] = [province[1], Number(province[2]) * Number(province[1]), Number(province[3]) * Number(province[1])];
      const hiddenCommunes: number[] = [];
      for (let c = 0; c < communes.length; c++) {
        const row = await income(c, options);
        if (typeof row[1] !== "number") hiddenCommunes.push(c);
        else [n, baseline, now] = [Number(n) - row[1], baseline - Number(row[2]) * row[1], now - Number(row[3]) * row[1]];
      }
      return { hiddenCommunes, n: Number(n), baselineMean: Math.round(baseline / Number(n)), nowMean: Math.round(now / Number(n)) };
    };
    const truth = (c: number) => {
      const g = households.filter((h) => h.commune === c && h.pair[2026]!.startsWith("b2020"));
      return { n: g.length, baselineMean: Math.round(g.reduce((a, h) => a + h.baseline, 0) / g.length), nowMean: Math.round(g.reduce((a, h) => a + h.now, 0) / g.length) };
    };
    const leak = await differencing({ complementary: false });
    expect(leak.hiddenCommunes).toEqual([4]);
    const small = truth(4);
    expect(small.n).toBe(3);
    // The three households and both their mean incomes, to within the rounding of the published means.
    expect(leak.n).toBe(3);
    expect(Math.abs(leak.baselineMean - small.baselineMean)).toBeLessThan(100);
    expect(Math.abs(leak.nowMean - small.nowMean)).toBeLessThan(100);
    // Protected: at least two communes are hidden, together 5 households or more.
    const safe = await differencing();
    expect(safe.hiddenCommunes.length).toBeGreaterThanOrEqual(2);
    expect(safe.hiddenCommunes.reduce((n, c) => n + truth(c).n, 0)).toBeGreaterThanOrEqual(MIN_HOUSEHOLDS);
  }, 300_000);

  it("the page does not contradict itself: a figure reads the same in every table and the headline rate uses shown counts", async () => {
    for (const place of places()) {
      const tables = await publish(2026, place);
      const table = (id: string) => tables.find((x) => x.id === id)!;
      // Poor ethnic-minority households this year: a cell of the status × ethnicity table and of the minority table.
      expect(table("minority-poverty").rows[0]![2]).toBe(table("status-ethnicity").rows[0]![2]);
      const rate = table("targets").rows[1]![1];
      if (rate !== null) expect(typeof table("minority-poverty").rows[0]![2]).toBe("number");
      // The households per cooperative add up to the same total as the status tables.
      expect(table("cooperatives").total![1]).toBe(table("status-sex").total![3]);
    }
  }, 300_000);
});
