import { requireUser, type RequestArgs, type Viewer } from "~/identity/request.server";
import { canSeeDashboards } from "./roles";

/**
 * Department officers and platform administrators only. Anyone else signed in gets 403 (the
 * dashboards' existence is no secret); signed-out visitors are sent to sign in.
 */
export async function requireDashboardViewer(args: RequestArgs): Promise<Viewer> {
  const viewer = await requireUser(args);
  if (!canSeeDashboards(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  return viewer;
}
