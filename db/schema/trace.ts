import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { organisations, products } from "./catalog";
import { users } from "./identity";
import { communes } from "./places";

export const batchStatus = pgEnum("batch_status", ["active", "consumed", "recalled", "withdrawn"]);

/** EPCIS 2.0 event types. */
export const epcisEventType = pgEnum("epcis_event_type", [
  "ObjectEvent",
  "AggregationEvent",
  "TransformationEvent",
  "AssociationEvent",
]);
export const epcisAction = pgEnum("epcis_action", ["ADD", "OBSERVE", "DELETE"]);

/** A lot of one product: what a QR code on a package points at. */
export const batches = pgTable(
  "batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    /** GS1 AI (10): up to 20 characters of the GS1 82-character set; unique per product. */
    lotCode: text("lot_code").notNull(),
    /** The app's own short code (/t/{code}): 13 Crockford base32 characters, 65 random bits (see ocop_short_code()). */
    shortCode: text("short_code").notNull().default(sql`ocop_short_code()`),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    /** UN/ECE Rec 20 unit code as EPCIS uses it: KGM, LTR, H87 (piece), ... */
    uom: text("uom").notNull(),
    producedOn: date("produced_on").notNull(),
    bestBefore: date("best_before"),
    expiresOn: date("expires_on"),
    originCommuneId: integer("origin_commune_id").references(() => communes.id),
    farmPlot: text("farm_plot"),
    status: batchStatus("status").notNull().default("active"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("batches_product_lot_unique").on(t.productId, t.lotCode),
    unique("batches_short_code_unique").on(t.shortCode),
    check("batches_short_code_format", sql`${t.shortCode} ~ '^[0-9A-HJKMNP-TV-Z]{13}$'`),
    index("batches_organisation_idx").on(t.organisationId),
    index("batches_product_idx").on(t.productId, t.producedOn),
    check("batches_quantity_positive", sql`${t.quantity} > 0`),
    check("batches_lot_code_format", sql`${t.lotCode} ~ '^[!%-?A-Z_a-z"]{1,20}$'`),
    check("batches_dates_order", sql`${t.bestBefore} is null or ${t.bestBefore} >= ${t.producedOn}`),
  ],
);

/**
 * One EPCIS-shaped event in a batch's timeline. Append-only: a correction is a new event that
 * points at the one it corrects. Each row carries the hash of its canonical content chained to
 * the previous event of the same batch, so any later edit is detectable.
 */
export const traceEvents = pgTable(
  "trace_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    /** Position in the batch's chain, from 1. */
    sequence: integer("sequence").notNull(),
    eventType: epcisEventType("event_type").notNull(),
    action: epcisAction("action"),
    /** CBV 2.0 business step (`shipping`) or an extension URI for farm steps (harvesting). */
    bizStep: text("biz_step").notNull(),
    disposition: text("disposition"),
    eventTime: timestamp("event_time", { withTimezone: true }).notNull(),
    eventTimeZoneOffset: text("event_time_zone_offset").notNull().default("+07:00"),
    /** Where: a commune and a named place (farm, workshop, warehouse). */
    communeId: integer("commune_id").references(() => communes.id),
    locationName: text("location_name"),
    /** What: quantity of the batch concerned by the event. */
    quantity: numeric("quantity", { precision: 14, scale: 3 }),
    uom: text("uom"),
    /** Step-specific facts (input name and dose, pre-harvest interval, lab results, carrier). */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    correctsEventId: uuid("corrects_event_id"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    prevHash: text("prev_hash"),
    hash: text("hash").notNull(),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [
    unique("trace_events_batch_sequence_unique").on(t.batchId, t.sequence),
    index("trace_events_batch_time_idx").on(t.batchId, t.eventTime),
    index("trace_events_organisation_idx").on(t.organisationId),
    foreignKey({ columns: [t.correctsEventId], foreignColumns: [t.id], name: "trace_events_corrects_fk" }),
    check("trace_events_sequence_positive", sql`${t.sequence} >= 1`),
    check("trace_events_offset_format", sql`${t.eventTimeZoneOffset} ~ '^[+-][0-9]{2}:[0-9]{2}$'`),
    check("trace_events_hash_format", sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
    check(
      "trace_events_chain_start",
      sql`(${t.sequence} = 1) = (${t.prevHash} is null)`,
    ),
  ],
);

/** Lineage edges: a transformation event consumed a quantity of an input batch to make an output batch. */
export const batchInputs = pgTable(
  "batch_inputs",
  {
    transformationEventId: uuid("transformation_event_id")
      .notNull()
      .references(() => traceEvents.id),
    inputBatchId: uuid("input_batch_id")
      .notNull()
      .references(() => batches.id),
    outputBatchId: uuid("output_batch_id")
      .notNull()
      .references(() => batches.id),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    uom: text("uom").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.transformationEventId, t.inputBatchId] }),
    index("batch_inputs_output_idx").on(t.outputBatchId),
    index("batch_inputs_input_idx").on(t.inputBatchId),
    check("batch_inputs_quantity_positive", sql`${t.quantity} > 0`),
    check("batch_inputs_not_self", sql`${t.inputBatchId} <> ${t.outputBatchId}`),
  ],
);

export type Batch = typeof batches.$inferSelect;
export type NewBatch = typeof batches.$inferInsert;
export type TraceEvent = typeof traceEvents.$inferSelect;
export type NewTraceEvent = typeof traceEvents.$inferInsert;
export type BatchInput = typeof batchInputs.$inferSelect;

/**
 * A file attached to a recorded step (a lab report), with whether the cooperative made it public. The
 * attachment itself is inside the event's hashed details; this row is what /uploads and the EPCIS export
 * ask: a file is served to anyone only if some public attachment (or a product or organisation photo)
 * references it, otherwise only to members of the organisation that attached it.
 */
export const traceAttachments = pgTable(
  "trace_attachments",
  {
    eventId: uuid("event_id")
      .primaryKey()
      .references(() => traceEvents.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    storageKey: text("storage_key").notNull(),
    public: boolean("public").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("trace_attachments_storage_key_idx").on(t.storageKey)],
);

/**
 * An organisation's API keys for its full EPCIS export (`Authorization: Bearer <key>`): only the SHA-256
 * of the key is kept (the key is shown once, when made); a revoked key stops working at once.
 */
export const organisationApiKeys = pgTable(
  "organisation_api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    /** The first characters of the key, to tell keys apart in the list. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [unique("organisation_api_keys_hash_unique").on(t.keyHash), index("organisation_api_keys_organisation_idx").on(t.organisationId)],
);
export type TraceAttachment = typeof traceAttachments.$inferSelect;
export type OrganisationApiKey = typeof organisationApiKeys.$inferSelect;
