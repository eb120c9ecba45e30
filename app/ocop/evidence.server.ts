/**
 * Platform evidence of an OCOP dossier, computed from the live records of the application's cooperative and product
 * (lots and their trace, paid sales, scans, member households, the certificate register), each kind parsed into its
 * snapshot (app/ocop/evidence.ts) and attached with one click: attaching again replaces that kind's snapshot.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { ocopApplicationEvidence } from "#db/schema";
import { saleCondition } from "~/market/sales-rule";
import { transact, type Actor } from "~/lib/transact.server";
import { startOfVietnamDay, vietnamToday } from "~/lib/vietnam-time";
import { BizStep } from "~/trace/cbv";
import { labResultOf } from "~/trace/steps";
import { lockEditableApplication, type DossierRefusal, type DossierViewer } from "./application-access.server";
import {
  evidenceSnapshot,
  fillMonths,
  householdCount,
  lastMonths,
  share,
  traceComplete,
  type EvidenceSnapshot,
  type SnapshotOf,
} from "./evidence";
import { platformEvidenceKinds, type PlatformEvidenceKind } from "./rules";

/** Whose records the evidence is computed from. */
export interface EvidenceSubject {
  organisationId: string;
  productId: string;
}

interface Clock {
  now: Date;
  today: string;
  months: string[];
  /** Start of the first of the last 12 months (Vietnam time). */
  since: Date;
}

function clockOf(now: Date): Clock {
  const today = vietnamToday(now);
  const months = lastMonths(today, 12);
  return { now, today, months, since: startOfVietnamDay(`${months[0]}-01`) };
}

const vnMonth = (column: string) => sql.raw(`to_char(${column} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM')`);
const int = (v: unknown) => Number(v ?? 0);

/** Lots of the product produced in the last 36 months, with their lab tests (inspecting events) and results. */
async function labTests(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"lab_tests">> {
  const since = `${Number(c.today.slice(0, 4)) - 3}${c.today.slice(4)}`;
  const [totals] = rowsOf<{ lots: number }>(
    await db.execute(sql`select count(*)::int as lots from batches where product_id = ${s.productId}::uuid and organisation_id = ${s.organisationId}::uuid and produced_on >= ${since}::date`),
  );
  const rows = rowsOf<{ lot_code: string; produced_on: string; day: string; details: Record<string, unknown> }>(
    await db.execute(sql`
      select b.lot_code, b.produced_on::text as produced_on, to_char(e.event_time at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as day, e.details
      from batches b join trace_events e on e.batch_id = b.id and e.biz_step = ${BizStep.inspecting}
      where b.product_id = ${s.productId}::uuid and b.organisation_id = ${s.organisationId}::uuid and b.produced_on >= ${since}::date
      order by b.produced_on desc, b.lot_code, e.event_time`),
  );
  const lots = new Map<string, SnapshotOf<"lab_tests">["lots"][number]>();
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 200) : null);
  for (const r of rows) {
    let lot = lots.get(r.lot_code);
    if (!lot) lots.set(r.lot_code, (lot = { lotCode: r.lot_code, producedOn: r.produced_on, tests: [] }));
    lot.tests.push({ date: r.day, lab: text(r.details.lab), reportNumber: text(r.details.reportNumber), standard: text(r.details.standard), result: labResultOf(r.details.result) });
  }
  const all = [...lots.values()];
  const passedLots = all.filter((l) => l.tests.some((t) => t.result === "pass")).length;
  const totalLots = int(totals?.lots);
  return { kind: "lab_tests", source: { records: totalLots, asOf: c.now.toISOString() }, totalLots, testedLots: all.length, passedLots, lots: all.slice(0, 50) };
}

/** Share of the product's lots of the last 12 months whose trace is complete (evidence.ts `traceComplete`). */
async function traceabilityCoverage(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"traceability_coverage">> {
  const rows = rowsOf<{ origin: boolean; processing: boolean; tested: boolean }>(
    await db.execute(sql`
      select
        exists (select 1 from trace_events e where e.batch_id = b.id and e.biz_step = ${BizStep.harvesting})
          or exists (select 1 from batch_inputs i where i.output_batch_id = b.id) as origin,
        exists (select 1 from trace_events e where e.batch_id = b.id and e.biz_step in (${BizStep.processing}, ${BizStep.packing})) as processing,
        exists (select 1 from trace_events e where e.batch_id = b.id and e.biz_step = ${BizStep.inspecting}) as tested
      from batches b
      where b.product_id = ${s.productId}::uuid and b.organisation_id = ${s.organisationId}::uuid and b.produced_on >= ${c.months[0]! + "-01"}::date`),
  );
  const completeLots = rows.filter((r) => traceComplete(r)).length;
  return { kind: "traceability_coverage", source: { records: rows.length, asOf: c.now.toISOString() }, lots: rows.length, completeLots, share: share(completeLots, rows.length) };
}

/** Paid sales of the product (app/market/sales-rule.ts) of the last 12 months, by the month the order was placed. */
async function salesByMonth(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"sales_by_month">> {
  const rows = rowsOf<{ month: string; orders: number; units: number; revenue: string | number }>(
    await db.execute(sql`
      select ${vnMonth("o.created_at")} as month, count(distinct o.id)::int as orders, sum(l.quantity)::int as units, sum(l.line_total_vnd)::bigint as revenue
      from order_lines l join sub_orders s on s.id = l.sub_order_id join orders o on o.id = s.order_id
      where l.product_id = ${s.productId}::uuid and l.organisation_id = ${s.organisationId}::uuid and o.created_at >= ${c.since.toISOString()}::timestamptz and ${saleCondition("o", "s")}
      group by 1`),
  );
  const months = fillMonths(
    c.months,
    rows.map((r) => ({ month: r.month, orders: int(r.orders), units: int(r.units), revenueVnd: int(r.revenue) })),
    (month) => ({ month, orders: 0, units: 0, revenueVnd: 0 }),
  );
  const orders = months.reduce((n, m) => n + m.orders, 0);
  return { kind: "sales_by_month", source: { records: orders, asOf: c.now.toISOString() }, months, orders, revenueVnd: months.reduce((n, m) => n + m.revenueVnd, 0) };
}

/** Where the product's paid orders of the last 12 months were delivered, by province. */
async function buyerProvinces(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"buyer_provinces">> {
  const rows = rowsOf<{ code: string; name: string; orders: number; revenue: string | number }>(
    await db.execute(sql`
      select o.delivery_province_code as code, p.name_vi as name, count(distinct o.id)::int as orders, sum(l.line_total_vnd)::bigint as revenue
      from order_lines l join sub_orders s on s.id = l.sub_order_id join orders o on o.id = s.order_id
      join provinces p on p.code = o.delivery_province_code
      where l.product_id = ${s.productId}::uuid and l.organisation_id = ${s.organisationId}::uuid and o.created_at >= ${c.since.toISOString()}::timestamptz and ${saleCondition("o", "s")}
      group by 1, 2 order by 3 desc, 1`),
  );
  const provinces = rows.map((r) => ({ code: r.code, name: r.name, orders: int(r.orders), revenueVnd: int(r.revenue) }));
  return { kind: "buyer_provinces", source: { records: provinces.reduce((n, p) => n + p.orders, 0), asOf: c.now.toISOString() }, provinces };
}

/** Buyers (by phone number) with paid orders of the product, and those with two or more; all time. */
async function repeatBuyers(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"repeat_buyers">> {
  const [row] = rowsOf<{ buyers: number; repeat: number; orders: number }>(
    await db.execute(sql`
      select count(*)::int as buyers, count(*) filter (where n >= 2)::int as repeat, coalesce(sum(n), 0)::int as orders from (
        select o.phone, count(distinct o.id) as n
        from order_lines l join sub_orders s on s.id = l.sub_order_id join orders o on o.id = s.order_id
        where l.product_id = ${s.productId}::uuid and l.organisation_id = ${s.organisationId}::uuid and ${saleCondition("o", "s")}
        group by o.phone) b`),
  );
  const buyers = int(row?.buyers);
  const repeat = int(row?.repeat);
  return { kind: "repeat_buyers", source: { records: int(row?.orders), asOf: c.now.toISOString() }, buyers, repeatBuyers: repeat, share: share(repeat, buyers) };
}

/** Scans of the product's codes in the last 12 months, by month and by the province the scanner chose. */
async function scans(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"scans">> {
  const rows = rowsOf<{ month: string; code: string; name: string | null; scans: number }>(
    await db.execute(sql`
      select x.month, x.code, p.name_vi as name, x.scans from (
        select ${vnMonth("sc.minute")} as month, sc.province_code as code, sum(sc.count)::int as scans
        from scan_counts sc join batches b on b.id = sc.batch_id
        where sc.organisation_id = ${s.organisationId}::uuid and b.product_id = ${s.productId}::uuid and sc.minute >= ${c.since.toISOString()}::timestamptz
        group by 1, 2) x left join provinces p on p.code = x.code`),
  );
  const byMonth = new Map<string, number>();
  const byProvince = new Map<string, { code: string; name: string; scans: number }>();
  for (const r of rows) {
    const n = int(r.scans);
    byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + n);
    const p = byProvince.get(r.code) ?? { code: r.code, name: r.name ?? "", scans: 0 };
    p.scans += n;
    byProvince.set(r.code, p);
  }
  const months = fillMonths(c.months, [...byMonth].map(([month, n]) => ({ month, scans: n })), (month) => ({ month, scans: 0 }));
  const total = months.reduce((n, m) => n + m.scans, 0);
  const provinces = [...byProvince.values()].sort((a, b) => b.scans - a.scans || a.code.localeCompare(b.code));
  return { kind: "scans", source: { records: total, asOf: c.now.toISOString() }, total, months, provinces };
}

/**
 * The cooperative's current member households as counts only (their newest poverty status; ethnic minority = not
 * Kinh), each under the small-cell rule.
 */
async function memberHouseholds(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"member_households">> {
  const [row] = rowsOf<{ households: number; poor: number; near_poor: number; ethnic: number }>(
    await db.execute(sql`
      select count(*)::int as households,
        count(*) filter (where st.status = 'poor')::int as poor,
        count(*) filter (where st.status = 'near_poor')::int as near_poor,
        count(*) filter (where h.ethnicity_code <> '01')::int as ethnic
      from households h
      left join lateral (select hs.status from household_statuses hs where hs.household_id = h.id order by hs.year desc limit 1) st on true
      where h.organisation_id = ${s.organisationId}::uuid and (h.left_on is null or h.left_on > ${c.today}::date)`),
  );
  return {
    kind: "member_households",
    // The count of records is itself a household figure: it is not repeated in the source.
    source: { records: 0, asOf: c.now.toISOString() },
    households: householdCount(int(row?.households)),
    poor: householdCount(int(row?.poor)),
    nearPoor: householdCount(int(row?.near_poor)),
    ethnicMinority: householdCount(int(row?.ethnic)),
  };
}

/** The product's newest certificate in the register, else what the product's own OCOP columns record. */
async function currentCertificate(db: Database, s: EvidenceSubject, c: Clock): Promise<SnapshotOf<"current_certificate">> {
  const [cert] = rowsOf<{ number: string; stars: number; issued_on: string; expires_on: string; status: "valid" | "suspended" | "revoked"; origin: "evaluation" | "recorded_without_evaluation" }>(
    await db.execute(sql`select number, stars, issued_on::text as issued_on, expires_on::text as expires_on, status, origin from ocop_certificates
      where product_id = ${s.productId}::uuid order by issued_on desc, created_at desc limit 1`),
  );
  const asOf = c.now.toISOString();
  if (cert) {
    const status = cert.status === "valid" && cert.expires_on < c.today ? "expired" : cert.status;
    return { kind: "current_certificate", source: { records: 1, asOf }, certificate: { number: cert.number, stars: int(cert.stars), issuedOn: cert.issued_on, expiresOn: cert.expires_on, status, origin: cert.origin } };
  }
  const [p] = rowsOf<{ number: string | null; stars: number | null; issued_on: string | null; expires_on: string | null }>(
    await db.execute(sql`select ocop_certificate_number as number, ocop_stars as stars, ocop_issued_on::text as issued_on, ocop_expires_on::text as expires_on from products where id = ${s.productId}::uuid`),
  );
  if (p?.number && p.stars && p.issued_on && p.expires_on) {
    return {
      kind: "current_certificate",
      source: { records: 1, asOf },
      certificate: { number: p.number, stars: int(p.stars), issuedOn: p.issued_on, expiresOn: p.expires_on, status: p.expires_on < c.today ? "expired" : "valid", origin: "product_record" },
    };
  }
  return { kind: "current_certificate", source: { records: 0, asOf }, certificate: null };
}

const computers: { [K in PlatformEvidenceKind]: (db: Database, s: EvidenceSubject, c: Clock) => Promise<SnapshotOf<K>> } = {
  lab_tests: labTests,
  traceability_coverage: traceabilityCoverage,
  sales_by_month: salesByMonth,
  buyer_provinces: buyerProvinces,
  repeat_buyers: repeatBuyers,
  scans,
  member_households: memberHouseholds,
  current_certificate: currentCertificate,
};

/** One kind of evidence computed now from live records, parsed into its snapshot. */
export async function computeEvidence<K extends PlatformEvidenceKind>(db: Database, subject: EvidenceSubject, kind: K, now = new Date()): Promise<SnapshotOf<K>> {
  const snapshot = await computers[kind](db, subject, clockOf(now));
  return evidenceSnapshot.parse(snapshot) as SnapshotOf<K>;
}

/** Every kind for one product (what a dossier can carry), computed at once; the benchmark measures this. */
export async function assembleEvidenceFor(db: Database, subject: EvidenceSubject, now = new Date()): Promise<EvidenceSnapshot[]> {
  const c = clockOf(now);
  // On PostgreSQL the queries run side by side on the pool; PGlite takes them one after another.
  return Promise.all(platformEvidenceKinds.map(async (kind) => evidenceSnapshot.parse(await computers[kind](db, subject, c))));
}

/** Every kind of evidence for an application's cooperative and product. */
export async function assembleEvidence(db: Database, applicationId: string, now = new Date()): Promise<EvidenceSnapshot[]> {
  const [app] = rowsOf<{ organisation_id: string; product_id: string }>(
    await db.execute(sql`select organisation_id, product_id from ocop_applications where id = ${applicationId}::uuid`),
  );
  if (!app) throw new Error(`no OCOP application ${applicationId}`);
  return assembleEvidenceFor(db, { organisationId: app.organisation_id, productId: app.product_id }, now);
}

export type AttachEvidenceResult = { ok: true; kinds: PlatformEvidenceKind[] } | DossierRefusal;

async function attach(db: Database, actor: Actor, who: DossierViewer, applicationId: string, kinds: readonly PlatformEvidenceKind[], now: Date): Promise<AttachEvidenceResult> {
  return transact(db, actor, async (tx): Promise<AttachEvidenceResult> => {
    const locked = await lockEditableApplication(tx.db, who, applicationId);
    if (!locked.ok) return locked;
    const subject = { organisationId: locked.app.organisationId, productId: locked.app.productId };
    const c = clockOf(now);
    for (const kind of kinds) {
      const snapshot = evidenceSnapshot.parse(await computers[kind](tx.db, subject, c));
      await tx.db
        .insert(ocopApplicationEvidence)
        .values({ applicationId, kind, snapshot, attachedBy: actor.userId, attachedAt: now })
        .onConflictDoUpdate({ target: [ocopApplicationEvidence.applicationId, ocopApplicationEvidence.kind], set: { snapshot, attachedBy: actor.userId, attachedAt: now } });
    }
    await tx.db.execute(sql`update ocop_applications set updated_at = now() where id = ${applicationId}::uuid`);
    await tx.audit({ organisationId: locked.app.organisationId, entityType: "ocop_application", entityId: applicationId, action: "attach_evidence", after: { kinds } });
    return { ok: true, kinds: [...kinds] };
  });
}

/** Attaches one kind of platform evidence (one click), replacing that kind's earlier snapshot. */
export function attachEvidence(db: Database, actor: Actor, input: { who: DossierViewer; applicationId: string; kind: PlatformEvidenceKind; now?: Date }): Promise<AttachEvidenceResult> {
  return attach(db, actor, input.who, input.applicationId, [input.kind], input.now ?? new Date());
}

/** Attaches every kind of platform evidence at once. */
export function attachAllEvidence(db: Database, actor: Actor, input: { who: DossierViewer; applicationId: string; now?: Date }): Promise<AttachEvidenceResult> {
  return attach(db, actor, input.who, input.applicationId, platformEvidenceKinds, input.now ?? new Date());
}
