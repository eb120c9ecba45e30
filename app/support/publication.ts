/**
 * What the public transparency pages may say about support to households (issue 18), decided once per province
 * and year for every programme and every commune together, so no page, download or notice-board print can be
 * subtracted from another to give a group under 5 households away (decision 0016, `protectFigures`).
 *
 * Figures, per programme (all programmes, then each) and place (the province, then each commune, by the
 * household's own commune): households that received each kind of support, households supported at all, and
 * what followed — supported households surveyed before and after, comparable unsupported households surveyed
 * before and after, supported households that left poverty (poor or near-poor the year before, not the year itself;
 * how many were poor before is published nowhere, so the ones that stayed cannot be worked out).
 * Relations tie them: the province is the sum of its communes; "all programmes" the sum of the programmes, and
 * "supported at all" the sum of the kinds (both conservative: a household counted twice only hides more); the
 * supported households of the province are the sum of each cooperative's. Money and means follow their counts.
 * Pure: facts in, published figures out.
 */
import { MIN_HOUSEHOLDS, protectFigures, type Protection, type Relation } from "~/households/suppression";
import { supportKinds, supportProgrammes, type SupportKind, type SupportProgramme } from "./schema";

export type ProgrammeKey = "all" | SupportProgramme;
export const programmeKeys: readonly ProgrammeKey[] = ["all", ...supportProgrammes];

/** One household's share of one entry (the entry's value shared equally among its households). */
export interface HouseholdShare {
  householdId: string;
  communeId: number;
  organisationId: string;
  programme: SupportProgramme;
  kind: SupportKind;
  valueVnd: number;
}

/** A member household of the province with its surveys and statuses around the year. */
export interface HouseholdOutcome {
  householdId: string;
  communeId: number;
  /** Income per person per year (VND) surveyed the year before and the year itself; null when not surveyed. */
  incomeBefore: number | null;
  incomeAfter: number | null;
  statusBefore: string | null;
  statusAfter: string | null;
}

export interface PublicationInput {
  communeIds: readonly number[];
  shares: readonly HouseholdShare[];
  outcomes: readonly HouseholdOutcome[];
  min?: number;
  /** false: primary suppression only (the tests show what that would leak). */
  complementary?: boolean;
}

/** A published count: the number, or why it is hidden ("small" reads "< 5", "protected" reads "x"). */
export interface Published {
  value: number | null;
  why: Protection;
}

export interface PlaceFigures {
  kinds: Record<SupportKind, Published & { valueVnd: number | null }>;
  households: Published & { valueVnd: number | null };
  surveyed: Published & { meanBefore: number | null; meanAfter: number | null };
  comparison: Published & { meanBefore: number | null; meanAfter: number | null };
  leftPoverty: Published;
}

export interface SupportPublication {
  /** [programme][place]: place "province" or a commune id as a string. */
  places: Record<ProgrammeKey, Record<string, PlaceFigures>>;
  /** Supported households per cooperative and programme. */
  cooperatives: Record<ProgrammeKey, Record<string, Published & { valueVnd: number | null }>>;
  /** Every figure and relation, for the disclosure tests. */
  model: { values: number[]; status: Protection[]; relations: Relation[] };
}

const POOR = new Set(["poor", "near_poor"]);
const OUT_OF_POVERTY = new Set(["newly_escaped", "not_poor"]);

type Measure = "kind" | "households" | "surveyed" | "comparison" | "left";

/** Builds the whole year's publication; see the module comment. */
export function publishSupport(input: PublicationInput): SupportPublication {
  const min = input.min ?? MIN_HOUSEHOLDS;
  const places = ["province", ...input.communeIds.map(String)];
  const values: number[] = [];
  const costs: number[] = [];
  const money: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  const index = new Map<string, number>();
  const key = (p: ProgrammeKey, place: string, m: Measure, k = "") => `${p}|${place}|${m}|${k}`;
  const add = (k: string, cost: number) => {
    index.set(k, values.length);
    values.push(0);
    costs.push(cost);

    money.push(0);
    before.push(0);
    after.push(0);
  };
  for (const p of programmeKeys) {
    for (const place of places) {
      const cost = (p === "all" ? 2 : 1) * (place === "province" ? 4 : 1);
      for (const k of supportKinds) add(key(p, place, "kind", k), cost);
      add(key(p, place, "households"), cost + 1);
      add(key(p, place, "surveyed"), cost);
      add(key(p, place, "comparison"), cost);
      add(key(p, place, "left"), cost);
    }
  }
  const cooperativeIds = [...new Set(input.shares.map((s) => s.organisationId))].sort();
  for (const p of programmeKeys) for (const o of cooperativeIds) add(key(p, "coop", "households", o), 1);
  const at = (k: string) => {
    const i = index.get(k);
    if (i === undefined) throw new Error(`no figure ${k}`);
    return i;
  };

  // Counting: each household once per figure, wherever it is counted.
  const communeSet = new Set(input.communeIds);
  const counted = new Set<string>();
  const count = (k: string, householdId: string, valueVnd = 0, income?: { before: number; after: number }) => {
    const i = at(k);
    money[i]! += valueVnd;
    if (counted.has(`${k}#${householdId}`)) return;
    counted.add(`${k}#${householdId}`);
    values[i]! += 1;
    if (income) {
      before[i]! += income.before;
      after[i]! += income.after;
    }
  };
  const supportedIn = new Map<string, Set<ProgrammeKey>>();
  for (const s of input.shares) {
    if (!communeSet.has(s.communeId)) continue;
    for (const p of ["all", s.programme] as const) {
      for (const place of ["province", String(s.communeId)]) {
        count(key(p, place, "kind", s.kind), s.householdId, s.valueVnd);
        count(key(p, place, "households"), s.householdId, s.valueVnd);
      }
      count(key(p, "coop", "households", s.organisationId), s.householdId, s.valueVnd);
      const set = supportedIn.get(s.householdId) ?? new Set();
      set.add(p);
      supportedIn.set(s.householdId, set);
    }
  }
  // Comparable households: unsupported members of the communes where the programme supported someone.
  const supportedCommunes = new Map<ProgrammeKey, Set<number>>();
  for (const s of input.shares) for (const p of ["all", s.programme] as const) (supportedCommunes.get(p) ?? supportedCommunes.set(p, new Set()).get(p)!).add(s.communeId);
  for (const o of input.outcomes) {
    if (!communeSet.has(o.communeId)) continue;
    const surveyed = o.incomeBefore !== null && o.incomeAfter !== null ? { before: o.incomeBefore, after: o.incomeAfter } : null;
    const programmes = supportedIn.get(o.householdId);
    for (const p of programmeKeys) {
      for (const place of ["province", String(o.communeId)]) {
        if (programmes?.has(p)) {
          if (surveyed) count(key(p, place, "surveyed"), o.householdId, 0, surveyed);
          if (o.statusBefore !== null && POOR.has(o.statusBefore) && o.statusAfter !== null && OUT_OF_POVERTY.has(o.statusAfter)) {
            count(key(p, place, "left"), o.householdId);
          }
        } else if (!programmes && surveyed && supportedCommunes.get(p)?.has(o.communeId)) {
          count(key(p, place, "comparison"), o.householdId, 0, surveyed);
        }
      }
    }
  }

  const relations: Relation[] = [];
  const measures: { m: Measure; k?: string }[] = [
    ...supportKinds.map((k) => ({ m: "kind" as const, k })),
    { m: "households" },
    { m: "surveyed" },
    { m: "comparison" },
    { m: "left" },
  ];
  for (const p of programmeKeys) {
    for (const place of places) {
      relations.push({ total: at(key(p, place, "households")), parts: supportKinds.map((k) => at(key(p, place, "kind", k))) });
    }
    for (const { m, k } of measures) {
      relations.push({ total: at(key(p, "province", m, k)), parts: input.communeIds.map((c) => at(key(p, String(c), m, k))) });
    }
    if (cooperativeIds.length > 0) relations.push({ total: at(key(p, "province", "households")), parts: cooperativeIds.map((o) => at(key(p, "coop", "households", o))) });
  }
  for (const place of places) {
    for (const { m, k } of measures) relations.push({ total: at(key("all", place, m, k)), parts: supportProgrammes.map((p) => at(key(p, place, m, k))) });
  }
  for (const o of cooperativeIds) relations.push({ total: at(key("all", "coop", "households", o)), parts: supportProgrammes.map((p) => at(key(p, "coop", "households", o))) });

  const status = protectFigures(values, relations.filter((r) => r.parts.length > 0), { min, costs, complementary: input.complementary });
  const pub = (i: number): Published => ({ value: status[i] === "shown" ? values[i]! : null, why: status[i]! });
  const withMoney = (i: number) => ({ ...pub(i), valueVnd: status[i] === "shown" ? money[i]! : null });
  const withMeans = (i: number) => ({
    ...pub(i),
    meanBefore: status[i] === "shown" && values[i]! > 0 ? Math.round(before[i]! / values[i]!) : null,
    meanAfter: status[i] === "shown" && values[i]! > 0 ? Math.round(after[i]! / values[i]!) : null,
  });
  const out = {} as SupportPublication["places"];
  const coops = {} as SupportPublication["cooperatives"];
  for (const p of programmeKeys) {
    out[p] = {};
    for (const place of places) {
      out[p][place] = {
        kinds: Object.fromEntries(supportKinds.map((k) => [k, withMoney(at(key(p, place, "kind", k)))])) as PlaceFigures["kinds"],
        households: withMoney(at(key(p, place, "households"))),
        surveyed: withMeans(at(key(p, place, "surveyed"))),
        comparison: withMeans(at(key(p, place, "comparison"))),
        leftPoverty: pub(at(key(p, place, "left"))),
      };
    }
    coops[p] = Object.fromEntries(cooperativeIds.map((o) => [o, withMoney(at(key(p, "coop", "households", o)))]));
  }
  return { places: out, cooperatives: coops, model: { values, status, relations } };
}
