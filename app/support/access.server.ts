/**
 * Who may write the support ledger: department officers and platform administrators (every commune), and commune
 * officers the department appointed (their own commune only: the ledger commands refuse the rest, and the pages
 * show that commune alone). Anyone else signed in gets 403; signed-out visitors are sent to sign in. The public
 * reads aggregates without signing in (/transparency); a cooperative reads its own support in its workspace.
 */
import { requireCsrf, requireUser, type RequestArgs } from "~/identity/request.server";
import { supportScope } from "~/identity/roles";
import type { SupportActor } from "./ledger.server";

export async function requireSupportOfficer(args: RequestArgs): Promise<SupportActor> {
  const viewer = await requireUser(args);
  const scope = supportScope(viewer.memberships);
  if (!scope) throw new Response("Forbidden", { status: 403 });
  return { userId: viewer.user.id, organisationId: null, communeId: scope.communes === "one" ? scope.communeId : null };
}

/** For actions: the officer first (strangers learn nothing), then the CSRF token, then the form. */
export async function requireSupportOfficerAction(args: RequestArgs): Promise<{ actor: SupportActor; form: FormData }> {
  const actor = await requireSupportOfficer(args);
  const form = await requireCsrf(args);
  return { actor, form };
}
