/**
 * The public transparency pages' data (issue 18): support given in a province and year, by kind and beneficiary
 * type, the cooperatives that received it (organisations are public), households only as suppressed counts and
 * sums (app/support/publication.ts), and what followed: supported cooperatives' paid platform sales the year
 * before and the year itself (decision 0020's rule), supported households' income per person against comparable
 * unsupported member households of the same communes, and households that left poverty.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { DEFAULT_PROVINCE } from "~/insights/filters";
import { PROTECTED, SUPPRESSED, type CellValue, type DataTable } from "~/insights/tables";
import { MIN_HOUSEHOLDS } from "~/households/suppression";
import type { MessageKey, Translate } from "~/lib/i18n";
import { createMemoCache } from "~/lib/memo-cache";
import { saleCondition } from "~/market/sales-rule";
import { VIETNAM_TIME_ZONE } from "~/lib/vietnam-time";
import { currentEntry, ledgerStamp } from "./ledger.server";
import { programmeKeys, publishSupport, type HouseholdOutcome, type HouseholdShare, type ProgrammeKey, type PlaceFigures, type Published, type SupportPublication } from "./publication";
import { supportKinds, type SupportKind, type SupportProgramme, type TransparencyFilters } from "./schema";

export interface PlaceChoice {
  code: string;
  nameVi: string;
  nameEn: string;
}

export interface TransparencyScope {
  province: PlaceChoice;
  commune: { id: number; nameVi: string } | null;
  programme: ProgrammeKey;
  year: number;
  provinces: PlaceChoice[];
  communes: { id: number; nameVi: string }[];
  years: number[];
}

/** Resolves the query's filters against the database; unknown values fall back to the defaults. */
export async function resolveTransparencyScope(db: Database, filters: TransparencyFilters, today: string): Promise<TransparencyScope> {
  const provinces = rowsOf<{ code: string; name_vi: string; name_en: string }>(await db.execute(sql`select code, name_vi, name_en from provinces order by name_vi`)).map((p) => ({
    code: p.code,
    nameVi: p.name_vi,
    nameEn: p.name_en,
  }));
  const province = provinces.find((p) => p.code === filters.province) ?? provinces.find((p) => p.code === DEFAULT_PROVINCE) ?? provinces[0]!;
  const communes = rowsOf<{ id: number; name_vi: string }>(await db.execute(sql`select id, name_vi from communes where province_code = ${province.code} order by name_vi`)).map((c) => ({
    id: Number(c.id),
    nameVi: c.name_vi,
  }));
  const commune = filters.commune === undefined ? null : (communes.find((c) => c.id === filters.commune) ?? null);
  const thisYear = Number(today.slice(0, 4));
  const [range] = rowsOf<{ first: number | null }>(await db.execute(sql`select min(extract(year from given_on))::int as first from support_entries`));
  const first = Math.max(2020, Math.min(thisYear, range?.first ?? thisYear));
  const years = Array.from({ length: thisYear - first + 1 }, (_, i) => thisYear - i);
  const year = filters.year !== undefined && years.includes(filters.year) ? filters.year : thisYear;
  return { province, commune, programme: filters.programme ?? "all", year, provinces, communes, years };
}

/** The canonical query string of a scope (links, exports, the QR code of the printed page). */
export function scopeSearch(scope: Pick<TransparencyScope, "province" | "commune" | "programme" | "year">): string {
  const params = new URLSearchParams({ province: scope.province.code });
  if (scope.commune) params.set("commune", String(scope.commune.id));
  if (scope.programme !== "all") params.set("programme", scope.programme);
  params.set("year", String(scope.year));
  return params.toString();
}

/** What besides the ledger the pages read: surveys, statuses, members and paid sales. */
async function otherDataStamp(db: Database): Promise<string> {
  const [row] = rowsOf<{ stamp: string }>(
    await db.execute(sql`select concat_ws(':', (select count(*) from household_income_surveys), (select max(recorded_at) from household_income_surveys),
      (select count(*) from household_statuses), (select max(recorded_at) from household_statuses),
      (select count(*) from households), (select max(updated_at) from households), (select max(updated_at) from sub_orders)) as stamp`),
  );
  return row?.stamp ?? "";
}

/** The stamp of everything the public pages show: it moves with every ledger entry, repayment, survey or sale. */
export async function transparencyStamp(db: Database): Promise<string> {
  return `${await ledgerStamp(db)}|${await otherDataStamp(db)}`;
}

async function loadFacts(db: Database, provinceCode: string, year: number) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const shares = rowsOf<{ household_id: string; commune_id: number; organisation_id: string; programme: SupportProgramme; kind: SupportKind; value_vnd: string }>(
    await db.execute(sql`select sh.household_id, h.commune_id, e.organisation_id, e.programme::text as programme, e.kind::text as kind,
        (e.value_vnd / n.households + case when row_number() over (partition by e.id order by sh.household_id) <= e.value_vnd % n.households then 1 else 0 end)::text as value_vnd
      from support_entries e
      join support_entry_households sh on sh.entry_id = e.id
      join households h on h.id = sh.household_id
      join communes c on c.id = h.commune_id
      join lateral (select count(*)::bigint as households from support_entry_households x where x.entry_id = e.id) n on true
      where c.province_code = ${provinceCode} and e.given_on between ${from}::date and ${to}::date and e.value_vnd > 0 and ${currentEntry("e")}`),
  );
  const outcomes = rowsOf<{ household_id: string; commune_id: number; income_before: string | null; income_after: string | null; status_before: string | null; status_after: string | null }>(
    await db.execute(sql`select h.id as household_id, h.commune_id,
        sb.income_per_person_vnd::text as income_before, sa.income_per_person_vnd::text as income_after,
        tb.status::text as status_before, ta.status::text as status_after
      from households h join communes c on c.id = h.commune_id
      left join household_income_surveys sb on sb.household_id = h.id and sb.year = ${year - 1}
      left join household_income_surveys sa on sa.household_id = h.id and sa.year = ${year}
      left join household_statuses tb on tb.household_id = h.id and tb.year = ${year - 1}
      left join household_statuses ta on ta.household_id = h.id and ta.year = ${year}
      where c.province_code = ${provinceCode} and h.joined_on <= ${to}::date and (h.left_on is null or h.left_on >= ${from}::date)`),
  );
  const communeIds = [...new Set([...outcomes.map((o) => Number(o.commune_id)), ...shares.map((s) => Number(s.commune_id))])].sort((a, b) => a - b);
  return {
    communeIds,
    shares: shares.map(
      (s): HouseholdShare => ({ householdId: s.household_id, communeId: Number(s.commune_id), organisationId: s.organisation_id, programme: s.programme, kind: s.kind, valueVnd: Number(s.value_vnd) }),
    ),
    outcomes: outcomes.map(
      (o): HouseholdOutcome => ({
        householdId: o.household_id,
        communeId: Number(o.commune_id),
        incomeBefore: o.income_before === null ? null : Number(o.income_before),
        incomeAfter: o.income_after === null ? null : Number(o.income_after),
        statusBefore: o.status_before,
        statusAfter: o.status_after,
      }),
    ),
  };
}

const publications = createMemoCache<{ stamp: string; publication: SupportPublication }>({ freshMs: 1000, maxEntries: 64 });

/** The province's publication for a year: computed once per change of the data behind it (the stamp). */
export async function supportPublication(db: Database, provinceCode: string, year: number): Promise<SupportPublication> {
  const kept = await publications.get(`${provinceCode}|${year}`, async (expired) => {
    const stamp = await transparencyStamp(db);
    if (expired && expired.stamp === stamp) return expired;
    return { stamp, publication: publishSupport(await loadFacts(db, provinceCode, year)) };
  });
  return kept.publication;
}

export interface CooperativeLine {
  organisationId: string;
  name: string;
  slug: string;
  communeName: string | null;
  directVnd: number;
  kinds: SupportKind[];
  salesBeforeVnd: number;
  salesAfterVnd: number;
}

/** Cooperatives supported in the scope (directly, or through their households), with their paid sales. */
async function supportedCooperatives(db: Database, scope: TransparencyScope): Promise<{ lines: CooperativeLine[]; direct: Record<SupportKind, { cooperatives: number; valueVnd: number }> }> {
  const from = `${scope.year}-01-01`;
  const to = `${scope.year}-12-31`;
  const place = scope.commune ? sql`and e.commune_id = ${scope.commune.id}` : sql`and c.province_code = ${scope.province.code}`;
  const programme = scope.programme === "all" ? sql`` : sql`and e.programme = ${scope.programme}`;
  const rows = rowsOf<{ organisation_id: string; beneficiary: string; kind: SupportKind; value_vnd: string }>(
    await db.execute(sql`select e.organisation_id, e.beneficiary::text as beneficiary, e.kind::text as kind, sum(e.value_vnd)::text as value_vnd
      from support_entries e join communes c on c.id = e.commune_id
      where e.given_on between ${from}::date and ${to}::date and e.value_vnd > 0 and ${currentEntry("e")} ${place} ${programme}
      group by 1, 2, 3`),
  );
  const direct = Object.fromEntries(supportKinds.map((k) => [k, { cooperatives: 0, valueVnd: 0 }])) as Record<SupportKind, { cooperatives: number; valueVnd: number }>;
  const byOrg = new Map<string, { directVnd: number; kinds: Set<SupportKind> }>();
  for (const r of rows) {
    const o = byOrg.get(r.organisation_id) ?? { directVnd: 0, kinds: new Set<SupportKind>() };
    o.kinds.add(r.kind);
    if (r.beneficiary === "cooperative") {
      o.directVnd += Number(r.value_vnd);
      direct[r.kind].cooperatives += 1;
      direct[r.kind].valueVnd += Number(r.value_vnd);
    }
    byOrg.set(r.organisation_id, o);
  }
  const ids = [...byOrg.keys()];
  if (ids.length === 0) return { lines: [], direct };
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const orgs = rowsOf<{ id: string; name: string; slug: string; commune_name: string | null; before: string; after: string }>(
    await db.execute(sql`select o.id, o.name, o.slug, c.name_vi as commune_name,
        coalesce((select sum(s.subtotal_vnd) from sub_orders s join orders o2 on o2.id = s.order_id
          where s.organisation_id = o.id and ${saleCondition("o2", "s")}
            and extract(year from o2.created_at at time zone ${VIETNAM_TIME_ZONE}) = ${scope.year - 1}), 0)::text as before,
        coalesce((select sum(s.subtotal_vnd) from sub_orders s join orders o2 on o2.id = s.order_id
          where s.organisation_id = o.id and ${saleCondition("o2", "s")}
            and extract(year from o2.created_at at time zone ${VIETNAM_TIME_ZONE}) = ${scope.year}), 0)::text as after
      from organisations o left join communes c on c.id = o.commune_id where o.id in (${idList}) order by o.name`),
  );
  return {
    direct,
    lines: orgs.map((o) => ({
      organisationId: o.id,
      name: o.name,
      slug: o.slug,
      communeName: o.commune_name,
      directVnd: byOrg.get(o.id)?.directVnd ?? 0,
      kinds: [...(byOrg.get(o.id)?.kinds ?? [])].sort((a, b) => supportKinds.indexOf(a) - supportKinds.indexOf(b)),
      salesBeforeVnd: Number(o.before),
      salesAfterVnd: Number(o.after),
    })),
  };
}

export interface TransparencyView {
  scope: TransparencyScope;
  tables: DataTable[];
  /** Bars of support by kind (shown money only). */
  bars: { kind: SupportKind; valueVnd: number }[];
  totals: { cooperativeVnd: number; householdVnd: number | null; households: CellValue; cooperatives: number };
}

const shown = (p: Published): CellValue => (p.value !== null ? p.value : p.why === "protected" ? PROTECTED : SUPPRESSED);
const shownMoney = (p: Published & { valueVnd: number | null }): CellValue => (p.valueVnd !== null ? p.valueVnd : p.why === "protected" ? PROTECTED : SUPPRESSED);
const shownMean = (p: Published, mean: number | null): CellValue => (p.value !== null ? mean : p.why === "protected" ? PROTECTED : SUPPRESSED);

/** Everything the public page, its downloads and its printed notice show, as tables in the reader's language. */
export async function loadTransparency(db: Database, scope: TransparencyScope, t: Translate): Promise<TransparencyView> {
  const publication = await supportPublication(db, scope.province.code, scope.year);
  const coops = await supportedCooperatives(db, scope);
  const placeKey = scope.commune ? String(scope.commune.id) : "province";
  // A commune without member households has nothing counted: every figure reads "< 5", as zero does elsewhere.
  const figures: PlaceFigures = publication.places[scope.programme][placeKey] ?? publishSupport({ communeIds: [], shares: [], outcomes: [] }).places.all.province!;
  const legend = t("sup.pub.legend", { min: MIN_HOUSEHOLDS });
  const kindName = (k: SupportKind) => t(`sup.kind.${k}` as MessageKey);

  const kindRows: CellValue[][] = supportKinds.map((k) => [kindName(k), coops.direct[k].cooperatives, coops.direct[k].valueVnd, shown(figures.kinds[k]), shownMoney(figures.kinds[k])]);
  const cooperativeVnd = supportKinds.reduce((n, k) => n + coops.direct[k].valueVnd, 0);
  const byKind: DataTable = {
    id: "by-kind",
    title: t("sup.pub.byKind"),
    columns: [
      { label: t("sup.col.kind"), kind: "text" },
      { label: t("sup.col.cooperativeEntries"), kind: "number" },
      { label: t("sup.col.toCooperatives"), kind: "vnd" },
      { label: t("sup.col.households"), kind: "number" },
      { label: t("sup.col.toHouseholds"), kind: "vnd" },
    ],
    rows: kindRows,
    total: [t("sup.col.total"), coops.lines.filter((c) => c.directVnd > 0).length, cooperativeVnd, shown(figures.households), shownMoney(figures.households)],
    note: `${t("sup.pub.byKindNote")} ${legend}`,
  };

  const coopFigures = publication.cooperatives[scope.programme];
  const cooperatives: DataTable = {
    id: "cooperatives",
    title: t("sup.pub.cooperatives"),
    columns: [
      { label: t("sup.col.cooperative"), kind: "text" },
      { label: t("sup.col.commune"), kind: "text" },
      { label: t("sup.col.kinds"), kind: "text" },
      { label: t("sup.col.toCooperative"), kind: "vnd" },
      { label: t("sup.col.households"), kind: "number" },
      { label: t("sup.col.toHouseholds"), kind: "vnd" },
      { label: t("sup.col.salesBefore", { year: scope.year - 1 }), kind: "vnd" },
      { label: t("sup.col.salesAfter", { year: scope.year }), kind: "vnd" },
    ],
    rows: coops.lines.map((c) => {
      // A cooperative's households are published province-wide only (a commune page would cut them differently).
      const h = scope.commune ? null : coopFigures[c.organisationId];
      return [
        c.name,
        c.communeName ?? "",
        c.kinds.map(kindName).join(", "),
        c.directVnd,
        // No household of it supported: 0, which is a small group too (it says something of every member).
        h ? shown(h) : scope.commune ? null : SUPPRESSED,
        h ? shownMoney(h) : scope.commune ? null : SUPPRESSED,
        c.salesBeforeVnd,
        c.salesAfterVnd,
      ];
    }),
    links: coops.lines.map((c) => `/cooperatives/${c.slug}`),
    total: null,
    note: `${t("sup.pub.cooperativesNote")} ${legend}`,
  };

  const outcomeRow = (label: string, f: PlaceFigures): CellValue[] => [
    label,
    shown(f.surveyed),
    shownMean(f.surveyed, f.surveyed.meanBefore),
    shownMean(f.surveyed, f.surveyed.meanAfter),
    shown(f.comparison),
    shownMean(f.comparison, f.comparison.meanBefore),
    shownMean(f.comparison, f.comparison.meanAfter),
    shown(f.leftPoverty),
  ];
  const placeRows: CellValue[][] = scope.commune
    ? [outcomeRow(scope.commune.nameVi, figures)]
    : [
        outcomeRow(scope.province.nameVi, figures),
        ...scope.communes.filter((c) => publication.places[scope.programme][String(c.id)]).map((c) => outcomeRow(c.nameVi, publication.places[scope.programme][String(c.id)]!)),
      ];
  const followed: DataTable = {
    id: "followed",
    title: t("sup.pub.followed"),
    columns: [
      { label: t("sup.col.place"), kind: "text" },
      { label: t("sup.col.supportedSurveyed"), kind: "number" },
      { label: t("sup.col.incomeBefore", { year: scope.year - 1 }), kind: "vnd" },
      { label: t("sup.col.incomeAfter", { year: scope.year }), kind: "vnd" },
      { label: t("sup.col.comparison"), kind: "number" },
      { label: t("sup.col.incomeBefore", { year: scope.year - 1 }), kind: "vnd" },
      { label: t("sup.col.incomeAfter", { year: scope.year }), kind: "vnd" },
      { label: t("sup.col.leftPoverty"), kind: "number" },
    ],
    rows: placeRows,
    total: null,
    note: `${t("sup.pub.followedNote", { before: scope.year - 1, after: scope.year })} ${legend}`,
  };

  return {
    scope,
    tables: [byKind, cooperatives, followed],
    bars: supportKinds
      .map((k) => ({ kind: k, valueVnd: coops.direct[k].valueVnd + (figures.kinds[k].valueVnd ?? 0) }))
      .filter((b) => b.valueVnd > 0),
    totals: { cooperativeVnd, householdVnd: figures.households.valueVnd, households: shown(figures.households), cooperatives: coops.lines.length },
  };
}

export { programmeKeys };
