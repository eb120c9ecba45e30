import { and, desc, eq, ne } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { auditEvents, users } from "#db/schema";
import { PERSONAL_DATA_VIEW, type AuditView } from "./audit-view";

export interface AuditRow {
  id: string;
  occurredAt: string;
  actor: string | null;
  entityType: string;
  action: string;
  /** Names of the fields that changed (before → after), for a one-line summary. */
  changedFields: string[];
}

const IGNORED = new Set(["updatedAt", "createdAt"]);

/** The organisation's latest changes (or reads of personal data), who made them and which fields moved. */
export async function listOrganisationAudit(
  db: Database,
  organisationId: string,
  { view = "changes", limit = 100 }: { view?: AuditView; limit?: number } = {},
): Promise<AuditRow[]> {
  const ofView =
    view === "changes" ? ne(auditEvents.action, PERSONAL_DATA_VIEW) : view === "views" ? eq(auditEvents.action, PERSONAL_DATA_VIEW) : undefined;
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actor: users.displayName,
      entityType: auditEvents.entityType,
      action: auditEvents.action,
      changes: auditEvents.changes,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.organisationId, organisationId), ofView))
    .orderBy(desc(auditEvents.occurredAt))
    .limit(limit);
  return rows.map((r) => {
    const { before, after } = (r.changes ?? {}) as { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null };
    const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
    const changedFields =
      before && after
        ? [...keys].filter((k) => !IGNORED.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        : [];
    return {
      id: r.id,
      occurredAt: r.occurredAt.toISOString(),
      actor: r.actor,
      entityType: r.entityType,
      action: r.action,
      changedFields,
    };
  });
}
