import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations, products } from "./catalog";

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
