import { isAdmin, isCommuneOfficer, isDepartmentOfficer, isSupervisor, workspaceOrganisationIds, type MembershipGrant } from "./roles";

/** What every page knows of the signed-in person (root loader data): enough for the header. */
export interface ViewerSummary {
  displayName: string;
  email: string;
  isAdmin: boolean;
  hasWorkspace: boolean;
  /** Department officers and admins open the department dashboards (/department). */
  seesDashboards: boolean;
  /** Department officers and supervisors read every citizen's report (/department/cases); commune officers those given to their commune. */
  readsCases: boolean;
  /** A commune officer appointed by the department opens their commune's support ledger. */
  isCommuneOfficer?: boolean;
}

export function summarizeViewer(viewer: { user: { displayName: string; email: string }; memberships: MembershipGrant[] }): ViewerSummary {
  return {
    displayName: viewer.user.displayName,
    email: viewer.user.email,
    isAdmin: isAdmin(viewer.memberships),
    hasWorkspace: workspaceOrganisationIds(viewer.memberships).length > 0,
    seesDashboards: isDepartmentOfficer(viewer.memberships) || isAdmin(viewer.memberships),
    readsCases: isDepartmentOfficer(viewer.memberships) || isSupervisor(viewer.memberships) || isCommuneOfficer(viewer.memberships),
    isCommuneOfficer: isCommuneOfficer(viewer.memberships),
  };
}
