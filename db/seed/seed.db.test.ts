import { and, count, countDistinct, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { appMeta, batches, batchInputs, communes, organisations, products, provinces, traceEvents } from "#db/schema";
import { isValidGtin14 } from "~/catalog/gtin";
import { verifyBatchChain } from "~/trace/events.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { DEMO_TODAY, ocopExpiry } from "./demo";
import { seedDemoData, type SeedResult } from "./index";

let t: TestDatabase;
let first: SeedResult;

async function tableCounts() {
  const tables = { communes, organisations, products, batches, traceEvents, batchInputs, appMeta } as const;
  const result: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await t.db.select({ n: count() }).from(table);
    result[name] = row!.n;
  }
  return result;
}

beforeAll(async () => {
  t = await createTestDatabase();
  first = await seedDemoData(t.db);
});

afterAll(async () => {
  await t?.dispose();
});

describe("demo seed", () => {
  it("reports what it inserted", () => {
    expect(first.seeded).toBe(true);
    expect(first.counts.organisations).toBeGreaterThanOrEqual(9);
    expect(first.counts.batches).toBeGreaterThanOrEqual(45);
    expect(first.counts.transformations).toBeGreaterThanOrEqual(3);
  });

  it("has the 34 provinces of 2025, Thái Nguyên among them", async () => {
    const rows = await t.db.select().from(provinces);
    expect(rows).toHaveLength(34);
    expect(rows.filter((p) => p.kind === "city")).toHaveLength(6);
    expect(rows.find((p) => p.code === "19")).toMatchObject({ nameVi: "Thái Nguyên", slug: "thai-nguyen" });
    expect(rows.find((p) => p.code === "79")).toMatchObject({ nameVi: "TP. Hồ Chí Minh", nameEn: "Ho Chi Minh City" });
    for (const p of rows) expect(p.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it("places at least six active cooperatives in six different communes of Thái Nguyên", async () => {
    const [row] = await t.db
      .select({ n: count(), communes: countDistinct(organisations.communeId) })
      .from(organisations)
      .innerJoin(communes, eq(communes.id, organisations.communeId))
      .where(and(eq(organisations.kind, "cooperative"), eq(organisations.status, "active"), eq(communes.provinceCode, "19")));
    expect(row!.n).toBeGreaterThanOrEqual(6);
    expect(row!.communes).toBeGreaterThanOrEqual(6);
    const kinds = new Set((await t.db.select({ kind: organisations.kind }).from(organisations)).map((r) => r.kind));
    for (const kind of ["household_business", "enterprise", "department", "platform"]) expect(kinds).toContain(kind);
  });

  it("marks every seeded row as demo data", async () => {
    for (const table of [organisations, products, batches, traceEvents]) {
      const [row] = await t.db.select({ n: count() }).from(table).where(eq(table.isDemo, false));
      expect(row!.n).toBe(0);
    }
  });

  it("has finished products of 3, 4 and 5 stars, key products, featured ones and valid GTINs", async () => {
    const finished = await t.db.select().from(products).where(eq(products.kind, "finished"));
    expect(finished.length).toBeGreaterThanOrEqual(20);
    const stars = new Set(finished.map((p) => p.ocopStars));
    for (const s of [3, 4, 5]) expect(stars).toContain(s);
    expect(finished.filter((p) => p.keyProductLevel && p.ocopStars === null).length).toBeGreaterThanOrEqual(2);
    expect(finished.filter((p) => p.isFeatured).length).toBeGreaterThanOrEqual(6);
    const gtins = finished.filter((p) => p.gtin);
    expect(gtins.length).toBeGreaterThanOrEqual(5);
    for (const p of gtins) expect(isValidGtin14(p.gtin!)).toBe(true);
    for (const p of finished) {
      expect(p.priceVnd, p.slug).toBeGreaterThan(0);
      expect(Number.isInteger(p.priceVnd)).toBe(true);
    }
  });

  it("gives OCOP certificates 36 months, one expired and one expiring within 90 days", async () => {
    const ocop = await t.db.select().from(products).where(isNotNull(products.ocopStars));
    for (const p of ocop) {
      expect(p.ocopExpiresOn).toBe(ocopExpiry(p.ocopIssuedOn!));
      expect(p.ocopIssuedOn! >= "2023-01-01" && p.ocopIssuedOn! <= "2026-12-31").toBe(true);
    }
    const daysLeft = (d: string) => (Date.parse(d) - Date.parse(DEMO_TODAY)) / 86_400_000;
    expect(ocop.some((p) => daysLeft(p.ocopExpiresOn!) < 0)).toBe(true);
    expect(ocop.some((p) => daysLeft(p.ocopExpiresOn!) >= 0 && daysLeft(p.ocopExpiresOn!) <= 90)).toBe(true);
  });

  it("has a closed OCOP round whose decision's certificates carry the stars, and a round in scoring", async () => {
    const rounds = rowsOf<{ name: string; status: string; applications: number; members: number }>(
      await t.db.execute(sql`select r.name, r.status::text as status,
        (select count(*)::int from ocop_applications a where a.round_id = r.id) as applications,
        (select count(*)::int from ocop_council_members m where m.round_id = r.id) as members
        from ocop_rounds r order by r.name`),
    );
    expect(rounds).toEqual([
      { name: "Đợt 1 năm 2026", status: "closed", applications: 3, members: 5 },
      { name: "Đợt 2 năm 2026", status: "scoring", applications: 2, members: 5 },
    ]);
    const results = rowsOf<{ slug: string; stars: number | null; score: number; status: string; certificate: string | null; mirrored: number | null }>(
      await t.db.execute(sql`select p.slug, i.stars, i.score::float as score, a.status::text as status, c.number as certificate, p.ocop_stars as mirrored
        from ocop_decision_items i join ocop_applications a on a.id = i.application_id join products p on p.id = a.product_id
        left join ocop_certificates c on c.application_id = a.id order by p.slug`),
    );
    expect(results.map((r) => [r.slug, r.stars, r.status, r.mirrored])).toEqual([
      ["cam-sanh-cho-don", 4, "certificate_issued", 4],
      ["gao-nep-dinh-hoa", 3, "certificate_issued", 3],
      ["quyt-cho-don", null, "decided", null],
    ]);
    for (const r of results) expect(r.stars === null ? r.score < 50 : r.score >= 50).toBe(true);
    expect(results.filter((r) => r.certificate).every((r) => /^OCOP-TN-2026-[0-9]{4}$/.test(r.certificate!))).toBe(true);
    // Round 2: two members submitted, one has a draft, one declared a conflict with the cooperative.
    const [progress] = rowsOf<{ submitted: number; scorers: number; conflicts: number }>(
      await t.db.execute(sql`select (select count(*)::int from ocop_score_submissions s where s.application_id = a.id) as submitted,
        (select count(distinct user_id)::int from ocop_council_scores s where s.application_id = a.id) as scorers,
        (select count(*)::int from ocop_conflicts c where c.round_id = a.round_id and c.organisation_id = a.organisation_id) as conflicts
        from ocop_applications a where a.number = 'HS-2026-0004'`),
    );
    expect(progress).toEqual({ submitted: 2, scorers: 3, conflicts: 1 });
  });

  it("keeps raw materials out of OCOP and out of the price list", async () => {
    const raw = await t.db.select().from(products).where(eq(products.kind, "raw_material"));
    expect(raw.length).toBeGreaterThanOrEqual(3);
    for (const p of raw) {
      expect(p.ocopStars).toBeNull();
      expect(p.priceVnd).toBeNull();
    }
  });

  it("has at least 40 lots, each with 3 to 7 events in time order, none after the demo's today", async () => {
    const lots = await t.db.select().from(batches);
    expect(lots.length).toBeGreaterThanOrEqual(40);
    for (const lot of lots) {
      expect(lot.lotCode).toMatch(/^[!%-?A-Z_a-z"]{1,20}$/);
      expect(lot.producedOn <= DEMO_TODAY && lot.producedOn >= "2025-01-01").toBe(true);
      const events = await t.db.select().from(traceEvents).where(eq(traceEvents.batchId, lot.id)).orderBy(traceEvents.sequence);
      expect(events.length, lot.lotCode).toBeGreaterThanOrEqual(3);
      expect(events.length, lot.lotCode).toBeLessThanOrEqual(7);
      for (let i = 1; i < events.length; i += 1) {
        expect(events[i]!.eventTime.getTime(), lot.lotCode).toBeGreaterThanOrEqual(events[i - 1]!.eventTime.getTime());
      }
      for (const e of events) {
        expect(e.eventTime.getTime()).toBeLessThanOrEqual(Date.parse(`${DEMO_TODAY}T00:00:00+07:00`));
        expect(e.eventTime.getUTCFullYear()).toBeGreaterThanOrEqual(2025);
        expect(e.eventTimeZoneOffset).toBe("+07:00");
      }
    }
    const statuses = new Set(lots.map((l) => l.status));
    expect(statuses.has("recalled") || statuses.has("withdrawn")).toBe(true);
  });

  it("respects the pre-harvest interval of every spraying", async () => {
    const sprays = await t.db.select().from(traceEvents).where(eq(traceEvents.bizStep, "urn:ocoptrace:bizstep:spraying"));
    expect(sprays.length).toBeGreaterThan(0);
    for (const spray of sprays) {
      const [harvest] = await t.db
        .select()
        .from(traceEvents)
        .where(and(eq(traceEvents.batchId, spray.batchId), eq(traceEvents.bizStep, "urn:ocoptrace:bizstep:harvesting")));
      const days = Number(spray.details.preHarvestIntervalDays);
      expect(days).toBeGreaterThan(0);
      expect(harvest!.eventTime.getTime() - spray.eventTime.getTime()).toBeGreaterThanOrEqual(days * 86_400_000);
    }
  });

  it("records transformations with two or more inputs, never consuming more than a lot holds", async () => {
    const outputs = await t.db
      .select({ output: batchInputs.outputBatchId, inputs: count() })
      .from(batchInputs)
      .groupBy(batchInputs.outputBatchId);
    expect(outputs.length).toBeGreaterThanOrEqual(3);
    expect(outputs.some((o) => o.inputs >= 2)).toBe(true);
    const over = await t.db.execute(sql`
      select b.lot_code from batches b join batch_inputs bi on bi.input_batch_id = b.id
      group by b.id, b.lot_code, b.quantity having sum(bi.quantity) > b.quantity`);
    expect(rowsOf(over)).toEqual([]);
    const [transformationEvents] = await t.db
      .select({ n: count() })
      .from(traceEvents)
      .where(eq(traceEvents.eventType, "TransformationEvent"));
    expect(transformationEvents!.n).toBe(outputs.length);
  });

  it("verifies the hash chain of every lot", async () => {
    const lots = await t.db.select({ id: batches.id, lot: batches.lotCode }).from(batches);
    for (const lot of lots) {
      const verdict = await verifyBatchChain(t.db, lot.id);
      expect(verdict.ok, lot.lot).toBe(true);
    }
  });

  it("leaves communes without unconfirmed official codes", async () => {
    const [withCode] = await t.db.select({ n: count() }).from(communes).where(isNotNull(communes.code));
    const [withoutCode] = await t.db.select({ n: count() }).from(communes).where(isNull(communes.code));
    expect(withCode!.n).toBe(0);
    expect(withoutCode!.n).toBeGreaterThanOrEqual(12);
  });

  it("changes nothing when run again", async () => {
    const before = await tableCounts();
    const again = await seedDemoData(t.db);
    expect(again.seeded).toBe(false);
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
    expect(await tableCounts()).toEqual(before);
  });

  it("fills in only what is missing when the marker is gone, and adds no events to existing lots", async () => {
    await t.db.delete(appMeta).where(eq(appMeta.key, "demo_seed"));
    const before = await tableCounts();
    const again = await seedDemoData(t.db);
    expect(again.seeded).toBe(false);
    expect(await tableCounts()).toEqual({ ...before, appMeta: before.appMeta! + 1 });
    const [marker] = await t.db.select().from(appMeta).where(eq(appMeta.key, "demo_seed"));
    expect(marker).toBeDefined();
  });
});
