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
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { communes } from "./places";

/** PostgreSQL full-text document; only ever computed by the database. */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return "tsvector";
  },
});

export const organisationKind = pgEnum("organisation_kind", [
  "cooperative",
  "cooperative_group",
  "enterprise",
  "household_business",
  "department",
  "platform",
  "supervisory_body",
]);
export const organisationStatus = pgEnum("organisation_status", ["pending", "active", "suspended"]);

/** The six OCOP product groups of Decision 148/QĐ-TTg (2023). */
export const ocopGroup = pgEnum("ocop_group", [
  "food",
  "beverage",
  "herbal",
  "handicraft",
  "ornamental",
  "tourism_service",
]);
export const keyProductLevel = pgEnum("key_product_level", ["province", "commune"]);
/** A finished product can be listed; a raw material only feeds batches (fresh tea leaves, paddy). */
export const productKind = pgEnum("product_kind", ["finished", "raw_material"]);
export const productStatus = pgEnum("product_status", ["active", "retired"]);

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    kind: organisationKind("kind").notNull(),
    status: organisationStatus("status").notNull().default("pending"),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    communeId: integer("commune_id").references(() => communes.id),
    address: text("address"),
    phone: text("phone"),
    email: text("email"),
    website: text("website"),
    /** GS1 Global Location Number (AI 414, 13 digits, check digit checked by the app): EPCIS readPoint/bizLocation and party id. */
    gln: text("gln"),
    descriptionVi: text("description_vi"),
    descriptionEn: text("description_en"),
    foundedYear: smallint("founded_year"),
    memberCount: integer("member_count"),
    /** Bank for VietQR transfers: 6-digit BIN of the bank, account number, account holder. */
    bankBin: text("bank_bin"),
    bankAccountNumber: text("bank_account_number"),
    bankAccountName: text("bank_account_name"),
    isDemo: boolean("is_demo").notNull().default(false),
    /** Hours a cash-on-delivery order may wait for the cooperative to confirm it before it lapses and its stock returns. */
    cashHoldHours: smallint("cash_hold_hours").notNull().default(48),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("organisations_commune_idx").on(t.communeId),
    index("organisations_kind_status_idx").on(t.kind, t.status),
    check("organisations_bank_bin_format", sql`${t.bankBin} is null or ${t.bankBin} ~ '^[0-9]{6}$'`),
    check("organisations_gln_format", sql`${t.gln} is null or ${t.gln} ~ '^[0-9]{13}$'`),
    check("organisations_member_count_positive", sql`${t.memberCount} is null or ${t.memberCount} >= 0`),
    check("organisations_cash_hold_hours_range", sql`${t.cashHoldHours} between 1 and 720`),
  ],
);

export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    slug: text("slug").notNull().unique(),
    kind: productKind("kind").notNull().default("finished"),
    status: productStatus("status").notNull().default("active"),
    nameVi: text("name_vi").notNull(),
    nameEn: text("name_en"),
    descriptionVi: text("description_vi"),
    descriptionEn: text("description_en"),
    /** Free classification for browsing (tea, rice, fruit, honey, noodles, ...). */
    category: text("category").notNull(),
    ocopGroup: ocopGroup("ocop_group"),
    ocopStars: smallint("ocop_stars"),
    ocopScore: smallint("ocop_score"),
    ocopCertificateNumber: text("ocop_certificate_number"),
    ocopIssuedOn: date("ocop_issued_on"),
    ocopExpiresOn: date("ocop_expires_on"),
    keyProductLevel: keyProductLevel("key_product_level"),
    /** GTIN-14 with a valid check digit, when the producer has a GS1 company prefix. */
    gtin: text("gtin").unique(),
    /** Sales unit ("gói", "hộp") and the net quantity it holds. */
    unitVi: text("unit_vi").notNull(),
    unitEn: text("unit_en").notNull(),
    netQuantity: numeric("net_quantity", { precision: 12, scale: 3 }),
    netUom: text("net_uom"),
    priceVnd: bigint("price_vnd", { mode: "number" }),
    isFeatured: boolean("is_featured").notNull().default(false),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Storefront search document over diacritic-folded text (ocop_fold, migration 0005): names weigh
     * most, then the category, then descriptions. Maintained by the database.
     */
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', ocop_fold(coalesce(name_vi, '') || ' ' || coalesce(name_en, ''))), 'A') || setweight(to_tsvector('simple', ocop_fold(category)), 'B') || setweight(to_tsvector('simple', ocop_fold(coalesce(description_vi, '') || ' ' || coalesce(description_en, ''))), 'C')`,
    ),
  },
  (t) => [
    index("products_organisation_idx").on(t.organisationId),
    index("products_search_idx").using("gin", t.searchVector),
    index("products_ocop_idx").on(t.ocopGroup, t.ocopStars),
    check("products_ocop_stars_range", sql`${t.ocopStars} is null or ${t.ocopStars} between 3 and 5`),
    check("products_ocop_score_range", sql`${t.ocopScore} is null or ${t.ocopScore} between 0 and 100`),
    check(
      "products_ocop_complete",
      sql`(${t.ocopStars} is null) = (${t.ocopGroup} is null)
        and (${t.ocopStars} is null) = (${t.ocopCertificateNumber} is null)
        and (${t.ocopStars} is null) = (${t.ocopIssuedOn} is null)
        and (${t.ocopStars} is null) = (${t.ocopExpiresOn} is null)`,
    ),
    check("products_ocop_dates_order", sql`${t.ocopExpiresOn} is null or ${t.ocopExpiresOn} > ${t.ocopIssuedOn}`),
    check("products_gtin_format", sql`${t.gtin} is null or ${t.gtin} ~ '^[0-9]{14}$'`),
    check("products_price_non_negative", sql`${t.priceVnd} is null or ${t.priceVnd} >= 0`),
    check("products_net_quantity_positive", sql`${t.netQuantity} is null or ${t.netQuantity} > 0`),
    unique("products_organisation_slug_unique").on(t.organisationId, t.slug),
  ],
);

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;

/** Photos of a product, in display order; the file lives in storage under its content address. */
export const productPhotos = pgTable(
  "product_photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("product_photos_product_key_unique").on(t.productId, t.storageKey),
    index("product_photos_product_idx").on(t.productId, t.position),
    check("product_photos_key_format", sql`${t.storageKey} ~ '^[0-9a-f]{64}\\.(jpg|png|webp)$'`),
  ],
);

export const organisationPhotos = pgTable(
  "organisation_photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("organisation_photos_key_unique").on(t.organisationId, t.storageKey),
    index("organisation_photos_organisation_idx").on(t.organisationId, t.position),
    check("organisation_photos_key_format", sql`${t.storageKey} ~ '^[0-9a-f]{64}\\.(jpg|png|webp)$'`),
  ],
);

export type ProductPhoto = typeof productPhotos.$inferSelect;
export type OrganisationPhoto = typeof organisationPhotos.$inferSelect;

/**
 * The OCOP certificate expiry reminders already sent (app/catalog/ocop-expiry-reminders.server.ts): one row per
 * product × certificate (its number and expiry date) × threshold (6, 3 or 1 calendar months before; rows from before
 * the OCOP register counted 90, 30 or 7 days and keep `threshold_days`). The unique key is what
 * makes the periodic job send each reminder once, however many app instances run it; a renewed certificate (new
 * number or new expiry date) is a new key and gets reminders of its own.
 */
export const ocopExpiryReminders = pgTable(
  "ocop_expiry_reminders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    certificateNumber: text("certificate_number").notNull(),
    expiresOn: date("expires_on").notNull(),
    /** Rows sent before the register: 90, 30 or 7 days before. */
    thresholdDays: smallint("threshold_days"),
    /** 6, 3 or 1 calendar months before (app/catalog/ocop-reminders.ts). */
    thresholdMonths: smallint("threshold_months"),
    /** How many managers were mailed (0 when the cooperative had none: the reminder is not sent again). */
    recipients: integer("recipients").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("ocop_expiry_reminders_once").on(t.productId, t.certificateNumber, t.expiresOn, t.thresholdDays),
    unique("ocop_expiry_reminders_once_months").on(t.productId, t.certificateNumber, t.expiresOn, t.thresholdMonths),
    index("ocop_expiry_reminders_organisation_idx").on(t.organisationId),
    check(
      "ocop_expiry_reminders_threshold",
      sql`(${t.thresholdDays} in (90, 30, 7) and ${t.thresholdMonths} is null) or (${t.thresholdDays} is null and ${t.thresholdMonths} in (6, 3, 1))`,
    ),
  ],
);

export type OcopExpiryReminder = typeof ocopExpiryReminders.$inferSelect;
