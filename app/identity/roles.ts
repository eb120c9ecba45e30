/**
 * Role rules as pure functions (safe in the browser too): who may do what, given a user's memberships.
 * A user without memberships is a consumer.
 */
export const membershipRoles = ["admin", "department_officer", "cooperative_manager", "cooperative_staff", "supervisor", "commune_officer"] as const;
export type Role = (typeof membershipRoles)[number];

/** Roles held inside a producing organisation. */
export const cooperativeRoles = ["cooperative_manager", "cooperative_staff"] as const satisfies readonly Role[];
/** Roles a manager may hand out by invitation. */
export const invitableRoles = cooperativeRoles;
export type InvitableRole = (typeof invitableRoles)[number];

export interface MembershipGrant {
  organisationId: string;
  role: Role;
  /** Set for a commune officer only: the one commune they act for. */
  communeId?: number | null;
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

/** A commune officer appointed by the department: records support for their own commune only. */
export function isCommuneOfficer(memberships: readonly MembershipGrant[]): boolean {
  return memberships.some((m) => m.role === "commune_officer" && typeof m.communeId === "number");
}

/** The commune a commune officer acts for; null for everyone else. */
export function officerCommuneId(memberships: readonly MembershipGrant[]): number | null {
  const grant = memberships.find((m) => m.role === "commune_officer" && typeof m.communeId === "number");
  return grant?.communeId ?? null;
}

/**
 * Whose support entries a person may write: "all" communes for the department's officers and administrators,
 * one commune for a commune officer, none for anyone else.
 */
export type SupportScope = { communes: "all" } | { communes: "one"; communeId: number } | null;

export function supportScope(memberships: readonly MembershipGrant[]): SupportScope {
  if (isDepartmentOfficer(memberships) || isAdmin(memberships)) return { communes: "all" };
  const communeId = officerCommuneId(memberships);
  return communeId === null ? null : { communes: "one", communeId };
}

/** True when the scope covers support given in that commune. */
export function scopeCoversCommune(scope: SupportScope, communeId: number): boolean {
  if (!scope) return false;
  return scope.communes === "all" || scope.communeId === communeId;
}

/** Only the department's own officers appoint (and withdraw) commune officers, in their department. */
export function canAppointCommuneOfficers(memberships: readonly MembershipGrant[], departmentId: string): boolean {
  return hasRoleIn(memberships, departmentId, ["department_officer"]);
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
 * commune officer on the support ledger of their commune, a consumer on their account.
 */
export function landingPath(memberships: readonly Pick<MembershipGrant, "role">[]): string {
  if (memberships.some((m) => m.role === "admin")) return "/admin/organisations";
  if (memberships.some((m) => m.role === "cooperative_manager" || m.role === "cooperative_staff")) return "/workspace";
  if (memberships.some((m) => m.role === "department_officer")) return "/department";
  if (memberships.some((m) => m.role === "supervisor")) return "/department/cases";
  if (memberships.some((m) => m.role === "commune_officer")) return "/department/support";
  return "/account";
}
