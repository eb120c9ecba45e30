import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { communes, memberships, organisations, staffInvitations, users } from "#db/schema";
import { commitSupportImport, previewSupportImport } from "~/support/import.server";
import { correctSupportEntry, recordRepayment, recordSupportEntry } from "~/support/ledger.server";
import { listOutbox } from "~/notifications/queue.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { appointCommuneOfficer, listCommuneOfficers, withdrawCommuneOfficer } from "./commune-officers.server";
import { acceptInvitation } from "./invitations.server";
import { hashPassword } from "./password.server";
import { supportScope } from "./roles";
import { createSession, getViewerBySession, listViewerMemberships } from "./sessions.server";

const today = "2026-11-25";
const origin = "https://ocop.example.vn";

describe("commune officers appointed by the department", () => {
  let t: TestDatabase;
  let department: string;
  let coop: string;
  let home: number;
  let other: number;
  let officerUserId: string;
  const departmentOfficer = () => ({ userId: officerUserId, memberships: [{ organisationId: department, role: "department_officer" as const }] });
  const entry = (communeId: number) => ({
    programme: "new_rural",
    project: "Hỗ trợ máy sao chè",
    kind: "machinery",
    valueVnd: "20.000.000",
    givenOn: "2026-05-02",
    communeId: String(communeId),
    beneficiary: "cooperative",
    organisationId: coop,
    revolving: "on",
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    const orgs = await t.db
      .insert(organisations)
      .values([
        { slug: "so-nn-test", kind: "department", name: "Sở Nông nghiệp (thử)", status: "active" },
        { slug: "htx-test", kind: "cooperative", name: "HTX thử", status: "active" },
      ])
      .returning();
    department = orgs[0]!.id;
    coop = orgs[1]!.id;
    const cs = await t.db
      .insert(communes)
      .values([
        { provinceCode: "19", nameVi: "Tân Cương", kind: "commune", slug: "tan-cuong-co" },
        { provinceCode: "19", nameVi: "Phúc Xuân", kind: "commune", slug: "phuc-xuan-co" },
      ])
      .returning();
    home = cs[0]!.id;
    other = cs[1]!.id;
    const [officer] = await t.db.insert(users).values({ email: "can.bo@so.vn", displayName: "Cán bộ Sở", passwordHash: await hashPassword("officer password") }).returning();
    officerUserId = officer!.id;
    await t.db.insert(memberships).values({ userId: officerUserId, organisationId: department, role: "department_officer" });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("keeps the commune with the role, and only with it (CHECK)", async () => {
    const [u] = await t.db.insert(users).values({ email: "check@x.vn", displayName: "X" }).returning();
    await expect(t.db.insert(memberships).values({ userId: u!.id, organisationId: department, role: "commune_officer" })).rejects.toThrow();
    await expect(t.db.insert(memberships).values({ userId: u!.id, organisationId: department, role: "department_officer", communeId: home })).rejects.toThrow();
  });

  it("appoints by invitation, lets the officer write in their commune only, and withdrawal ends it at once", async () => {
    const refused = await appointCommuneOfficer(t.db, {
      actor: { userId: officerUserId, memberships: [{ organisationId: coop, role: "cooperative_manager" }] },
      departmentId: department,
      input: { email: "xa@tan-cuong.vn", communeId: String(home) },
      origin,
      locale: "vi",
    });
    expect(refused).toMatchObject({ ok: false, reason: "forbidden" });
    const badCommune = await appointCommuneOfficer(t.db, { actor: departmentOfficer(), departmentId: department, input: { email: "xa@tan-cuong.vn", communeId: "999999" }, origin, locale: "vi" });
    expect(badCommune).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { communeId: "auth.v.communeRequired" } });

    const appointed = await appointCommuneOfficer(t.db, { actor: departmentOfficer(), departmentId: department, input: { email: "Xa@Tan-Cuong.vn", communeId: String(home) }, origin, locale: "vi" });
    expect(appointed.ok).toBe(true);
    const [invitation] = await t.db.select().from(staffInvitations).where(eq(staffInvitations.email, "xa@tan-cuong.vn"));
    expect(invitation).toMatchObject({ role: "commune_officer", communeId: home, organisationId: department });
    const [mail] = await listOutbox(t.db, "xa@tan-cuong.vn");
    const link = /(https?:\/\/\S+)/.exec(mail?.bodyText ?? "")?.[1] ?? "";
    expect(link.startsWith(`${origin}/invitations/accept?token=`)).toBe(true);
    expect((await listCommuneOfficers(t.db, department)).pending).toMatchObject([{ email: "xa@tan-cuong.vn", communeName: "Tân Cương" }]);

    const accepted = await acceptInvitation(t.db, { token: new URL(link).searchParams.get("token"), displayName: "Cán bộ xã", password: "commune password" });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    const grants = await listViewerMemberships(t.db, accepted.userId);
    expect(grants).toMatchObject([{ role: "commune_officer", communeId: home, organisationId: department }]);
    expect(supportScope(grants)).toEqual({ communes: "one", communeId: home });
    const listed = await listCommuneOfficers(t.db, department);
    expect(listed.officers).toMatchObject([{ email: "xa@tan-cuong.vn", communeId: home, communeName: "Tân Cương" }]);
    expect(listed.pending).toEqual([]);
    const again = await appointCommuneOfficer(t.db, { actor: departmentOfficer(), departmentId: department, input: { email: "xa@tan-cuong.vn", communeId: String(other) }, origin, locale: "vi" });
    expect(again).toMatchObject({ ok: false, reason: "already_member" });

    const actor = { userId: accepted.userId, organisationId: null, communeId: home };
    const inside = await recordSupportEntry(t.db, actor, entry(home), { today });
    expect(inside.ok).toBe(true);
    const outside = await recordSupportEntry(t.db, actor, entry(other), { today });
    expect(outside).toMatchObject({ ok: false, reason: "outside_commune", fieldErrors: { communeId: "sup.error.outsideCommune" } });
    // The department's own entry in the other commune: the commune officer may neither correct nor repay it.
    const foreign = await recordSupportEntry(t.db, { userId: officerUserId, organisationId: null }, entry(other), { today });
    if (!foreign.ok || !inside.ok) throw new Error("entries were not written");
    const correction = { correctsId: foreign.id, programme: "new_rural", project: "Sửa", kind: "machinery", valueVnd: "1", givenOn: "2026-05-02", reason: "nhầm" };
    expect(await correctSupportEntry(t.db, actor, correction, { today })).toMatchObject({ ok: false, reason: "outside_commune" });
    expect(await recordRepayment(t.db, actor, { entryId: foreign.id, amountVnd: "1.000", paidOn: "2026-06-01" }, { today })).toMatchObject({ ok: false, reason: "outside_commune" });
    expect(await recordRepayment(t.db, actor, { entryId: inside.id, amountVnd: "1.000", paidOn: "2026-06-01" }, { today })).toMatchObject({ ok: true });
    expect(await correctSupportEntry(t.db, actor, { ...correction, correctsId: inside.id }, { today })).toMatchObject({ ok: true });
    const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from support_entries where commune_id = ${other}`));
    expect(n).toBe(1);

    const session = await createSession(t.db, accepted.userId);
    expect(supportScope((await getViewerBySession(t.db, session.id))!.memberships)).toEqual({ communes: "one", communeId: home });
    const membershipId = listed.officers[0]!.membershipId;
    expect(await withdrawCommuneOfficer(t.db, { actor: { userId: accepted.userId, memberships: grants }, departmentId: department, membershipId })).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await withdrawCommuneOfficer(t.db, { actor: departmentOfficer(), departmentId: department, membershipId })).toEqual({ ok: true });
    // The very session signed in before the withdrawal no longer carries the right.
    expect(supportScope((await getViewerBySession(t.db, session.id))!.memberships)).toBeNull();
    const audit = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_events where entity_type = 'membership' and entity_id = ${membershipId} order by occurred_at`));
    expect(audit.map((a) => a.action)).toEqual(["create", "revoke"]);
    const gone = await t.db.select().from(memberships).where(and(eq(memberships.userId, accepted.userId), eq(memberships.organisationId, department)));
    expect(gone).toEqual([]);
  });

  it("imports a commune officer's list only when every row is for their commune", async () => {
    const csv = (lines: string[]) => new TextEncoder().encode(lines.join("\r\n") + "\r\n");
    const header = "Chương trình,Dự án,Hình thức,Giá trị,Ngày,Xã/phường,Hợp tác xã,Người nhận,Mã hộ,Quay vòng";
    const actor = { userId: null, organisationId: null, communeId: home };
    const mixed = csv([header, "Nông thôn mới,Tập huấn A,Tập huấn,\"3.000.000\",2026-04-10,Tân Cương,HTX thử,HTX,,", "Nông thôn mới,Tập huấn B,Tập huấn,\"3.000.000\",2026-04-10,Phúc Xuân,HTX thử,HTX,,"]);
    const preview = await previewSupportImport(t.db, actor, { name: "tron.csv", bytes: mixed }, { today });
    if (!preview.ok) throw new Error(JSON.stringify(preview));
    expect({ valid: preview.valid, invalid: preview.invalid }).toEqual({ valid: 1, invalid: 1 });
    expect(preview.rows[1]).toMatchObject({ ok: false, errors: [{ field: "commune", key: "sup.error.outsideCommune" }] });
    expect(await commitSupportImport(t.db, actor, preview.sha256, { today })).toMatchObject({ ok: false, key: "hh.import.fixFirst" });
    const own = csv([header, "Nông thôn mới,Tập huấn C,Tập huấn,\"3.000.000\",2026-04-10,Tân Cương,HTX thử,HTX,,"]);
    const ok = await previewSupportImport(t.db, actor, { name: "xa.csv", bytes: own }, { today });
    if (!ok.ok) throw new Error(JSON.stringify(ok));
    expect(await commitSupportImport(t.db, actor, ok.sha256, { today })).toEqual({ ok: true, created: 1 });
  });
});
