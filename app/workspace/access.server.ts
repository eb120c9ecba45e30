import type { Database } from "#db/client.server";
import { recordAudit, type AuditEntry } from "~/audit/audit.server";
import { requireCsrf, requireMembershipBySlug, type RequestArgs } from "~/identity/request.server";
import { cooperativeRoles, type Role } from "~/identity/roles";
import { parseSlugOr404 } from "~/lib/params";

/** Products and the organisation's profile are the managers'; staff record lots and their steps. */
export const PRODUCT_MANAGERS = ["cooperative_manager"] as const satisfies readonly Role[];
export const LOT_RECORDERS = cooperativeRoles;

export function canManageProducts(role: Role): boolean {
  return (PRODUCT_MANAGERS as readonly Role[]).includes(role);
}

export interface WorkspaceAccess {
  user: { id: string; displayName: string };
  organisation: { id: string; slug: string; name: string; nameEn: string | null; status: "pending" | "active" | "suspended" };
  role: Role;
}

type WorkspaceArgs = RequestArgs & { params: Record<string, string | undefined> };

/**
 * The signed-in member's access to the workspace named by `params.org`. Someone else's organisation
 * reads as 404; a member without one of `roles` gets 403.
 */
export async function requireWorkspace(args: WorkspaceArgs, roles: readonly Role[] = LOT_RECORDERS): Promise<WorkspaceAccess> {
  const slug = parseSlugOr404(args.params.org);
  const { viewer, membership } = await requireMembershipBySlug(args, slug, roles);
  return {
    user: { id: viewer.user.id, displayName: viewer.user.displayName },
    organisation: {
      id: membership.organisationId,
      slug: membership.organisation.slug,
      name: membership.organisation.name,
      nameEn: membership.organisation.nameEn,
      status: membership.organisation.status,
    },
    role: membership.role,
  };
}

/** For actions: access first (so strangers learn nothing), then the CSRF token, then the form. */
export async function requireWorkspaceAction(
  args: WorkspaceArgs,
  roles: readonly Role[] = LOT_RECORDERS,
): Promise<{ access: WorkspaceAccess; form: FormData }> {
  const access = await requireWorkspace(args, roles);
  const form = await requireCsrf(args);
  return { access, form };
}

/** The text fields of a form as a plain object for zod (files and the CSRF token left out). */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && key !== "csrf" && !(key in out)) out[key] = value;
  }
  return out;
}

/**
 * Runs a change and its audit record in one transaction: both are stored or neither. `describe`
 * returns null when the change was refused (nothing to audit).
 */
export async function changeWithAudit<T>(
  db: Database,
  access: WorkspaceAccess,
  change: (tx: Database) => Promise<T>,
  describe: (result: T) => Omit<AuditEntry, "actorUserId" | "organisationId"> | null,
): Promise<T> {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database;
    const result = await change(txDb);
    const entry = describe(result);
    if (entry) await recordAudit(txDb, { ...entry, actorUserId: access.user.id, organisationId: access.organisation.id });
    return result;
  });
}
