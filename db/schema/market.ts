import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { ocopGroup, organisations, products, tsvector } from "./catalog";
import { users } from "./identity";
import { communes, provinces } from "./places";
import { batches } from "./trace";

/**
 * The storefront ("market" context). Stock lives per batch in `batch_stock`, in sales units, with a
 * CHECK that it never goes below zero; every sale is allocated to batches (`order_line_allocations`),
 * which is what later feeds market-expansion and household-income figures.
 */

export const listingStatus = pgEnum("listing_status", ["listed", "paused"]);

/** A product offered on the storefront by its cooperative. One listing per product. */
export const listings = pgTable(
  "listings",
  {
    productId: uuid("product_id")
      .primaryKey()
      .references(() => products.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    status: listingStatus("status").notNull().default("listed"),
    /** Price of one sales unit (the product's unit_vi, e.g. "gói 200 g"), integer VND. */
    priceVnd: bigint("price_vnd", { mode: "number" }).notNull(),
    /** Most units one order may take (null: only stock limits it). */
    maxPerOrder: integer("max_per_order"),
    listedAt: timestamp("listed_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("listings_organisation_idx").on(t.organisationId),
    index("listings_status_price_idx").on(t.status, t.priceVnd),
    check("listings_price_positive", sql`${t.priceVnd} > 0`),
    check("listings_max_per_order_positive", sql`${t.maxPerOrder} is null or ${t.maxPerOrder} > 0`),
  ],
);

/**
 * What the storefront catalogue searches, filters and sorts: one narrow row per product on show
 * (listed, product active and finished, producer active), with the product's search document joined to
 * its producer's name. Kept by triggers on products, listings and organisations (migration 0012), so a
 * search reads one table and never folds text; stock is not here (it changes with every sale).
 * See docs/decisions/0006-storefront-catalogue.md.
 */
export const catalogueEntries = pgTable(
  "catalogue_entries",
  {
    productId: uuid("product_id")
      .primaryKey()
      .references(() => products.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** products.search_vector || the producer's folded names weighted B. */
    document: tsvector("document").notNull(),
    nameVi: text("name_vi").notNull(),
    category: text("category").notNull(),
    ocopGroup: ocopGroup("ocop_group"),
    /** The stars valid on the day the entry was built (ocop_stars_on(), db/sql/ocop_stars.sql); null without. */
    ocopStars: smallint("ocop_stars"),
    /** The certificate's last valid day: the search filter claims the stars only while `ocop_stars_until >= today`. */
    ocopStarsUntil: date("ocop_stars_until"),
    isFeatured: boolean("is_featured").notNull(),
    communeId: integer("commune_id"),
    organisationSlug: text("organisation_slug").notNull(),
    priceVnd: bigint("price_vnd", { mode: "number" }).notNull(),
    listedAt: timestamp("listed_at", { withTimezone: true }).notNull(),
    /**
     * The latest sell-by date among the product's active batches with units available ('infinity' when one
     * never expires; null when none): "in stock today" is `in_stock_until >= today`. Kept by triggers on
     * batch_stock (only when a batch runs out or comes back) and batches.
     */
    inStockUntil: date("in_stock_until"),
  },
  (t) => [
    index("catalogue_entries_document_idx").using("gin", t.document),
    // One index per order of ocop_catalogue_search() (migration 0014), so a page of an unfiltered or broad list
    // is read in order instead of sorting every entry.
    index("catalogue_entries_browse_idx").on(t.isFeatured.desc().nullsFirst(), sql`(coalesce(${t.ocopStars}, 0)) desc`, t.listedAt.desc().nullsFirst(), t.productId),
    index("catalogue_entries_price_idx").on(t.priceVnd, t.productId),
    index("catalogue_entries_newest_idx").on(t.listedAt.desc().nullsFirst(), t.productId),
    index("catalogue_entries_stars_idx").on(sql`(coalesce(${t.ocopStars}, 0)) desc`, t.isFeatured.desc().nullsFirst(), t.nameVi, t.productId),
  ],
);

/** One row: bumped whenever catalogue_entries change, so caches of derived lists know when to rebuild. */
export const catalogueState = pgTable("catalogue_state", {
  id: integer("id").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
});

/**
 * Sales units of a batch still on sale. `units_available` is decremented by a conditional UPDATE at
 * checkout and given back when an order is cancelled or its reservation lapses; the CHECK makes an
 * oversell impossible even if application code were wrong.
 */
export const batchStock = pgTable(
  "batch_stock",
  {
    batchId: uuid("batch_id")
      .primaryKey()
      .references(() => batches.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    /** Units the cooperative put on sale from this batch (never more than the batch holds). */
    unitsOnSale: integer("units_on_sale").notNull(),
    unitsAvailable: integer("units_available").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("batch_stock_product_idx").on(t.productId),
    index("batch_stock_organisation_idx").on(t.organisationId),
    check("batch_stock_available_non_negative", sql`${t.unitsAvailable} >= 0`),
    check("batch_stock_available_within_on_sale", sql`${t.unitsAvailable} <= ${t.unitsOnSale}`),
  ],
);

export const cartStatus = pgEnum("cart_status", ["open", "merged", "ordered"]);

/** A cart kept on the server; guests hold its id in a signed cookie, signed-in consumers by user id. */
export const carts = pgTable(
  "carts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    status: cartStatus("status").notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("carts_user_status_idx").on(t.userId, t.status)],
);

export const cartItems = pgTable(
  "cart_items",
  {
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    quantity: integer("quantity").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "cart_items_pk", columns: [t.cartId, t.productId] }),
    check("cart_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export const paymentMethod = pgEnum("payment_method", ["card", "bank_transfer", "cash_on_delivery"]);

/**
 * Order life: `awaiting_payment` (card: stock reserved until `reserved_until`) → `placed`; or
 * `lapsed` (reservation expired, stock returned) / `cancelled` (every sub-order cancelled).
 * Fulfilment state lives on the sub-orders.
 */
export const orderStatus = pgEnum("order_status", ["awaiting_payment", "placed", "lapsed", "cancelled"]);

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human-facing order number, e.g. "DH-7K3M9QX2": what a consumer types with their phone. */
    number: text("number").notNull().unique(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    cartId: uuid("cart_id").references(() => carts.id, { onDelete: "set null" }),
    status: orderStatus("status").notNull(),
    paymentMethod: paymentMethod("payment_method").notNull(),
    contactName: text("contact_name").notNull(),
    /** Normalised Vietnamese phone number (0xxxxxxxxx). */
    phone: text("phone").notNull(),
    email: text("email"),
    deliveryProvinceCode: text("delivery_province_code")
      .notNull()
      .references(() => provinces.code),
    deliveryCommuneId: integer("delivery_commune_id").references(() => communes.id),
    /** Commune or ward name as given (always set; from the list when the province's communes are known). */
    deliveryCommuneName: text("delivery_commune_name").notNull(),
    deliveryAddress: text("delivery_address").notNull(),
    deliveryNote: text("delivery_note"),
    subtotalVnd: bigint("subtotal_vnd", { mode: "number" }).notNull(),
    shippingVnd: bigint("shipping_vnd", { mode: "number" }).notNull().default(0),
    totalVnd: bigint("total_vnd", { mode: "number" }).notNull(),
    /** Card payments: stock is held until then; after it the order lapses and stock returns. */
    reservedUntil: timestamp("reserved_until", { withTimezone: true }),
    locale: text("locale").notNull().default("vi"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("orders_user_idx").on(t.userId, t.createdAt),
    index("orders_status_reserved_idx").on(t.status, t.reservedUntil),
    index("orders_province_created_idx").on(t.deliveryProvinceCode, t.createdAt),
    check("orders_totals", sql`${t.totalVnd} = ${t.subtotalVnd} + ${t.shippingVnd} and ${t.subtotalVnd} >= 0 and ${t.shippingVnd} >= 0`),
    check("orders_number_format", sql`${t.number} ~ '^DH-[0-9A-HJKMNP-TV-Z]{8}$'`),
    check("orders_locale", sql`${t.locale} in ('vi', 'en')`),
  ],
);

export const subOrderStatus = pgEnum("sub_order_status", [
  "pending",
  "confirmed",
  "packed",
  "shipped",
  "delivered",
  "cancelled",
]);
export const paymentStatus = pgEnum("payment_status", ["unpaid", "paid", "refunded"]);

/** The part of an order one cooperative fulfils. Cooperatives see only their own sub-orders. */
export const subOrders = pgTable(
  "sub_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Order number plus a suffix per cooperative ("DH-7K3M9QX2-1"); also the bank-transfer note. */
    reference: text("reference").notNull().unique(),
    status: subOrderStatus("status").notNull().default("pending"),
    paymentStatus: paymentStatus("payment_status").notNull().default("unpaid"),
    subtotalVnd: bigint("subtotal_vnd", { mode: "number" }).notNull(),
    shippingVnd: bigint("shipping_vnd", { mode: "number" }).notNull().default(0),
    totalVnd: bigint("total_vnd", { mode: "number" }).notNull(),
    refundedVnd: bigint("refunded_vnd", { mode: "number" }).notNull().default(0),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    cancelReason: text("cancel_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("sub_orders_order_organisation_unique").on(t.orderId, t.organisationId),
    index("sub_orders_organisation_status_idx").on(t.organisationId, t.status, t.createdAt),
    check("sub_orders_totals", sql`${t.totalVnd} = ${t.subtotalVnd} + ${t.shippingVnd} and ${t.subtotalVnd} >= 0 and ${t.shippingVnd} >= 0`),
    check("sub_orders_refund_bounds", sql`${t.refundedVnd} >= 0 and ${t.refundedVnd} <= ${t.totalVnd}`),
    check("sub_orders_shipped_has_carrier", sql`${t.status} not in ('shipped', 'delivered') or ${t.carrier} is not null`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subOrderId: uuid("sub_order_id")
      .notNull()
      .references(() => subOrders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    /** Snapshot at order time: what the consumer saw. */
    productNameVi: text("product_name_vi").notNull(),
    productNameEn: text("product_name_en"),
    unitVi: text("unit_vi").notNull(),
    unitEn: text("unit_en").notNull(),
    unitPriceVnd: bigint("unit_price_vnd", { mode: "number" }).notNull(),
    quantity: integer("quantity").notNull(),
    lineTotalVnd: bigint("line_total_vnd", { mode: "number" }).notNull(),
  },
  (t) => [
    index("order_lines_sub_order_idx").on(t.subOrderId),
    index("order_lines_product_idx").on(t.productId),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
    check("order_lines_total", sql`${t.lineTotalVnd} = ${t.unitPriceVnd} * ${t.quantity}`),
  ],
);

/**
 * Which batches an order line took its units from (first-expiring-first). `released_at` is set when
 * the units went back to stock (cancellation, lapsed reservation); released rows are kept for history.
 */
export const orderLineAllocations = pgTable(
  "order_line_allocations",
  {
    orderLineId: uuid("order_line_id")
      .notNull()
      .references(() => orderLines.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    quantity: integer("quantity").notNull(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    /**
     * The line's sub-order and order, written once with the allocation and never changed (a line never moves), so a
     * trace reads an allocation's buyer from one index range per lot instead of three lookups per line (decision
     * 0021). Filled by the writer; a trigger fills them from the line when an insert leaves them out.
     */
    subOrderId: uuid("sub_order_id")
      .notNull()
      .references(() => subOrders.id)
      .$defaultFn(() => sql`null`),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id)
      .$defaultFn(() => sql`null`),
  },
  (t) => [
    primaryKey({ name: "order_line_allocations_pk", columns: [t.orderLineId, t.batchId] }),
    index("order_line_allocations_batch_idx").on(t.batchId),
    check("order_line_allocations_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export const paymentProvider = pgEnum("payment_provider", ["stripe", "vietqr", "cash"]);
export const paymentRecordStatus = pgEnum("payment_record_status", ["pending", "succeeded", "failed", "expired"]);

/**
 * Money coming in. Card: one Stripe Checkout Session for the whole order (sub_order_id null).
 * Transfer and cash: one row per sub-order, confirmed by the cooperative (or a bank feed later).
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    subOrderId: uuid("sub_order_id").references(() => subOrders.id),
    provider: paymentProvider("provider").notNull(),
    status: paymentRecordStatus("status").notNull().default("pending"),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    /** Transfer reference as written in the bank note, or the bank feed's transaction id. */
    reference: text("reference"),
    confirmedBy: uuid("confirmed_by").references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    index("payments_sub_order_idx").on(t.subOrderId),
    index("payments_provider_status_idx").on(t.provider, t.status, t.createdAt),
    check("payments_amount_positive", sql`${t.amountVnd} > 0`),
    check("payments_stripe_has_session", sql`${t.provider} <> 'stripe' or ${t.stripeCheckoutSessionId} is not null`),
  ],
);

/**
 * A card payment Stripe reported that does not match what the app asked for: a session the app never
 * created for the order, or an amount or currency other than the order's. The order stays unpaid; the
 * cooperatives of the order and the department see the flag. One row per session and reason.
 */
export const paymentFlags = pgTable(
  "payment_flags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    /** "unknown_session" or "amount_mismatch". */
    reason: text("reason").notNull(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").notNull(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    expectedAmountVnd: bigint("expected_amount_vnd", { mode: "number" }).notNull(),
    /** As Stripe reported it (minor units of `currency`; whole đồng for VND). */
    reportedAmount: bigint("reported_amount", { mode: "number" }),
    reportedCurrency: text("reported_currency"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("payment_flags_session_reason_unique").on(t.stripeCheckoutSessionId, t.reason),
    index("payment_flags_order_idx").on(t.orderId),
    index("payment_flags_created_idx").on(t.createdAt),
  ],
);

export type PaymentFlag = typeof paymentFlags.$inferSelect;

/** Money going back: through Stripe's refund API for cards, recorded by hand for transfers. */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    subOrderId: uuid("sub_order_id")
      .notNull()
      .references(() => subOrders.id),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    stripeRefundId: text("stripe_refund_id").unique(),
    reason: text("reason"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("refunds_sub_order_idx").on(t.subOrderId),
    check("refunds_amount_positive", sql`${t.amountVnd} > 0`),
  ],
);

/** Stripe webhook deliveries already handled, by event id: a redelivery changes nothing. */
export const stripeEvents = pgTable("stripe_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  objectId: text("object_id"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Status history shown to consumers and cooperatives; one row per change of an order or sub-order. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    subOrderId: uuid("sub_order_id").references(() => subOrders.id),
    /** The new status (order_status or sub_order_status value) or a payment fact ("paid", "refunded"). */
    status: text("status").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.createdAt), index("order_events_sub_order_idx").on(t.subOrderId)],
);

export type Listing = typeof listings.$inferSelect;
export type BatchStock = typeof batchStock.$inferSelect;
export type Cart = typeof carts.$inferSelect;
export type CartItem = typeof cartItems.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type SubOrder = typeof subOrders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type OrderLineAllocation = typeof orderLineAllocations.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;
