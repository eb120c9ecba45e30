import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organisations, products } from "./catalog";
import { users } from "./identity";
import { orderLines, orders, subOrders } from "./market";
import { batches, batchStatus, traceEvents } from "./trace";

/** Why a recall was opened (the list the issue asks for). */
export const recallReason = pgEnum("recall_reason", ["contamination", "lab_result", "mislabelling", "foreign_body", "quality", "other"]);
/**
 * How serious it is, in the three classes food authorities use: a serious or a possible health risk recalls the lots
 * (status recalled); a minor one withdraws them from sale (status withdrawn). See app/recalls/rules.ts.
 */
export const recallSeverity = pgEnum("recall_severity", ["serious", "moderate", "minor"]);
/** draft (scope under review) → confirmed (every sale stopped, people told) → closed (with its report). */
export const recallStatus = pgEnum("recall_status", ["draft", "confirmed", "closed"]);

/** A recall (or withdrawal) of one or more lots and of everything made from them. */
export const recalls = pgTable(
  "recalls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "TH-2026-0001": thu hồi, the year it was opened (in Vietnam), a number within the year. */
    number: text("number").notNull(),
    status: recallStatus("status").notNull().default("draft"),
    reason: recallReason("reason").notNull(),
    severity: recallSeverity("severity").notNull(),
    /** What the people reviewing it should know (not public). */
    details: text("details"),
    /** Shown on the recall notice, the origin pages and in the buyers' mail. */
    messageVi: text("message_vi").notNull(),
    messageEn: text("message_en").notNull(),
    /** The organisation that opened it: the lot's cooperative, or the department. */
    openedByOrganisationId: uuid("opened_by_organisation_id")
      .notNull()
      .references(() => organisations.id),
    openedBy: uuid("opened_by").references(() => users.id),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    confirmedBy: uuid("confirmed_by").references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closingReport: text("closing_report"),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [
    unique("recalls_number_unique").on(t.number),
    index("recalls_status_idx").on(t.status, t.openedAt),
    check("recalls_number_format", sql`${t.number} ~ '^TH-[0-9]{4}-[0-9]{4,}$'`),
    check("recalls_confirmed", sql`(${t.status} = 'draft') = (${t.confirmedAt} is null)`),
    check("recalls_closed", sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
    check("recalls_closed_has_report", sql`${t.status} <> 'closed' or ${t.closingReport} is not null`),
  ],
);

/** The lots a recall was opened for (the roots of its forward trace); a lot joining an open recall adds a root. */
export const recallRoots = pgTable(
  "recall_roots",
  {
    recallId: uuid("recall_id")
      .notNull()
      .references(() => recalls.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    addedBy: uuid("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.recallId, t.batchId] }), index("recall_roots_batch_idx").on(t.batchId)],
);

/** Every lot in a recall's scope, frozen when it is confirmed: what it was, and what it held then. */
export const recallLots = pgTable(
  "recall_lots",
  {
    recallId: uuid("recall_id")
      .notNull()
      .references(() => recalls.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    lotCode: text("lot_code").notNull(),
    depth: integer("depth").notNull(),
    statusBefore: batchStatus("status_before").notNull(),
    /** Units still on sale (not yet sold) when the recall stopped the sale. */
    unitsUnsold: integer("units_unsold").notNull().default(0),
    /** The event that recorded the disposition change on the lot's chain. */
    traceEventId: uuid("trace_event_id").references(() => traceEvents.id),
  },
  (t) => [
    primaryKey({ columns: [t.recallId, t.batchId] }),
    index("recall_lots_batch_idx").on(t.batchId),
    index("recall_lots_product_idx").on(t.productId),
    index("recall_lots_organisation_idx").on(t.organisationId),
  ],
);

/** Every order line that received units of a lot in scope, frozen when the recall is confirmed. */
export const recallOrderLines = pgTable(
  "recall_order_lines",
  {
    recallId: uuid("recall_id")
      .notNull()
      .references(() => recalls.id),
    orderLineId: uuid("order_line_id")
      .notNull()
      .references(() => orderLines.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    subOrderId: uuid("sub_order_id")
      .notNull()
      .references(() => subOrders.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    quantity: integer("quantity").notNull(),
    /** The units had gone back to stock (a cancelled or lapsed order) before the recall. */
    released: boolean("released").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.recallId, t.orderLineId, t.batchId] }),
    index("recall_order_lines_organisation_idx").on(t.organisationId),
    index("recall_order_lines_order_idx").on(t.orderId),
  ],
);

/** The buyers of a recall: one row per order in scope, and whether a mail could be queued to them. */
export const recallBuyers = pgTable(
  "recall_buyers",
  {
    recallId: uuid("recall_id")
      .notNull()
      .references(() => recalls.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    /** The outbox message queued to the buyer; null when the order left no e-mail address. */
    messageId: uuid("message_id"),
  },
  (t) => [primaryKey({ columns: [t.recallId, t.orderId] })],
);

/**
 * Sub-orders not yet shipped when a recall was confirmed: held (no packing or shipping) until their cooperative
 * decides — cancel (the market's cancellation, with its refund) or release (the goods are not affected).
 */
export const recallHolds = pgTable(
  "recall_holds",
  {
    recallId: uuid("recall_id")
      .notNull()
      .references(() => recalls.id),
    subOrderId: uuid("sub_order_id")
      .notNull()
      .references(() => subOrders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    heldAt: timestamp("held_at", { withTimezone: true }).notNull(),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    releasedBy: uuid("released_by").references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.recallId, t.subOrderId] }),
    index("recall_holds_sub_order_idx").on(t.subOrderId).where(sql`${t.releasedAt} is null`),
  ],
);

export const recallDispositionKind = pgEnum("recall_disposition_kind", ["returned", "destroyed"]);

/** Units of a lot in scope that came back or were destroyed, as the cooperative reports them (each also a trace event). */
export const recallDispositions = pgTable(
  "recall_dispositions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    recallId: uuid("recall_id")
      .notNull()
      .references(() => recalls.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    kind: recallDispositionKind("kind").notNull(),
    units: integer("units").notNull(),
    note: text("note"),
    traceEventId: uuid("trace_event_id")
      .notNull()
      .references(() => traceEvents.id),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("recall_dispositions_recall_idx").on(t.recallId, t.batchId), check("recall_dispositions_units_positive", sql`${t.units} > 0`)],
);

export type Recall = typeof recalls.$inferSelect;
export type RecallLot = typeof recallLots.$inferSelect;
export type RecallDisposition = typeof recallDispositions.$inferSelect;
