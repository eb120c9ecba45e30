/**
 * Keeps the dashboard rollups (db/schema/insights.ts) in step with orders and scans, and says how
 * fresh they are. See docs/decisions/0010-dashboard-rollups-and-freshness.md.
 *
 * - Sales: every calendar month touched since the last refresh (an order created, or an order or one
 *   of its sub-orders updated: payment, cancellation, lapse) is recomputed whole from the source rows,
 *   so a late status change can never leave a stale figure behind. The value-chain and household
 *   rollups follow the same months, plus the lots a new delivery or transformation reaches
 *   (app/insights/chain-rollups.server.ts); they share the sales watermark.
 * - Scans: scan_counts rows only grow for the current minute (they are flushed every few seconds), so
 *   minutes older than SCAN_SETTLE_MS are final and are added once, as a delta, through the
 *   (organisation_id, minute) index.
 * Both run in one transaction with the watermark, under an advisory lock: a refresh is all or nothing.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { refreshChains, type ChainRefreshReport } from "./chain-rollups.server";
import { refreshHouseholdYears } from "./household-rollups.server";
import { prepareChainMembers, rebuildChainMembers, refreshChainMembers } from "./chain-members.server";
import { derivePlaceRollups, findPlaceChanges, savePlaces, withdrawRepeatBuyers } from "./place-rollups.server";
import { errorFields, type Logger } from "~/lib/logger";
import { awaitingPaymentCondition, saleCondition } from "~/market/sales-rule";
import { VIETNAM_TIME_ZONE } from "~/lib/vietnam-time";

export const ROLLUP_SALES = "sales";
export const ROLLUP_SCANS = "scans";

/** Transactions still in flight when a refresh starts may commit rows stamped a little earlier. */
export const SALES_SETTLE_MS = 2 * 60_000;
/** Scan minutes younger than this may still be incremented by the scan recorder's next flush. */
export const SCAN_SETTLE_MS = 5 * 60_000;
/** Dashboards older than this start a refresh in the background. */
export const REFRESH_AFTER_MS = 60_000;


export interface Freshness {
  rollup: string;
  coveredUntil: Date;
  refreshedAt: Date;
  durationMs: number;
}

export interface RefreshReport {
  /** False when another refresh held the lock: nothing was done. */
  ran: boolean;
  salesMonths: string[];
  /** Value chains and households' attributed sales (app/insights/chain-rollups.server.ts). */
  chains: ChainRefreshReport;
  scansAdded: number;
  durationMs: number;
}

function monthSql(column: ReturnType<typeof sql.raw>) {
  return sql`(date_trunc('month', ${column} at time zone ${VIETNAM_TIME_ZONE}))::date`;
}

/** Brings every rollup up to `now` (in one transaction); returns what it did. */
export async function refreshInsights(db: Database, now: Date = new Date()): Promise<RefreshReport> {
  const started = performance.now();
  return db.transaction(async (tx) => {
    const lock = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended('ocoptrace:insights_refresh', 0)) as got`);
    if (!rowsOf<{ got: boolean }>(lock)[0]?.got) return { ran: false, salesMonths: [], chains: { lotsReshared: 0, resharedLots: [], householdYears: [], organisationsByYear: new Map() }, scansAdded: 0, durationMs: 0 };

    const state = await readState(tx);
    const salesSince = state.get(ROLLUP_SALES)?.coveredUntil ?? null;
    const scanFrom = state.get(ROLLUP_SCANS)?.coveredUntil ?? null;
    const full = salesSince === null;
    const salesMonths = await changedSalesMonths(tx, salesSince);
    // Places and repeat buyers (app/insights/place-rollups.server.ts): what moved, and the buyers to redo, before the sales change.
    const places = full ? { organisations: [], products: [], communes: [] } : await findPlaceChanges(tx);
    if (!full) {
      await withdrawRepeatBuyers(tx, salesMonths, places);
      await prepareChainMembers(tx, salesMonths);
    }
    await refreshSales(tx, salesSince, salesMonths);
    await savePlaces(tx, full ? null : places);
    const chains = await refreshChains(tx, salesMonths, salesSince);
    await refreshHouseholdYears(tx, salesSince, chains.organisationsByYear);
    const salesCovered = new Date(now.getTime() - SALES_SETTLE_MS);
    const scanUntil = new Date(Math.floor((now.getTime() - SCAN_SETTLE_MS) / 60_000) * 60_000);
    const scans = scanFrom && scanFrom >= scanUntil ? { added: 0, months: [] } : await addScans(tx, scanFrom, scanUntil);
    const scansAdded = scans.added;
    await derivePlaceRollups(tx, { full, salesMonths, scanMonths: scans.months, changes: places, resharedLots: chains.resharedLots });
    if (full) await rebuildChainMembers(tx);
    else await refreshChainMembers(tx, { months: salesMonths, products: places.products, organisations: places.organisations });
    // After a rebuild the planner must know how big the rollups are (autovacuum may be minutes away).
    if (full) {
      await tx.execute(sql`analyze insight_sales_months, insight_product_sales_months, insight_buyer_months, insight_awaiting_payment_months, insight_chain_months,
        insight_chain_lots, insight_lot_households, insight_lot_supplies, insight_household_sales_years, insight_place_organisations,
        insight_place_sales_months, insight_place_first_sales, insight_place_scan_months, insight_seller_months, insight_product_months, insight_product_quarters,
        insight_repeat_buyers, insight_chain_lot_months, insight_chain_step_months, insight_key_products, insight_scan_months,
        insight_lot_communes, insight_chain_members, insight_chain_member_months`);
    }
    const durationMs = Math.round(performance.now() - started);
    await writeState(tx, ROLLUP_SALES, salesCovered, now, durationMs);
    await writeState(tx, ROLLUP_SCANS, scanFrom && scanFrom > scanUntil ? scanFrom : scanUntil, now, durationMs);
    return { ran: true, salesMonths, chains, scansAdded, durationMs };
  });
}

async function readState(db: Database): Promise<Map<string, Freshness>> {
  const result = await db.execute(
    sql`select rollup, covered_until, refreshed_at, duration_ms from insight_refreshes`,
  );
  const rows = rowsOf<{ rollup: string; covered_until: string | Date; refreshed_at: string | Date; duration_ms: number }>(result);
  return new Map(
    rows.map((r) => [
      r.rollup,
      { rollup: r.rollup, coveredUntil: new Date(r.covered_until), refreshedAt: new Date(r.refreshed_at), durationMs: Number(r.duration_ms) },
    ]),
  );
}

async function writeState(db: Database, rollup: string, coveredUntil: Date, refreshedAt: Date, durationMs: number): Promise<void> {
  await db.execute(sql`
    insert into insight_refreshes (rollup, covered_until, refreshed_at, duration_ms)
    values (${rollup}, ${coveredUntil.toISOString()}, ${refreshedAt.toISOString()}, ${durationMs})
    on conflict (rollup) do update set covered_until = excluded.covered_until, refreshed_at = excluded.refreshed_at,
      duration_ms = excluded.duration_ms`);
}

/** Months (YYYY-MM-01) whose sales may have changed since `since` (every month on the first run). */
async function changedSalesMonths(db: Database, since: Date | null): Promise<string[]> {
  const created = monthSql(sql.raw("o.created_at"));
  const result = since
    ? await db.execute(sql`
        select distinct ${created}::text as month from orders o
        where o.created_at > ${since.toISOString()} or o.updated_at > ${since.toISOString()}
           or exists (select 1 from sub_orders s where s.order_id = o.id and s.updated_at > ${since.toISOString()})
        order by 1`)
    : await db.execute(sql`select distinct ${created}::text as month from orders o order by 1`);
  return rowsOf<{ month: string }>(result).map((r) => r.month);
}

async function refreshSales(db: Database, since: Date | null, months: readonly string[]): Promise<void> {
  if (since === null) {
    await db.execute(sql`delete from insight_sales_months`);
    await db.execute(sql`delete from insight_product_sales_months`);
    await db.execute(sql`delete from insight_buyer_months`);
    await db.execute(sql`delete from insight_awaiting_payment_months`);
  }
  if (months.length === 0) return;
  const monthList = sql`(${sql.join(
    months.map((m) => sql`${m}::date`),
    sql`, `,
  )})`;
  const orderMonth = monthSql(sql.raw("o.created_at"));
  // Only paid sub-orders of placed orders are sales (app/market/sales-rule.ts, decision 0020). The lower
  // bound on created_at lets PostgreSQL skip older orders before computing each row's month.
  const firstMonth = months[0] as string;
  const inMonths = sql`o.created_at >= (${firstMonth}::timestamp at time zone ${VIETNAM_TIME_ZONE}) and ${orderMonth} in ${monthList}`;
  const sales = sql`${saleCondition("o", "s")} and ${inMonths}`;
  await db.execute(sql`delete from insight_sales_months where month in ${monthList}`);
  await db.execute(sql`delete from insight_product_sales_months where month in ${monthList}`);
  await db.execute(sql`delete from insight_buyer_months where month in ${monthList}`);
  await db.execute(sql`delete from insight_awaiting_payment_months where month in ${monthList}`);
  await db.execute(sql`
    insert into insight_sales_months (month, organisation_id, buyer_province_code, sub_orders, units, value_vnd)
    select ${orderMonth}, s.organisation_id, o.delivery_province_code, count(distinct s.id)::int,
      coalesce(sum(l.quantity), 0)::bigint, coalesce(sum(l.line_total_vnd), 0)::bigint
    from orders o
    join sub_orders s on s.order_id = o.id
    left join order_lines l on l.sub_order_id = s.id
    where ${sales}
    group by 1, 2, 3`);
  await db.execute(sql`
    insert into insight_product_sales_months (month, product_id, organisation_id, buyer_province_code, units, value_vnd)
    select ${orderMonth}, l.product_id, (array_agg(l.organisation_id))[1], o.delivery_province_code,
      sum(l.quantity)::bigint, sum(l.line_total_vnd)::bigint
    from orders o
    join sub_orders s on s.order_id = o.id
    join order_lines l on l.sub_order_id = s.id
    where ${sales}
    group by 1, 2, 4`);
  await db.execute(sql`
    insert into insight_buyer_months (month, organisation_id, buyer_key, sub_orders)
    select ${orderMonth}, s.organisation_id,
      hashtextextended(coalesce('u:' || o.user_id::text, 'p:' || o.phone), 0), count(*)::int
    from orders o
    join sub_orders s on s.order_id = o.id
    where ${sales}
    group by 1, 2, 3`);
  // Placed but not paid yet (transfers not confirmed, cash not collected): shown beside the sales, never in them.
  await db.execute(sql`
    insert into insight_awaiting_payment_months (month, organisation_id, sub_orders, value_vnd)
    select ${orderMonth}, s.organisation_id, count(distinct s.id)::int, coalesce(sum(l.line_total_vnd), 0)::bigint
    from orders o
    join sub_orders s on s.order_id = o.id
    left join order_lines l on l.sub_order_id = s.id
    where ${awaitingPaymentCondition("o", "s")} and ${inMonths}
    group by 1, 2`);
}

/** Adds scans of minutes in (from, until] to the monthly rollup; returns how many scans were added, and to which months. */
async function addScans(db: Database, from: Date | null, until: Date): Promise<{ added: number; months: string[] }> {
  const fromIso = (from ?? new Date(0)).toISOString();
  // A rebuild (no watermark) counts every minute again: start from nothing, or the scans would count twice.
  if (from === null) await db.execute(sql`delete from insight_scan_months`);
  const result = await db.execute(sql`
    with added as (
      select ${monthSql(sql.raw("s.minute"))} as month, s.organisation_id, s.province_code, sum(s.count)::bigint as scans
      from organisations o
      join lateral (
        select sc.minute, sc.organisation_id, sc.province_code, sc.count from scan_counts sc
        where sc.organisation_id = o.id and sc.minute > ${fromIso} and sc.minute <= ${until.toISOString()}
      ) s on true
      group by 1, 2, 3
    ), upserted as (
      insert into insight_scan_months (month, organisation_id, province_code, scans)
      select month, organisation_id, province_code, scans from added
      on conflict (month, organisation_id, province_code) do update set scans = insight_scan_months.scans + excluded.scans
      returning 1
    )
    select coalesce((select sum(scans) from added), 0)::float8 as added, (select count(*) from upserted) as n,
      (select coalesce(array_agg(distinct month::text order by month::text), '{}') from added) as months`);
  const row = rowsOf<{ added: number; months: string[] | string }>(result)[0];
  const months = typeof row?.months === "string" ? row.months.replace(/[{}]/g, "").split(",").filter(Boolean) : (row?.months ?? []);
  return { added: Number(row?.added ?? 0), months };
}

/** When each rollup was last brought up to date (empty before the first refresh). */
export async function getFreshness(db: Database): Promise<Freshness[]> {
  return [...(await readState(db)).values()].sort((a, b) => a.rollup.localeCompare(b.rollup));
}

// One refresh at a time per process; other requests read what is there and say how old it is.
let running: Promise<unknown> | null = null;

/** Builds the rollups if they were never built (awaited); otherwise leaves them as they are. */
export async function ensureInsightsBuilt(db: Database, now: Date = new Date()): Promise<void> {
  if ((await getFreshness(db)).length < 2) await (running ??= refreshInsights(db, now).finally(() => (running = null)));
}

/**
 * Called by every dashboard: builds the rollups on first use (awaited, or the page would be empty),
 * otherwise starts a background refresh when they are older than REFRESH_AFTER_MS and returns at once.
 */
export async function ensureFreshInsights(db: Database, options: { logger: Logger; now?: Date }): Promise<Freshness[]> {
  const now = options.now ?? new Date();
  const fresh = await getFreshness(db);
  const oldest = fresh.length < 2 ? null : Math.min(...fresh.map((f) => f.refreshedAt.getTime()));
  if (oldest === null) {
    await (running ??= refreshInsights(db, now).finally(() => (running = null)));
    return getFreshness(db);
  }
  if (now.getTime() - oldest > REFRESH_AFTER_MS && !running) {
    running = refreshInsights(db, now)
      .catch((error: unknown) => options.logger.log("error", "insights refresh failed", errorFields(error)))
      .finally(() => (running = null));
  }
  return fresh;
}
