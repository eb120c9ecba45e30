import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, ocopApplicationDocuments, ocopApplicationEvents, ocopApplications, ocopConflicts, ocopCouncilMembers, ocopRounds } from "#db/schema";
import { listOutbox } from "~/notifications/queue.server";
import { uploadAccess } from "~/storage/access.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { createCouncilWorld, type CouncilWorld } from "../../tests/setup/ocop-council-fixtures";
import { insertTestApplication, insertTestRound } from "../../tests/setup/ocop-fixtures";
import {
  acceptApplication,
  addCouncilMember,
  assignApplication,
  createRound,
  declareConflict,
  getRoundView,
  moveRound,
  removeCouncilMember,
  returnApplication,
  roundsOfMember,
} from "./council.server";
import { councilMinutesPdf } from "./minutes.server";

const publicUrl = "https://ocop.example.vn";

describe("OCOP councils: rounds, members, conflicts, the secretary's work", () => {
  let t: TestDatabase;
  let w: CouncilWorld;

  beforeAll(async () => {
    t = await createTestDatabase();
    w = await createCouncilWorld(t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("lets only department officers open a round, and checks the form", async () => {
    const outsider = await w.person("ngoai");
    expect(await createRound(t.db, { actor: outsider, input: { name: "Đợt 1 năm 2026", year: "2026" } })).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await createRound(t.db, { actor: w.officer, input: { name: "Đợt 1", year: "1990" } })).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { year: "council.v.year" } });
    const created = await createRound(t.db, { actor: w.officer, input: { name: "Đợt 1 năm 2026", year: "2026", meetingOn: "2026-09-15" } });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const [round] = await t.db.select().from(ocopRounds).where(eq(ocopRounds.id, created.roundId));
    expect(round).toMatchObject({ status: "open", departmentId: w.departmentId, meetingOn: "2026-09-15", year: 2026 });
  });

  it("seats members by account e-mail with one chair and one secretary, and moves to scoring only with both", async () => {
    const roundId = await insertTestRound(t.db, w.departmentId, "open");
    const [chair, secretary, member, chair2] = [await w.person("chutich"), await w.person("thuky"), await w.person("thanhvien"), await w.person("chutich2")];
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: "nobody@nowhere.vn", role: "member" } })).toMatchObject({ ok: false, reason: "no_account", fieldErrors: { email: "council.refusal.no_account" } });
    expect(await addCouncilMember(t.db, { actor: member, roundId, input: { email: member.email, role: "member" } })).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: chair.email, role: "president" } })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: chair.email.toUpperCase(), role: "chair", title: "TS. Phó Giám đốc Sở" } })).toMatchObject({ ok: true });
    expect(await moveRound(t.db, { actor: w.officer, roundId, to: "scoring" })).toMatchObject({ ok: false, reason: "council_incomplete" });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: chair2.email, role: "chair" } })).toMatchObject({ ok: false, reason: "chair_taken" });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: secretary.email, role: "secretary" } })).toMatchObject({ ok: true });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: chair2.email, role: "secretary" } })).toMatchObject({ ok: false, reason: "secretary_taken" });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: chair.email, role: "member" } })).toMatchObject({ ok: false, reason: "already_member" });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: member.email, role: "member" } })).toMatchObject({ ok: true });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: chair2.email, role: "member" } })).toMatchObject({ ok: true });
    expect(await removeCouncilMember(t.db, { actor: w.officer, roundId, userId: chair2.userId })).toMatchObject({ ok: true });
    const seated = await t.db.select().from(ocopCouncilMembers).where(eq(ocopCouncilMembers.roundId, roundId));
    expect(seated.map((m) => m.role).sort()).toEqual(["chair", "member", "secretary"]);
    expect(seated.find((m) => m.role === "chair")?.title).toBe("TS. Phó Giám đốc Sở");

    expect(await moveRound(t.db, { actor: w.officer, roundId, to: "closed" })).toMatchObject({ ok: false, reason: "round_not_scoring" });
    expect(await moveRound(t.db, { actor: w.officer, roundId, to: "scoring" })).toMatchObject({ ok: true });
    expect(await moveRound(t.db, { actor: w.officer, roundId, to: "scoring" })).toMatchObject({ ok: false, reason: "round_not_open" });
    expect(await moveRound(t.db, { actor: w.officer, roundId, to: "closed" })).toMatchObject({ ok: true });
    expect(await addCouncilMember(t.db, { actor: w.officer, roundId, input: { email: chair2.email, role: "member" } })).toMatchObject({ ok: false, reason: "round_closed" });
    const [round] = await t.db.select().from(ocopRounds).where(eq(ocopRounds.id, roundId));
    expect(round?.closedAt).not.toBeNull();
  });

  it("the secretary returns a submitted application with notes (logged, mailed) and accepts the resubmission", async () => {
    const roundId = await insertTestRound(t.db, w.departmentId, "open");
    const secretary = await w.person("thuky");
    const member = await w.person("thanhvien");
    await w.seat(roundId, secretary.userId, "secretary");
    await w.seat(roundId, member.userId, "member");
    const applicationId = await insertTestApplication(t.db, { organisationId: w.coopA.id, productId: w.coopA.productId, sheetId: w.sheetId, status: "submitted", roundId });

    expect(await returnApplication(t.db, { actor: member, roundId, applicationId, input: { note: "Thiếu giấy chứng nhận ATTP" }, publicUrl })).toMatchObject({ ok: false, reason: "not_secretary" });
    expect(await returnApplication(t.db, { actor: secretary, roundId, applicationId, input: { note: "" }, publicUrl })).toMatchObject({ ok: false, reason: "invalid_input" });
    const note = "Thiếu giấy chứng nhận cơ sở đủ điều kiện ATTP; bổ sung bản sao.";
    expect(await returnApplication(t.db, { actor: secretary, roundId, applicationId, input: { note }, publicUrl })).toMatchObject({ ok: true });
    const [app] = await t.db.select().from(ocopApplications).where(eq(ocopApplications.id, applicationId));
    expect(app).toMatchObject({ status: "returned", returnNote: note });
    const events = await t.db.select().from(ocopApplicationEvents).where(eq(ocopApplicationEvents.applicationId, applicationId));
    expect(events).toEqual([expect.objectContaining({ fromStatus: "submitted", toStatus: "returned", note, actorId: secretary.userId })]);
    const mail = await listOutbox(t.db, w.coopA.managerEmail);
    expect(mail.some((m) => m.kind === "ocop_application_returned" && (m.bodyText ?? "").includes(note) && (m.bodyText ?? "").includes(`${publicUrl}/workspace/`))).toBe(true);
    expect(await listOutbox(t.db, w.coopB.managerEmail)).toEqual([]);

    // A returned application cannot be accepted; once resubmitted (by the producer's command) it can.
    expect(await acceptApplication(t.db, { actor: secretary, roundId, applicationId })).toMatchObject({ ok: false, reason: "wrong_status" });
    await t.db.update(ocopApplications).set({ status: "submitted" }).where(eq(ocopApplications.id, applicationId));
    expect(await acceptApplication(t.db, { actor: secretary, roundId, applicationId })).toMatchObject({ ok: true });
    const [accepted] = await t.db.select().from(ocopApplications).where(eq(ocopApplications.id, applicationId));
    expect(accepted?.status).toBe("under_evaluation");
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "ocop_application"), eq(auditEvents.entityId, applicationId)));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["status_returned", "status_under_evaluation"]));
  });

  it("the secretary takes a submitted application without a round into theirs, not one of another round", async () => {
    const roundId = await insertTestRound(t.db, w.departmentId, "open");
    const other = await insertTestRound(t.db, w.departmentId, "open");
    const secretary = await w.person("thuky");
    await w.seat(roundId, secretary.userId, "secretary");
    const loose = await insertTestApplication(t.db, { organisationId: w.coopB.id, productId: w.coopB.productId, sheetId: w.sheetId, status: "submitted" });
    const elsewhere = await insertTestApplication(t.db, { organisationId: w.coopB.id, productId: w.coopB.productId, sheetId: w.sheetId, status: "submitted", roundId: other });
    expect(await assignApplication(t.db, { actor: secretary, roundId, applicationId: loose })).toMatchObject({ ok: true });
    expect(await assignApplication(t.db, { actor: secretary, roundId, applicationId: elsewhere })).toMatchObject({ ok: false, reason: "application_not_found" });
    expect(await acceptApplication(t.db, { actor: secretary, roundId, applicationId: elsewhere })).toMatchObject({ ok: false, reason: "application_not_found" });
    const [row] = await t.db.select().from(ocopApplications).where(eq(ocopApplications.id, loose));
    expect(row?.roundId).toBe(roundId);
  });

  it("records conflicts with the application's organisation; members see only their own rounds' evaluated applications", async () => {
    const roundId = await insertTestRound(t.db, w.departmentId, "scoring");
    const otherRound = await insertTestRound(t.db, w.departmentId, "scoring");
    const member = await w.person("thanhvien");
    const outsider = await w.person("hoidongkhac");
    await w.seat(roundId, member.userId, "member");
    await w.seat(otherRound, outsider.userId, "member");
    const mine = await insertTestApplication(t.db, { organisationId: w.coopA.id, productId: w.coopA.productId, sheetId: w.sheetId, status: "under_evaluation", roundId });
    await insertTestApplication(t.db, { organisationId: w.coopB.id, productId: w.coopB.productId, sheetId: w.sheetId, status: "submitted", roundId });

    expect(await declareConflict(t.db, { actor: outsider, roundId, applicationId: mine, input: {} })).toMatchObject({ ok: false, reason: "not_a_member" });
    expect(await declareConflict(t.db, { actor: member, roundId, applicationId: mine, input: { note: "Người thân là xã viên" } })).toMatchObject({ ok: true });
    expect(await declareConflict(t.db, { actor: member, roundId, applicationId: mine, input: {} })).toMatchObject({ ok: true });
    const conflicts = await t.db.select().from(ocopConflicts).where(eq(ocopConflicts.roundId, roundId));
    expect(conflicts).toEqual([expect.objectContaining({ userId: member.userId, organisationId: w.coopA.id, note: "Người thân là xã viên" })]);

    const seen = await roundsOfMember(t.db, member.userId);
    expect(seen.map((r) => r.id)).toEqual([roundId]);
    expect(seen[0]!.applications.map((a) => ({ id: a.id, conflicted: a.conflicted }))).toEqual([{ id: mine, conflicted: true }]);
    const theirs = await roundsOfMember(t.db, outsider.userId);
    expect(theirs.flatMap((r) => r.applications)).toEqual([]);

    const view = await getRoundView(t.db, roundId);
    expect(view?.applications.find((a) => a.id === mine)?.conflicted).toEqual([member.userId]);
    expect(view?.conflicts[0]).toMatchObject({ userId: member.userId, note: "Người thân là xã viên" });
    const pdf = await councilMinutesPdf(view!, "vi", new Date());
    // The dossier's documents open for the round's members, the department and the cooperative's managers only.
    const key = `${"a".repeat(64)}.pdf`;
    await t.db.insert(ocopApplicationDocuments).values({ applicationId: mine, kind: "food_safety", title: "Giấy ATTP", storageKey: key, contentType: "application/pdf", byteSize: 10 });
    const ocop = (userId: string, department = false, managerOrganisations: string[] = []) => ({ ocop: { userId, department, managerOrganisations } });
    expect(await uploadAccess(t.db, key, [])).toBe("none");
    expect(await uploadAccess(t.db, key, [], ocop(member.userId))).toBe("members");
    expect(await uploadAccess(t.db, key, [], ocop(outsider.userId))).toBe("none");
    expect(await uploadAccess(t.db, key, [], ocop(outsider.userId, true))).toBe("members");
    expect(await uploadAccess(t.db, key, [], ocop(outsider.userId, false, [w.coopA.id]))).toBe("members");
    expect(await uploadAccess(t.db, key, [], ocop(outsider.userId, false, [w.coopB.id]))).toBe("none");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
