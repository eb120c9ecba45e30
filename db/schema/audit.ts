import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations } from "./catalog";
import { users } from "./identity";

/** What a change did: the entity's relevant fields before and after (null for creation or removal). */
export interface AuditChanges {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Who changed what, when: organisations, memberships and roles, products, batches. Append-only. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    /** Null for changes made by the system itself (seed, maintenance). */
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    changes: jsonb("changes").$type<AuditChanges>().notNull(),
  },
  (t) => [
    index("audit_events_organisation_time_idx").on(t.organisationId, t.occurredAt),
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
    index("audit_events_actor_idx").on(t.actorUserId),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
