import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, doublePrecision, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations, products } from "./catalog";
import { households } from "./households";
import { batches } from "./trace";

/**
 * Rollups behind the department dashboards ("insights" context), kept by app/insights/rollups.server.ts
 * and never written by anything else. Months are calendar months in Asia/Ho_Chi_Minh, stored as their
 * first day. See docs/decisions/0010-dashboard-rollups-and-freshness.md.
 *
 * A sale here is an order line of a paid sub-order that is not cancelled, in an order that was placed
 * (app/market/sales-rule.ts, decision 0020): a transfer not yet confirmed or cash not yet collected is
 * awaiting payment, not a sale; orders awaiting card payment, lapsed or cancelled are neither. Refunded
 * sub-orders that were not cancelled stay sales. Values exclude shipping.
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
  (t) => [
    primaryKey({ name: "insight_buyer_months_pk", columns: [t.month, t.organisationId, t.buyerKey] }),
    // The repeat-buyer rollup follows the buyers of the months it recomputes through all their months.
    index("insight_buyer_months_buyer_idx").on(t.buyerKey),
  ],
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
    /** The household's commune, copied so the value chain groups without reading households; follows edited households. */
    communeId: integer("commune_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_lot_households_pk", columns: [t.batchId, t.householdId] }),
    index("insight_lot_households_household_idx").on(t.householdId),
  ],
);

/**
 * Household deliveries (household_supplies ids) in the lineage of each sold lot, kept with the shares,
 * with what the value chain shows of them copied in (deliveries are not edited in place; the commune
 * follows edited households).
 */
export const insightLotSupplies = pgTable(
  "insight_lot_supplies",
  {
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    supplyId: uuid("supply_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    householdId: uuid("household_id").notNull(),
    communeId: integer("commune_id").notNull(),
    uom: text("uom").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    paidVnd: bigint("paid_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_lot_supplies_pk", columns: [t.batchId, t.supplyId] }),
    index("insight_lot_supplies_household_idx").on(t.householdId),
  ],
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
 * Coarser rollups derived from the ones above in the same refresh (app/insights/place-rollups.server.ts,
 * docs/decisions/0012-place-rollups-and-repeat-buyers.md), so the market and value-chain pages of a
 * whole province read a few thousand rows instead of hundreds of thousands. "Place" is the commune
 * (and its province) of the selling organisation as insight_place_organisations recorded it.
 */

/** The place each producing organisation was counted under at the last refresh (producer kinds with a commune only). */
export const insightPlaceOrganisations = pgTable("insight_place_organisations", {
  organisationId: uuid("organisation_id").primaryKey(),
  provinceCode: text("province_code").notNull(),
  communeId: integer("commune_id").notNull(),
});

/** Sales per month × selling commune × buyer's province (insight_sales_months without the organisation). */
export const insightPlaceSalesMonths = pgTable(
  "insight_place_sales_months",
  {
    provinceCode: text("province_code").notNull(),
    month: date("month").notNull(),
    communeId: integer("commune_id").notNull(),
    buyerProvinceCode: text("buyer_province_code").notNull(),
    subOrders: integer("sub_orders").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_place_sales_months_pk", columns: [t.provinceCode, t.month, t.communeId, t.buyerProvinceCode] }),
    index("insight_place_sales_months_commune_idx").on(t.communeId, t.month),
  ],
);

/** The first month each selling commune sold into each buyer province (for "provinces reached for the first time"). */
export const insightPlaceFirstSales = pgTable(
  "insight_place_first_sales",
  {
    provinceCode: text("province_code").notNull(),
    communeId: integer("commune_id").notNull(),
    buyerProvinceCode: text("buyer_province_code").notNull(),
    firstMonth: date("first_month").notNull(),
  },
  (t) => [primaryKey({ name: "insight_place_first_sales_pk", columns: [t.provinceCode, t.communeId, t.buyerProvinceCode] })],
);

/** QR scans per month × producing commune × the scanning consumer's province (insight_scan_months without the organisation). */
export const insightPlaceScanMonths = pgTable(
  "insight_place_scan_months",
  {
    provinceCode: text("province_code").notNull(),
    month: date("month").notNull(),
    communeId: integer("commune_id").notNull(),
    scanProvinceCode: text("scan_province_code").notNull(),
    scans: bigint("scans", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_place_scan_months_pk", columns: [t.provinceCode, t.month, t.communeId, t.scanProvinceCode] }),
    index("insight_place_scan_months_commune_idx").on(t.communeId, t.month),
  ],
);

/** Sales per selling organisation × month, without the buyer's province (top cooperatives). */
export const insightSellerMonths = pgTable(
  "insight_seller_months",
  {
    organisationId: uuid("organisation_id").notNull(),
    month: date("month").notNull(),
    subOrders: integer("sub_orders").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "insight_seller_months_pk", columns: [t.organisationId, t.month] })],
);

/**
 * Placed sub-orders whose money has not come in yet (awaitsPayment, app/market/sales-rule.ts) per month ×
 * selling organisation: shown beside the sales on the market page, never added to them.
 */
export const insightAwaitingPaymentMonths = pgTable(
  "insight_awaiting_payment_months",
  {
    organisationId: uuid("organisation_id").notNull(),
    month: date("month").notNull(),
    subOrders: integer("sub_orders").notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "insight_awaiting_payment_months_pk", columns: [t.organisationId, t.month] })],
);

/** Sales per product × month, without the buyer's province (top products). */
export const insightProductMonths = pgTable(
  "insight_product_months",
  {
    organisationId: uuid("organisation_id").notNull(),
    month: date("month").notNull(),
    productId: uuid("product_id").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "insight_product_months_pk", columns: [t.organisationId, t.month, t.productId] })],
);

/** insight_product_months summed per calendar quarter (first day of the quarter): a period reads whole quarters here. */
export const insightProductQuarters = pgTable(
  "insight_product_quarters",
  {
    organisationId: uuid("organisation_id").notNull(),
    quarter: date("quarter").notNull(),
    productId: uuid("product_id").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "insight_product_quarters_pk", columns: [t.organisationId, t.quarter, t.productId] })],
);

/**
 * Buyers of a place, counted once per month they bought in, keyed by the month before and the month
 * after in which the same buyer bought from the same place ('-infinity' / 'infinity' when none).
 * `commune_id` 0 is the whole province. For any period [a, b] of whole months, a buyer's first month
 * in the period is the one row with a ≤ month ≤ b and prev_month < a; the buyer came back within the
 * period exactly when that row's next_month ≤ b. So buyers and repeat buyers of any period are two
 * sums over this table, exactly (the per-month counts themselves do not add up across months).
 */
export const insightRepeatBuyers = pgTable(
  "insight_repeat_buyers",
  {
    provinceCode: text("province_code").notNull(),
    communeId: integer("commune_id").notNull(),
    month: date("month").notNull(),
    prevMonth: date("prev_month").notNull(),
    nextMonth: date("next_month").notNull(),
    buyers: integer("buyers").notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_repeat_buyers_pk", columns: [t.provinceCode, t.communeId, t.month, t.prevMonth, t.nextMonth] }),
    check("insight_repeat_buyers_not_negative", sql`${t.buyers} >= 0`),
  ],
);

/** Value chains: units and value sold per lot × month, without the buyer's province (insight_chain_months folded). */
export const insightChainLotMonths = pgTable(
  "insight_chain_lot_months",
  {
    productId: uuid("product_id").notNull(),
    month: date("month").notNull(),
    batchId: uuid("batch_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_chain_lot_months_pk", columns: [t.productId, t.month, t.batchId] }),
    index("insight_chain_lot_months_batch_idx").on(t.batchId),
  ],
);

/**
 * Value chains of key products, market stage: units and value per month × selling commune × key-product
 * level × processing step × buyer's province, for the "all key products" views (one product reads
 * insight_chain_months). The level is the product's as insight_key_products recorded it.
 */
export const insightChainStepMonths = pgTable(
  "insight_chain_step_months",
  {
    provinceCode: text("province_code").notNull(),
    month: date("month").notNull(),
    communeId: integer("commune_id").notNull(),
    keyLevel: text("key_level").notNull(),
    step: text("step").notNull(),
    buyerProvinceCode: text("buyer_province_code").notNull(),
    units: bigint("units", { mode: "number" }).notNull(),
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "insight_chain_step_months_pk", columns: [t.provinceCode, t.month, t.communeId, t.keyLevel, t.step, t.buyerProvinceCode] }),
    index("insight_chain_step_months_commune_idx").on(t.communeId, t.month),
  ],
);

/** Each sold lot's household shares summed per household commune (insight_lot_households grouped), for the chain's commune values. */
export const insightLotCommunes = pgTable(
  "insight_lot_communes",
  {
    batchId: uuid("batch_id").notNull(),
    communeId: integer("commune_id").notNull(),
    share: doublePrecision("share").notNull(),
  },
  (t) => [primaryKey({ name: "insight_lot_communes_pk", columns: [t.batchId, t.communeId] })],
);

/**
 * Value chains of key products, supply stage: every household (kind 'household') and every delivery
 * (kind 'supply') that the lots of a level's key products sold by one organisation reach, with the
 * months those lots sold in (`months`, ascending). `level` is 'province', 'commune' or 'any' (both);
 * the place is the product's organisation's commune, or 0 with its province for the whole province. A household or delivery counts once in a period however
 * many lots carry it, so insight_chain_member_months is derived from these month lists as the repeat
 * buyers are.
 */
export const insightChainMembers = pgTable(
  "insight_chain_members",
  {
    kind: text("kind").notNull(),
    memberId: uuid("member_id").notNull(),
    level: text("level").notNull(),
    provinceCode: text("province_code").notNull(),
    communeId: integer("commune_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    /** The household's commune (of the delivering household for a delivery). */
    memberCommuneId: integer("member_commune_id").notNull(),
    /** Deliveries: unit, quantity and what was paid; '' and 0 for households. */
    uom: text("uom").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    paidVnd: bigint("paid_vnd", { mode: "number" }).notNull(),
    months: date("months").array().notNull(),
  },
  (t) => [primaryKey({ name: "insight_chain_members_pk", columns: [t.kind, t.memberId, t.level, t.provinceCode, t.communeId, t.organisationId] })],
);

/**
 * insight_chain_members counted per month with the member's previous month ('-infinity' when none):
 * the members of a period [a, b] are the rows with a ≤ month ≤ b and prev_month < a (each member's
 * first month in the period), exactly, whatever the period.
 */
export const insightChainMemberMonths = pgTable(
  "insight_chain_member_months",
  {
    kind: text("kind").notNull(),
    level: text("level").notNull(),
    provinceCode: text("province_code").notNull(),
    month: date("month").notNull(),
    communeId: integer("commune_id").notNull(),
    organisationId: uuid("organisation_id").notNull(),
    memberCommuneId: integer("member_commune_id").notNull(),
    uom: text("uom").notNull(),
    prevMonth: date("prev_month").notNull(),
    members: integer("members").notNull(),
    quantity: numeric("quantity", { precision: 20, scale: 3 }).notNull(),
    paidVnd: bigint("paid_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({
      name: "insight_chain_member_months_pk",
      columns: [t.kind, t.level, t.provinceCode, t.communeId, t.month, t.organisationId, t.memberCommuneId, t.uom, t.prevMonth],
    }),
    check("insight_chain_member_months_not_negative", sql`${t.members} >= 0`),
  ],
);

/** Key products (province or commune level) and their organisation as the last refresh counted them. */
export const insightKeyProducts = pgTable("insight_key_products", {
  productId: uuid("product_id").primaryKey(),
  organisationId: uuid("organisation_id").notNull(),
  keyLevel: text("key_level").notNull(),
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
