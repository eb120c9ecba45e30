/**
 * Who may see a household's personal data: the managers of its own cooperative, no one else (the department
 * and admins read aggregates only, through `requireAggregateReader`). Staff of the cooperative get 403; anyone
 * else gets 404 (the organisation is not confirmed). Every read of personal data is written to the audit log by
 * `logPersonalDataView`.
 */
import type { Database } from "#db/client.server";
import { recordAudit } from "~/audit/audit.server";
import { requireUser, type RequestArgs } from "~/identity/request.server";
import { isAdmin, isDepartmentOfficer } from "~/identity/roles";
import { requireWorkspace, requireWorkspaceAction, type WorkspaceAccess } from "~/workspace/access.server";
import type { CooperativeActor } from "./registry.server";

export const HOUSEHOLD_MANAGERS = ["cooperative_manager"] as const;

type Args = RequestArgs & { params: Record<string, string | undefined> };

/** A manager of the cooperative named by `params.org`. */
export function requireHouseholdManager(args: Args): Promise<WorkspaceAccess> {
  return requireWorkspace(args, HOUSEHOLD_MANAGERS);
}

export function requireHouseholdManagerAction(args: Args): Promise<{ access: WorkspaceAccess; form: FormData }> {
  return requireWorkspaceAction(args, HOUSEHOLD_MANAGERS);
}

/** Who the households' commands record as acting: the signed-in manager, for their cooperative. */
export function householdActor(access: WorkspaceAccess): CooperativeActor {
  return { userId: access.user.id, organisationId: access.organisation.id };
}

/** Department officers and admins: the province-wide aggregates. */
export async function requireAggregateReader(args: RequestArgs): Promise<{ userId: string }> {
  const viewer = await requireUser(args);
  if (!isAdmin(viewer.memberships) && !isDepartmentOfficer(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  return { userId: viewer.user.id };
}

/** One audit row per page or export that showed personal data: who, which cooperative, what. */
export async function logPersonalDataView(
  db: Database,
  access: WorkspaceAccess,
  what: { entityType: "household" | "household_list" | "household_income" | "household_import"; entityId: string; detail?: Record<string, unknown> },
): Promise<void> {
  await recordAudit(db, {
    actorUserId: access.user.id,
    organisationId: access.organisation.id,
    entityType: what.entityType,
    entityId: what.entityId,
    action: "view_personal_data",
    after: { role: access.role, ...(what.detail ?? {}) },
  });
}
