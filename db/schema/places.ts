import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";

// Two-level local government since 1 July 2025: province → commune, no district.
export const provinceKind = pgEnum("province_kind", ["city", "province"]);
export const communeKind = pgEnum("commune_kind", ["commune", "ward", "special_zone"]);

export const provinces = pgTable(
  "provinces",
  {
    /** Official two-digit code of the provincial unit. */
    code: text("code").primaryKey(),
    nameVi: text("name_vi").notNull(),
    nameEn: text("name_en").notNull(),
    kind: provinceKind("kind").notNull(),
    /** Plain ASCII, lower case: for search and for transfer notes without diacritics. */
    slug: text("slug").notNull().unique(),
  },
  (t) => [check("provinces_code_format", sql`${t.code} ~ '^[0-9]{2}$'`)],
);

export const communes = pgTable(
  "communes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** Official five-digit code when known; null for units whose code has not been confirmed. */
    code: text("code").unique(),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    nameVi: text("name_vi").notNull(),
    kind: communeKind("kind").notNull(),
    slug: text("slug").notNull(),
  },
  (t) => [
    unique("communes_province_slug_unique").on(t.provinceCode, t.slug),
    index("communes_province_idx").on(t.provinceCode),
    check("communes_code_format", sql`${t.code} is null or ${t.code} ~ '^[0-9]{5}$'`),
  ],
);

export type Province = typeof provinces.$inferSelect;
export type Commune = typeof communes.$inferSelect;
