import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./catalog";
import { communes } from "./places";

/**
 * A role is held in an organisation: admins in the platform organisation, officers in a department,
 * managers and staff in a cooperative. A user with no membership is a consumer.
 */
export const membershipRole = pgEnum("membership_role", [
  "admin",
  "department_officer",
  "cooperative_manager",
  "cooperative_staff",
  "supervisor",
  "commune_officer",
]);
export const locale = pgEnum("locale", ["vi", "en"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased; unique. */
    email: text("email").notNull().unique(),
    displayName: text("display_name").notNull(),
    phone: text("phone"),
    /** scrypt hash in PHC-like form; null until a password is set (invited users). */
    passwordHash: text("password_hash"),
    locale: locale("locale").notNull().default("vi"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("users_email_lower_case", sql`${t.email} = lower(${t.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    role: membershipRole("role").notNull(),
    /** The one commune a commune officer (appointed by the department) acts for; set for that role only. */
    communeId: integer("commune_id").references(() => communes.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("memberships_user_organisation_unique").on(t.userId, t.organisationId),
    index("memberships_organisation_idx").on(t.organisationId),
    // role::text: a value added to the enum in this very migration cannot be used as an enum literal before commit.
    check("memberships_commune_officer_commune", sql`(${t.role}::text = 'commune_officer') = (${t.communeId} is not null)`),
  ],
);

/** Server-side session records, so that a signed cookie can be revoked (sign-out everywhere). */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type MembershipRole = (typeof membershipRole.enumValues)[number];

/** One-time password reset links: only a SHA-256 of the token is kept, so a leaked table cannot be replayed. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("password_reset_tokens_user_idx").on(t.userId),
    check("password_reset_tokens_hash_format", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** A manager's one-time invitation of a person (by e-mail) into their organisation with a role. */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    /** Stored lower-cased. */
    email: text("email").notNull(),
    role: membershipRole("role").notNull(),
    /** For a commune officer's invitation: the commune they will act for. */
    communeId: integer("commune_id").references(() => communes.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("staff_invitations_organisation_idx").on(t.organisationId),
    check("staff_invitations_email_lower_case", sql`${t.email} = lower(${t.email})`),
    check("staff_invitations_hash_format", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check("staff_invitations_commune_officer_commune", sql`(${t.role}::text = 'commune_officer') = (${t.communeId} is not null)`),
  ],
);

export type Session = typeof sessions.$inferSelect;
export type PasswordResetToken = typeof passwordResetTokens.$inferSelect;
export type StaffInvitation = typeof staffInvitations.$inferSelect;
