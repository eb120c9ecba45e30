// Income attribution at province scale on PostgreSQL (issue 6): a lineage 6 levels deep over about
// 1,000,000 trace events and 100,000 households, then (a) attribution for one sold batch and (b) a
// full yearly recomputation over 1,000,000 order lines. Builds its own database with generate_series,
// drops it afterwards, prints one JSON line.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:households
//   BENCH_SCALE=0.1 … for a tenth of the data (the scale is printed with the figures).
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, rowsOf } from "#db/client.server";
import { attributeBatch, attributedSalesByHousehold } from "~/households/attribution.server";

const adminUrl = process.env.BENCH_DATABASE_URL;
if (!adminUrl) throw new Error("BENCH_DATABASE_URL (an admin connection to a PostgreSQL server) is required");
const scale = Number(process.env.BENCH_SCALE ?? "1");
if (!(scale > 0 && scale <= 1)) throw new Error("BENCH_SCALE must be in (0, 1]");

const COOPS = 100;
const households = Math.round(100_000 * scale);
const finished = Math.round(8_000 * scale); // level 1; each level below doubles: 6 levels, 2^5 × finished raw lots
const LEVELS = 6;
const orders = Math.round(250_000 * scale);
const LINES_PER_ORDER = 4;
const RAW_EVENTS = 3; // harvest, storing, shipping on every raw lot, besides the transformations

const name = `ocop_bench_households_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 4 });
const db = handle.db;
// The data is built on one connection of its own (temporary tables, several statements per step).
const builder = postgres(url.toString(), { max: 1, onnotice: () => {} });
const timings: Record<string, number> = {};

async function step(label: string, statement: string) {
  const started = performance.now();
  await builder.unsafe(statement).simple();
  timings[label] = Math.round(performance.now() - started);
}

try {
  await handle.migrate(fileURLToPath(new URL("../db/migrations", import.meta.url)));
  const buildStarted = performance.now();
  await step("setup", `
    set synchronous_commit = off;
    insert into communes (province_code, name_vi, kind, slug) values ('19', 'Tân Cương', 'commune', 'tan-cuong');
    insert into organisations (slug, kind, name, status, commune_id)
      select 'bench-coop-' || g, 'cooperative', 'HTX ' || g, 'active', (select id from communes limit 1) from generate_series(0, ${COOPS - 1}) g;
    create temporary table coop as select row_number() over (order by slug) - 1 as n, id from organisations;
    insert into products (organisation_id, slug, kind, name_vi, category, unit_vi, unit_en)
      select c.id, 'raw-' || c.n, 'raw_material'::product_kind, 'Chè búp tươi ' || c.n, 'tea', 'kg', 'kg' from coop c
      union all
      select c.id, 'tea-' || c.n, 'finished'::product_kind, 'Chè ' || c.n, 'tea', 'gói', 'pack' from coop c;`);

  // Level k (1 = sold, 6 = raw) has finished × 2^(k-1) lots; lot i of level k belongs to cooperative i % 100.
  await step("batches", `
    insert into batches (organisation_id, product_id, lot_code, quantity, uom, produced_on)
      select c.id, p.id, 'L' || l.k || '-' || i, case when l.k = 1 then 100 else 10 end, case when l.k = 1 then 'H87' else 'KGM' end, date '2026-01-01'
      from generate_series(1, ${LEVELS}) l(k)
      cross join lateral generate_series(0, ${finished} * (1 << (l.k - 1)) - 1) i
      join coop c on c.n = i % ${COOPS}
      join products p on p.organisation_id = c.id and p.kind = case when l.k = ${LEVELS} then 'raw_material'::product_kind else 'finished'::product_kind end;
    create temporary table lot as
      select b.id, split_part(substr(b.lot_code, 2), '-', 1)::int as k, split_part(b.lot_code, '-', 2)::int as i, b.organisation_id from batches b;
    create unique index on lot (k, i);
    analyze lot;`);

  await step("traceEvents", `
    insert into trace_events (organisation_id, batch_id, sequence, event_type, action, biz_step, event_time, prev_hash, hash)
      select organisation_id, id, 1, 'TransformationEvent', null, 'commissioning', timestamptz '2026-01-02 08:00+07', null, md5(id::text) || md5(id::text || 'x')
      from lot where k < ${LEVELS};
    insert into trace_events (organisation_id, batch_id, sequence, event_type, action, biz_step, event_time, prev_hash, hash)
      select l.organisation_id, l.id, s, 'ObjectEvent', 'OBSERVE', 'storing', timestamptz '2026-01-01 08:00+07' + s * interval '1 hour',
             case when s = 1 then null else md5(l.id::text || (s - 1)) || md5(l.id::text || (s - 1)) end, md5(l.id::text || s) || md5(l.id::text || s)
      from lot l cross join generate_series(1, ${RAW_EVENTS}) s where l.k = ${LEVELS};`);

  // Each lot of level k < 6 is made from lots 2i and 2i+1 of level k+1 (10 units of each).
  await step("batchInputs", `
    insert into batch_inputs (transformation_event_id, input_batch_id, output_batch_id, quantity, uom)
      select e.id, input.id, output.id, 10, 'KGM'
      from lot output
      join trace_events e on e.batch_id = output.id and e.sequence = 1
      cross join generate_series(0, 1) s
      join lot input on input.k = output.k + 1 and input.i = output.i * 2 + s
      where output.k < ${LEVELS};`);

  // Household h belongs to cooperative h % 100; each raw lot is delivered by two of its cooperative's households (6 + 4 kg).
  await step("households", `
    insert into households (organisation_id, code, head_name, head_sex, member_count, ethnicity_code, commune_id, joined_on, baseline_year, baseline_income_vnd)
      select c.id, 'H' || h, 'Hộ ' || h, case when h % 3 = 0 then 'female'::household_head_sex else 'male'::household_head_sex end, 1 + h % 6,
             lpad((1 + h % 54)::text, 2, '0'), (select id from communes limit 1), date '2020-01-01', 2020, 20000000 + h % 1000 * 1000
      from generate_series(0, ${households - 1}) h join coop c on c.n = h % ${COOPS};
    create temporary table hh as select split_part(substr(code, 2), '-', 1)::int as h, id from households;
    create unique index on hh (h);
    analyze hh;`);
  const perCoop = Math.floor(households / COOPS);
  await step("supplies", `
    insert into household_supplies (organisation_id, household_id, batch_id, reference, quantity, uom, supplied_on, price_paid_vnd)
      select l.organisation_id, hh.id, l.id, 'S' || l.i || '-' || s, case when s = 0 then 6 else 4 end, 'KGM', date '2026-01-01', case when s = 0 then 60000 else 40000 end
      from lot l cross join generate_series(0, 1) s
      join hh on hh.h = (l.i % ${COOPS}) + ${COOPS} * ((l.i / ${COOPS} * 2 + s) % ${perCoop})
      where l.k = ${LEVELS};`);

  // Orders of 2026: one sub-order each, four lines, each line allocated to one sold lot of that cooperative.
  await step("orders", `
    insert into orders (number, status, payment_method, contact_name, phone, delivery_province_code, delivery_commune_name, delivery_address, subtotal_vnd, total_vnd, created_at)
      select 'DH-' || lpad(o::text, 8, '0'), 'placed', 'cash_on_delivery', 'Khách', '0912345678', '19', 'Tân Cương', 'Số ' || o,
             ${LINES_PER_ORDER} * 150000, ${LINES_PER_ORDER} * 150000, timestamptz '2026-02-01 09:00+07' + (o % 300) * interval '1 day'
      from generate_series(0, ${orders - 1}) o;
    insert into sub_orders (order_id, organisation_id, reference, payment_status, subtotal_vnd, total_vnd)
      select o.id, c.id, o.number || '-1', 'paid', o.subtotal_vnd, o.total_vnd
      from orders o join coop c on c.n = substr(o.number, 4)::int % ${COOPS};
    insert into order_lines (sub_order_id, organisation_id, product_id, product_name_vi, unit_vi, unit_en, unit_price_vnd, quantity, line_total_vnd)
      select so.id, so.organisation_id, p.id, p.name_vi, 'gói', 'pack', 150000, 1, 150000
      from sub_orders so join products p on p.organisation_id = so.organisation_id and p.kind = 'finished'
      cross join generate_series(1, ${LINES_PER_ORDER}) n;
    insert into order_line_allocations (order_line_id, batch_id, quantity, sub_order_id, order_id)
      select ol.id, l.id, 1, ol.sub_order_id, ol.order_id
      from (select ol.id, ol.sub_order_id, so.order_id, substr(so.reference, 4, 8)::int as o, row_number() over (partition by ol.sub_order_id order by ol.id) as n
            from order_lines ol join sub_orders so on so.id = ol.sub_order_id) ol
      join lot l on l.k = 1 and l.i = ((ol.o % ${COOPS}) + ${COOPS} * (((ol.o / ${COOPS}) * ${LINES_PER_ORDER} + ol.n) % ${Math.floor(finished / COOPS)}));
    analyze;`);
  const buildMs = Math.round(performance.now() - buildStarted);

  const [counts] = rowsOf<Record<string, string>>(
    await db.execute(sql`select (select count(*) from trace_events) as trace_events, (select count(*) from batch_inputs) as batch_inputs,
      (select count(*) from batches) as batches, (select count(*) from households) as households, (select count(*) from household_supplies) as supplies,
      (select count(*) from order_lines) as order_lines, (select count(*) from order_line_allocations) as allocations,
      (select sum(line_total_vnd) from order_lines) as sold_vnd`),
  );

  // (a) One sold lot: its 6-level lineage (62 edges, 32 raw lots, 64 deliveries), warm, 50 runs.
  const sold = await builder<{ id: string }[]>`select id from lot where k = 1 order by i limit 50`;
  const single: number[] = [];
  let households6 = 0;
  for (let run = 0; run < 3; run++) await attributeBatch(db, sold[run]!.id);
  for (const lot of sold) {
    const started = performance.now();
    const weights = await attributeBatch(db, lot.id);
    single.push(performance.now() - started);
    households6 = Math.max(households6, weights.size);
  }
  single.sort((a, b) => a - b);

  // (b) The whole province's year, from the order lines to every household.
  const started = performance.now();
  const byHousehold = await attributedSalesByHousehold(db, { organisationId: null, year: 2026 });
  const yearMs = Math.round(performance.now() - started);
  const attributedVnd = [...byHousehold.values()].reduce((s, v) => s + v, 0);

  console.log(
    JSON.stringify({
      bench: "households.attribution",
      driver: "postgres",
      scale,
      counts,
      buildMs,
      buildSteps: timings,
      singleBatch: { runs: single.length, householdsPerBatchMax: households6, medianMs: +single[Math.floor(single.length / 2)]!.toFixed(2), p95Ms: +single[Math.floor(single.length * 0.95)]!.toFixed(2), maxMs: +single.at(-1)!.toFixed(2) },
      yearlyRecomputation: { ms: yearMs, households: byHousehold.size, attributedVnd, soldVnd: Number(counts!.sold_vnd) },
    }),
  );
} finally {
  await builder.end({ timeout: 5 });
  await handle.close();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end({ timeout: 5 });
}
