// Storefront benchmark, database side (issue 5). Bundled and run by tests/bench/market.bench.mjs:
//   node build/bench-market.js prepare   migrate, demo seed, 10,000 generated products; then time catalogue searches
//   node build/bench-market.js checkout  time concurrent placeOrder calls, then a race for the last units
// The database is BENCH_MARKET_DATABASE_URL (PostgreSQL) or the PGlite folder BENCH_MARKET_DATA_DIR.
// Each mode prints one JSON line (the last line of its output).
import { fileURLToPath } from "node:url";
import { eq, inArray, sql } from "drizzle-orm";
import { openDatabase } from "#db/client.server";
import { batches, batchStock, communes, listings, orderLineAllocations, orderLines, organisations, products } from "#db/schema";
import { seedDemoData } from "#db/seed";
import { todayInVietnam } from "~/lib/format";
import { parseCatalogueQuery } from "~/market/catalogue-query";
import { searchCatalogue } from "~/market/catalogue.server";
import { placeOrder, type PlaceOrderResult } from "~/market/checkout.server";
import { checkoutForm, createCart, createCooperative, createListedProduct } from "../setup/checkout-fixtures";

const mode = process.argv[2];
const url = process.env.BENCH_MARKET_DATABASE_URL;
const dataDir = process.env.BENCH_MARKET_DATA_DIR ?? null;
const CONNECTIONS = 20;
const handle = url ? await openDatabase({ driver: "postgres", url, maxConnections: CONNECTIONS }) : await openDatabase({ driver: "pglite", dataDir });
const db = handle.db;
const today = todayInVietnam();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (ms: number) => Math.round(ms * 100) / 100;

// ---- 10,000 products ------------------------------------------------------------------------

const KINDS = [
  { vi: "Chè xanh", en: "Green tea", category: "tea", group: "beverage", unit: "gói 200 g" },
  { vi: "Trà móc câu", en: "Hook tea", category: "tea", group: "beverage", unit: "hộp 100 g" },
  { vi: "Trà búp", en: "Bud tea", category: "tea", group: "beverage", unit: "gói 500 g" },
  { vi: "Gạo Bao Thai", en: "Bao Thai rice", category: "rice", group: "food", unit: "túi 5 kg" },
  { vi: "Gạo nếp cái hoa vàng", en: "Yellow-flower sticky rice", category: "rice", group: "food", unit: "túi 2 kg" },
  { vi: "Mật ong rừng", en: "Wild honey", category: "honey", group: "food", unit: "chai 500 ml" },
  { vi: "Mật ong hoa nhãn", en: "Longan honey", category: "honey", group: "food", unit: "chai 1 l" },
  { vi: "Miến dong riềng", en: "Dong-rieng vermicelli", category: "noodles", group: "food", unit: "gói 500 g" },
  { vi: "Hồng không hạt", en: "Seedless persimmon", category: "fruit", group: "food", unit: "thùng 3 kg" },
  { vi: "Hồng sấy dẻo", en: "Dried persimmon", category: "fruit", group: "food", unit: "hộp 300 g" },
  { vi: "Bưởi Diễn", en: "Dien pomelo", category: "fruit", group: "food", unit: "quả" },
  { vi: "Măng khô", en: "Dried bamboo shoots", category: "vegetables", group: "food", unit: "gói 500 g" },
  { vi: "Nấm hương rừng", en: "Forest shiitake", category: "vegetables", group: "food", unit: "gói 200 g" },
  { vi: "Cao cà gai leo", en: "Ca gai leo extract", category: "herbal", group: "herbal", unit: "hộp 100 g" },
  { vi: "Trà giảo cổ lam", en: "Jiaogulan tea", category: "herbal", group: "herbal", unit: "gói 200 g" },
  { vi: "Thịt lợn đen gác bếp", en: "Smoked black pork", category: "meat", group: "food", unit: "gói 500 g" },
  { vi: "Giỏ mây tre đan", en: "Rattan basket", category: "handicraft", group: "handicraft", unit: "chiếc" },
  { vi: "Rượu ngô men lá", en: "Leaf-yeast corn wine", category: "other", group: "beverage", unit: "chai 500 ml" },
] as const;
const PLACES = ["Tân Cương", "La Bằng", "Định Hóa", "Phú Lương", "Đại Từ", "Võ Nhai", "Đồng Hỷ", "Bắc Kạn", "Ba Bể", "Chợ Đồn", "Na Rì", "Pác Nặm", "Ngân Sơn", "Bạch Thông", "Phổ Yên", "Sông Công", "Trại Cau", "Quân Chu"];
const GRADES = ["đặc biệt", "thượng hạng", "hữu cơ", "loại 1", "truyền thống", "cao cấp", "", ""];
const DESCRIPTIONS = [
  (what: string, place: string, unit: string) => `${what} của hợp tác xã vùng ${place}, có truy xuất nguồn gốc theo lô, đóng ${unit}.`,
  (what: string, place: string) => `Sản phẩm OCOP của ${place}: ${what.toLowerCase()} làm thủ công từ nguyên liệu địa phương.`,
  (what: string, place: string, unit: string) => `${what} thu hoạch đúng vụ ở ${place}, bảo quản nơi khô mát, quy cách ${unit}.`,
  (what: string, place: string) => `Đặc sản ${place}. ${what} được hộ thành viên sản xuất và hợp tác xã kiểm định chất lượng.`,
];
const COOPERATIVES = 250;
const PRODUCTS = 10_000;

async function generateCatalogue(): Promise<void> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(products).where(sql`${products.slug} like 'bench-%'`);
  if (Number(n) >= PRODUCTS) return;
  const communeIds = (await db.select({ id: communes.id }).from(communes)).map((c) => c.id);
  const orgRows = await db
    .insert(organisations)
    .values(
      Array.from({ length: COOPERATIVES }, (_, i) => ({
        slug: `bench-htx-${i}`,
        kind: "cooperative" as const,
        status: "active" as const,
        name: `HTX ${PLACES[i % PLACES.length]} ${KINDS[i % KINDS.length]!.vi.split(" ")[0]} số ${i + 1}`,
        communeId: communeIds.length ? communeIds[i % communeIds.length]! : null,
      })),
    )
    .returning({ id: organisations.id });
  for (let start = 0; start < PRODUCTS; start += 500) {
    const rows = Array.from({ length: Math.min(500, PRODUCTS - start) }, (_, k) => {
      const i = start + k;
      const kind = KINDS[i % KINDS.length]!;
      const place = PLACES[Math.floor(i / KINDS.length) % PLACES.length]!;
      const grade = GRADES[Math.floor(i / (KINDS.length * PLACES.length)) % GRADES.length]!;
      const stars = i % 10 < 7 ? 3 + (i % 3) : null;
      return {
        organisationId: orgRows[i % COOPERATIVES]!.id,
        slug: `bench-${i}`,
        nameVi: `${kind.vi} ${place}${grade ? ` ${grade}` : ""} ${kind.unit}`,
        nameEn: `${kind.en} from ${place}`,
        descriptionVi: DESCRIPTIONS[i % DESCRIPTIONS.length]!(kind.vi, place, kind.unit),
        category: kind.category,
        unitVi: kind.unit,
        unitEn: kind.en,
        priceVnd: 20_000 + ((i * 7_919) % 880) * 1_000,
        ocopGroup: stars ? kind.group : null,
        ocopStars: stars,
        ocopCertificateNumber: stars ? `OCOP-BENCH-${i}` : null,
        ocopIssuedOn: stars ? "2025-06-01" : null,
        ocopExpiresOn: stars ? "2028-06-01" : null,
      };
    });
    const inserted = await db
      .insert(products)
      .values(rows)
      .returning({ id: products.id, organisationId: products.organisationId, priceVnd: products.priceVnd, slug: products.slug });
    await db.insert(listings).values(inserted.map((p) => ({ productId: p.id, organisationId: p.organisationId, priceVnd: p.priceVnd! })));
    const batchRows = await db
      .insert(batches)
      .values(
        inserted.map((p, k) => ({
          organisationId: p.organisationId,
          productId: p.id,
          lotCode: `B${start + k}`,
          quantity: "500",
          uom: "H87",
          producedOn: "2026-01-15",
        })),
      )
      .returning({ id: batches.id, organisationId: batches.organisationId, productId: batches.productId });
    // One product in eight is sold out.
    await db.insert(batchStock).values(
      batchRows.map((b, k) => {
        const units = (start + k) % 8 === 0 ? 0 : 10 + ((start + k) % 90);
        return { batchId: b.id, organisationId: b.organisationId, productId: b.productId, unitsOnSale: units, unitsAvailable: units };
      }),
    );
  }
  if (handle.driver === "postgres") await db.execute(sql`analyze`);
}

const SEARCHES = [
  "",
  "q=tra+tan+cuong",
  "q=mật+ong+rừng",
  "q=gao+bao+thai+dinh+hoa",
  "q=mien+dong+rieng",
  "q=hong+khong+hat+bac+kan",
  "q=che",
  "q=tr",
  "q=giỏ+mây&sort=price_asc",
  "q=mat+ong&stock=1",
  "category=tea&stars=4&sort=price_asc",
  "group=food&min=100000&max=300000&stock=1",
  "sort=newest&page=5",
  "q=nam+huong&sort=stars",
  "coop=bench-htx-42",
];

async function timeSearches(rounds: number): Promise<Record<string, unknown>> {
  const queries = SEARCHES.map((qs) => ({ qs, query: parseCatalogueQuery(new URLSearchParams(qs)) }));
  for (const { query } of queries) await searchCatalogue(db, query, today); // warm-up
  const all: number[] = [];
  const perQuery: Record<string, number[]> = {};
  const hits: Record<string, number> = {};
  for (let r = 0; r < rounds; r++) {
    for (const { qs, query } of queries) {
      const started = performance.now();
      const result = await searchCatalogue(db, query, today);
      const ms = performance.now() - started;
      all.push(ms);
      (perQuery[qs || "(browse)"] ??= []).push(ms);
      hits[qs || "(browse)"] = result.total;
    }
  }
  all.sort((a, b) => a - b);
  const slowest = Object.entries(perQuery)
    .map(([qs, times]) => ({ qs, p95: round(percentile(times.sort((a, b) => a - b), 95)), hits: hits[qs] }))
    .sort((a, b) => b.p95 - a.p95)
    .slice(0, 3);
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(listings);
  return { listedProducts: Number(n), queries: all.length, p50ms: round(percentile(all, 50)), p95ms: round(percentile(all, 95)), maxMs: round(all.at(-1)!), slowest };
}

// ---- checkout ---------------------------------------------------------------------------------

/** Runs the calls with at most `inFlight` at once; returns results in order and the wall time. */
async function runConcurrently<T>(tasks: (() => Promise<T>)[], inFlight: number): Promise<{ results: T[]; ms: number }> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return { results, ms: performance.now() - started };
}

async function heldAndLeft(productIds: string[]): Promise<{ ok: boolean; negative: number; mismatched: number }> {
  const stock = await db.select().from(batchStock).where(inArray(batchStock.productId, productIds));
  const held = await db
    .select({ batchId: orderLineAllocations.batchId, units: sql<string>`sum(${orderLineAllocations.quantity})` })
    .from(orderLineAllocations)
    .innerJoin(orderLines, eq(orderLines.id, orderLineAllocations.orderLineId))
    .where(sql`${orderLineAllocations.releasedAt} is null and ${inArray(orderLines.productId, productIds)}`)
    .groupBy(orderLineAllocations.batchId);
  const heldBy = new Map(held.map((h) => [h.batchId, Number(h.units)]));
  const negative = stock.filter((s) => s.unitsAvailable < 0).length;
  const mismatched = stock.filter((s) => s.unitsAvailable + (heldBy.get(s.batchId) ?? 0) !== s.unitsOnSale).length;
  return { ok: negative === 0 && mismatched === 0, negative, mismatched };
}

async function benchCheckout(): Promise<Record<string, unknown>> {
  const inFlight = handle.driver === "postgres" ? CONNECTIONS * 2 : 8;
  const orders = handle.driver === "postgres" ? 2_000 : 300;
  // 10 cooperatives with 10 products each; every cart takes 1–3 items, often from two cooperatives.
  const coops: string[] = [];
  for (let i = 0; i < 10; i++) coops.push(await createCooperative(db, `HTX đo tốc độ ${i}`));
  const catalogue: string[] = [];
  for (const [i, organisationId] of coops.entries()) {
    for (let k = 0; k < 10; k++) {
      const p = await createListedProduct(db, {
        organisationId,
        priceVnd: 30_000 + 5_000 * ((i + k) % 20),
        batches: [{ units: 200, expiresOn: "2099-01-01" }, { units: 100_000 }],
      });
      catalogue.push(p.productId);
    }
  }
  const carts: string[] = [];
  for (let i = 0; i < orders; i++) {
    const items = new Map<string, number>();
    for (let k = 0; k <= i % 3; k++) items.set(catalogue[(i * 37 + k * 11) % catalogue.length]!, 1 + ((i + k) % 3));
    carts.push(await createCart(db, [...items].map(([productId, quantity]) => ({ productId, quantity }))));
  }
  const form = checkoutForm({ paymentMethod: "bank_transfer" });
  const place = (cartId: string) => () => placeOrder(db, { cartId, userId: null, form, cardAvailable: false, locale: "vi", today });
  const run = await runConcurrently(carts.map(place), inFlight);
  const completed = run.results.filter((r) => r.ok).length;
  const spread = { orders, inFlight, completed, seconds: round(run.ms / 1000), ordersPerSecond: Math.round(completed / (run.ms / 1000)) };

  // The last 50 units of one product, 500 checkouts racing for them.
  const hot = await createListedProduct(db, { organisationId: coops[0]!, priceVnd: 150_000, batches: [{ units: 20, expiresOn: "2099-01-01" }, { units: 30 }] });
  const hotCarts: string[] = [];
  for (let i = 0; i < 500; i++) hotCarts.push(await createCart(db, [{ productId: hot.productId, quantity: 1 }]));
  const race = await runConcurrently(hotCarts.map(place), inFlight);
  const sold = race.results.filter((r) => r.ok).length;
  const refused = race.results.filter((r: PlaceOrderResult) => !r.ok && r.reason === "insufficient_stock").length;
  const [left] = await db.select({ units: sql<number>`sum(${batchStock.unitsAvailable})::int` }).from(batchStock).where(eq(batchStock.productId, hot.productId));
  const consistency = await heldAndLeft([...catalogue, hot.productId]);
  const hotRace = { checkouts: hotCarts.length, units: 50, sold, refused, unitsLeft: Number(left!.units), seconds: round(race.ms / 1000), noOversell: sold === 50 && refused === 450 && Number(left!.units) === 0 && consistency.ok };
  return { driver: handle.driver, connections: handle.driver === "postgres" ? CONNECTIONS : 1, spread, hotRace, stockAddsUp: consistency };
}

try {
  if (mode === "prepare") {
    await handle.migrate(fileURLToPath(new URL("../db/migrations", import.meta.url)));
    await seedDemoData(db);
    const started = performance.now();
    await generateCatalogue();
    const generatedS = round((performance.now() - started) / 1000);
    console.log(JSON.stringify({ driver: handle.driver, generatedS, search: await timeSearches(Number(process.env.BENCH_SEARCH_ROUNDS ?? 20)) }));
  } else if (mode === "checkout") {
    console.log(JSON.stringify(await benchCheckout()));
  } else {
    throw new Error(`unknown mode: ${mode} (prepare | checkout)`);
  }
} finally {
  await handle.close();
}
