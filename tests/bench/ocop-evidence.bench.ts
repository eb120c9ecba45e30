// Assembling an OCOP dossier's platform evidence (app/ocop/evidence.server.ts `assembleEvidenceFor`: lab tests,
// traceability coverage, paid sales by month and province, repeat buyers, scans, member households, the certificate)
// at the dashboards benchmark's size on PostgreSQL: 1,000 cooperatives, 10,000 products, 100,000 households,
// 1,000,000 order lines, 5,000,000 scans (1,000,000 scan_counts rows of five), generated with the same statements
// as tests/bench/insights.bench.ts. Target: under 300 ms per dossier.
// Run: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:ocop-evidence
// (BENCH_SCALE=0.1 for a tenth of the data). Creates and drops a database of its own (BENCH_KEEP=1 keeps it).
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, rowsOf, type Database } from "#db/client.server";
import { assembleEvidenceFor } from "~/ocop/evidence.server";

const adminUrl = process.env.BENCH_DATABASE_URL;
if (!adminUrl) {
  console.error("Set BENCH_DATABASE_URL to an admin connection of a PostgreSQL server.");
  process.exit(2);
}
const scale = Number(process.env.BENCH_SCALE ?? "1");
const N = {
  cooperatives: Math.round(1_000 * scale),
  products: Math.round(10_000 * scale),
  households: Math.round(100_000 * scale),
  orders: Math.round(500_000 * scale), // two lines each
  scanRows: Math.round(1_000_000 * scale), // five scans per row
};
const SAMPLES = 40;

const name = `${process.env.BENCH_DATABASE_PREFIX ?? "ocop_bench_evidence_"}${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 10 });
const db: Database = handle.db;
const figures: Record<string, unknown> = { scale, ...N, orderLines: N.orders * 2, scans: N.scanRows * 5 };

try {
  await handle.migrate(fileURLToPath(new URL("../db/migrations", import.meta.url) /* bundled into build/ */));
  const started = performance.now();
  await db.execute(sql`insert into communes (province_code, name_vi, kind, slug) select '19', 'Xã ' || g, 'commune', 'xa-bench-' || g from generate_series(1, 100) g`);
  await db.execute(sql`create unlogged table bench_communes as select row_number() over (order by id) as n, id from communes where slug like 'xa-bench-%'`);
  await db.execute(sql`insert into organisations (slug, kind, status, name, commune_id)
    select 'htx-' || g, 'cooperative', 'active', 'HTX ' || g, c.id from generate_series(1, ${N.cooperatives}) g join bench_communes c on c.n = 1 + g % 100`);
  await db.execute(sql`create unlogged table bench_orgs as select row_number() over (order by slug) - 1 as n, id from organisations where slug like 'htx-%'`);
  await db.execute(sql`create unique index on bench_orgs (n)`);
  await db.execute(sql`insert into products (organisation_id, slug, kind, name_vi, category, unit_vi, unit_en)
    select o.id, 'sp-' || g, 'finished', 'Sản phẩm ' || g, 'tea', 'gói', 'pack' from generate_series(0, ${N.products - 1}) g join bench_orgs o on o.n = g % ${N.cooperatives}`);
  await db.execute(sql`create unlogged table bench_products as select row_number() over (order by slug) - 1 as n, id, organisation_id from products where slug like 'sp-%'`);
  await db.execute(sql`create unique index on bench_products (n)`);
  await db.execute(sql`insert into batches (organisation_id, product_id, lot_code, quantity, uom, produced_on)
    select p.organisation_id, p.id, k || 'L', 1000, 'KGM', date '2026-01-01' + (p.n % 300)::int from bench_products p cross join (values ('RAW'), ('PACK')) v(k)`);
  await db.execute(sql`insert into trace_events (organisation_id, batch_id, sequence, event_type, biz_step, event_time, details, hash)
    select b.organisation_id, b.id, 1, 'TransformationEvent', 'commissioning', b.produced_on::timestamptz, '{}'::jsonb, repeat('a', 64) from batches b where b.lot_code = 'PACKL'`);
  await db.execute(sql`insert into trace_events (organisation_id, batch_id, sequence, event_type, biz_step, event_time, details, hash, prev_hash)
    select b.organisation_id, b.id, 2, 'ObjectEvent', 'inspecting', b.produced_on::timestamptz + interval '1 day', jsonb_build_object('lab', 'Quatest 1', 'reportNumber', 'KN-' || b.lot_code, 'result', 'pass'), repeat('b', 64), repeat('a', 64)
    from batches b where b.lot_code = 'PACKL'`);
  await db.execute(sql`insert into batch_inputs (transformation_event_id, input_batch_id, output_batch_id, quantity, uom)
    select te.id, r.id, te.batch_id, 1000, 'KGM' from trace_events te join batches pk on pk.id = te.batch_id join batches r on r.product_id = pk.product_id and r.lot_code = 'RAWL' where te.sequence = 1`);
  await db.execute(sql`insert into households (organisation_id, code, head_name, head_sex, member_count, ethnicity_code, commune_id, joined_on)
    select o.id, 'H' || g, 'Hộ ' || g, 'female', 4, lpad((1 + g % 7)::text, 2, '0'), c.id, date '2020-01-01'
    from generate_series(0, ${N.households - 1}) g join bench_orgs o on o.n = g % ${N.cooperatives} join bench_communes c on c.n = 1 + g % 100`);
  await db.execute(sql`insert into household_statuses (household_id, organisation_id, year, status, standard)
    select h.id, h.organisation_id, y.year, (array['poor', 'near_poor', 'newly_escaped', 'not_poor'])[1 + (abs(hashtext(h.code || y.year)) % 4)]::household_poverty_status, '2022-2025'
    from households h cross join (values (2025), (2026)) y(year)`);
  await db.execute(sql`insert into orders (number, status, payment_method, contact_name, phone, delivery_province_code, delivery_commune_name, delivery_address, subtotal_vnd, shipping_vnd, total_vnd, created_at, updated_at)
    select 'DH-' || lpad(upper(to_hex(g)), 8, '0'), 'placed', 'cash_on_delivery', 'Khách', '09' || lpad((g % 40000)::text, 8, '0'), p.code, 'Xã', 'Số 1', 200000, 0, 200000, ts, ts
    from generate_series(1, ${N.orders}) g
    cross join lateral (select now() - (g % 500) * interval '1 day' - (g % 86400) * interval '1 second' as ts) t
    join (select row_number() over (order by code) - 1 as n, code from provinces) p on p.n = g % 34`);
  await db.execute(sql`insert into sub_orders (order_id, organisation_id, reference, status, payment_status, subtotal_vnd, total_vnd, created_at, updated_at)
    select o.id, bo.id, o.number || '-1', 'confirmed', (case when abs(hashtext(o.number)) % 20 = 0 then 'unpaid' else 'paid' end)::payment_status, 200000, 200000, o.created_at, o.created_at
    from orders o join bench_orgs bo on bo.n = abs(hashtext(o.number)) % ${N.cooperatives}`);
  await db.execute(sql`insert into order_lines (sub_order_id, organisation_id, product_id, product_name_vi, unit_vi, unit_en, unit_price_vnd, quantity, line_total_vnd)
    select s.id, s.organisation_id, p.id, 'SP', 'gói', 'pack', 50000, 2, 100000
    from sub_orders s join bench_orgs bo on bo.id = s.organisation_id cross join (values (0), (1)) k(k)
    join bench_products p on p.n = bo.n + ${N.cooperatives} * ((abs(hashtext(s.reference)) + k.k) % 10)`);
  await db.execute(sql`insert into scan_counts (organisation_id, batch_id, serial, minute, province_code, device, count)
    select b.organisation_id, b.id, '', date_trunc('minute', now()) - (g % 700000) * interval '1 minute', lpad((1 + g % 34)::text, 2, '0'), 'mobile', 5
    from generate_series(1, ${N.scanRows}) g join (select row_number() over (order by id) - 1 as n, id, organisation_id from batches where lot_code = 'PACKL') b on b.n = g % ${N.products}`);
  await db.execute(sql`analyze`);
  figures.generateMs = Math.round(performance.now() - started);
  figures.rows = rowsOf<Record<string, string>>(
    await db.execute(sql`select (select count(*) from order_lines)::text as lines, (select sum(count) from scan_counts)::text as scans, (select count(*) from households)::text as households`),
  )[0];

  const subjects = rowsOf<{ organisation_id: string; id: string }>(await db.execute(sql`select organisation_id, id from products order by md5(id::text) limit ${SAMPLES + 1}`));
  const runs: number[] = [];
  for (const [i, p] of subjects.entries()) {
    const t0 = performance.now();
    const evidence = await assembleEvidenceFor(db, { organisationId: p.organisation_id, productId: p.id });
    if (evidence.length !== 8) throw new Error("eight kinds expected");
    if (i > 0) runs.push(performance.now() - t0); // the first warms the plans
  }
  runs.sort((a, b) => a - b);
  const pct = (q: number) => Math.round(runs[Math.min(runs.length - 1, Math.floor(q * runs.length))]! * 10) / 10;
  // The machine is shared: the load beside the figure says how much of it is waiting for a core.
  figures.loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
  figures.assembleEvidence = { samples: runs.length, p50Ms: pct(0.5), p95Ms: pct(0.95), maxMs: Math.round(runs[runs.length - 1]!), targetMs: 300 };
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await handle.close();
  if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
}
