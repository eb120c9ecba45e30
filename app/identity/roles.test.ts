import { describe, expect, it } from "vitest";
import {
  landingPath,
  canAppointCommuneOfficers,
  isCommuneOfficer,
  officerCommuneId,
  scopeCoversCommune,
  supportScope,
  canApproveOrganisations,
  canInviteStaff,
  hasRoleIn,
  isAdmin,
  isConsumer,
  isDepartmentOfficer,
  roleIn,
  workspaceOrganisationIds,
  type MembershipGrant,
} from "./roles";

const coopA = "00000000-0000-4000-8000-00000000000a";
const coopB = "00000000-0000-4000-8000-00000000000b";
const platform = "00000000-0000-4000-8000-0000000000ff";
const department = "00000000-0000-4000-8000-0000000000dd";

const people: Record<string, MembershipGrant[]> = {
  admin: [{ organisationId: platform, role: "admin" }],
  officer: [{ organisationId: department, role: "department_officer" }],
  managerA: [{ organisationId: coopA, role: "cooperative_manager" }],
  staffA: [{ organisationId: coopA, role: "cooperative_staff" }],
  consumer: [],
};

describe("role checks", () => {
  it("find a role only in its own organisation", () => {
    expect(roleIn(people.managerA!, coopA)).toBe("cooperative_manager");
    expect(roleIn(people.managerA!, coopB)).toBeNull();
    expect(hasRoleIn(people.staffA!, coopA, [])).toBe(true);
    expect(hasRoleIn(people.staffA!, coopA, ["cooperative_manager"])).toBe(false);
    expect(hasRoleIn(people.staffA!, coopB, [])).toBe(false);
  });

  it("let only admins approve organisations", () => {
    const allowed = Object.entries(people).filter(([, m]) => canApproveOrganisations(m)).map(([who]) => who);
    expect(allowed).toEqual(["admin"]);
  });

  it("let only a manager of that organisation invite its staff", () => {
    const matrix = Object.entries(people).map(([who, m]) => [who, canInviteStaff(m, coopA), canInviteStaff(m, coopB)]);
    expect(matrix).toEqual([
      ["admin", false, false],
      ["officer", false, false],
      ["managerA", true, false],
      ["staffA", false, false],
      ["consumer", false, false],
    ]);
  });

  it("name the kind of person", () => {
    expect(isAdmin(people.admin!)).toBe(true);
    expect(isAdmin(people.managerA!)).toBe(false);
    expect(isDepartmentOfficer(people.officer!)).toBe(true);
    expect(isConsumer(people.consumer!)).toBe(true);
    expect(isConsumer(people.staffA!)).toBe(false);
  });

  it("open workspaces for cooperative roles only", () => {
    expect(workspaceOrganisationIds([...people.managerA!, ...people.admin!])).toEqual([coopA]);
    expect(workspaceOrganisationIds(people.officer!)).toEqual([]);
  });
});

describe("where a person lands after signing in", () => {
  it("takes each role to its work", () => {
    expect(landingPath([{ role: "admin" }])).toBe("/admin/organisations");
    expect(landingPath([{ role: "department_officer" }])).toBe("/department");
    expect(landingPath([{ role: "cooperative_manager" }])).toBe("/workspace");
    expect(landingPath([{ role: "cooperative_staff" }, { role: "department_officer" }])).toBe("/workspace");
    expect(landingPath([{ role: "supervisor" }])).toBe("/department/cases");
    expect(landingPath([{ role: "commune_officer" }])).toBe("/department/support");
    expect(landingPath([])).toBe("/account");
  });
});

describe("commune officers", () => {
  const communeOfficer: MembershipGrant[] = [{ organisationId: department, role: "commune_officer", communeId: 7 }];
  const officer: MembershipGrant[] = [{ organisationId: department, role: "department_officer" }];

  it("knows a commune officer by their role and commune", () => {
    expect(isCommuneOfficer(communeOfficer)).toBe(true);
    expect(officerCommuneId(communeOfficer)).toBe(7);
    expect(isCommuneOfficer(officer)).toBe(false);
    expect(officerCommuneId(officer)).toBeNull();
    // A grant without its commune gives nothing (the database refuses one anyway).
    expect(isCommuneOfficer([{ organisationId: department, role: "commune_officer" }])).toBe(false);
  });

  it("scopes support writing: the department everywhere, a commune officer their commune, others nowhere", () => {
    expect(supportScope(officer)).toEqual({ communes: "all" });
    expect(supportScope([{ organisationId: platform, role: "admin" }])).toEqual({ communes: "all" });
    expect(supportScope(communeOfficer)).toEqual({ communes: "one", communeId: 7 });
    expect(supportScope([{ organisationId: coopA, role: "cooperative_manager" }])).toBeNull();
    expect(supportScope([{ organisationId: department, role: "supervisor" }])).toBeNull();
    expect(supportScope([])).toBeNull();
    expect(scopeCoversCommune(supportScope(officer), 9)).toBe(true);
    expect(scopeCoversCommune(supportScope(communeOfficer), 7)).toBe(true);
    expect(scopeCoversCommune(supportScope(communeOfficer), 9)).toBe(false);
    expect(scopeCoversCommune(null, 7)).toBe(false);
  });

  it("lets only the department's own officers appoint commune officers", () => {
    expect(canAppointCommuneOfficers(officer, department)).toBe(true);
    expect(canAppointCommuneOfficers(officer, coopA)).toBe(false);
    expect(canAppointCommuneOfficers(communeOfficer, department)).toBe(false);
    expect(canAppointCommuneOfficers([{ organisationId: platform, role: "admin" }], department)).toBe(false);
  });
});
