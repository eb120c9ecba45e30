// Lineage trace at scale (issue #16): forward and backward trace of one lot and its key-data-elements spreadsheet,
// over lineages 6 levels deep where one raw lot's forward scope is ~1,400 lots and ~10,000 order lines.
// Builds its own database with generate_series (PostgreSQL: created and dropped here; PGlite: in memory), prints
// one JSON line per driver.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:trace
//   BENCH_TREES=40 (lineage trees beside the measured one; each ~1,400 lots, ~2,800 events, ~10,000 order lines)
//   BENCH_PGLITE_TREES=4 (the same on PGlite; 0 skips PGlite)   BENCH_RUNS=30
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, rowsOf, type DatabaseHandle } from "#db/client.server";
import { tableToXlsx } from "~/insights/export.server";
import { translate } from "~/lib/i18n";
import { kdeTable } from "~/trace/kde";
import { keyDataElements } from "~/trace/kde.server";
import { backwardTrace, forwardScope, forwardTrace } from "~/trace/lineage-trace.server";

const migrations = fileURLToPath(new URL("../db/migrations", import.meta.url));
const trees = Number(process.env.BENCH_TREES ?? "40");
const pgliteTrees = Number(process.env.BENCH_PGLITE_TREES ?? "4");
const runs = Number(process.env.BENCH_RUNS ?? "30");
const FANOUT = 4; // every lot goes into 4 lots of the next level; levels 0 (raw) … 5 (packed): 1 + 4 + … + 1024 lots
const LEVELS = 6;
const LINES_PER_PACKED_LOT = 10; // 10,240 order lines per tree
const SERIALS_PER_PACKED_LOT = 4;

/** The data, as plain statements run one by one (both drivers). Tree t belongs to cooperative t. */
function buildStatements(treeCount: number): string[] {
  const packed = FANOUT ** (LEVELS - 1);
  return [
    `insert into communes (province_code, name_vi, kind, slug) values ('19', 'Tân Cương', 'commune', 'bench-tan-cuong')`,
    `insert into organisations (slug, kind, name, status) select 'bench-coop-' || g, 'cooperative', 'HTX ' || g, 'active' from generate_series(0, ${treeCount - 1}) g`,
    `create table bench_coop as select (substr(slug, 12))::int as t, id from organisations where slug like 'bench-coop-%'`,
    `insert into products (organisation_id, slug, kind, name_vi, category, unit_vi, unit_en)
       select c.id, 'bench-raw-' || c.t, 'raw_material'::product_kind, 'Chè búp tươi ' || c.t, 'tea', 'kg', 'kg' from bench_coop c
       union all select c.id, 'bench-tea-' || c.t, 'finished'::product_kind, 'Chè ' || c.t, 'tea', 'gói', 'pack' from bench_coop c`,
    // Lot (t, k, i): tree t, level k, index i < 4^k.
    `insert into batches (organisation_id, product_id, lot_code, quantity, uom, produced_on)
       select c.id, p.id, 'T' || c.t || '-' || l.k || '-' || i, 100, case when l.k = ${LEVELS - 1} then 'H87' else 'KGM' end, date '2026-01-01' + l.k
       from bench_coop c cross join generate_series(0, ${LEVELS - 1}) l(k) cross join lateral generate_series(0, (${FANOUT} ^ l.k)::int - 1) i
       join products p on p.slug = case when l.k = 0 then 'bench-raw-' else 'bench-tea-' end || c.t`,
    `create table bench_lot as
       select b.id, b.organisation_id, split_part(substr(b.lot_code, 2), '-', 1)::int as t, split_part(b.lot_code, '-', 2)::int as k,
              split_part(b.lot_code, '-', 3)::int as i
       from batches b where b.lot_code like 'T%-%-%'`,
    `create unique index on bench_lot (t, k, i)`,
    `analyze bench_lot`,
    // Each lot: its making (or harvest for raw lots) and one more step.
    `insert into trace_events (organisation_id, batch_id, sequence, event_type, action, biz_step, event_time, quantity, uom, details, prev_hash, hash)
       select organisation_id, id, 1, case when k = 0 then 'ObjectEvent' else 'TransformationEvent' end::epcis_event_type,
              case when k = 0 then 'ADD' end::epcis_action,
              case when k = 0 then 'urn:ocoptrace:bizstep:harvesting' else 'commissioning' end,
              timestamptz '2026-01-01 08:00+07' + k * interval '1 day', 100, 'KGM', '{}'::jsonb, null, md5(id::text) || md5(id::text || 'x')
       from bench_lot`,
    `insert into trace_events (organisation_id, batch_id, sequence, event_type, action, biz_step, event_time, details, prev_hash, hash)
       select organisation_id, id, 2, 'ObjectEvent', 'OBSERVE', case when k = ${LEVELS - 1} then 'packing' else 'storing' end,
              timestamptz '2026-01-01 12:00+07' + k * interval '1 day', '{"packaging":"gói 200 g"}'::jsonb,
              md5(id::text) || md5(id::text || 'x'), md5(id::text || 'y') || md5(id::text || 'z')
       from bench_lot`,
    // Splits (each lot feeds 4 lots below) and merges (every 4th lot also takes a little of its parent's neighbour: diamonds).
    `insert into batch_inputs (transformation_event_id, input_batch_id, output_batch_id, quantity, uom)
       select e.id, parent.id, child.id, 20, 'KGM'
       from bench_lot child join bench_lot parent on parent.t = child.t and parent.k = child.k - 1 and parent.i = child.i / ${FANOUT}
       join trace_events e on e.batch_id = child.id and e.sequence = 1
       where child.k > 0`,
    `insert into batch_inputs (transformation_event_id, input_batch_id, output_batch_id, quantity, uom)
       select e.id, n.id, child.id, 5, 'KGM'
       from bench_lot child
       join bench_lot n on n.t = child.t and n.k = child.k - 1 and n.i = ((child.i / ${FANOUT}) + 1) % (${FANOUT} ^ (child.k - 1))::int
       join trace_events e on e.batch_id = child.id and e.sequence = 1
       where child.k > 1 and child.i % ${FANOUT} = 0 and n.i <> child.i / ${FANOUT}`,
    `insert into serial_units (organisation_id, batch_id, serial)
       select organisation_id, id, lpad(((t * ${packed} + i) * ${SERIALS_PER_PACKED_LOT} + s)::text, 13, '0')
       from bench_lot cross join generate_series(0, ${SERIALS_PER_PACKED_LOT - 1}) s where k = ${LEVELS - 1}`,
    `insert into scan_counts (organisation_id, batch_id, serial, minute, province_code, device, count)
       select organisation_id, id, '', timestamptz '2026-02-01 00:00+07' + (i % 60) * interval '1 minute', lpad(((i % 30) + 1)::text, 2, '0'), 'mobile', 1 + i % 5
       from bench_lot where k = ${LEVELS - 1}`,
    `insert into batch_stock (batch_id, organisation_id, product_id, units_on_sale, units_available)
       select l.id, l.organisation_id, b.product_id, 100, 100 - ${LINES_PER_PACKED_LOT} from bench_lot l join batches b on b.id = l.id where l.k = ${LEVELS - 1}`,
    // Order line (t, i, j): the j-th line taking units of packed lot i of tree t; 4 lines an order.
    `create table bench_line as
       select l.t, l.i, j, l.id as batch_id, l.organisation_id, row_number() over (order by l.t, l.i, j) - 1 as n
       from bench_lot l cross join generate_series(0, ${LINES_PER_PACKED_LOT - 1}) j where l.k = ${LEVELS - 1}`,
    `insert into orders (number, status, payment_method, contact_name, phone, email, delivery_province_code, delivery_commune_name, delivery_address, subtotal_vnd, total_vnd, created_at)
       select 'DH-' || lpad((n / 4)::text, 8, '0'), 'placed', 'cash_on_delivery', 'Người mua ' || n / 4, '0912345678', 'mua' || n / 4 || '@example.vn', '01', 'Phường Ba Đình', '1 Phố Thử', 4000, 4000,
              timestamptz '2026-02-01 08:00+07' + (n % 1000) * interval '1 minute'
       from bench_line where n % 4 = 0`,
    `insert into sub_orders (order_id, organisation_id, reference, status, subtotal_vnd, total_vnd)
       select o.id, bl.organisation_id, o.number || '-1', 'confirmed', 4000, 4000
       from bench_line bl join orders o on o.number = 'DH-' || lpad((bl.n / 4)::text, 8, '0') where bl.n % 4 = 0`,
    `create table bench_ol as
       select gen_random_uuid() as id, bl.batch_id, bl.organisation_id, so.id as sub_order_id, bl.j
       from bench_line bl join sub_orders so on so.reference = 'DH-' || lpad((bl.n / 4)::text, 8, '0') || '-1'`,
    `insert into order_lines (id, sub_order_id, organisation_id, product_id, product_name_vi, unit_vi, unit_en, unit_price_vnd, quantity, line_total_vnd)
       select ol.id, ol.sub_order_id, ol.organisation_id, b.product_id, 'Chè', 'gói', 'pack', 1000, 1, 1000
       from bench_ol ol join batches b on b.id = ol.batch_id`,
    `insert into order_line_allocations (order_line_id, batch_id, quantity, released_at)
       select id, batch_id, 1, case when j = 0 then timestamptz '2026-02-02 08:00+07' end from bench_ol`,
    `drop table bench_ol`,
    `drop table bench_line`,
    `analyze`,
  ];
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => +s[Math.min(s.length - 1, Math.floor(s.length * q))]!.toFixed(1);
  return { runs: s.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: +s.at(-1)!.toFixed(1) };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

async function measure(driver: "postgres" | "pglite", handle: DatabaseHandle, treeCount: number) {
  const db = handle.db;
  const buildStarted = performance.now();
  for (const statement of buildStatements(treeCount)) await db.execute(sql.raw(statement));
  const buildMs = Math.round(performance.now() - buildStarted);
  const sizes = rowsOf<Record<string, number>>(
    await db.execute(sql`select (select count(*) from batches)::int as lots, (select count(*) from trace_events)::int as events,
      (select count(*) from batch_inputs)::int as edges, (select count(*) from order_lines)::int as order_lines,
      (select count(*) from serial_units)::int as serials`),
  )[0]!;
  const ids = rowsOf<{ raw: string; packed: string; middle: string; org: string }>(
    await db.execute(sql`select
      (select id::text from bench_lot where t = 0 and k = 0 and i = 0) as raw,
      (select id::text from bench_lot where t = 0 and k = ${LEVELS - 1} and i = 0) as packed,
      (select id::text from bench_lot where t = 0 and k = 2 and i = 0) as middle,
      (select organisation_id::text from bench_lot where t = 0 and k = 0 and i = 0) as org`),
  )[0]!;
  const viewer = { kind: "cooperative", organisationId: ids.org } as const;
  const department = { kind: "department" } as const;
  // Warm-up: plans and caches, as a running server has them.
  await forwardTrace(db, ids.raw, viewer);
  await backwardTrace(db, ids.packed, viewer);

  const forward: number[] = [];
  const forwardDept: number[] = [];
  const scope: number[] = [];
  const backward: number[] = [];
  const backwardMiddle: number[] = [];
  let forwardScopeSize = { lots: 0, orderLines: 0 };
  let backwardSize = 0;
  for (let r = 0; r < runs; r++) {
    const [f, trace] = await time(() => forwardTrace(db, ids.raw, viewer));
    forward.push(f);
    forwardScopeSize = { lots: trace!.totals.lots, orderLines: trace!.orderLines.length };
    forwardDept.push((await time(() => forwardTrace(db, ids.raw, department)))[0]);
    scope.push((await time(() => forwardScope(db, [ids.raw])))[0]);
    const [b, back] = await time(() => backwardTrace(db, ids.packed, viewer));
    backward.push(b);
    backwardSize = back!.totals.lots;
    backwardMiddle.push((await time(() => backwardTrace(db, ids.middle, viewer)))[0]);
  }
  const kde: number[] = [];
  let kdeRows = 0;
  for (let r = 0; r < Math.max(3, Math.floor(runs / 5)); r++) {
    const [ms, rows] = await time(async () => {
      const result = (await keyDataElements(db, ids.raw, viewer, "vi"))!;
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("vi", key, vars);
      tableToXlsx(kdeTable(result.rows, result.lotCode, t));
      return result.rows.length;
    });
    kde.push(ms);
    kdeRows = rows;
  }
  return {
    bench: "trace",
    driver,
    trees: treeCount + 0,
    data: sizes,
    buildMs,
    forwardTrace: { ...stats(forward), scope: forwardScopeSize },
    forwardTraceDepartment: stats(forwardDept),
    forwardScope: stats(scope),
    backwardTrace: { ...stats(backward), lots: backwardSize },
    backwardTraceMiddleLot: stats(backwardMiddle),
    kdeSpreadsheetXlsx: { ...stats(kde), rows: kdeRows },
  };
}

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl && trees > 0) {
  const name = `ocop_bench_trace_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 4 });
  try {
    await handle.migrate(migrations);
    console.log(JSON.stringify(await measure("postgres", handle, trees)));
  } finally {
    await handle.close();
    // BENCH_KEEP=1 keeps the database to look at plans (its name is printed).
    if (process.env.BENCH_KEEP === "1") console.error(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}
if (pgliteTrees > 0) {
  const handle = await openDatabase({ driver: "pglite", dataDir: null });
  try {
    await handle.migrate(migrations);
    console.log(JSON.stringify(await measure("pglite", handle, pgliteTrees)));
  } finally {
    await handle.close();
  }
}
