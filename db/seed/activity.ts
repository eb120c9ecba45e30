/**
 * What happened around the demo lots from November 2025 to November 2026: member households with
 * their poverty status and income surveys, their deliveries into raw lots and the cooperatives'
 * payments to them, storefront orders from buyers across the country (placed, paid and fulfilled
 * through the market context's own functions, so stock and allocations follow its rules), and QR
 * scans of the lots. Deterministic (one PRNG seed) and clearly demo data: rows carry is_demo where
 * the table has it, households' codes and deliveries' references are the demo's own.
 *
 * Runs inside the demo seed's transaction. Once its marker is written later runs change nothing; a
 * database seeded before this existed gets it on its next seed or start.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  appMeta,
  batches,
  batchStock,
  carts,
  cartItems,
  communes,
  householdIncomeSurveys,
  householdPayments,
  households,
  householdStatuses,
  householdSupplies,
  listings,
  memberships,
  orderEvents,
  organisations,
  products,
  scanCounts,
  subOrders,
  users,
} from "#db/schema";
import { householdFormSchema, paymentFormSchema, statusFormSchema, supplyFormSchema, surveyFormSchema } from "~/households/schema";
import { silentLogger } from "~/lib/logger";
import { checkoutSchema } from "~/market/checkout-schema";
import { placeOrder } from "~/market/checkout.server";
import { moveSubOrder } from "~/market/fulfilment.server";
import { THAI_NGUYEN } from "./communes";
import { addDays, DEMO_TODAY, demoBatches, demoProducts } from "./demo";
import { createRandom, demoHouseholds, type DemoHousehold, type Random } from "./households";
import { startOfVietnamDay, vietnamDate } from "~/lib/vietnam-time";

/** The app_meta key whose presence says the demo activity (households, orders, scans) was loaded. */
export const ACTIVITY_SEED_KEY = "demo_activity_seed";

/** Orders are spread over these months (Vietnam time), all before the demo's today. */
export const ORDERS_FROM = "2025-11-01";
export const ORDERS_UNTIL = "2026-11-22";

export interface ActivitySeedCounts {
  households: number;
  statuses: number;
  surveys: number;
  supplies: number;
  payments: number;
  orders: number;
  cancelledOrders: number;
  scanRows: number;
}

/** A local time in Vietnam as the UTC instant it is stored as. */
const vietnamTime = (date: string, hour: number, minute: number) => new Date(startOfVietnamDay(date).getTime() + (hour * 60 + minute) * 60_000);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function valid<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`Demo seed: invalid ${what}: ${JSON.stringify(parsed.error.issues)}`);
  return parsed.data;
}

export async function seedDemoActivity(tx: Database): Promise<ActivitySeedCounts | null> {
  const [marker] = await tx.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, ACTIVITY_SEED_KEY));
  if (marker) return null;
  const random = createRandom(20_251_101);
  const counts: ActivitySeedCounts = { households: 0, statuses: 0, surveys: 0, supplies: 0, payments: 0, orders: 0, cancelledOrders: 0, scanRows: 0 };

  const orgRows = await tx.select({ id: organisations.id, slug: organisations.slug, isDemo: organisations.isDemo }).from(organisations).where(eq(organisations.isDemo, true));
  const organisationIds = new Map(orgRows.map((o) => [o.slug, o.id]));
  const communeRows = await tx.select({ id: communes.id, slug: communes.slug }).from(communes).where(eq(communes.provinceCode, THAI_NGUYEN));
  const communeIds = new Map(communeRows.map((c) => [c.slug, c.id]));

  const householdIds = await seedHouseholds(tx, { organisationIds, communeIds }, counts);
  await seedSupplies(tx, random, { organisationIds, householdIds }, counts);
  await seedOrders(tx, random, { organisationIds, communeIds }, counts);
  // The demo's past orders are history, not news: the mail their checkout and fulfilment queued (rows written in
  // this transaction, whose now() they carry) is not sent to anyone.
  await tx.execute(sql`delete from outbox_messages where created_at = now()`);
  await seedScans(tx, random, counts);

  // Dashboards rebuild their rollups from the records on their next read: the orders and scans
  // written here are dated in the past, which an incremental refresh would never look at again.
  await tx.execute(sql`delete from insight_refreshes`);
  await tx.execute(sql`delete from insight_scan_months`);

  await tx
    .insert(appMeta)
    .values({ key: ACTIVITY_SEED_KEY, value: { seededAt: new Date().toISOString(), counts } })
    .onConflictDoNothing();
  return counts;
}

// --- households ----------------------------------------------------------------------------

type HouseholdIds = Map<string, { id: string; household: DemoHousehold }>;

async function seedHouseholds(
  tx: Database,
  ids: { organisationIds: Map<string, string>; communeIds: Map<string, number> },
  counts: ActivitySeedCounts,
): Promise<HouseholdIds> {
  const all = demoHouseholds().filter((h) => ids.organisationIds.has(h.organisation) && ids.communeIds.has(h.commune));
  const rows = all.map((h) => {
    // The same form rules a cooperative's manager meets (codes, sizes, dates, baseline pairs).
    const v = valid(
      householdFormSchema,
      {
        code: h.code,
        headName: h.headName,
        headSex: h.headSex,
        memberCount: String(h.memberCount),
        ethnicityCode: h.ethnicityCode,
        communeId: String(ids.communeIds.get(h.commune)),
        village: h.village,
        joinedOn: h.joinedOn,
        baselineYear: h.baseline ? String(h.baseline.year) : "",
        baselineIncomeVnd: h.baseline ? String(h.baseline.incomeVnd) : "",
      },
      `household ${h.code}`,
    );
    return { organisationId: ids.organisationIds.get(h.organisation)!, ...v, isDemo: true };
  });
  for (const part of chunks(rows, 200)) {
    const inserted = await tx.insert(households).values(part).onConflictDoNothing({ target: [households.organisationId, households.code] }).returning({ id: households.id });
    counts.households += inserted.length;
  }
  const stored = await tx
    .select({ id: households.id, organisationId: households.organisationId, code: households.code, isDemo: households.isDemo })
    .from(households)
    .where(inArray(households.organisationId, [...new Set(rows.map((r) => r.organisationId))]));
  const byKey = new Map(stored.filter((s) => s.isDemo).map((s) => [`${s.organisationId}|${s.code}`, s.id]));
  const out: HouseholdIds = new Map();
  for (const h of all) {
    const id = byKey.get(`${ids.organisationIds.get(h.organisation)}|${h.code}`);
    if (id) out.set(h.code, { id, household: h });
  }

  const statusRows = [...out.values()].flatMap(({ id, household: h }) =>
    h.statuses.map((s) => {
      const v = valid(statusFormSchema, { year: String(s.year), status: s.status }, `status of ${h.code}`);
      return { householdId: id, organisationId: ids.organisationIds.get(h.organisation)!, year: v.year, status: v.status, standard: s.standard };
    }),
  );
  const surveyRows = [...out.values()].flatMap(({ id, household: h }) =>
    h.surveys.map((s) => {
      const v = valid(
        surveyFormSchema,
        { year: String(s.year), incomePerPersonVnd: String(s.incomePerPersonVnd), memberCount: String(s.memberCount), surveyedOn: s.surveyedOn },
        `survey of ${h.code}`,
      );
      return { householdId: id, organisationId: ids.organisationIds.get(h.organisation)!, ...v };
    }),
  );
  for (const part of chunks(statusRows, 300)) {
    counts.statuses += (await tx.insert(householdStatuses).values(part).onConflictDoNothing().returning({ year: householdStatuses.year })).length;
  }
  for (const part of chunks(surveyRows, 300)) {
    counts.surveys += (await tx.insert(householdIncomeSurveys).values(part).onConflictDoNothing().returning({ year: householdIncomeSurveys.year })).length;
  }
  return out;
}

// --- deliveries and payments ---------------------------------------------------------------

/** Price paid at the weighing station, VND per kg, by raw product. */
const pricePerKg: Record<string, [number, number]> = {
  "che-bup-tuoi-tan-cuong": [38_000, 55_000],
  "che-bup-tuoi-la-bang": [30_000, 42_000],
  "thoc-bao-thai": [9_000, 10_500],
};

async function seedSupplies(
  tx: Database,
  random: Random,
  ids: { organisationIds: Map<string, string>; householdIds: HouseholdIds },
  counts: ActivitySeedCounts,
): Promise<void> {
  const productBySlug = new Map(demoProducts.map((p) => [p.slug, p]));
  const rawLots = demoBatches.filter((b) => pricePerKg[b.product] && productBySlug.get(b.product)?.kind === "raw_material");
  const productIds = new Map(
    (await tx.select({ id: products.id, slug: products.slug }).from(products).where(inArray(products.slug, [...new Set(rawLots.map((b) => b.product))]))).map((p) => [p.slug, p.id]),
  );
  const lotRows = productIds.size
    ? await tx
        .select({ id: batches.id, productId: batches.productId, lotCode: batches.lotCode, quantity: batches.quantity, isDemo: batches.isDemo })
        .from(batches)
        .where(inArray(batches.productId, [...productIds.values()]))
    : [];
  const lotId = new Map(lotRows.filter((r) => r.isDemo).map((r) => [`${r.productId}|${r.lotCode}`, { id: r.id, quantity: Number(r.quantity) }]));

  const supplyRows: (typeof householdSupplies.$inferInsert)[] = [];
  const supplied = new Map<string, { organisationId: string; kg: number; paid: number; lastOn: string }>();
  for (const lot of rawLots) {
    const organisation = productBySlug.get(lot.product)!.organisation;
    const organisationId = ids.organisationIds.get(organisation);
    const stored = lotId.get(`${productIds.get(lot.product)}|${lot.lot}`);
    if (!organisationId || !stored) continue;
    const suppliedOn = lot.producedOn;
    // Members of the lot's commune first, a few from neighbouring communes; all members on the day.
    const members = [...ids.householdIds.values()].filter((h) => h.household.organisation === organisation && h.household.joinedOn <= suppliedOn);
    const local = members.filter((h) => h.household.commune === lot.commune);
    const others = members.filter((h) => h.household.commune !== lot.commune);
    const take = (from: typeof members, n: number) => [...from].sort(() => random.next() - 0.5).slice(0, n);
    const kg = Number(lot.quantity);
    const wanted = Math.min(local.length, kg >= 1000 ? random.int(9, 13) : random.int(6, 9));
    const suppliers = [...take(local, wanted), ...take(others, random.int(0, 2))];
    if (suppliers.length === 0) continue;
    // Households deliver most of the lot; the rest is the cooperative's own garden or fields.
    const share = 0.88 + random.next() * 0.12;
    const weights = suppliers.map(() => 0.6 + random.next());
    const totalWeight = weights.reduce((s, w) => s + w, 0);
    const [low, high] = pricePerKg[lot.product]!;
    const price = Math.round((low + random.next() * (high - low)) / 500) * 500;
    suppliers.forEach((h, i) => {
      const quantity = Math.max(1, Math.floor(((kg * share * weights[i]!) / totalWeight) * 2) / 2);
      // Some deliveries are paid at the station, the rest at month end (recorded as payments below).
      const paidNow = random.chance(0.7);
      const v = valid(
        supplyFormSchema,
        {
          householdId: h.id,
          reference: `PN-${lot.lot}-${String(i + 1).padStart(2, "0")}`,
          mode: "existing",
          batchId: stored.id,
          quantity: String(quantity),
          uom: "KGM",
          suppliedOn,
          pricePaidVnd: String(paidNow ? Math.round(quantity * price) : 0),
        },
        `delivery into ${lot.lot}`,
      );
      if (v.suppliedOn < h.household.joinedOn) throw new Error(`Demo seed: ${h.household.code} delivered before joining`);
      supplyRows.push({
        organisationId,
        householdId: h.id,
        batchId: stored.id,
        reference: v.reference,
        quantity: v.quantity,
        uom: v.uom,
        suppliedOn: v.suppliedOn,
        pricePaidVnd: v.pricePaidVnd,
        isDemo: true,
      });
      const owed = paidNow ? 0 : Math.round(quantity * price);
      const before = supplied.get(`${h.id}|${lot.lot}`);
      supplied.set(`${h.id}|${lot.lot}`, { organisationId, kg: (before?.kg ?? 0) + quantity, paid: owed, lastOn: suppliedOn });
    });
  }
  for (const part of chunks(supplyRows, 300)) {
    counts.supplies += (await tx.insert(householdSupplies).values(part).onConflictDoNothing().returning({ id: householdSupplies.id })).length;
  }

  // Payments: deferred purchases at month end, seasonal wages in the workshop, a profit share each January.
  const paymentRows: (typeof householdPayments.$inferInsert)[] = [];
  const seq = new Map<string, number>();
  const reference = (organisationId: string, year: string) => {
    const key = `${organisationId}|${year}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    return `TT-${year}-${String(n).padStart(4, "0")}`;
  };
  const push = (organisationId: string, householdId: string, kind: "purchase" | "wage" | "profit_share", paidOn: string, amountVnd: number, note: string) => {
    const v = valid(paymentFormSchema, { householdId, reference: reference(organisationId, paidOn.slice(0, 4)), kind, paidOn, amountVnd: String(amountVnd), note }, "payment");
    paymentRows.push({ organisationId, householdId, reference: v.reference, kind: v.kind, paidOn: v.paidOn, amountVnd: v.amountVnd, note: v.note, isDemo: true });
  };
  for (const [key, s] of [...supplied].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (s.paid <= 0) continue;
    const householdId = key.slice(0, key.indexOf("|"));
    const monthEnd = addDays(`${s.lastOn.slice(0, 7)}-01`, 40).slice(0, 8) + "05";
    push(s.organisationId, householdId, "purchase", monthEnd <= DEMO_TODAY ? monthEnd : s.lastOn, s.paid, `Thanh toán phiếu nhập lô ${key.slice(key.indexOf("|") + 1)}`);
  }
  for (const { id, household: h } of [...ids.householdIds.values()]) {
    const organisationId = ids.organisationIds.get(h.organisation)!;
    for (const year of [2025, 2026]) {
      if (h.joinedOn > `${year - 1}-12-31`) continue;
      push(organisationId, id, "profit_share", `${year}-01-${String(random.int(15, 25)).padStart(2, "0")}`, Math.round((600_000 + random.next() * 2_400_000) / 10_000) * 10_000, `Chia lãi năm ${year - 1}`);
    }
    if (random.chance(0.3)) {
      for (const month of ["2025-05", "2025-09", "2026-04", "2026-08"]) {
        const paidOn = `${month}-${String(random.int(25, 28))}`;
        if (paidOn < h.joinedOn) continue;
        push(organisationId, id, "wage", paidOn, Math.round((1_500_000 + random.next() * 3_000_000) / 10_000) * 10_000, "Tiền công sao chè, đóng gói tại xưởng");
      }
    }
  }
  for (const part of chunks(paymentRows, 300)) {
    counts.payments += (await tx.insert(householdPayments).values(part).onConflictDoNothing().returning({ id: householdPayments.id })).length;
  }
}

// --- orders --------------------------------------------------------------------------------

/** Where demo buyers live: province code by weight (most in the big cities and the home province). */
const buyerProvinces: (readonly [string, number])[] = [
  ["01", 24], ["79", 15], ["19", 12], ["31", 5], ["24", 5], ["22", 4], ["48", 4], ["25", 4], ["33", 3], ["37", 3],
  ["38", 3], ["40", 3], ["46", 3], ["08", 3], ["15", 2], ["20", 2], ["92", 2], ["56", 2], ["68", 2], ["75", 2],
  ["04", 2], ["42", 2], ["51", 1], ["66", 1], ["80", 1], ["86", 1], ["91", 1], ["14", 1], ["44", 1], ["82", 1],
];
/** A ward or commune for provinces whose communes the app does not list (typed by the buyer). */
const typedCommunes: Record<string, string[]> = {
  "01": ["Phường Cầu Giấy", "Phường Hoàn Kiếm", "Phường Đống Đa", "Phường Hà Đông", "Phường Long Biên"],
  "79": ["Phường Sài Gòn", "Phường Tân Định", "Phường Bình Thạnh", "Phường Thủ Đức"],
  "31": ["Phường Lê Chân", "Phường Ngô Quyền"],
  "48": ["Phường Hải Châu", "Phường Thanh Khê"],
};
const streets = ["Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Hoàng Văn Thụ", "Quang Trung", "Lý Thường Kiệt", "Hai Bà Trưng", "Phan Đình Phùng"];
const buyerFamily = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"];
const buyerGiven = ["Minh Anh", "Thu Trang", "Quốc Huy", "Ngọc Lan", "Đức Thịnh", "Thanh Hà", "Gia Bảo", "Hải Yến", "Tuấn Kiệt", "Phương Linh", "Bảo Châu", "Văn Khoa"];

/** What buyers put in their carts, by weight (products e2e specs count exactly are kept well stocked). */
const basket: (readonly [string, number])[] = [
  ["che-tan-cuong-dac-biet", 10], ["che-tan-cuong-tom-non", 9], ["che-tan-cuong-moc-cau", 6], ["tra-xanh-tan-cuong-tui-loc", 7],
  ["gao-bao-thai-dinh-hoa", 12], ["gao-lut-bao-thai", 5], ["gao-nep-dinh-hoa", 4],
  ["che-la-bang-non-tom", 6], ["che-la-bang-moc-cau", 3], ["che-trai-cai-dinh", 4],
  ["mien-dong-na-ri", 6], ["mat-ong-rung-ba-be", 4], ["tra-giao-co-lam-bac-kan", 3], ["hong-say-deo-bac-kan", 3],
];
/** A lot never goes below this share of its units through demo orders (the shop keeps plenty to sell). */
const KEEP_SHARE = 0.4;
/** Lots no demo order takes from: tests (app/market/listings.db.test.ts) use them as lots nobody bought from. */
const UNTOUCHED_LOTS = new Set(["TCDB2510-019", "GBT2607-02"]);

interface SimLot {
  batchId: string;
  lotCode: string;
  productId: string;
  producedOn: string;
  sellUntil: string | null;
  status: string;
  available: number;
  onSale: number;
}

function orderDates(random: Random, n: number): Date[] {
  const from = Date.parse(`${ORDERS_FROM}T00:00:00Z`);
  const until = Date.parse(`${ORDERS_UNTIL}T00:00:00Z`);
  const days = Math.round((until - from) / 86_400_000);
  // More orders before Tết (January–February 2026) and in the autumn tea season.
  const weightOf = (iso: string) => {
    const m = Number(iso.slice(5, 7));
    return m === 1 || (m === 2 && iso < "2026-02-17") ? 2.6 : m === 12 || m === 9 || m === 10 || m === 11 ? 1.4 : 1;
  };
  const candidates = Array.from({ length: days }, (_, i) => new Date(from + i * 86_400_000).toISOString().slice(0, 10));
  const weighted = candidates.map((d) => [d, weightOf(d)] as const);
  const out: Date[] = [];
  // The last fortnight's orders are still under way on the demo's today: a few of them on purpose.
  const recent = weighted.slice(-14);
  for (let i = 0; i < n; i++) out.push(vietnamTime(random.weighted(i < 10 ? recent : weighted), random.int(7, 22), random.int(0, 59)));
  return out.sort((a, b) => a.getTime() - b.getTime());
}

async function seedOrders(
  tx: Database,
  random: Random,
  ids: { organisationIds: Map<string, string>; communeIds: Map<string, number> },
  counts: ActivitySeedCounts,
): Promise<void> {
  const slugs = basket.map(([slug]) => slug);
  const productRows = await tx
    .select({ id: products.id, slug: products.slug, organisationId: products.organisationId })
    .from(products)
    .innerJoin(listings, eq(listings.productId, products.id))
    .where(and(inArray(products.slug, slugs), eq(products.isDemo, true), eq(listings.status, "listed")));
  const productOf = new Map(productRows.map((p) => [p.slug, p]));
  if (productOf.size === 0) return;

  // Lots that were on sale at some point of the period get their units on sale (the market seed
  // only puts lots still sellable today on sale); their leftovers stay on the books, expired.
  const missing = await tx
    .select({ id: batches.id, organisationId: batches.organisationId, productId: batches.productId, quantity: batches.quantity })
    .from(batches)
    .leftJoin(batchStock, eq(batchStock.batchId, batches.id))
    .where(
      and(
        eq(batches.isDemo, true),
        eq(batches.uom, "H87"),
        eq(batches.status, "active"),
        inArray(batches.productId, [...productOf.values()].map((p) => p.id)),
        sql`${batchStock.batchId} is null`,
        sql`coalesce(${batches.expiresOn}, ${batches.bestBefore}) >= ${ORDERS_FROM}::date`,
      ),
    );
  if (missing.length) {
    await tx.insert(batchStock).values(
      missing.map((b) => {
        const units = Math.floor(Number(b.quantity));
        return { batchId: b.id, organisationId: b.organisationId, productId: b.productId, unitsOnSale: units, unitsAvailable: units };
      }),
    ).onConflictDoNothing();
  }

  // A copy of the stock, to choose lines the market's first-expiring-first rule will take from lots
  // that existed on the day of the order, and that leave plenty on sale.
  const lots: SimLot[] = (
    await tx
      .select({
        batchId: batchStock.batchId,
        productId: batchStock.productId,
        lotCode: batches.lotCode,
        producedOn: batches.producedOn,
        sellUntil: sql<string | null>`coalesce(${batches.expiresOn}, ${batches.bestBefore})::text`,
        status: batches.status,
        available: batchStock.unitsAvailable,
        onSale: batchStock.unitsOnSale,
      })
      .from(batchStock)
      .innerJoin(batches, eq(batches.id, batchStock.batchId))
      .where(inArray(batchStock.productId, [...productOf.values()].map((p) => p.id)))
  ).map((l) => ({ ...l, sellUntil: l.sellUntil ?? null }));
  const refreshStock = async () => {
    const rows = await tx.select({ batchId: batchStock.batchId, available: batchStock.unitsAvailable }).from(batchStock).where(inArray(batchStock.batchId, lots.map((l) => l.batchId)));
    const now = new Map(rows.map((r) => [r.batchId, r.available]));
    for (const l of lots) l.available = now.get(l.batchId) ?? l.available;
  };
  const fefo = (productId: string, today: string) =>
    lots
      .filter((l) => l.productId === productId && l.available > 0 && l.status === "active" && (l.sellUntil === null || l.sellUntil >= today))
      .sort((a, b) => (a.sellUntil ?? "9999") .localeCompare(b.sellUntil ?? "9999") || a.producedOn.localeCompare(b.producedOn) || (a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0));
  /** The lots a line would take from, or null when it would reach a lot not yet made or below the floor. */
  const plan = (productId: string, quantity: number, today: string): { lot: SimLot; n: number }[] | null => {
    let left = quantity;
    const taken: { lot: SimLot; n: number }[] = [];
    for (const lot of fefo(productId, today)) {
      if (left === 0) break;
      const n = Math.min(left, lot.available);
      if (lot.producedOn > today || UNTOUCHED_LOTS.has(lot.lotCode) || lot.available - n < Math.ceil(lot.onSale * KEEP_SHARE)) return null;
      taken.push({ lot, n });
      left -= n;
    }
    return left === 0 ? taken : null;
  };

  const provinceCommunes = [...ids.communeIds.values()];
  const buyers = Array.from({ length: 90 }, (_, i) => {
    const provinceCode = random.weighted(buyerProvinces);
    return {
      name: `${random.pick(buyerFamily)} ${random.pick(buyerGiven)}`,
      phone: `09${String(12_000_000 + i * 104_729 + random.int(0, 99)).padStart(8, "0")}`,
      provinceCode,
      communeId: provinceCode === THAI_NGUYEN ? random.pick(provinceCommunes) : undefined,
      communeName: provinceCode === THAI_NGUYEN ? undefined : random.pick(typedCommunes[provinceCode] ?? ["Phường Trung Tâm"]),
      address: `Số ${random.int(2, 180)} ${random.pick(streets)}`,
      email: random.chance(0.4) ? `khach${String(i + 1).padStart(3, "0")}@example.vn` : undefined,
    };
  });

  const actors = await fulfilmentActors(tx, [...new Set(productRows.map((p) => p.organisationId))]);
  const progress: Progress[] = [];
  const lastDay = startOfVietnamDay(DEMO_TODAY).getTime();
  for (const at of orderDates(random, 100)) {
    const today = vietnamDate(at);
    // A returning buyer one time in three.
    const buyer = random.chance(0.35) ? buyers[random.int(0, 14)]! : random.pick(buyers);
    const lineCount = random.weighted<number>([[1, 55], [2, 32], [3, 13]]);
    const chosen = new Map<string, number>();
    for (let i = 0; i < lineCount; i++) {
      const product = productOf.get(random.weighted(basket));
      if (!product || chosen.has(product.id)) continue;
      // Now and then an office buys gift boxes before Tết or for a conference.
      const quantity = random.weighted<number>([[1, 48], [2, 28], [3, 12], [5, 8], [10, 4]]);
      const taken = plan(product.id, quantity, today);
      if (taken) chosen.set(product.id, quantity);
    }
    if (chosen.size === 0) continue;

    const [cart] = await tx.insert(carts).values({ status: "open", createdAt: at, updatedAt: at }).returning({ id: carts.id });
    await tx.insert(cartItems).values([...chosen].map(([productId, quantity]) => ({ cartId: cart!.id, productId, quantity, addedAt: at })));
    const paymentMethod = random.chance(0.55) ? "bank_transfer" : "cash_on_delivery";
    const form = valid(
      checkoutSchema,
      {
        contactName: buyer.name,
        phone: buyer.phone,
        email: buyer.email,
        provinceCode: buyer.provinceCode,
        communeId: buyer.communeId === undefined ? undefined : String(buyer.communeId),
        communeName: buyer.communeName,
        address: buyer.address,
        note: random.chance(0.15) ? "Giao giờ hành chính" : undefined,
        paymentMethod,
      },
      "checkout form",
    );
    const placed = await placeOrder(tx, { cartId: cart!.id, userId: null, form, cardAvailable: false, locale: "vi", today, now: at });
    if (!placed.ok) throw new Error(`Demo seed: demo order refused (${placed.reason})`);
    counts.orders += 1;
    for (const [productId, quantity] of chosen) for (const { lot, n } of plan(productId, quantity, today)!) lot.available -= n;

    // What became of it: older orders were delivered (a few cancelled), the last days' are under way.
    const ageDays = (lastDay - at.getTime()) / 86_400_000;
    const subs = await tx
      .select({ id: subOrders.id, orderId: subOrders.orderId, organisationId: subOrders.organisationId, reference: subOrders.reference, totalVnd: subOrders.totalVnd })
      .from(subOrders)
      .where(eq(subOrders.orderId, placed.orderId));
    let cancelled = 0;
    for (const sub of subs) {
      const actor = actors.get(sub.organisationId);
      if (!actor) continue;
      const fate: Fate =
        ageDays > 12
          ? random.weighted<Fate>([["delivered", 91], ["cancelled", 9]])
          : random.weighted<Fate>([["pending", 2], ["confirmed", 2], ["packed", 2], ["shipped", 3], ["delivered", 3]]);
      if (fate === "cancelled") {
        // Through the market's own step: the stock goes back and the payment is no longer expected.
        const bank = paymentMethod === "bank_transfer";
        const when = new Date(at.getTime() + (bank ? 72 : 5) * 3_600_000);
        const form = { intent: "cancel", reason: bank ? "Khách không chuyển khoản sau 3 ngày" : "Khách gọi điện huỷ đơn" };
        const result = await moveSubOrder(tx, null, silentLogger, { organisationId: sub.organisationId, reference: sub.reference, actor, form, now: when });
        if (!result.ok) throw new Error(`Demo seed: cancelling ${sub.reference} refused (${result.reason})`);
        cancelled += 1;
      } else {
        const p = progressTo({ sub, actor, paymentMethod, fate, at }, random);
        if (p) progress.push(p);
      }
    }
    // Cancelled units went back on sale: the copy follows.
    if (cancelled > 0) await refreshStock();
    if (cancelled > 0 && cancelled === subs.length) counts.cancelledOrders += 1;
  }

  // The demo consumer's own orders, so that "My orders" shows something when one signs in as them: one delivered
  // from two cooperatives, one on its way, one still waiting for its VietQR transfer. A random stream of their own
  // keeps the rest of the demo data as it was.
  const [consumer] = await tx.select({ id: users.id, email: users.email, name: users.displayName }).from(users).where(eq(users.email, DEMO_CONSUMER_EMAIL));
  const consumerRandom = createRandom(20_261_122);
  for (const mine of consumerOrders) {
    if (!consumer) break;
    const at = vietnamTime(mine.date, mine.hour, mine.minute);
    const today = vietnamDate(at);
    const chosen = mine.lines
      .map(([slug, quantity]) => ({ product: productOf.get(slug), quantity }))
      .filter((l): l is { product: NonNullable<typeof l.product>; quantity: number } => l.product !== undefined && plan(l.product.id, l.quantity, today) !== null);
    if (chosen.length === 0) continue;
    const [cart] = await tx.insert(carts).values({ status: "open", userId: consumer.id, createdAt: at, updatedAt: at }).returning({ id: carts.id });
    await tx.insert(cartItems).values(chosen.map((l) => ({ cartId: cart!.id, productId: l.product.id, quantity: l.quantity, addedAt: at })));
    const form = valid(
      checkoutSchema,
      {
        contactName: consumer.name.replace(/ \(demo\)$/, ""),
        phone: "0912 686 868",
        email: consumer.email,
        provinceCode: THAI_NGUYEN,
        communeId: String(ids.communeIds.get("phan-dinh-phung") ?? provinceCommunes[0]),
        address: "Số 25 Hoàng Văn Thụ",
        paymentMethod: mine.paymentMethod,
      },
      "demo consumer's checkout form",
    );
    const placed = await placeOrder(tx, { cartId: cart!.id, userId: consumer.id, form, cardAvailable: false, locale: "vi", today, now: at });
    if (!placed.ok) throw new Error(`Demo seed: the demo consumer's order was refused (${placed.reason})`);
    counts.orders += 1;
    for (const l of chosen) for (const { lot, n } of plan(l.product.id, l.quantity, today)!) lot.available -= n;
    const subs = await tx
      .select({ id: subOrders.id, orderId: subOrders.orderId, organisationId: subOrders.organisationId, reference: subOrders.reference, totalVnd: subOrders.totalVnd })
      .from(subOrders)
      .where(eq(subOrders.orderId, placed.orderId));
    for (const sub of subs) {
      const actor = actors.get(sub.organisationId);
      const p = actor ? progressTo({ sub, actor, paymentMethod: mine.paymentMethod, fate: mine.fate, at }, consumerRandom) : null;
      if (p) progress.push(p);
    }
  }
  await writeProgress(tx, progress);
}

/** The demo consumer account (db/seed/accounts.ts). */
export const DEMO_CONSUMER_EMAIL = "khach@demo.ocoptrace.vn";

/** The demo consumer's orders: what, when (Vietnam time) and how far each got by the demo's today. */
const consumerOrders: readonly {
  date: string;
  hour: number;
  minute: number;
  lines: readonly (readonly [string, number])[];
  paymentMethod: "bank_transfer" | "cash_on_delivery";
  fate: "pending" | "shipped" | "delivered";
}[] = [
  { date: "2026-10-05", hour: 9, minute: 15, lines: [["che-tan-cuong-moc-cau", 2], ["gao-bao-thai-dinh-hoa", 1]], paymentMethod: "cash_on_delivery", fate: "delivered" },
  { date: "2026-11-19", hour: 20, minute: 10, lines: [["mien-dong-na-ri", 3]], paymentMethod: "bank_transfer", fate: "shipped" },
  { date: "2026-11-22", hour: 19, minute: 40, lines: [["che-tan-cuong-tom-non", 1]], paymentMethod: "bank_transfer", fate: "pending" },
];

interface Actor {
  userId: string;
  role: "cooperative_manager";
}

/** Who moves each cooperative's orders: its demo manager, else the demo platform admin (none: orders stay placed). */
async function fulfilmentActors(tx: Database, organisationIds: string[]): Promise<Map<string, Actor>> {
  const managers = await tx
    .select({ organisationId: memberships.organisationId, userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.organisationId, organisationIds), eq(memberships.role, "cooperative_manager"), sql`${users.email} like '%@demo.ocoptrace.vn'`));
  const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.email, "admin@demo.ocoptrace.vn"));
  const out = new Map<string, Actor>();
  for (const organisationId of organisationIds) {
    const manager = managers.filter((m) => m.organisationId === organisationId).sort((a, b) => (a.userId < b.userId ? -1 : 1))[0];
    const userId = manager?.userId ?? admin?.id;
    if (userId) out.set(organisationId, { userId, role: "cooperative_manager" });
  }
  return out;
}

const carriers = ["Viettel Post", "Giao Hàng Tiết Kiệm", "VNPost", "J&T Express"];

type Fate = "pending" | "confirmed" | "packed" | "shipped" | "delivered" | "cancelled";

/** Where a sub-order ended up, with the events that took it there (written in bulk afterwards). */
interface Progress {
  subOrderId: string;
  orderId: string;
  status: "pending" | "confirmed" | "packed" | "shipped" | "delivered";
  paid: { provider: "vietqr" | "cash"; at: Date; reference: string } | null;
  carrier: string | null;
  trackingNumber: string | null;
  updatedAt: Date;
  actorUserId: string;
  events: { status: string; details: Record<string, unknown>; createdAt: Date }[];
}

/**
 * The steps a sub-order takes to `fate`, the way the market's fulfilment rules allow them (transfer
 * orders are confirmed by their payment, cash orders accepted by the cooperative and paid at the
 * door). Nothing happens after the demo's today: a recent order stays at the step it had reached.
 */
function progressTo(
  args: { sub: { id: string; orderId: string; reference: string; totalVnd: number }; actor: Actor; paymentMethod: "bank_transfer" | "cash_on_delivery"; fate: Exclude<Fate, "cancelled">; at: Date },
  random: Random,
): Progress | null {
  const { sub, actor, paymentMethod, fate } = args;
  if (fate === "pending") return null;
  const cutoff = startOfVietnamDay(DEMO_TODAY).getTime();
  let clock = args.at.getTime();
  const p: Progress = {
    subOrderId: sub.id,
    orderId: sub.orderId,
    status: "pending",
    paid: null,
    carrier: null,
    trackingNumber: null,
    updatedAt: args.at,
    actorUserId: actor.userId,
    events: [],
  };
  const step = (hours: number, apply: (at: Date) => void): boolean => {
    const at = new Date((clock += Math.round(hours * 3_600_000 * (0.6 + random.next() * 0.8))));
    if (at.getTime() > cutoff) return false;
    apply(at);
    p.updatedAt = at;
    return true;
  };
  const event = (status: string, at: Date, details: Record<string, unknown> = {}) => p.events.push({ status, details, createdAt: at });
  const confirmed =
    paymentMethod === "bank_transfer"
      ? step(3, (at) => {
          const bankReference = `FT${sub.reference.replace(/\D/g, "").slice(0, 10)}`;
          const details = { provider: "vietqr", amountVnd: sub.totalVnd, bankReference };
          p.paid = { provider: "vietqr", at, reference: bankReference };
          p.status = "confirmed";
          event("paid", at, details);
          event("confirmed", at, details);
        })
      : step(3, (at) => {
          p.status = "confirmed";
          event("confirmed", at);
        });
  if (!confirmed || fate === "confirmed") return p;
  if (!step(18, (at) => ((p.status = "packed"), event("packed", at))) || fate === "packed") return p;
  const carrier = random.pick(carriers);
  const trackingNumber = `VN${random.int(100_000_000, 999_999_999)}`;
  const shipped = step(20, (at) => {
    p.status = "shipped";
    p.carrier = carrier;
    p.trackingNumber = trackingNumber;
    event("shipped", at, { carrier, trackingNumber });
  });
  if (!shipped || fate === "shipped") return p;
  step(60, (at) => {
    p.status = "delivered";
    event("delivered", at);
    if (paymentMethod === "cash_on_delivery") {
      p.paid = { provider: "cash", at, reference: sub.reference };
      event("paid", at, { provider: "cash", amountVnd: sub.totalVnd });
    }
  });
  return p;
}

/** Writes the sub-orders' progress in a few statements: statuses, payments received, order events. */
async function writeProgress(tx: Database, all: Progress[]): Promise<void> {
  for (const part of chunks(all, 200)) {
    const values = sql.join(
      part.map((p) => sql`(${p.subOrderId}::uuid, ${p.status}, ${p.paid ? "paid" : "unpaid"}, ${p.carrier}, ${p.trackingNumber}, ${p.updatedAt.toISOString()}::timestamptz)`),
      sql`, `,
    );
    await tx.execute(sql`
      update sub_orders s set status = v.status::sub_order_status, payment_status = v.payment_status::payment_status,
        carrier = coalesce(v.carrier, s.carrier), tracking_number = coalesce(v.tracking, s.tracking_number), updated_at = v.updated_at
      from (values ${values}) as v(id, status, payment_status, carrier, tracking, updated_at)
      where s.id = v.id and s.status = 'pending'`);
    const paid = part.filter((p) => p.paid);
    if (paid.length) {
      const payValues = sql.join(
        paid.map((p) => sql`(${p.subOrderId}::uuid, ${p.paid!.provider}, ${p.paid!.reference}, ${p.actorUserId}::uuid, ${p.paid!.at.toISOString()}::timestamptz)`),
        sql`, `,
      );
      await tx.execute(sql`
        update payments p set status = 'succeeded', reference = v.reference, confirmed_by = v.actor, confirmed_at = v.at, updated_at = v.at
        from (values ${payValues}) as v(sub_order_id, provider, reference, actor, at)
        where p.sub_order_id = v.sub_order_id and p.provider = v.provider::payment_provider and p.status = 'pending'`);
    }
  }
  const events = all.flatMap((p) => p.events.map((e) => ({ orderId: p.orderId, subOrderId: p.subOrderId, status: e.status, details: e.details, actorUserId: p.actorUserId, createdAt: e.createdAt })));
  for (const part of chunks(events, 300)) await tx.insert(orderEvents).values(part);
}

// --- scans ---------------------------------------------------------------------------------

/** Where the people scanning demo labels are (province code by weight; '' when they chose none). */
const scanProvinces: (readonly [string, number])[] = [
  ["01", 28], ["79", 18], ["19", 22], ["", 8], ["31", 4], ["24", 4], ["22", 3], ["48", 3], ["25", 2], ["33", 2],
  ["38", 2], ["40", 2], ["46", 2], ["08", 1], ["15", 1], ["20", 1], ["92", 1], ["56", 1], ["68", 1], ["75", 1],
];

async function seedScans(tx: Database, random: Random, counts: ActivitySeedCounts): Promise<void> {
  const lots = await tx
    .select({ id: batches.id, organisationId: batches.organisationId, producedOn: batches.producedOn, uom: batches.uom })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(eq(batches.isDemo, true), eq(products.kind, "finished")))
    .orderBy(batches.producedOn, batches.lotCode);
  const rows = new Map<string, typeof scanCounts.$inferInsert>();
  const months: string[] = [];
  for (let d = ORDERS_FROM; d <= DEMO_TODAY; d = `${addDays(`${d.slice(0, 7)}-28`, 5).slice(0, 7)}-01`) months.push(d);
  for (const lot of lots) {
    // Boxes and bottles get scanned more than fruit sold by weight.
    const perMonth = lot.uom === "H87" ? random.int(4, 9) : random.int(1, 3);
    for (const month of months) {
      const start = startOfVietnamDay(month).getTime();
      const end = Math.min(startOfVietnamDay(`${addDays(`${month.slice(0, 7)}-28`, 5).slice(0, 7)}-01`).getTime(), startOfVietnamDay(DEMO_TODAY).getTime());
      const made = startOfVietnamDay(lot.producedOn).getTime() + 10 * 86_400_000;
      if (end <= made) continue;
      const from = Math.max(start, made);
      const n = Math.max(1, Math.round(perMonth * (month.slice(5, 7) === "01" || month.slice(5, 7) === "02" ? 1.5 : 1)));
      for (let i = 0; i < n; i++) {
        const minute = new Date(Math.floor((from + random.next() * (end - from)) / 60_000) * 60_000);
        const provinceCode = random.weighted(scanProvinces);
        const device = random.weighted<"mobile" | "tablet" | "desktop">([["mobile", 86], ["tablet", 5], ["desktop", 9]]);
        const key = `${lot.id}|${minute.toISOString()}|${provinceCode}|${device}`;
        const count = random.weighted<number>([[1, 50], [2, 25], [3, 15], [5, 10]]);
        const row = rows.get(key);
        if (row) row.count = (row.count ?? 0) + count;
        else rows.set(key, { organisationId: lot.organisationId, batchId: lot.id, serial: "", minute, provinceCode, device, count });
      }
    }
  }
  for (const part of chunks([...rows.values()], 1000)) await tx.insert(scanCounts).values(part).onConflictDoNothing();
  counts.scanRows = rows.size;
}
