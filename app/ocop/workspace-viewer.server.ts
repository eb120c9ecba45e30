import type { WorkspaceAccess } from "~/workspace/access.server";
import type { DossierViewer } from "./application-access.server";

/** The member acting in their cooperative's workspace, as the dossier commands see them. */
export function dossierViewerOf(access: WorkspaceAccess): DossierViewer {
  return { kind: "cooperative", userId: access.user.id, organisationId: access.organisation.id, role: access.role };
}
