import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ocopGroup, organisations, products } from "./catalog";
import { users } from "./identity";

/*
 * The OCOP evaluation cycle (issue #17, Decision 148/QĐ-TTg of 2023): criteria sheets as data, applications
 * (dossiers) with self-scores, documents and platform evidence, councils scoring online, ranking decisions and the
 * certificate register that every star on the platform comes from. Rules: app/ocop/rules.ts (pure).
 */

/** A product set (bộ sản phẩm) within one of the six groups: each has its own criteria sheet. */
export const ocopProductSets = pgTable(
  "ocop_product_sets",
  {
    /** Stable code, e.g. "food.fresh_produce", "beverage.tea". */
    code: text("code").primaryKey(),
    productGroup: ocopGroup("product_group").notNull(),
    nameVi: text("name_vi").notNull(),
    nameEn: text("name_en").notNull(),
    position: smallint("position").notNull().default(0),
  },
  (t) => [check("ocop_product_sets_code_format", sql`${t.code} ~ '^[a-z_]+\\.[a-z0-9_]+$'`)],
);

export const ocopSheetStatus = pgEnum("ocop_sheet_status", ["draft", "published", "retired"]);

/**
 * One version of a product set's criteria sheet. `criteria` is the whole sheet as data (parts A/B/C, criteria,
 * options with points, evidence kinds), parsed by `criteriaSheetSchema` (app/ocop/criteria.ts) and checked against
 * the part maxima (40/25/35) before it may be published. A published sheet never changes (trigger in the migration):
 * an edit is a new draft version; an application keeps the version it started with.
 */
export const ocopCriteriaSheets = pgTable(
  "ocop_criteria_sheets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productSetCode: text("product_set_code")
      .notNull()
      .references(() => ocopProductSets.code),
    version: integer("version").notNull(),
    status: ocopSheetStatus("status").notNull().default("draft"),
    criteria: jsonb("criteria").notNull(),
    /** Where the seeded wording comes from, and what must be checked against the decision's annex. */
    sourceNote: text("source_note"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    unique("ocop_criteria_sheets_version").on(t.productSetCode, t.version),
    check("ocop_criteria_sheets_published", sql`(${t.status} = 'draft') = (${t.publishedAt} is null)`),
  ],
);

/** An evaluation round of the department (e.g. "Đợt 2 năm 2026"); its council scores the round's applications. */
export const ocopRoundStatus = pgEnum("ocop_round_status", ["open", "scoring", "closed"]);

export const ocopRounds = pgTable(
  "ocop_rounds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The department that runs it. */
    departmentId: uuid("department_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    year: smallint("year").notNull(),
    status: ocopRoundStatus("status").notNull().default("open"),
    /** When the council meets (the members receive the dossiers before). */
    meetingOn: date("meeting_on"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [
    check("ocop_rounds_closed", sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
    check("ocop_rounds_year", sql`${t.year} between 2019 and 2100`),
  ],
);

export const ocopCouncilRole = pgEnum("ocop_council_role", ["chair", "secretary", "member"]);

/** The council of a round: about nine people with a role each. A member is any account (officers, experts). */
export const ocopCouncilMembers = pgTable(
  "ocop_council_members",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => ocopRounds.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: ocopCouncilRole("role").notNull(),
    /** Shown on the minutes: "TS. Nguyễn Văn A — Phó Giám đốc Sở Nông nghiệp và Môi trường". */
    title: text("title"),
    addedBy: uuid("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId] }), index("ocop_council_members_user_idx").on(t.userId)],
);

/** A member's declared conflict of interest with an organisation: they never score its applications in that round. */
export const ocopConflicts = pgTable(
  "ocop_conflicts",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => ocopRounds.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    note: text("note"),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId, t.organisationId] })],
);

export const ocopApplicationKind = pgEnum("ocop_application_kind", ["new", "renewal", "upgrade"]);
/**
 * draft → submitted → returned (for completion, with the secretary's notes) → submitted … → under_evaluation →
 * decided (stars or not ranked) → certificate_issued. See app/ocop/rules.ts (`applicationTransitions`).
 */
export const ocopApplicationStatus = pgEnum("ocop_application_status", [
  "draft",
  "submitted",
  "returned",
  "under_evaluation",
  "decided",
  "certificate_issued",
]);

/** A producer's application (dossier) for one product. */
export const ocopApplications = pgTable(
  "ocop_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "HS-2026-0001": hồ sơ, the year it was started (in Vietnam), a number within the year. */
    number: text("number").notNull(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    /** The sheet version it is scored against, kept for its whole life. */
    sheetId: uuid("sheet_id")
      .notNull()
      .references(() => ocopCriteriaSheets.id),
    /** The round it is evaluated in: set when submitted (the round open then) or by the department. */
    roundId: uuid("round_id").references(() => ocopRounds.id),
    kind: ocopApplicationKind("kind").notNull().default("new"),
    /** For a renewal or an upgrade: the application it was pre-filled from. */
    previousApplicationId: uuid("previous_application_id"),
    status: ocopApplicationStatus("status").notNull().default("draft"),
    /** Product idea form (phiếu đăng ký ý tưởng sản phẩm), parsed by app/ocop/forms.ts. */
    productIdea: jsonb("product_idea").notNull().default(sql`'{}'::jsonb`),
    /** Business plan form (phương án / kế hoạch kinh doanh), parsed by app/ocop/forms.ts. */
    businessPlan: jsonb("business_plan").notNull().default(sql`'{}'::jsonb`),
    /** The secretary's notes when it was last returned for completion. */
    returnNote: text("return_note"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [
    unique("ocop_applications_number").on(t.number),
    index("ocop_applications_organisation_idx").on(t.organisationId, t.status),
    index("ocop_applications_round_idx").on(t.roundId, t.status),
    index("ocop_applications_product_idx").on(t.productId),
    check("ocop_applications_number_format", sql`${t.number} ~ '^HS-[0-9]{4}-[0-9]{4,}$'`),
  ],
);

/** Every status change of an application, with who and why (the secretary's notes when returned). */
export const ocopApplicationEvents = pgTable(
  "ocop_application_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => ocopApplications.id),
    fromStatus: ocopApplicationStatus("from_status"),
    toStatus: ocopApplicationStatus("to_status").notNull(),
    note: text("note"),
    actorId: uuid("actor_id").references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ocop_application_events_application_idx").on(t.applicationId, t.at)],
);

export const ocopDocumentKind = pgEnum("ocop_document_kind", [
  "business_registration",
  "food_safety",
  "trademark",
  "lab_report",
  "product_story",
  "photo",
  "standard",
  "other",
]);

/** A document uploaded to an application (through app/storage). */
export const ocopApplicationDocuments = pgTable(
  "ocop_application_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => ocopApplications.id),
    kind: ocopDocumentKind("kind").notNull(),
    title: text("title").notNull(),
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    byteSize: integer("byte_size").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ocop_application_documents_application_idx").on(t.applicationId)],
);

/**
 * Evidence from the platform attached to an application: a snapshot of live records (lab-tested lots, traceability
 * coverage, sales by month and buyer province, repeat buyers, scans, member households as aggregates, the current
 * certificate), frozen when attached so the council scores what the producer submitted. `kind` is one of
 * `platformEvidenceKinds` (app/ocop/rules.ts); `snapshot` is parsed by its zod schema there.
 */
export const ocopApplicationEvidence = pgTable(
  "ocop_application_evidence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => ocopApplications.id),
    kind: text("kind").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    attachedBy: uuid("attached_by").references(() => users.id),
    attachedAt: timestamp("attached_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("ocop_application_evidence_kind").on(t.applicationId, t.kind)],
);

/** The producer's self-score, one row per criterion of the application's sheet. */
export const ocopSelfScores = pgTable(
  "ocop_self_scores",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => ocopApplications.id),
    criterionCode: text("criterion_code").notNull(),
    optionIndex: smallint("option_index").notNull(),
    points: numeric("points", { precision: 5, scale: 2, mode: "number" }).notNull(),
    note: text("note"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.criterionCode] })],
);

/** A council member's score of one criterion of one application. */
export const ocopCouncilScores = pgTable(
  "ocop_council_scores",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => ocopApplications.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    criterionCode: text("criterion_code").notNull(),
    optionIndex: smallint("option_index").notNull(),
    points: numeric("points", { precision: 5, scale: 2, mode: "number" }).notNull(),
    comment: text("comment"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.userId, t.criterionCode] })],
);

/** A member's submitted scoring of an application: after it, their scores are final and they see the others'. */
export const ocopScoreSubmissions = pgTable(
  "ocop_score_submissions",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => ocopApplications.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    total: numeric("total", { precision: 5, scale: 2, mode: "number" }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.userId] })],
);

/** Who decides: the province (3★, 4★) or, recorded by the department, the central council (5★). */
export const ocopDecisionLevel = pgEnum("ocop_decision_level", ["province", "central"]);

/** A ranking decision (quyết định công nhận): number, date, signer, and the products it ranks. */
export const ocopDecisions = pgTable(
  "ocop_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => organisations.id),
    roundId: uuid("round_id").references(() => ocopRounds.id),
    level: ocopDecisionLevel("level").notNull().default("province"),
    /** As written on it, e.g. "1234/QĐ-UBND". */
    number: text("number").notNull(),
    signedOn: date("signed_on").notNull(),
    signerName: text("signer_name").notNull(),
    signerTitle: text("signer_title").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [unique("ocop_decisions_number").on(t.departmentId, t.number)],
);

/** One application's result in a decision: its score and stars (null = not ranked). One decision per application. */
export const ocopDecisionItems = pgTable(
  "ocop_decision_items",
  {
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => ocopDecisions.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => ocopApplications.id),
    score: numeric("score", { precision: 5, scale: 2, mode: "number" }).notNull(),
    stars: smallint("stars"),
    /** 90 points or more: proposed to the central council for 5★. */
    proposedFiveStars: boolean("proposed_five_stars").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.applicationId] }),
    unique("ocop_decision_items_once").on(t.applicationId),
    check("ocop_decision_items_stars", sql`${t.stars} is null or ${t.stars} between 3 and 5`),
    check("ocop_decision_items_score", sql`${t.score} between 0 and 100`),
  ],
);

/** How a certificate entered the register. */
export const ocopCertificateOrigin = pgEnum("ocop_certificate_origin", ["evaluation", "recorded_without_evaluation"]);
export const ocopCertificateStatus = pgEnum("ocop_certificate_status", ["valid", "suspended", "revoked"]);

/**
 * The public OCOP register: every certificate, where the stars shown anywhere on the platform come from. A product's
 * `ocop_*` columns mirror its current certificate (app/ocop/register.server.ts keeps them so, in the same
 * transaction as every change here); a suspended or revoked certificate clears them, so every surface that asks
 * `ocop_stars_on` stops showing stars at once.
 */
export const ocopCertificates = pgTable(
  "ocop_certificates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** As printed on the certificate; `/ocop/certificates/{number}` verifies it. Unique, compared case-insensitively. */
    number: text("number").notNull(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    productGroup: ocopGroup("product_group").notNull(),
    stars: smallint("stars").notNull(),
    score: numeric("score", { precision: 5, scale: 2, mode: "number" }),
    issuedOn: date("issued_on").notNull(),
    expiresOn: date("expires_on").notNull(),
    origin: ocopCertificateOrigin("origin").notNull(),
    decisionId: uuid("decision_id").references(() => ocopDecisions.id),
    applicationId: uuid("application_id").references(() => ocopApplications.id),
    status: ocopCertificateStatus("status").notNull().default("valid"),
    /** Public: why it was suspended or revoked. */
    statusReason: text("status_reason"),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    statusChangedBy: uuid("status_changed_by").references(() => users.id),
    /** For a certificate recorded without an evaluation: when the department confirmed it against its records. */
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    confirmedBy: uuid("confirmed_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [
    uniqueIndex("ocop_certificates_number").on(sql`lower(${t.number})`),
    index("ocop_certificates_product_idx").on(t.productId, t.issuedOn),
    index("ocop_certificates_organisation_idx").on(t.organisationId),
    index("ocop_certificates_expiry_idx").on(t.expiresOn),
    check("ocop_certificates_stars", sql`${t.stars} between 3 and 5`),
    check("ocop_certificates_dates", sql`${t.expiresOn} > ${t.issuedOn}`),
    check("ocop_certificates_evaluated", sql`${t.origin} = 'recorded_without_evaluation' or ${t.decisionId} is not null`),
    check("ocop_certificates_status_reason", sql`${t.status} = 'valid' or ${t.statusReason} is not null`),
  ],
);

export const ocopCertificateEventKind = pgEnum("ocop_certificate_event_kind", ["issued", "recorded", "confirmed", "suspended", "reinstated", "revoked"]);

/** The public history of a certificate: issued, recorded, confirmed, suspended, reinstated, revoked, with reasons. */
export const ocopCertificateEvents = pgTable(
  "ocop_certificate_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    certificateId: uuid("certificate_id")
      .notNull()
      .references(() => ocopCertificates.id),
    kind: ocopCertificateEventKind("kind").notNull(),
    reason: text("reason"),
    actorId: uuid("actor_id").references(() => users.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ocop_certificate_events_certificate_idx").on(t.certificateId, t.at)],
);

export type OcopProductSet = typeof ocopProductSets.$inferSelect;
export type OcopCriteriaSheet = typeof ocopCriteriaSheets.$inferSelect;
export type OcopRound = typeof ocopRounds.$inferSelect;
export type OcopApplication = typeof ocopApplications.$inferSelect;
export type OcopCertificate = typeof ocopCertificates.$inferSelect;
export type OcopDecision = typeof ocopDecisions.$inferSelect;
