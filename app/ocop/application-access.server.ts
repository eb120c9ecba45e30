/**
 * Who may see and change an OCOP application (dossier): the managers of its cooperative see and change it (their
 * staff do not); department officers read it once submitted, never a draft; nobody else sees it at all.
 */
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { ocopApplications, type OcopApplication } from "#db/schema";
import type { Role } from "~/identity/roles";
import { producerMayEdit } from "./rules";

export type DossierViewer = { kind: "cooperative"; userId: string; organisationId: string; role: Role } | { kind: "department"; userId: string };

export type DossierRefusal =
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "application_not_found" }
  | { ok: false; reason: "not_editable"; status: OcopApplication["status"] };

/** A cooperative's managers act on its dossiers; everyone else acting as the cooperative is refused. */
export function isCooperativeManager(who: DossierViewer, organisationId: string): boolean {
  return who.kind === "cooperative" && who.role === "cooperative_manager" && who.organisationId === organisationId;
}

/** May `who` read this application? Another cooperative's (or a draft for the department) reads as not found. */
export function mayRead(who: DossierViewer, app: Pick<OcopApplication, "organisationId" | "status">): boolean {
  if (who.kind === "department") return app.status !== "draft";
  return who.organisationId === app.organisationId && who.role === "cooperative_manager";
}

/**
 * The application locked for a change by its cooperative's manager, while the producer may edit it (draft or
 * returned). Staff are refused as forbidden; another cooperative's application reads as not found.
 */
export async function lockEditableApplication(db: Database, who: DossierViewer, applicationId: string): Promise<{ ok: true; app: OcopApplication } | DossierRefusal> {
  if (who.kind !== "cooperative") return { ok: false, reason: "forbidden" };
  const [app] = await db.select().from(ocopApplications).where(eq(ocopApplications.id, applicationId)).for("update");
  if (!app || app.organisationId !== who.organisationId) return { ok: false, reason: "application_not_found" };
  if (who.role !== "cooperative_manager") return { ok: false, reason: "forbidden" };
  if (!producerMayEdit(app.status)) return { ok: false, reason: "not_editable", status: app.status };
  return { ok: true, app };
}
