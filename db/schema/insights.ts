import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, doublePrecision, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations, products } from "./catalog";
import { households } from "./households";
import { batches } from "./trace";

/**
 * Rollups behind the department dashboards ("insights" context), kept by app/insights/rollups.server.ts
 * and never written by anything else. Months are calendar months in Asia/Ho_Chi_Minh, stored as their
 * first day. See docs/decisions/0010-dashboard-rollups-and-freshness.md.
 *
 * A sale here is an order line of a sub-order that is not cancelled, in an order that was placed
 * (orders awaiting payment, lapsed or cancelled are not sales). Values exclude shipping.
 */

/** Sales per month × selling organisation × buyer's province. "Orders" are sub-orders (one per cooperative). */
export const insightSalesMonths = pgTable(
  "insight_sales_months",
  {
    month: date("month").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    buyerProvinceCode: text("buyer_province_code").notNull(),
    subOrders: integer("sub_orders").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_sales_months_pk", columns: [t.month, t.organisationId, t.buyerProvinceCode] }),
    index("insight_sales_months_organisation_idx").on(t.organisationId, t.month),
  ],
);

/** Sales per month × product, for the top-products table and the value chains. */
export const insightProductSalesMonths = pgTable(
  "insight_product_sales_months",
  {
    month: date("month").notNull(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    buyerProvinceCode: text("buyer_province_code").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_product_sales_months_pk", columns: [t.month, t.productId, t.buyerProvinceCode] }),
    index("insight_product_sales_months_product_idx").on(t.productId, t.month),
  ],
);

/**
 * Sub-orders per month × organisation × buyer, for the repeat-buyer rate. The buyer key is a 64-bit
 * hash of the account id, or of the normalised phone number for guests (no personal data kept here).
 */
export const insightBuyerMonths = pgTable(
  "insight_buyer_months",
  {
    month: date("month").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    buyerKey: bigint("buyer_key", { mode: "bigint" }).notNull(),
    subOrders: integer("sub_orders").notNull(),
  },
  (t) => [primaryKey({ name: "insight_buyer_months_pk", columns: [t.month, t.organisationId, t.buyerKey] })],
);

/** QR scans per month × producing organisation × the scanning consumer's province ('' when not given). */
export const insightScanMonths = pgTable(
  "insight_scan_months",
  {
    month: date("month").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    provinceCode: text("province_code").notNull(),
    scans: bigint("scans", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_scan_months_pk", columns: [t.month, t.organisationId, t.provinceCode] }),
    check("insight_scan_months_scans_positive", sql`${t.scans} > 0`),
  ],
);

/**
 * Value chains, market side: units and value sold per month × lot × buyer's province, from the
 * allocations of sales (allocation not released; same sales rule as above). Value is unit price ×
 * units allocated. Recomputed with the sales months.
 */
export const insightChainMonths = pgTable(
  "insight_chain_months",
  {
    month: date("month").notNull(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    buyerProvinceCode: text("buyer_province_code").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_chain_months_pk", columns: [t.month, t.batchId, t.buyerProvinceCode] }),
    index("insight_chain_months_product_idx").on(t.productId, t.month),
  ],
);

/**
 * Every lot that appears in insight_chain_months: the processing step that made it ('' when none),
 * and when its household shares were last worked out from the lineage.
 */
export const insightChainLots = pgTable("insight_chain_lots", {
  batchId: uuid("batch_id")
    .primaryKey()
    .references(() => batches.id),
  step: text("step").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
});

/**
 * Share (0..1) of a sold lot's value that belongs to each household whose deliveries went into its
 * lineage (decision 0009, app/households/attribution.ts: the same float the live attribution uses).
 * Recomputed when the lot is first sold and whenever a delivery or a transformation reaches its lineage.
 */
export const insightLotHouseholds = pgTable(
  "insight_lot_households",
  {
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    share: doublePrecision("share").notNull(),
  },
  (t) => [primaryKey({ name: "insight_lot_households_pk", columns: [t.batchId, t.householdId] })],
);

/** Household deliveries (household_supplies ids) in the lineage of each sold lot, kept with the shares. */
export const insightLotSupplies = pgTable(
  "insight_lot_supplies",
  {
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    supplyId: uuid("supply_id").notNull(),
  },
  (t) => [primaryKey({ name: "insight_lot_supplies_pk", columns: [t.batchId, t.supplyId] })],
);

/**
 * Sales value attributed to each household in a year by one selling organisation (decision 0009:
 * each lot's yearly sold value split over its households' shares in whole VND), exactly what
 * app/households/attribution.server.ts computes live. Recomputed per (year, organisation) touched by
 * new or changed orders, or by a lot whose shares changed.
 */
export const insightHouseholdSalesYears = pgTable(
  "insight_household_sales_years",
  {
    year: smallint("year").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_household_sales_years_pk", columns: [t.year, t.organisationId, t.householdId] }),
    index("insight_household_sales_years_household_idx").on(t.householdId, t.year),
  ],
);

/**
 * Households of one commune in a year, grouped by everything the households dashboard counts (one
 * row per combination, with how many households share it and their income sums). `active` rows are
 * households that were members during the year; the others were members only the year before
 * (the transitions need them). Kept by app/insights/household-rollups.server.ts for the years in
 * insight_household_years.
 */
export const insightHouseholdFacts = pgTable(
  "insight_household_facts",
  {
    year: smallint("year").notNull(),
    communeId: integer("commune_id").notNull(),
    active: boolean("active").notNull(),
    headSex: text("head_sex").notNull(),
    kinh: boolean("kinh").notNull(),
    status: text("status"),
    statusBefore: text("status_before"),
    /** Survey this year and a baseline. */
    hasPair: boolean("has_pair").notNull(),
    baseline2020: boolean("baseline_2020").notNull(),
    /** Income up ≥ 10% compared as the aggregates do (float) and as the targets do (whole numbers); null without a pair or baseline 0. */
    roseFloat: boolean("rose_float"),
    roseWhole: boolean("rose_whole"),
    households: integer("households").notNull(),
    baselineSum: bigint("baseline_sum", { mode: "number" }).notNull(),
    nowSum: bigint("now_sum", { mode: "number" }).notNull(),
  },
  (t) => [index("insight_household_facts_year_commune_idx").on(t.year, t.communeId)],
);

/** Member households per year × commune × cooperative, with the money they received and the sales attributed to them. */
export const insightHouseholdCooperatives = pgTable(
  "insight_household_cooperatives",
  {
    year: smallint("year").notNull(),
    communeId: integer("commune_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    households: integer("households").notNull(),
    receivedVnd: bigint("received_vnd", { mode: "number" }).notNull(),
    attributedVnd: bigint("attributed_vnd", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "insight_household_cooperatives_pk", columns: [t.year, t.communeId, t.organisationId] })],
);

/** The years the two tables above hold (built when a dashboard first asks for one, then kept). */
export const insightHouseholdYears = pgTable("insight_household_years", {
  year: smallint("year").primaryKey(),
  builtAt: timestamp("built_at", { withTimezone: true }).notNull(),
});

/**
 * How far each rollup has been brought: `covered_until` is the instant up to which its source rows are
 * counted; `refreshed_at` when the last refresh finished (both shown on the dashboards).
 */
export const insightRefreshes = pgTable("insight_refreshes", {
  rollup: text("rollup").primaryKey(),
  coveredUntil: timestamp("covered_until", { withTimezone: true }).notNull(),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
  durationMs: integer("duration_ms").notNull(),
});

export type InsightRefresh = typeof insightRefreshes.$inferSelect;
