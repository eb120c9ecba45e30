import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { organisations } from "./catalog";
import { users } from "./identity";
import { communes } from "./places";
import { batches } from "./trace";

/**
 * Member households of a cooperative ("households" context). Names, ethnicity and poverty status are
 * sensitive personal data (Decree 13/2023/NĐ-CP): only the household's own cooperative (manager) and
 * admins read them; everyone else gets suppressed aggregates (app/insights/household-aggregates.server.ts).
 */

export const householdHeadSex = pgEnum("household_head_sex", ["female", "male"]);
export const householdPovertyStatus = pgEnum("household_poverty_status", ["poor", "near_poor", "newly_escaped", "not_poor"]);
export const householdPaymentKind = pgEnum("household_payment_kind", ["purchase", "wage", "profit_share"]);

export const households = pgTable(
  "households",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** The cooperative's own household code (as in its spreadsheets), unique within the cooperative. */
    code: text("code").notNull(),
    headName: text("head_name").notNull(),
    headSex: householdHeadSex("head_sex").notNull(),
    memberCount: smallint("member_count").notNull(),
    /** One of the 54 recognised ethnic groups, by its two-digit statistical code ("01" Kinh … "54" Rơ Măm). */
    ethnicityCode: text("ethnicity_code").notNull(),
    communeId: integer("commune_id")
      .notNull()
      .references(() => communes.id),
    village: text("village"),
    joinedOn: date("joined_on").notNull(),
    leftOn: date("left_on"),
    /** Income per person per year (integer VND) at the baseline, and the year it was measured. */
    baselineYear: smallint("baseline_year"),
    baselineIncomeVnd: bigint("baseline_income_vnd", { mode: "number" }),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("households_organisation_code_unique").on(t.organisationId, t.code),
    index("households_commune_idx").on(t.communeId),
    check("households_code_format", sql`${t.code} ~ '^[A-Za-z0-9._-]{1,20}$'`),
    check("households_member_count_range", sql`${t.memberCount} between 1 and 30`),
    check("households_ethnicity_code", sql`${t.ethnicityCode} ~ '^(0[1-9]|[1-4][0-9]|5[0-4])$'`),
    check("households_membership_dates", sql`${t.leftOn} is null or ${t.leftOn} >= ${t.joinedOn}`),
    check(
      "households_baseline_complete",
      sql`(${t.baselineYear} is null) = (${t.baselineIncomeVnd} is null) and (${t.baselineIncomeVnd} is null or ${t.baselineIncomeVnd} >= 0)`,
    ),
  ],
);

/** Poverty status of a household in one year, under the standard in force that year. */
export const householdStatuses = pgTable(
  "household_statuses",
  {
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    year: smallint("year").notNull(),
    status: householdPovertyStatus("status").notNull(),
    /** Id of the poverty standard period (app/households/poverty-lines.ts), e.g. "2022-2025". */
    standard: text("standard").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "household_statuses_pk", columns: [t.householdId, t.year] }),
    index("household_statuses_organisation_year_idx").on(t.organisationId, t.year),
    check("household_statuses_year_range", sql`${t.year} between 2000 and 2100`),
  ],
);

/** A yearly income survey: income per person per year (integer VND). */
export const householdIncomeSurveys = pgTable(
  "household_income_surveys",
  {
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    year: smallint("year").notNull(),
    incomePerPersonVnd: bigint("income_per_person_vnd", { mode: "number" }).notNull(),
    memberCount: smallint("member_count").notNull(),
    surveyedOn: date("surveyed_on").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "household_income_surveys_pk", columns: [t.householdId, t.year] }),
    index("household_income_surveys_organisation_year_idx").on(t.organisationId, t.year),
    check("household_income_surveys_income_non_negative", sql`${t.incomePerPersonVnd} >= 0`),
    check("household_income_surveys_member_count_range", sql`${t.memberCount} between 1 and 30`),
  ],
);

/**
 * A household delivered raw produce into a raw batch of its cooperative. This row is what links the
 * household into the batch lineage (decision 0009).
 */
export const householdSupplies = pgTable(
  "household_supplies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id),
    /** The delivery note (phiếu nhập) number: re-importing the same note changes nothing. */
    reference: text("reference").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 3 }).notNull(),
    uom: text("uom").notNull(),
    suppliedOn: date("supplied_on").notNull(),
    /** Paid to the household for this delivery at the weighing station, integer VND (0 when paid later). */
    pricePaidVnd: bigint("price_paid_vnd", { mode: "number" }).notNull().default(0),
    isDemo: boolean("is_demo").notNull().default(false),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("household_supplies_organisation_reference_unique").on(t.organisationId, t.reference),
    index("household_supplies_batch_idx").on(t.batchId),
    index("household_supplies_household_idx").on(t.householdId, t.suppliedOn),
    check("household_supplies_quantity_positive", sql`${t.quantity} > 0`),
    check("household_supplies_price_non_negative", sql`${t.pricePaidVnd} >= 0`),
  ],
);

/** Money the cooperative paid a household: deferred produce purchases, wages, profit shares. */
export const householdPayments = pgTable(
  "household_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    reference: text("reference").notNull(),
    kind: householdPaymentKind("kind").notNull(),
    paidOn: date("paid_on").notNull(),
    amountVnd: bigint("amount_vnd", { mode: "number" }).notNull(),
    note: text("note"),
    isDemo: boolean("is_demo").notNull().default(false),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("household_payments_organisation_reference_unique").on(t.organisationId, t.reference),
    index("household_payments_household_idx").on(t.householdId, t.paidOn),
    check("household_payments_amount_positive", sql`${t.amountVnd} > 0`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return "bytea";
  },
});

export const householdImportKind = pgEnum("household_import_kind", ["households", "supplies", "payments"]);

/**
 * An uploaded import file, kept by its content address between the preview and the commit: the
 * commit re-reads these bytes and never trusts rows sent back by the form. Removed once committed.
 */
export const householdImportFiles = pgTable(
  "household_import_files",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    sha256: text("sha256").notNull(),
    kind: householdImportKind("kind").notNull(),
    fileName: text("file_name").notNull(),
    bytes: bytea("bytes").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "household_import_files_pk", columns: [t.organisationId, t.sha256, t.kind] }),
    check("household_import_files_sha256", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type Household = typeof households.$inferSelect;
export type NewHousehold = typeof households.$inferInsert;
export type HouseholdStatus = typeof householdStatuses.$inferSelect;
export type HouseholdIncomeSurvey = typeof householdIncomeSurveys.$inferSelect;
export type HouseholdSupply = typeof householdSupplies.$inferSelect;
export type HouseholdPayment = typeof householdPayments.$inferSelect;
