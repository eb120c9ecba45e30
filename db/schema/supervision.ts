import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organisations, products } from "./catalog";
import { users } from "./identity";
import { communes } from "./places";
import { batches } from "./trace";

/** What a citizen reports: a suspected counterfeit, a quality complaint, wrong information on a page, programme support. */
export const citizenReportKind = pgEnum("citizen_report_kind", ["counterfeit", "quality", "wrong_information", "programme_support"]);
/** received → assigned → answered → closed, or escalated on the way (app/supervision/case-rules.ts). */
export const caseStatus = pgEnum("case_status", ["received", "assigned", "answered", "closed", "escalated"]);
/** Who a case is assigned to by the department. */
export const caseAssigneeKind = pgEnum("case_assignee_kind", ["cooperative", "officer", "commune"]);
/** One step of a case's history. */
export const caseStepKind = pgEnum("case_step_kind", ["received", "assigned", "answered", "closed", "escalated", "commented", "reminded"]);

/**
 * A citizen's report and the case it opens. Contact details are personal data: shown to the department, the
 * supervisors and the assigned cooperative, never on public pages. `reference` is the reporter's way back
 * (`/reports/{reference}`): random, not guessable.
 */
export const citizenCases = pgTable(
  "citizen_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull().unique(),
    kind: citizenReportKind("kind").notNull(),
    status: caseStatus("status").notNull().default("received"),
    description: text("description").notNull(),
    /** The code scanned (origin page code), its serial, and what they resolve to. */
    code: text("code"),
    serial: text("serial"),
    batchId: uuid("batch_id").references(() => batches.id),
    productId: uuid("product_id").references(() => products.id),
    /** The producer the report is about (from the code, product or order), when known. */
    subjectOrganisationId: uuid("subject_organisation_id").references(() => organisations.id),
    orderNumber: text("order_number"),
    /** The page the report is about (a path on this site), for wrong information. */
    pagePath: text("page_path"),
    /** Where a suspected counterfeit was bought (a shop, a market stall, a social-network seller). */
    placeBought: text("place_bought"),
    /** The commune the case belongs to, for the public statistics (the producer's commune, or the one assigned). */
    communeId: integer("commune_id").references(() => communes.id),
    photoKey: text("photo_key"),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    locale: text("locale").notNull().default("vi"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** 7 working days after receipt (Vietnam's dates, Saturdays and Sundays skipped). */
    dueOn: date("due_on").notNull(),
    assigneeKind: caseAssigneeKind("assignee_kind"),
    assignedOrganisationId: uuid("assigned_organisation_id").references(() => organisations.id),
    assignedUserId: uuid("assigned_user_id").references(() => users.id),
    assignedCommuneId: integer("assigned_commune_id").references(() => communes.id),
    answer: text("answer"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    isDemo: boolean("is_demo").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("citizen_cases_status_idx").on(t.status, t.dueOn),
    index("citizen_cases_assigned_organisation_idx").on(t.assignedOrganisationId),
    index("citizen_cases_batch_idx").on(t.batchId),
    index("citizen_cases_received_idx").on(t.receivedAt),
    check("citizen_cases_reference_format", sql`${t.reference} ~ '^PA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'`),
    check("citizen_cases_answered_has_answer", sql`${t.status} not in ('answered', 'closed') or ${t.answer} is not null`),
    check(
      "citizen_cases_assignee_one",
      sql`(${t.assigneeKind} is null and ${t.assignedOrganisationId} is null and ${t.assignedUserId} is null and ${t.assignedCommuneId} is null)
        or (${t.assigneeKind} = 'cooperative' and ${t.assignedOrganisationId} is not null and ${t.assignedUserId} is null and ${t.assignedCommuneId} is null)
        or (${t.assigneeKind} = 'officer' and ${t.assignedUserId} is not null and ${t.assignedOrganisationId} is null and ${t.assignedCommuneId} is null)
        or (${t.assigneeKind} = 'commune' and ${t.assignedCommuneId} is not null and ${t.assignedOrganisationId} is null and ${t.assignedUserId} is null)`,
    ),
  ],
);

/** Every step of a case, append-only (a trigger refuses updates and deletes): receipt, assignment, answer, comments, reminders. */
export const citizenCaseSteps = pgTable(
  "citizen_case_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => citizenCases.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    step: caseStepKind("step").notNull(),
    /** Null for the reporter (a public form) and for the system (reminders). */
    actorUserId: uuid("actor_user_id").references(() => users.id),
    /** The organisation the actor acted for (department, cooperative, supervising body). */
    actorOrganisationId: uuid("actor_organisation_id").references(() => organisations.id),
    note: text("note"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [index("citizen_case_steps_case_idx").on(t.caseId, t.at)],
);

/** A reminder sent about a case (before its due date, or once overdue): one per case and kind, so a run sends it once. */
export const citizenCaseReminders = pgTable(
  "citizen_case_reminders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => citizenCases.id),
    kind: text("kind").notNull(),
    dueOn: date("due_on").notNull(),
    recipients: integer("recipients").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("citizen_case_reminders_once").on(t.caseId, t.kind, t.dueOn),
    check("citizen_case_reminders_kind", sql`${t.kind} in ('before_due', 'overdue')`),
  ],
);

export type CitizenCase = typeof citizenCases.$inferSelect;
export type CitizenCaseStep = typeof citizenCaseSteps.$inferSelect;
export type CaseStatus = (typeof caseStatus.enumValues)[number];
export type CitizenReportKind = (typeof citizenReportKind.enumValues)[number];
export type CaseStepKind = (typeof caseStepKind.enumValues)[number];
export type CaseAssigneeKind = (typeof caseAssigneeKind.enumValues)[number];
