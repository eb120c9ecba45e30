/**
 * Who may see a household's personal data: the managers of its own cooperative and platform admins.
 * Staff of the cooperative get 403; anyone else gets 404 (the organisation is not confirmed). Every
 * read of personal data is written to the audit log by `logPersonalDataView`.
 */
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { organisations } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { requireUser, type RequestArgs } from "~/identity/request.server";
import { isAdmin, isDepartmentOfficer } from "~/identity/roles";
import { parseSlugOr404 } from "~/lib/params";
import { requireWorkspace, requireWorkspaceAction, type WorkspaceAccess } from "~/workspace/access.server";

export const HOUSEHOLD_MANAGERS = ["cooperative_manager"] as const;

type Args = RequestArgs & { params: Record<string, string | undefined> };

/** A manager of the cooperative named by `params.org`. */
export function requireHouseholdManager(args: Args): Promise<WorkspaceAccess> {
  return requireWorkspace(args, HOUSEHOLD_MANAGERS);
}

export function requireHouseholdManagerAction(args: Args): Promise<{ access: WorkspaceAccess; form: FormData }> {
  return requireWorkspaceAction(args, HOUSEHOLD_MANAGERS);
}

/**
 * A platform admin reading one cooperative's households (named by `params.org`), with the same
 * shape as a manager's access. Anyone else signed in: 403.
 */
export async function requireAdminHouseholdAccess(args: Args): Promise<WorkspaceAccess> {
  const viewer = await requireUser(args);
  if (!isAdmin(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  const slug = parseSlugOr404(args.params.org);
  const [org] = await args.context.db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, nameEn: organisations.nameEn, status: organisations.status })
    .from(organisations)
    .where(eq(organisations.slug, slug));
  if (!org) throw new Response("Not Found", { status: 404 });
  return { user: { id: viewer.user.id, displayName: viewer.user.displayName }, organisation: org, role: "admin" };
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
