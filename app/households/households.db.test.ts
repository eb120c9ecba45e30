import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, batches, communes, householdSupplies, traceEvents, orderLineAllocations, orderLines, orders, organisations, products, subOrders } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { householdAggregates } from "../insights/household-aggregates.server";
import { isSafe } from "./suppression";
import { listBatchEvents, recordTransformation, verifyBatchChain } from "../trace/events.server";
import { getBatchEpcisDocument } from "../trace/epcis-export.server";
import { attributeBatch, attributedSalesByHousehold } from "./attribution.server";
import { householdIncomeReport } from "./income.server";
import { createHousehold, getHouseholdRecord, listHouseholds, recordStatus, recordSurvey, saveHousehold } from "./registry.server";
import { householdFormSchema } from "./schema";
import { listSupplyTargets, recordPayment, recordSupply } from "./supplies.server";

const today = "2026-11-25";
const actorOf = (organisationId: string) => ({ userId: null, organisationId });

describe("households: registry, supplies, payments and income attribution", () => {
  let t: TestDatabase;
  let coop: string;
  let other: string;
  let communeId: number;
  let wardId: number;
  let leafProduct: string;
  let teaProduct: string;
  const hh: string[] = [];
  let orderSeq = 0;

  const householdForm = (code: string, over: Record<string, string> = {}) => ({
    code,
    headName: `Nguyễn Văn ${code}`,
    headSex: "male",
    memberCount: "4",
    ethnicityCode: "02",
    communeId: String(communeId),
    village: "Xóm Hồng Thái 2",
    joinedOn: "2020-01-15",
    baselineYear: "2020",
    baselineIncomeVnd: "20.000.000",
    ...over,
  });

  async function sell(batchId: string, units: number, unitPrice: number, opts: { status?: "placed" | "cancelled"; subStatus?: "pending" | "cancelled"; unpaid?: boolean; released?: boolean; createdAt?: Date } = {}) {
    orderSeq += 1;
    const number = `DH-${String(orderSeq).padStart(8, "0")}`;
    const total = units * unitPrice;
    const [order] = await t.db
      .insert(orders)
      .values({
        number,
        status: opts.status ?? "placed",
        paymentMethod: "cash_on_delivery",
        contactName: "Khách",
        phone: "0912345678",
        deliveryProvinceCode: "01",
        deliveryCommuneName: "Ba Đình",
        deliveryAddress: "1 Phố",
        subtotalVnd: total,
        totalVnd: total,
        createdAt: opts.createdAt ?? new Date("2026-11-20T03:00:00Z"),
      })
      .returning();
    const [sub] = await t.db
      .insert(subOrders)
      .values({ orderId: order!.id, organisationId: coop, reference: `${number}-1`, status: opts.subStatus ?? "pending", paymentStatus: opts.unpaid ? "unpaid" : "paid", subtotalVnd: total, totalVnd: total })
      .returning();
    const [line] = await t.db
      .insert(orderLines)
      .values({ subOrderId: sub!.id, organisationId: coop, productId: teaProduct, productNameVi: "Chè", unitVi: "gói", unitEn: "pack", unitPriceVnd: unitPrice, quantity: units, lineTotalVnd: total })
      .returning();
    await t.db.insert(orderLineAllocations).values({ orderLineId: line!.id, batchId, quantity: units, releasedAt: opts.released ? new Date() : null });
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    const orgs = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-che", kind: "cooperative", name: "HTX Chè", status: "active" },
        { slug: "htx-khac", kind: "cooperative", name: "HTX Khác", status: "active" },
      ])
      .returning();
    coop = orgs[0]!.id;
    other = orgs[1]!.id;
    const cs = await t.db
      .insert(communes)
      .values([
        { provinceCode: "19", nameVi: "Tân Cương", kind: "commune", slug: "tan-cuong" },
        { provinceCode: "19", nameVi: "Phan Đình Phùng", kind: "ward", slug: "phan-dinh-phung" },
        { provinceCode: "01", nameVi: "Ba Đình", kind: "ward", slug: "ba-dinh" },
      ])
      .returning();
    communeId = cs[0]!.id;
    wardId = cs[1]!.id;
    const [leaves, tea] = await t.db
      .insert(products)
      .values([
        { organisationId: coop, slug: "che-bup-tuoi", nameVi: "Chè búp tươi", category: "tea", kind: "raw_material", unitVi: "kg", unitEn: "kg" },
        { organisationId: coop, slug: "che-kho", nameVi: "Chè khô", category: "tea", unitVi: "gói", unitEn: "pack" },
      ])
      .returning();
    leafProduct = leaves!.id;
    teaProduct = tea!.id;
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("registers households, refusing bad input with message keys", async () => {
    for (const code of ["HTC-001", "HTC-002", "HTC-003"]) {
      const r = await createHousehold(t.db, actorOf(coop), householdForm(code));
      if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
      hh.push(r.household.id);
    }
    const dup = await createHousehold(t.db, actorOf(coop), householdForm("HTC-001"));
    expect(dup).toEqual({ ok: false, reason: "code_taken", field: "code", fieldErrors: { code: "hh.error.codeTaken" } });
    const bad = await createHousehold(
      t.db,
      actorOf(coop),
      householdForm("X 1", { ethnicityCode: "77", memberCount: "0", joinedOn: "2020-02-30", baselineIncomeVnd: "-5" }),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.fieldErrors).toMatchObject({
        code: "hh.error.code",
        ethnicityCode: "hh.error.ethnicity",
        memberCount: "hh.error.memberCount",
        joinedOn: "hh.error.date",
        baselineIncomeVnd: "hh.error.negativeAmount",
      });
    }
    const foreignCommune = await t.db.select({ id: communes.id }).from(communes).where(eq(communes.slug, "ba-dinh"));
    const outside = await createHousehold(t.db, actorOf(coop), householdForm("HTC-009", { communeId: String(foreignCommune[0]!.id) }));
    expect(outside).toEqual({ ok: false, reason: "commune_not_allowed", field: "communeId", fieldErrors: { communeId: "hh.error.commune" } });
    // The same code is free in another cooperative.
    expect((await createHousehold(t.db, actorOf(other), householdForm("HTC-001"))).ok).toBe(true);
  });

  it("updates a household of its own cooperative only", async () => {
    const input = (form: Record<string, string>) => householdFormSchema.parse(form);
    const r = await saveHousehold(t.db, actorOf(coop), input(householdForm("HTC-001", { headSex: "female", headName: "Lê Thị Hoa" })), hh[0]!);
    expect(r.ok && r.household.headName).toBe("Lê Thị Hoa");
    const foreign = await saveHousehold(t.db, actorOf(other), input(householdForm("HTC-001")), hh[0]!);
    expect(foreign).toMatchObject({ ok: false, reason: "household_not_found" });
  });

  it("keeps a status history by year with the standard in force, and yearly surveys", async () => {
    expect(await recordStatus(t.db, actorOf(coop), hh[0]!, { year: "2021", status: "poor" })).toEqual({
      ok: true,
      record: { year: 2021, status: "poor", standard: "2016-2021" },
    });
    await recordStatus(t.db, actorOf(coop), hh[0]!, { year: "2026", status: "near_poor" });
    // A second record for the same year replaces the first.
    const again = await recordStatus(t.db, actorOf(coop), hh[0]!, { year: "2026", status: "newly_escaped" });
    expect(again.ok && again.record.standard).toBe("2026-2030");
    expect((await recordStatus(t.db, actorOf(coop), hh[0]!, { year: "2010", status: "poor" })).ok).toBe(false);
    expect((await recordStatus(t.db, actorOf(coop), hh[0]!, { year: "2026", status: "rich" })).ok).toBe(false);
    expect((await recordStatus(t.db, actorOf(other), hh[0]!, { year: "2026", status: "poor" })).ok).toBe(false);
    const survey = await recordSurvey(t.db, actorOf(coop), hh[0]!, { year: "2026", incomePerPersonVnd: "30000000", memberCount: "4", surveyedOn: "2026-11-01" });
    expect(survey.ok).toBe(true);
    const record = await getHouseholdRecord(t.db, coop, hh[0]!);
    expect(record?.statuses.map((s) => [s.year, s.status])).toEqual([
      [2026, "newly_escaped"],
      [2021, "poor"],
    ]);
    expect(await getHouseholdRecord(t.db, other, hh[0]!)).toBeNull();
    const list = await listHouseholds(t.db, coop, 2026);
    expect(list.map((h) => [h.code, h.status])).toEqual([
      ["HTC-001", "newly_escaped"],
      ["HTC-002", null],
      ["HTC-003", null],
    ]);
  });

  let rawLot = "";
  it("records deliveries: the first starts a raw lot, the next ones feed it; re-recording changes nothing", async () => {
    const first = await recordSupply(t.db, actorOf(coop), { householdId: hh[0]!, reference: "PN-001", mode: "new", productId: leafProduct, lotCode: "BT2611-01", quantity: "50", uom: "KGM", suppliedOn: "2026-11-10", pricePaidVnd: "2.500.000" }, { today });
    if (!first.ok) throw new Error(JSON.stringify(first.fieldErrors));
    expect(first.batchCreated).toBe(true);
    rawLot = first.supply.batchId;
    for (const [i, qty] of [[1, "30"], [2, "20"]] as const) {
      const r = await recordSupply(
        t.db,
        actorOf(coop),
        { householdId: hh[i]!, reference: `PN-00${i + 1}`, mode: "existing", batchId: rawLot, quantity: qty, uom: "KGM", suppliedOn: "2026-11-10", pricePaidVnd: "0" },
        { today },
      );
      expect(r.ok).toBe(true);
    }
    const [lot] = await t.db.select({ quantity: batches.quantity }).from(batches).where(eq(batches.id, rawLot));
    expect(Number(lot!.quantity)).toBe(100);
    const again = await recordSupply(t.db, actorOf(coop), { householdId: hh[1]!, reference: "PN-002", mode: "existing", batchId: rawLot, quantity: "30", uom: "KGM", suppliedOn: "2026-11-10", pricePaidVnd: "0" }, { today });
    expect(again.ok && again.unchanged).toBe(true);
    const [still] = await t.db.select({ quantity: batches.quantity }).from(batches).where(eq(batches.id, rawLot));
    expect(Number(still!.quantity)).toBe(100);
    const clash = await recordSupply(t.db, actorOf(coop), { householdId: hh[1]!, reference: "PN-002", mode: "existing", batchId: rawLot, quantity: "31", uom: "KGM", suppliedOn: "2026-11-10", pricePaidVnd: "0" }, { today });
    expect(clash).toEqual({ ok: false, reason: "reference_taken", field: "reference", fieldErrors: { reference: "hh.error.referenceTaken" } });
  });

  it("receives each delivery into an existing lot as a receiving step on its record, chain and EPCIS export", async () => {
    const events = await listBatchEvents(t.db, rawLot);
    const receiving = events.filter((e) => e.bizStep === "receiving");
    expect(receiving.map((e) => [Number(e.quantity), e.uom, e.details])).toEqual([
      [30, "KGM", { deliveryReference: "PN-002", lotQuantityAfter: "80" }],
      [20, "KGM", { deliveryReference: "PN-003", lotQuantityAfter: "100" }],
    ]);
    // Delivered on 10 November: noon that day in Vietnam.
    expect(receiving[0]!.eventTime.toISOString()).toBe("2026-11-10T05:00:00.000Z");
    // The re-recorded delivery added no second step.
    expect(events.filter((e) => e.details.deliveryReference === "PN-002")).toHaveLength(1);
    expect(await verifyBatchChain(t.db, rawLot)).toMatchObject({ ok: true });
    const doc = await getBatchEpcisDocument(t.db, rawLot, "https://trace.example.vn");
    const epcisEvents = (doc as unknown as { epcisBody: { eventList: { bizStep?: string; quantityList?: { quantity: number }[] }[] } }).epcisBody.eventList;
    expect(epcisEvents.filter((e) => e.bizStep === "receiving").map((e) => e.quantityList?.[0]?.quantity)).toEqual([30, 20]);
  });

  it("refuses bad deliveries and leaves no lot behind", async () => {
    const base = { householdId: hh[0]!, mode: "new", productId: leafProduct, quantity: "5", uom: "KGM", suppliedOn: "2026-11-11", pricePaidVnd: "0" };
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ reference: "PN-100", lotCode: "X1", quantity: "-5" }, { quantity: "hh.error.negativeQuantity" }],
      [{ reference: "PN-101", lotCode: "X2", suppliedOn: "2026-12-01" }, { suppliedOn: "hh.error.future" }],
      [{ reference: "PN-102", lotCode: "X3", productId: teaProduct }, { productId: "hh.error.product" }],
      [{ reference: "PN-103", lotCode: "BT2611-01" }, { lotCode: "hh.error.lotTaken" }],
      [{ reference: "PN-104", lotCode: "X4", suppliedOn: "2019-01-01" }, { suppliedOn: "hh.error.notMember" }],
      [{ reference: "PN-105", mode: "existing", batchId: rawLot, uom: "TNE" }, { uom: "hh.error.uomMismatch" }],
      [{ reference: "PN-106", lotCode: "X5", pricePaidVnd: "-100" }, { pricePaidVnd: "hh.error.negativeAmount" }],
    ];
    for (const [over, errors] of cases) {
      const r = await recordSupply(t.db, actorOf(coop), { ...base, ...over }, { today });
      expect(r.ok ? r : r.fieldErrors).toMatchObject(errors);
    }
    const lots = await t.db.select({ lotCode: batches.lotCode }).from(batches).where(eq(batches.organisationId, coop));
    expect(lots.map((l) => l.lotCode)).toEqual(["BT2611-01"]);
    // Another cooperative cannot deliver into this cooperative's lot or for its household.
    const foreign = await recordSupply(t.db, actorOf(other), { ...base, reference: "PN-1", mode: "existing", batchId: rawLot }, { today });
    expect(foreign.ok).toBe(false);
  });

  it("records payments, refusing zero, negative and duplicate references", async () => {
    const ok = await recordPayment(t.db, actorOf(coop), { householdId: hh[1]!, reference: "TT-01", kind: "profit_share", paidOn: "2026-11-15", amountVnd: "1 000 000" }, { today });
    expect(ok.ok).toBe(true);
    expect((await recordPayment(t.db, actorOf(coop), { householdId: hh[1]!, reference: "TT-01", kind: "profit_share", paidOn: "2026-11-15", amountVnd: "1000000" }, { today }))).toMatchObject({ ok: true, unchanged: true });
    const zero = await recordPayment(t.db, actorOf(coop), { householdId: hh[1]!, reference: "TT-02", kind: "wage", paidOn: "2026-11-15", amountVnd: "0" }, { today });
    expect(zero).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { amountVnd: "hh.error.amountPositive" } });
    const kind = await recordPayment(t.db, actorOf(coop), { householdId: hh[1]!, reference: "TT-03", kind: "gift", paidOn: "2026-11-15", amountVnd: "5" }, { today });
    expect(kind.ok).toBe(false);
  });

  it("each command writes its own audit entry with its rows; refused and unchanged writes leave none", async () => {
    const entries = await t.db.select().from(auditEvents).where(eq(auditEvents.organisationId, coop));
    const counts: Record<string, number> = {};
    for (const e of entries) counts[`${e.entityType}/${e.action}`] = (counts[`${e.entityType}/${e.action}`] ?? 0) + 1;
    expect(counts).toEqual({
      "household/create": 3,
      "household/record_status": 3,
      "household/record_survey": 1,
      "household_supply/create": 3,
      "household_payment/create": 1,
      // The delivery that started a raw lot created it through the trace context's command.
      "batch/create": 1,
    });
    // The log names a household by id and code only: it is not a second copy of personal data.
    const created = entries.find((e) => e.entityType === "household" && e.action === "create" && e.entityId === hh[0]);
    expect(created?.changes).toEqual({ before: null, after: { code: "HTC-001" } });
    expect(entries.find((e) => e.action === "record_status" && e.changes.after?.year === 2021)?.changes.after).toEqual({
      year: 2021,
      status: "poor",
      standard: "2016-2021",
    });
  });

  it("attributes sold value back through two processing steps to the households by input share", async () => {
    const lot = async (productId: string, lotCode: string, quantity: string, uom: string) => {
      const [batch] = await t.db.insert(batches).values({ organisationId: coop, productId, lotCode, quantity, uom, producedOn: "2026-11-12" }).returning();
      return batch!.id;
    };
    // A cooperative-own raw lot (no deliveries) goes in beside the households' lot.
    const ownLot = await lot(leafProduct, "OWN-01", "100", "KGM");
    const dried = await lot(leafProduct, "DRY-01", "40", "KGM");
    const packed = await lot(teaProduct, "TC-01", "200", "H87");
    const t1 = await recordTransformation(t.db, {
      organisationId: coop,
      outputBatchId: dried,
      inputs: [
        { batchId: rawLot, quantity: "100", uom: "KGM" },
        { batchId: ownLot, quantity: "100", uom: "KGM" },
      ],
      event: { eventTime: new Date("2026-11-12T02:00:00Z") },
    });
    expect(t1.ok).toBe(true);
    const t2 = await recordTransformation(t.db, {
      organisationId: coop,
      outputBatchId: packed,
      inputs: [{ batchId: dried, quantity: "40", uom: "KGM" }],
      event: { eventTime: new Date("2026-11-13T02:00:00Z") },
    });
    expect(t2.ok).toBe(true);

    const weights = await attributeBatch(t.db, packed);
    expect(weights.get(hh[0]!)).toBeCloseTo(0.25, 12);
    expect(weights.get(hh[1]!)).toBeCloseTo(0.15, 12);
    expect(weights.get(hh[2]!)).toBeCloseTo(0.1, 12);

    await sell(packed, 10, 100_000); // 1,000,000 sold
    await sell(packed, 5, 100_000, { released: true }); // went back to stock
    await sell(packed, 5, 100_000, { subStatus: "cancelled" });
    await sell(packed, 5, 100_000, { status: "cancelled" });
    await sell(packed, 5, 100_000, { unpaid: true }); // cash not collected yet: no sale (decision 0020)
    await sell(packed, 2, 100_000, { createdAt: new Date("2026-12-31T17:30:00Z") }); // 1 January 2027 in Vietnam

    const y2026 = await attributedSalesByHousehold(t.db, { organisationId: coop, year: 2026 });
    expect(Object.fromEntries([...y2026].map(([id, v]) => [hh.indexOf(id), v]))).toEqual({ 0: 250_000, 1: 150_000, 2: 100_000 });
    const y2027 = await attributedSalesByHousehold(t.db, { organisationId: coop, year: 2027 });
    expect(y2027.get(hh[0]!)).toBe(50_000);
    expect((await attributedSalesByHousehold(t.db, { organisationId: other, year: 2026 })).size).toBe(0);

    const report = await householdIncomeReport(t.db, { organisationId: coop, year: 2026 });
    const first = report.find((r) => r.code === "HTC-001")!;
    expect(first).toMatchObject({ moneyReceivedVnd: 2_500_000, attributedSalesVnd: 250_000, incomePerPersonVnd: 30_000_000, baselineIncomeVnd: 20_000_000, povertyLineVnd: 26_400_000, aboveLine: true });
    expect(first.growthRatio).toBeCloseTo(1.5, 12);
    expect(report.find((r) => r.code === "HTC-002")).toMatchObject({ moneyReceivedVnd: 1_000_000, attributedSalesVnd: 150_000, incomePerPersonVnd: null });
  });

  it("a lot already processed or sold refuses deliveries, writing nothing", async () => {
    const snapshot = async (batchId: string) => ({
      quantity: (await t.db.select({ q: batches.quantity }).from(batches).where(eq(batches.id, batchId)))[0]!.q,
      events: (await t.db.select().from(traceEvents).where(eq(traceEvents.batchId, batchId))).length,
      supplies: (await t.db.select().from(householdSupplies).where(eq(householdSupplies.batchId, batchId))).length,
      audits: (await t.db.select().from(auditEvents).where(eq(auditEvents.organisationId, coop))).length,
    });
    // rawLot went into the dried lot in the test before.
    const before = await snapshot(rawLot);
    const processed = await recordSupply(t.db, actorOf(coop), { householdId: hh[0]!, reference: "PN-200", mode: "existing", batchId: rawLot, quantity: "45", uom: "KGM", suppliedOn: "2026-11-20", pricePaidVnd: "0" }, { today });
    expect(processed).toEqual({ ok: false, reason: "batch_processed", field: "batchId", fieldErrors: { batchId: "hh.error.batchProcessed" } });
    expect(await snapshot(rawLot)).toEqual(before);

    const [sold] = await t.db.insert(batches).values({ organisationId: coop, productId: leafProduct, lotCode: "SOLD-RAW", quantity: "10", uom: "KGM", producedOn: "2026-11-12" }).returning();
    await sell(sold!.id, 1, 1_000);
    const soldBefore = await snapshot(sold!.id);
    const refused = await recordSupply(t.db, actorOf(coop), { householdId: hh[0]!, reference: "PN-201", mode: "existing", batchId: sold!.id, quantity: "5", uom: "KGM", suppliedOn: "2026-11-20", pricePaidVnd: "0" }, { today });
    expect(refused).toMatchObject({ ok: false, reason: "batch_sold", fieldErrors: { batchId: "hh.error.batchSold" } });
    expect(await snapshot(sold!.id)).toEqual(soldBefore);
    // Neither lot is offered to the delivery form any more.
    const { openLots } = await listSupplyTargets(t.db, coop);
    expect(openLots.map((l) => l.id)).not.toContain(rawLot);
    expect(openLots.map((l) => l.id)).not.toContain(sold!.id);
  });

  it("the department's aggregates never show a cell under 5 households", async () => {
    const a = await householdAggregates(t.db, 2026);
    // 4 households in all (3 + 1 in the other cooperative): everything is hidden.
    expect(a.statusBySex.total).toBeNull();
    expect(a.cooperatives.counts.cells.flat().every((v) => v === null)).toBe(true);
    expect(a.cooperatives.moneyReceivedVnd.every((v) => v === null)).toBe(true);
    expect(JSON.stringify(a)).not.toContain("HTC-001");
    expect(JSON.stringify(a)).not.toContain("Nguyễn");
    // With enough households the cooperative's figures show.
    for (let i = 10; i < 16; i++) await createHousehold(t.db, actorOf(coop), householdForm(`HTC-0${i}`, { communeId: String(wardId) }));
    const b = await householdAggregates(t.db, 2026);
    const coopRow = b.cooperatives.rows.findIndex((r) => r.organisationId === coop);
    const otherRow = 1 - coopRow;
    // The other cooperative's single household is hidden, and so is one more figure (its complement):
    // otherwise 10 − 9 would give it back.
    expect(b.cooperatives.counts.cells[otherRow]![0]).toBeNull();
    expect([b.cooperatives.counts.cells[coopRow]![0], b.cooperatives.counts.total]).toContain(null);
    expect(isSafe(b.cooperatives.counts)).toBe(true);
    // Once every cell counts 5 or more, the figures show (primary suppression alone: which further cells
    // complementary suppression hides depends on the communes the households live in, decision 0016).
    for (let i = 20; i < 26; i++) await createHousehold(t.db, actorOf(other), householdForm(`HK-0${i}`));
    const c = await householdAggregates(t.db, 2026, undefined, "live", { complementary: false });
    expect(c.cooperatives.counts.cells[coopRow]![0]).toBe(9);
    expect(c.cooperatives.counts.cells[otherRow]![0]).toBe(7);
    expect(c.cooperatives.counts.total).toBe(16);
    expect(c.cooperatives.attributedSalesVnd[coopRow]).toBe(500_000);
    expect(c.cooperatives.moneyReceivedVnd[coopRow]).toBe(3_500_000);
  });
});
