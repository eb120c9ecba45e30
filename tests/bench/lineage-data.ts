// Lineage trees for the trace and recall benchmarks (issue #16), built with generate_series on either driver:
// per tree one raw lot split 4 ways per level down to 1,024 packed lots (6 levels, diamonds where a lot also takes
// from its parent's neighbour), serials, scans, stock on sale and 10,240 order lines in 2,560 orders (4 lines an
// order, each with a buyer's e-mail; the first line of each packed lot already released).
export const FANOUT = 4; // every lot goes into 4 lots of the next level; levels 0 (raw) … 5 (packed): 1 + 4 + … + 1024 lots
export const LEVELS = 6;
export const LINES_PER_PACKED_LOT = 10; // 10,240 order lines per tree
export const SERIALS_PER_PACKED_LOT = 4;

/** The data, as plain statements run one by one (both drivers). Tree t belongs to cooperative t. */
export function buildLineageStatements(treeCount: number): string[] {
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
    `insert into order_line_allocations (order_line_id, batch_id, quantity, released_at, sub_order_id, order_id)
       select ol.id, ol.batch_id, 1, case when ol.j = 0 then timestamptz '2026-02-02 08:00+07' end, ol.sub_order_id, so.order_id
       from bench_ol ol join sub_orders so on so.id = ol.sub_order_id`,
    `drop table bench_ol`,
    `drop table bench_line`,
    `analyze`,
  ];
}

