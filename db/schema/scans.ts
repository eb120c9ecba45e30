import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./catalog";
import { batches } from "./trace";

/**
 * A serialised unit of a batch: one label, one code (AI 21). Serials are random (65 bits, see
 * app/trace/gs1/serials.server.ts) and unique within their batch.
 */
export const serialUnits = pgTable(
  "serial_units",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    serial: text("serial").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "serial_units_batch_serial_pk", columns: [t.batchId, t.serial] }),
    index("serial_units_organisation_idx").on(t.organisationId),
    check("serial_units_serial_format", sql`${t.serial} ~ '^[0-9A-HJKMNP-TV-Z]{13}$'`),
  ],
);

export const deviceClass = pgEnum("device_class", ["mobile", "tablet", "desktop", "other"]);

/**
 * Scans aggregated per minute: one row per (batch, serial, minute, province, device) with a count,
 * so a flood of scans of one code adds to a counter instead of adding rows. No IP address is kept.
 * `serial` is '' for a batch code and `province_code` '' when the consumer chose none. `unregistered` marks scans
 * of a code the app never issued (an unknown serial of a known lot) that the resolver walked up to the lot's page:
 * the counterfeit and anomaly figures count them apart.
 */
export const scanCounts = pgTable(
  "scan_counts",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    serial: text("serial").notNull().default(""),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    provinceCode: text("province_code").notNull().default(""),
    device: deviceClass("device").notNull(),
    count: integer("count").notNull(),
    unregistered: boolean("unregistered").notNull().default(false),
  },
  (t) => [
    primaryKey({ name: "scan_counts_pk", columns: [t.batchId, t.serial, t.minute, t.provinceCode, t.device, t.unregistered] }),
    index("scan_counts_organisation_minute_idx").on(t.organisationId, t.minute),
    check("scan_counts_count_positive", sql`${t.count} > 0`),
    check("scan_counts_province_known", sql`${t.provinceCode} = '' or ${t.provinceCode} ~ '^[0-9]{2}$'`),
  ],
);

export type SerialUnit = typeof serialUnits.$inferSelect;
export type ScanCount = typeof scanCounts.$inferSelect;
