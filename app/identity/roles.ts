/**
 * Role rules as pure functions (safe in the browser too): who may do what, given a user's memberships.
 * A user without memberships is a consumer.
 */
export const membershipRoles = ["admin", "department_officer", "cooperative_manager", "cooperative_staff", "supervisor"] as const;
export type Role = (typeof membershipRoles)[number];

/** Roles held inside a producing organisation. */
export const cooperativeRoles = ["cooperative_manager", "cooperative_staff"] as const satisfies readonly Role[];
/** Roles a manager may hand out by invitation. */
export const invitableRoles = cooperativeRoles;
export type InvitableRole = (typeof invitableRoles)[number];

export interface MembershipGrant {
  organisationId: string;
  role: Role;
}

export function roleIn(memberships: readonly MembershipGrant[], organisationId: string): Role | null {
  return memberships.find((m) => m.organisationId === organisationId)?.role ?? null;
}

/** True when the user holds one of `roles` in that organisation (any role when `roles` is empty). */
export function hasRoleIn(memberships: readonly MembershipGrant[], organisationId: string, roles: readonly Role[]): boolean {
  const role = roleIn(memberships, organisationId);
  return role !== null && (roles.length === 0 || roles.includes(role));
}

export function isAdmin(memberships: readonly MembershipGrant[]): boolean {
  return memberships.some((m) => m.role === "admin");
}

export function isDepartmentOfficer(memberships: readonly MembershipGrant[]): boolean {
  return memberships.some((m) => m.role === "department_officer");
}

/** A supervisor of the Fatherland Front or a socio-political organisation: reads cases, comments, escalates; changes no record. */
export function isSupervisor(memberships: readonly MembershipGrant[]): boolean {
  return memberships.some((m) => m.role === "supervisor");
}

export function isConsumer(memberships: readonly MembershipGrant[]): boolean {
  return memberships.length === 0;
}

/** Approving new organisations is the platform administrators' job alone. */
export function canApproveOrganisations(memberships: readonly MembershipGrant[]): boolean {
  return isAdmin(memberships);
}

/** Only a manager of that very organisation invites its staff. */
export function canInviteStaff(memberships: readonly MembershipGrant[], organisationId: string): boolean {
  return hasRoleIn(memberships, organisationId, ["cooperative_manager"]);
}

/** Organisations whose workspace the user may open: those where they hold a cooperative role. */
export function workspaceOrganisationIds(memberships: readonly MembershipGrant[]): string[] {
  return memberships.filter((m) => (cooperativeRoles as readonly Role[]).includes(m.role)).map((m) => m.organisationId);
}

/**
 * Where a person lands after signing in: the administrator on the organisations to approve, a department officer on
 * the department's overview, a cooperative's people in their workspace, a supervisor on the citizens' cases, a
 * consumer on their account.
 */
export function landingPath(memberships: readonly Pick<MembershipGrant, "role">[]): string {
  if (memberships.some((m) => m.role === "admin")) return "/admin/organisations";
  if (memberships.some((m) => m.role === "cooperative_manager" || m.role === "cooperative_staff")) return "/workspace";
  if (memberships.some((m) => m.role === "department_officer")) return "/department";
  if (memberships.some((m) => m.role === "supervisor")) return "/department/cases";
  return "/account";
}
