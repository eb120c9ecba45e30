import { CSRF_ERROR_KEY, requireCsrf, requireMembershipBySlug, verifyCsrf, type RequestArgs } from "~/identity/request.server";
import type { FileStorage, StoredFile, UploadKind } from "~/storage/storage.server";
import { parseUploadForm, uploadProblemMessage, type UploadedFile } from "~/storage/upload-form.server";
import { cooperativeRoles, type Role } from "~/identity/roles";
import { parseSlugOr404 } from "~/lib/params";
import type { Actor } from "~/lib/transact.server";

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

/** The member acting in their workspace, as the commands they call write it on audit entries. */
export function actorOf(access: WorkspaceAccess): Actor & { organisationId: string } {
  return { userId: access.user.id, organisationId: access.organisation.id };
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

export type StoredUpload = Omit<StoredFile, "ok"> & { name: string };

/**
 * For forms that may carry one file: access, then the size-capped multipart body, then the CSRF
 * token from its text fields; the file (if any) is stored. A refused file is a field error.
 */
export async function requireWorkspaceUpload(
  args: WorkspaceArgs & { context: { storage: FileStorage } },
  field: string,
  kind: UploadKind,
  roles: readonly Role[] = LOT_RECORDERS,
): Promise<{ access: WorkspaceAccess; form: FormData; upload: StoredUpload | null; uploadError: string | null }> {
  const access = await requireWorkspace(args, roles);
  const parsed = await parseUploadForm(args.request, { maxFiles: 1 });
  if (!parsed.ok) {
    if (parsed.problem === "not_multipart") return { access, form: await requireCsrf(args), upload: null, uploadError: null };
    // The body was not read in full: its CSRF token cannot be trusted, so nothing is done with it.
    return { access, form: new FormData(), upload: null, uploadError: uploadProblemMessage(parsed.problem, kind) };
  }
  if (!(await verifyCsrf(args, parsed.fields))) {
    throw Response.json({ messageKey: CSRF_ERROR_KEY }, { status: 403, statusText: "Forbidden" });
  }
  const file: UploadedFile | undefined = parsed.files.get(field)?.[0];
  if (!file) return { access, form: parsed.fields, upload: null, uploadError: null };
  const stored = await args.context.storage.put({ ...file, kind });
  if (!stored.ok) return { access, form: parsed.fields, upload: null, uploadError: uploadProblemMessage(stored, kind) };
  const { ok: _ok, ...rest } = stored;
  return { access, form: parsed.fields, upload: { ...rest, name: file.declaredName.slice(0, 200) }, uploadError: null };
}
