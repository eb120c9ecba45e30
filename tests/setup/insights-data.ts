/**
 * Small hand-made data for the insights database tests: every figure they expect is worked out by
 * hand in app/insights/insights.db.test.ts.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";

export interface InsightsFixture {
  communeA: number;
  communeB: number;
  communeHanoi: number;
  coop1: string;
  coop2: string;
  coopHanoi: string;
  p1: string;
  p2: string;
  p3: string;
  b1: string;
  b3: string;
  b4: string;
  o2SubOrder: string;
}

async function one<T>(db: Database, query: ReturnType<typeof sql>): Promise<T> {
  const row = rowsOf<T>(await db.execute(query))[0];
  if (!row) throw new Error("fixture insert returned nothing");
  return row;
}

let orderSeq = 0;
function orderNumber(): string {
  orderSeq += 1;
  return `DH-${String(orderSeq).padStart(8, "0")}`;
}

export async function addCommune(db: Database, provinceCode: string, slug: string, nameVi: string): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into communes (province_code, name_vi, kind, slug) values (${provinceCode}, ${nameVi}, 'commune', ${slug}) returning id`,
  );
  return Number(r.id);
}

export async function addOrganisation(
  db: Database,
  o: { slug: string; kind: string; status?: string; communeId: number | null; name?: string },
): Promise<string> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into organisations (slug, kind, status, name, commune_id)
        values (${o.slug}, ${o.kind}::organisation_kind, ${o.status ?? "active"}::organisation_status, ${o.name ?? o.slug}, ${o.communeId}) returning id`,
  );
  return r.id;
}

export async function addProduct(
  db: Database,
  p: {
    organisationId: string;
    slug: string;
    ocop?: { group: string; stars: number; issuedOn: string; expiresOn: string };
    kind?: "finished" | "raw_material";
  },
): Promise<string> {
  const o = p.ocop;
  const r = await one<{ id: string }>(
    db,
    sql`insert into products (organisation_id, slug, kind, name_vi, category, unit_vi, unit_en, ocop_group, ocop_stars,
          ocop_certificate_number, ocop_issued_on, ocop_expires_on)
        values (${p.organisationId}, ${p.slug}, ${p.kind ?? "finished"}::product_kind, ${`Sản phẩm ${p.slug}`}, 'tea', 'gói', 'pack',
          ${o ? o.group : null}::ocop_group, ${o ? o.stars : null}, ${o ? `CN-${p.slug}` : null}, ${o ? o.issuedOn : null}::date,
          ${o ? o.expiresOn : null}::date)
        returning id`,
  );
  return r.id;
}

export async function addBatch(
  db: Database,
  b: { organisationId: string; productId: string; lot: string; producedOn: string; quantity?: string; uom?: string },
): Promise<string> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into batches (organisation_id, product_id, lot_code, quantity, uom, produced_on)
        values (${b.organisationId}, ${b.productId}, ${b.lot}, ${b.quantity ?? "100"}, ${b.uom ?? "H87"}, ${b.producedOn}::date) returning id`,
  );
  return r.id;
}

export interface OrderSpec {
  createdAt: string;
  status?: "placed" | "awaiting_payment" | "lapsed" | "cancelled";
  province: string;
  userId?: string | null;
  phone?: string;
  /** Cash on delivery unless said; either way a part is paid unless `unpaid` (decision 0020: only paid parts are sales). */
  paymentMethod?: "card" | "bank_transfer" | "cash_on_delivery";
  parts: { organisationId: string; cancelled?: boolean; unpaid?: boolean; lines: { productId: string; quantity: number; unitPriceVnd: number }[] }[];
}

/** An order with its sub-orders and lines; returns the sub-order ids in the order of `parts`. */
export async function addOrder(db: Database, spec: OrderSpec): Promise<{ orderId: string; subOrderIds: string[] }> {
  const subtotal = spec.parts.reduce((n, p) => n + p.lines.reduce((m, l) => m + l.quantity * l.unitPriceVnd, 0), 0);
  const number = orderNumber();
  const order = await one<{ id: string }>(
    db,
    sql`insert into orders (number, user_id, status, payment_method, contact_name, phone, delivery_province_code,
          delivery_commune_name, delivery_address, subtotal_vnd, shipping_vnd, total_vnd, created_at, updated_at)
        values (${number}, ${spec.userId ?? null}, ${spec.status ?? "placed"}::order_status, ${spec.paymentMethod ?? "cash_on_delivery"}::payment_method, 'Người mua',
          ${spec.phone ?? "0900000000"}, ${spec.province}, 'Phường X', 'Số 1', ${subtotal}, 0, ${subtotal},
          ${spec.createdAt}::timestamptz, ${spec.createdAt}::timestamptz)
        returning id`,
  );
  const subOrderIds: string[] = [];
  let i = 0;
  for (const part of spec.parts) {
    i += 1;
    const partTotal = part.lines.reduce((m, l) => m + l.quantity * l.unitPriceVnd, 0);
    const sub = await one<{ id: string }>(
      db,
      sql`insert into sub_orders (order_id, organisation_id, reference, status, payment_status, subtotal_vnd, shipping_vnd, total_vnd, created_at, updated_at)
          values (${order.id}, ${part.organisationId}, ${`${number}-${i}`}, ${part.cancelled ? "cancelled" : part.unpaid ? "pending" : "confirmed"}::sub_order_status,
            ${part.unpaid ? "unpaid" : "paid"}::payment_status, ${partTotal}, 0, ${partTotal}, ${spec.createdAt}::timestamptz, ${spec.createdAt}::timestamptz)
          returning id`,
    );
    subOrderIds.push(sub.id);
    for (const l of part.lines) {
      await db.execute(sql`
        insert into order_lines (sub_order_id, organisation_id, product_id, product_name_vi, unit_vi, unit_en, unit_price_vnd, quantity, line_total_vnd)
        values (${sub.id}, ${part.organisationId}, ${l.productId}, 'SP', 'gói', 'pack', ${l.unitPriceVnd}, ${l.quantity}, ${l.quantity * l.unitPriceVnd})`);
    }
  }
  return { orderId: order.id, subOrderIds };
}

export async function addScans(
  db: Database,
  s: { organisationId: string; batchId: string; minute: string; province: string; count: number; serial?: string },
): Promise<void> {
  await db.execute(sql`
    insert into scan_counts (organisation_id, batch_id, serial, minute, province_code, device, count)
    values (${s.organisationId}, ${s.batchId}, ${s.serial ?? ""}, ${s.minute}::timestamptz, ${s.province}, 'mobile', ${s.count})`);
}

export async function addUser(db: Database, email: string): Promise<string> {
  const r = await one<{ id: string }>(db, sql`insert into users (email, display_name) values (${email}, ${email}) returning id`);
  return r.id;
}

/**
 * The scenario of insights.db.test.ts (Thái Nguyên = 19, period 2026-01..2026-11, today 2026-11-25).
 */
export async function seedInsightsFixture(db: Database): Promise<InsightsFixture> {
  const communeA = await addCommune(db, "19", "xa-a", "Xã A");
  const communeB = await addCommune(db, "19", "xa-b", "Xã B");
  const communeHanoi = await addCommune(db, "01", "xa-ha-noi", "Xã Hà Nội");
  const coop1 = await addOrganisation(db, { slug: "htx-1", kind: "cooperative", communeId: communeA, name: "HTX Một" });
  const coop2 = await addOrganisation(db, { slug: "htx-2", kind: "cooperative", communeId: communeB, name: "HTX Hai" });
  const ent1 = await addOrganisation(db, { slug: "dn-1", kind: "enterprise", communeId: communeA });
  await addOrganisation(db, { slug: "htx-cho", kind: "cooperative", status: "pending", communeId: communeA });
  await addOrganisation(db, { slug: "so-nn", kind: "department", communeId: communeA });
  const coopHanoi = await addOrganisation(db, { slug: "htx-hn", kind: "cooperative", communeId: communeHanoi });

  const p1 = await addProduct(db, { organisationId: coop1, slug: "p1", ocop: { group: "beverage", stars: 4, issuedOn: "2025-01-01", expiresOn: "2028-01-01" } });
  const p2 = await addProduct(db, { organisationId: coop1, slug: "p2", ocop: { group: "beverage", stars: 3, issuedOn: "2023-12-20", expiresOn: "2026-12-20" } });
  const p3 = await addProduct(db, { organisationId: coop2, slug: "p3", ocop: { group: "food", stars: 5, issuedOn: "2025-06-01", expiresOn: "2028-06-01" } });
  await addProduct(db, { organisationId: coop2, slug: "p4", ocop: { group: "food", stars: 3, issuedOn: "2023-10-01", expiresOn: "2026-10-01" } });
  await addProduct(db, { organisationId: ent1, slug: "p5" });
  const p6 = await addProduct(db, { organisationId: coopHanoi, slug: "p6", ocop: { group: "food", stars: 4, issuedOn: "2025-01-01", expiresOn: "2028-01-01" } });

  const b1 = await addBatch(db, { organisationId: coop1, productId: p1, lot: "B1", producedOn: "2026-03-01" });
  const b2 = await addBatch(db, { organisationId: coop1, productId: p1, lot: "B2", producedOn: "2025-12-31" });
  const b3 = await addBatch(db, { organisationId: coop2, productId: p3, lot: "B3", producedOn: "2026-06-01" });
  const b4 = await addBatch(db, { organisationId: coopHanoi, productId: p6, lot: "B4", producedOn: "2026-05-01" });

  const u1 = await addUser(db, "nguoimua@example.vn");
  await addOrder(db, {
    createdAt: "2026-02-10T03:00:00Z",
    province: "01",
    userId: u1,
    parts: [
      { organisationId: coop1, lines: [{ productId: p1, quantity: 2, unitPriceVnd: 100_000 }] },
      { organisationId: coop2, lines: [{ productId: p3, quantity: 1, unitPriceVnd: 50_000 }] },
    ],
  });
  const o2 = await addOrder(db, {
    createdAt: "2026-03-05T03:00:00Z",
    province: "19",
    phone: "0912345678",
    parts: [{ organisationId: coop1, lines: [{ productId: p1, quantity: 1, unitPriceVnd: 100_000 }] }],
  });
  await addOrder(db, {
    createdAt: "2026-03-20T03:00:00Z",
    province: "01",
    userId: u1,
    phone: "0911111111",
    parts: [{ organisationId: coop1, lines: [{ productId: p2, quantity: 3, unitPriceVnd: 80_000 }] }],
  });
  // Not sales: a cancelled order, a cancelled sub-order, an unpaid card order, a transfer not yet confirmed
  // (awaiting payment: 100,000 of coop2 in March).
  await addOrder(db, {
    createdAt: "2026-04-01T03:00:00Z",
    status: "cancelled",
    province: "19",
    parts: [{ organisationId: coop1, lines: [{ productId: p1, quantity: 5, unitPriceVnd: 100_000 }] }],
  });
  await addOrder(db, {
    createdAt: "2026-04-02T03:00:00Z",
    province: "19",
    parts: [{ organisationId: coop2, cancelled: true, lines: [{ productId: p3, quantity: 5, unitPriceVnd: 50_000 }] }],
  });
  await addOrder(db, {
    createdAt: "2026-05-01T03:00:00Z",
    status: "awaiting_payment",
    province: "19",
    parts: [{ organisationId: coop1, lines: [{ productId: p1, quantity: 5, unitPriceVnd: 100_000 }] }],
  });
  await addOrder(db, {
    createdAt: "2026-03-25T03:00:00Z",
    province: "22",
    phone: "0922222222",
    paymentMethod: "bank_transfer",
    parts: [{ organisationId: coop2, unpaid: true, lines: [{ productId: p3, quantity: 2, unitPriceVnd: 50_000 }] }],
  });
  // Before the period: Hồ Chí Minh City was first reached in December 2025.
  await addOrder(db, {
    createdAt: "2025-12-15T03:00:00Z",
    province: "79",
    phone: "0933333333",
    parts: [{ organisationId: coop1, lines: [{ productId: p1, quantity: 1, unitPriceVnd: 100_000 }] }],
  });
  // Another province's cooperative: outside Thái Nguyên's figures.
  await addOrder(db, {
    createdAt: "2026-05-01T03:00:00Z",
    province: "19",
    parts: [{ organisationId: coopHanoi, lines: [{ productId: p6, quantity: 1, unitPriceVnd: 70_000 }] }],
  });
  // 31 January 17:30 UTC is 1 February 00:30 in Vietnam: a February sale.
  await addOrder(db, {
    createdAt: "2026-01-31T17:30:00Z",
    province: "48",
    phone: "0987654321",
    parts: [{ organisationId: coop2, lines: [{ productId: p3, quantity: 2, unitPriceVnd: 50_000 }] }],
  });

  await addScans(db, { organisationId: coop1, batchId: b1, minute: "2026-03-01T10:00:00Z", province: "01", count: 5 });
  await addScans(db, { organisationId: coop1, batchId: b1, minute: "2026-03-01T10:01:00Z", province: "", count: 2 });
  await addScans(db, { organisationId: coop2, batchId: b3, minute: "2026-06-01T10:00:00Z", province: "19", count: 3 });
  await addScans(db, { organisationId: coopHanoi, batchId: b4, minute: "2026-06-01T10:00:00Z", province: "01", count: 7 });
  await addScans(db, { organisationId: coop1, batchId: b2, minute: "2025-12-31T10:00:00Z", province: "19", count: 4 });

  return { communeA, communeB, communeHanoi, coop1, coop2, coopHanoi, p1, p2, p3, b1, b3, b4, o2SubOrder: o2.subOrderIds[0] as string };
}

/** A lot made from inputs by one TransformationEvent (the first event of the output lot's chain). */
export async function addTransformation(
  db: Database,
  t: { organisationId: string; outputBatchId: string; inputs: { batchId: string; quantity: string }[]; process: string; at: string },
): Promise<void> {
  const e = await one<{ id: string }>(
    db,
    sql`insert into trace_events (organisation_id, batch_id, sequence, event_type, biz_step, event_time, details, hash)
        values (${t.organisationId}, ${t.outputBatchId}, 1, 'TransformationEvent', 'commissioning', ${t.at}::timestamptz,
          ${JSON.stringify({ process: t.process })}::jsonb, ${"a".repeat(64)}) returning id`,
  );
  for (const i of t.inputs) {
    await db.execute(sql`
      insert into batch_inputs (transformation_event_id, input_batch_id, output_batch_id, quantity, uom)
      values (${e.id}, ${i.batchId}, ${t.outputBatchId}, ${i.quantity}, 'KGM')`);
  }
}

/** Takes the order line's units from a lot (as checkout does). */
export async function allocate(db: Database, subOrderId: string, batchId: string): Promise<void> {
  await db.execute(sql`
    insert into order_line_allocations (order_line_id, batch_id, quantity)
    select id, ${batchId}, quantity from order_lines where sub_order_id = ${subOrderId}`);
}

export interface HouseholdSpec {
  organisationId: string;
  communeId: number;
  code: string;
  sex?: "female" | "male";
  ethnicity?: string;
  baseline?: { year: number; incomeVnd: number };
  statuses?: Record<number, "poor" | "near_poor" | "newly_escaped" | "not_poor">;
  surveys?: Record<number, number>;
}

export async function addHousehold(db: Database, h: HouseholdSpec): Promise<string> {
  const r = await one<{ id: string }>(
    db,
    sql`insert into households (organisation_id, code, head_name, head_sex, member_count, ethnicity_code, commune_id, joined_on,
          baseline_year, baseline_income_vnd)
        values (${h.organisationId}, ${h.code}, ${`Hộ ${h.code}`}, ${h.sex ?? "female"}::household_head_sex, 4, ${h.ethnicity ?? "01"},
          ${h.communeId}, '2020-01-01', ${h.baseline?.year ?? null}, ${h.baseline?.incomeVnd ?? null}) returning id`,
  );
  for (const [year, status] of Object.entries(h.statuses ?? {})) {
    await db.execute(sql`
      insert into household_statuses (household_id, organisation_id, year, status, standard)
      values (${r.id}, ${h.organisationId}, ${Number(year)}, ${status}::household_poverty_status, '2022-2025')`);
  }
  for (const [year, income] of Object.entries(h.surveys ?? {})) {
    await db.execute(sql`
      insert into household_income_surveys (household_id, organisation_id, year, income_per_person_vnd, member_count, surveyed_on)
      values (${r.id}, ${h.organisationId}, ${Number(year)}, ${income}, 4, ${`${year}-06-01`}::date)`);
  }
  return r.id;
}

export async function addSupply(
  db: Database,
  s: { organisationId: string; householdId: string; batchId: string; reference: string; quantity: string; paidVnd: number; on: string },
): Promise<void> {
  await db.execute(sql`
    insert into household_supplies (organisation_id, household_id, batch_id, reference, quantity, uom, supplied_on, price_paid_vnd)
    values (${s.organisationId}, ${s.householdId}, ${s.batchId}, ${s.reference}, ${s.quantity}, 'KGM', ${s.on}::date, ${s.paidVnd})`);
}
