/**
 * Who may write the support ledger: department officers and platform administrators (the department records
 * what the programmes gave). Anyone else signed in gets 403; signed-out visitors are sent to sign in. The
 * public reads aggregates without signing in (/transparency); a cooperative reads its own support in its workspace.
 */
import { requireCsrf, requireUser, type RequestArgs } from "~/identity/request.server";
import { canSeeDashboards } from "~/insights/roles";
import type { Actor } from "~/lib/transact.server";

export async function requireSupportOfficer(args: RequestArgs): Promise<Actor> {
  const viewer = await requireUser(args);
  if (!canSeeDashboards(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  return { userId: viewer.user.id, organisationId: null };
}

/** For actions: the officer first (strangers learn nothing), then the CSRF token, then the form. */
export async function requireSupportOfficerAction(args: RequestArgs): Promise<{ actor: Actor; form: FormData }> {
  const actor = await requireSupportOfficer(args);
  const form = await requireCsrf(args);
  return { actor, form };
}
