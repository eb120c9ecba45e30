import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { auditEvents, type AuditEvent } from "#db/schema";

export interface AuditEntry {
  /** Who did it; null when the system itself did (seed, maintenance). */
  actorUserId: string | null;
  /** The tenant the change belongs to; null for platform-wide entities. */
  organisationId: string | null;
  /** The changed thing in the domain's words: "organisation", "membership", "product", "batch", ... */
  entityType: string;
  entityId: string;
  /** What happened: "create", "update", "approve", "retire", "role_change", ... */
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Appends one audit event. Call it with the transaction that makes the change, so the record and
 * the change are written together or not at all.
 */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<AuditEvent> {
  const [row] = await db
    .insert(auditEvents)
    .values({
      actorUserId: entry.actorUserId,
      organisationId: entry.organisationId,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      changes: { before: jsonSafe(entry.before ?? null), after: jsonSafe(entry.after ?? null) },
    })
    .returning();
  if (!row) throw new Error("audit event was not written");
  return row;
}

/** Audit events, newest first, filtered by organisation and/or entity. */
export async function listAuditEvents(
  db: Database,
  filter: { organisationId?: string; entityType?: string; entityId?: string; limit?: number },
): Promise<AuditEvent[]> {
  const conditions: SQL[] = [];
  if (filter.organisationId) conditions.push(eq(auditEvents.organisationId, filter.organisationId));
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.occurredAt))
    .limit(filter.limit ?? 100);
}

const SECRET_FIELDS = new Set(["passwordHash", "tokenHash"]);

// Dates become ISO strings, bigints strings, and secrets never reach the log.
function jsonSafe(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (value === null) return null;
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => {
      if (SECRET_FIELDS.has(key)) return undefined;
      return typeof v === "bigint" ? v.toString() : v;
    }),
  ) as Record<string, unknown>;
}
