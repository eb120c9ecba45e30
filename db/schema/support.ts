import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { organisations } from "./catalog";
import { households } from "./households";
import { users } from "./identity";
import { communes } from "./places";

/**
 * The programme-support ledger ("supervision" context, issue 18): what the national target programmes and the
 * province's funds gave to cooperatives and to member households of cooperatives. Append-only: a database
 * trigger (db/sql/support_ledger.sql) refuses UPDATE, DELETE and TRUNCATE; a correction is a new entry that
 * names the one it replaces. Who received what per household stays with the household's cooperative's managers;
 * the public sees suppressed aggregates only (app/support/publication.ts).
 */
export const supportProgramme = pgEnum("support_programme", ["new_rural", "poverty_reduction", "ethnic_minority", "provincial_fund"]);
export const supportKind = pgEnum("support_kind", [
  "cash",
  "seedlings_livestock",
  "machinery",
  "inputs",
  "training",
  "value_chain",
  "infrastructure",
]);
export const supportBeneficiary = pgEnum("support_beneficiary", ["cooperative", "households"]);

export const supportEntries = pgTable(
  "support_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** A short number people can quote ("entry 42"); assigned by the database. */
    number: integer("number").notNull().generatedAlwaysAsIdentity(),
    programme: supportProgramme("programme").notNull(),
    project: text("project").notNull(),
    kind: supportKind("kind").notNull(),
    /** Integer VND; a correction to 0 withdraws an entry recorded by mistake. */
    valueVnd: bigint("value_vnd", { mode: "number" }).notNull(),
    givenOn: date("given_on").notNull(),
    /** Where the support was given. */
    communeId: integer("commune_id")
      .notNull()
      .references(() => communes.id),
    beneficiary: supportBeneficiary("beneficiary").notNull(),
    /** The cooperative that received it, or whose member households did. */
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Revolving-fund support: repaid over time (support_repayments). */
    revolving: boolean("revolving").notNull().default(false),
    /** The entry this one replaces; the replaced entry no longer counts. */
    correctsId: uuid("corrects_id").references((): AnyPgColumn => supportEntries.id),
    /** Why the correction was made; required on corrections. */
    reason: text("reason"),
    note: text("note"),
    isDemo: boolean("is_demo").notNull().default(false),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("support_entries_given_on_idx").on(t.givenOn),
    index("support_entries_organisation_idx").on(t.organisationId),
    index("support_entries_commune_idx").on(t.communeId),
    // One correction per entry: the next one corrects the correction, so the chain stays a line.
    uniqueIndex("support_entries_corrects_unique").on(t.correctsId),
    check("support_entries_value_non_negative", sql`${t.valueVnd} >= 0 and ${t.valueVnd} <= 1000000000000`),
    check("support_entries_correction_reason", sql`(${t.correctsId} is null) = (${t.reason} is null)`),
    check("support_entries_project_length", sql`char_length(${t.project}) between 1 and 200`),
  ],
);

/** The member households an entry went to (beneficiary = households); its value is shared among them equally. */
export const supportEntryHouseholds = pgTable(
  "support_entry_households",
  {
    entryId: uuid("entry_id")
      .notNull()
      .references(() => supportEntries.id),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
  },
  (t) => [primaryKey({ name: "support_entry_households_pk", columns: [t.entryId, t.householdId] }), index("support_entry_households_household_idx").on(t.householdId)],
);

/** Money paid back into the revolving fund for an entry. Append-only. */
export const supportRepayments = pgTable(
  "support_repayments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => supportEntries.id),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    paidOn: date("paid_on").notNull(),
    note: text("note"),
    isDemo: boolean("is_demo").notNull().default(false),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("support_repayments_entry_idx").on(t.entryId), check("support_repayments_amount_positive", sql`${t.amountVnd} > 0`)],
);

/** An uploaded support list waiting for the officer's confirmation, by content address; dropped after a day. */
export const supportImportFiles = pgTable("support_import_files", {
  sha256: text("sha256").primaryKey(),
  fileName: text("file_name").notNull(),
  bytes: text("bytes_base64").notNull(),
  uploadedBy: uuid("uploaded_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SupportEntry = typeof supportEntries.$inferSelect;
export type SupportRepayment = typeof supportRepayments.$inferSelect;
