/**
 * The one way an OCOP application changes status (draft → submitted → returned → … → certificate_issued): the row is
 * locked, the move checked against `applicationTransitions` (app/ocop/rules.ts), and the change written with its log
 * entry (ocop_application_events) and its audit entry in the caller's transaction. Every command of the ocop context
 * that moves an application calls this.
 */
import { eq, sql } from "drizzle-orm";
import { ocopApplicationEvents, ocopApplications } from "#db/schema";
import type { Tx } from "~/lib/transact.server";
import { canMove, type ApplicationStatus } from "./rules";

export type MoveRefusal = { ok: false; reason: "application_not_found" } | { ok: false; reason: "wrong_status"; status: ApplicationStatus };

export async function moveApplication(
  tx: Tx,
  input: {
    applicationId: string;
    to: ApplicationStatus;
    by: "producer" | "secretary" | "department";
    actorId: string | null;
    note?: string | null;
    /** Extra columns to write with the move (round, submitted time, return note). */
    set?: Partial<Pick<typeof ocopApplications.$inferInsert, "roundId" | "submittedAt" | "returnNote">>;
  },
): Promise<{ ok: true; from: ApplicationStatus; organisationId: string } | MoveRefusal> {
  const [row] = await tx.db
    .select({ status: ocopApplications.status, organisationId: ocopApplications.organisationId })
    .from(ocopApplications)
    .where(eq(ocopApplications.id, input.applicationId))
    .for("update");
  if (!row) return { ok: false, reason: "application_not_found" };
  if (!canMove(row.status, input.to, input.by)) return { ok: false, reason: "wrong_status", status: row.status };
  await tx.db
    .update(ocopApplications)
    .set({ ...input.set, status: input.to, updatedAt: sql`now()` })
    .where(eq(ocopApplications.id, input.applicationId));
  await tx.db.insert(ocopApplicationEvents).values({
    applicationId: input.applicationId,
    fromStatus: row.status,
    toStatus: input.to,
    note: input.note ?? null,
    actorId: input.actorId,
  });
  await tx.audit({
    organisationId: row.organisationId,
    entityType: "ocop_application",
    entityId: input.applicationId,
    action: `status_${input.to}`,
    before: { status: row.status },
    after: { status: input.to, note: input.note ?? null },
  });
  return { ok: true, from: row.status, organisationId: row.organisationId };
}
