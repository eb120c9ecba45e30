import { isAdmin, isDepartmentOfficer, type MembershipGrant } from "~/identity/roles";

/** The department's dashboards are for its officers and the platform's administrators, nobody else. */
export function canSeeDashboards(memberships: readonly MembershipGrant[]): boolean {
  return isDepartmentOfficer(memberships) || isAdmin(memberships);
}
