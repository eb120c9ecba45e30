// Confirming a recall at scale (issue #16): a raw lot whose forward scope is ~1,400 lots and 10,240 order lines in
// 2,560 orders (each buyer left an e-mail), confirmed through the real command (scope re-walked under its locks,
// stock zeroed, lots marked on their chains, sub-orders held, every mail queued) while checkouts of an unrelated
// product keep running beside it: how long confirming took, and the longest any of those checkouts waited.
// Builds its own database (PostgreSQL: created and dropped here; PGlite: in memory), prints one JSON line per driver.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:recall
//   BENCH_TREES=8 (lineage trees; the recall takes tree 0)   BENCH_PGLITE_TREES=1 (0 skips PGlite)   BENCH_CHECKOUTS=4 (in flight)
// PGlite is one connection: every other query waits for the confirming transaction, so no checkouts run beside it there.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, rowsOf, type Database, type DatabaseHandle } from "#db/client.server";
import { memberships, organisations, users } from "#db/schema";
import { vietnamToday } from "~/lib/vietnam-time";
import { placeOrder } from "~/market/checkout.server";
import { confirmRecall, openRecall } from "~/recalls/recalls.server";
import { checkoutForm, createCart, createCooperative, createListedProduct } from "../setup/checkout-fixtures";
import { buildLineageStatements } from "./lineage-data";

const migrations = fileURLToPath(new URL("../db/migrations", import.meta.url));
const trees = Number(process.env.BENCH_TREES ?? "8");
const pgliteTrees = Number(process.env.BENCH_PGLITE_TREES ?? "1");
const inFlight = Number(process.env.BENCH_CHECKOUTS ?? "4");
const PUBLIC_URL = "https://truyxuat.example.vn";

const round = (ms: number) => Math.round(ms);

async function person(db: Database, organisationId: string, role: "cooperative_manager" | "department_officer"): Promise<string> {
  const [u] = await db
    .insert(users)
    .values({ email: `${role}-${randomBytes(3).toString("hex")}@example.vn`, displayName: role, locale: "vi" })
    .returning({ id: users.id });
  await db.insert(memberships).values({ userId: u!.id, organisationId, role });
  return u!.id;
}

/** Checkouts of one unrelated product, `inFlight` at a time, until `stop()`: each one's wall time, and when it started. */
function checkoutsBeside(db: Database, productId: string, today: string, inFlight: number) {
  const samples: { startedAt: number; ms: number; ok: boolean }[] = [];
  let running = true;
  const form = checkoutForm({ paymentMethod: "cash_on_delivery" });
  const loops = Array.from({ length: inFlight }, async () => {
    while (running) {
      const cartId = await createCart(db, [{ productId, quantity: 1 }]);
      const startedAt = performance.now();
      const placed = await placeOrder(db, { cartId, userId: null, form, cardAvailable: false, locale: "vi", today });
      samples.push({ startedAt, ms: performance.now() - startedAt, ok: placed.ok });
    }
  });
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor(s.length * q))]!);
}

async function measure(driver: "postgres" | "pglite", handle: DatabaseHandle, treeCount: number) {
  const checkouts = driver === "postgres" ? inFlight : 0;
  const db = handle.db;
  const buildStarted = performance.now();
  for (const statement of buildLineageStatements(treeCount)) await db.execute(sql.raw(statement));
  const buildMs = round(performance.now() - buildStarted);
  const ids = rowsOf<{ raw: string; org: string }>(
    await db.execute(sql`select (select id::text from bench_lot where t = 0 and k = 0 and i = 0) as raw, (select organisation_id::text from bench_lot where t = 0 and k = 0 and i = 0) as org`),
  )[0]!;
  const manager = await person(db, ids.org, "cooperative_manager");
  const [dept] = await db.insert(organisations).values({ slug: "bench-so-nn", kind: "department", status: "active", name: "Sở Nông nghiệp" }).returning({ id: organisations.id });
  await person(db, dept!.id, "department_officer");
  const now = new Date();
  const today = vietnamToday(now);
  const otherCoop = await createCooperative(db, "HTX Mật ong (không liên quan)");
  const unrelated = await createListedProduct(db, { organisationId: otherCoop, priceVnd: 150_000, batches: [{ units: 1_000_000 }], name: "Mật ong bạc hà" });

  const actor = { userId: manager, organisationId: ids.org };
  const opened = await openRecall(db, actor, {
    opener: { kind: "cooperative", organisationId: ids.org, role: "cooperative_manager" },
    batchId: ids.raw,
    form: { reason: "lab_result", severity: "serious", messageVi: "Không sử dụng sản phẩm thuộc các lô này.", messageEn: "Do not use products from these lots." },
    now,
  });
  if (!opened.ok) throw new Error(`open refused: ${JSON.stringify(opened)}`);

  // Checkouts alone first (the baseline), then the same while the recall is confirmed.
  const alone = checkoutsBeside(db, unrelated.productId, today, checkouts);
  if (checkouts > 0) await new Promise((r) => setTimeout(r, 3_000));
  await alone.stop();
  const beside = checkoutsBeside(db, unrelated.productId, today, checkouts);
  await new Promise((r) => setTimeout(r, 500));
  // The checkouts share this process with the confirmation: its synchronous stretches (hashing, rendering mail) delay them too.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = performance.now();
  const confirmed = await confirmRecall(db, actor, { recallId: opened.recallId, who: { kind: "cooperative", userId: manager, organisationId: ids.org, role: "cooperative_manager" }, publicUrl: PUBLIC_URL, now }).catch(
    async (error: unknown) => {
      // Stop the checkouts before the database closes, so the confirmation's own error is the one reported.
      await beside.stop();
      throw error;
    },
  );
  const confirmMs = performance.now() - started;
  const ended = performance.now();
  loopDelay.disable();
  await new Promise((r) => setTimeout(r, 500));
  await beside.stop();
  if (!confirmed.ok) throw new Error(`confirm refused: ${JSON.stringify(confirmed)}`);

  // Checkouts that overlapped the confirmation at any moment.
  const during = beside.samples.filter((s) => s.startedAt < ended && s.startedAt + s.ms > started);
  // The bench's own chains carry placeholder hashes, so the check is that each recall event links to its lot's head.
  const checks = rowsOf<{ queued: number; on_sale: number; held: number; linked: number; events: number }>(
    await db.execute(sql`select
      (select count(*) from outbox_messages where kind like 'recall_%')::int as queued,
      (select count(*) from batch_stock s join recall_lots rl on rl.batch_id = s.batch_id where rl.recall_id = ${opened.recallId}::uuid and s.units_available > 0)::int as on_sale,
      (select count(*) from recall_holds where recall_id = ${opened.recallId}::uuid)::int as held,
      (select count(*) from trace_events e join trace_events p on p.batch_id = e.batch_id and p.sequence = e.sequence - 1
        where e.details->>'recall' = ${opened.number} and e.prev_hash = p.hash)::int as linked,
      (select count(*) from trace_events where details->>'recall' = ${opened.number})::int as events`),
  )[0]!;
  return {
    bench: "recall",
    driver,
    trees: treeCount,
    buildMs,
    scope: { lots: confirmed.lots, orderLines: confirmed.orderLines, orders: confirmed.buyers, buyersMailed: confirmed.buyersMailed, held: confirmed.held, messages: confirmed.messages },
    confirmMs: round(confirmMs),
    checks: { messagesQueued: checks.queued, lotsStillOnSale: checks.on_sale, holds: checks.held, recallEvents: checks.events, linkedToHead: checks.linked },
    unrelatedCheckout: {
      inFlight: checkouts,
      alone: { runs: alone.samples.length, p50Ms: percentile(alone.samples.map((s) => s.ms), 0.5), maxMs: percentile(alone.samples.map((s) => s.ms), 1) },
      duringConfirm: {
        runs: during.length,
        refused: during.filter((s) => !s.ok).length,
        p50Ms: percentile(during.map((s) => s.ms), 0.5),
        maxMs: percentile(during.map((s) => s.ms), 1),
      },
      longestEventLoopStallMs: round(loopDelay.max / 1e6),
    },
    loadAverage: loadavg().map((l) => +l.toFixed(2)),
  };
}

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl && trees > 0) {
  const name = `ocop_bench_recall_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: inFlight + 2 });
  try {
    await handle.migrate(migrations);
    console.log(JSON.stringify(await measure("postgres", handle, trees)));
  } finally {
    await handle.close();
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
