import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ocopCouncilScores, ocopRounds, ocopScoreSubmissions } from "#db/schema";
import { createTestDatabase, isPostgresServer, type TestDatabase } from "../../tests/setup/db";
import { createCouncilWorld, type CouncilWorld } from "../../tests/setup/ocop-council-fixtures";
import { insertTestApplication, insertTestRound } from "../../tests/setup/ocop-fixtures";
import { declareConflict, getRoundView } from "./council.server";
import { getDossier, scoreApplication } from "./scoring.server";

/** A full scoring form of the test sheet (A1 20, A2 20, B1 15, B2 10, C1 20, C2 15 at the top options). */
function form(choices: Record<string, number>, comments: Record<string, string> = {}): Array<[string, string]> {
  return [...Object.entries(choices).map(([code, i]): [string, string] => [`score.${code}`, String(i)]), ...Object.entries(comments).map(([code, c]): [string, string] => [`comment.${code}`, c])];
}
const top = { A1: 2, A2: 1, B1: 1, B2: 2, C1: 1, C2: 1 }; // 100
const sixtyFive = { A1: 1, A2: 1, B1: 1, B2: 1, C1: 0, C2: 1 }; // 10+20+15+5+0+15 = 65

describe("OCOP scoring by council members", () => {
  let t: TestDatabase;
  let w: CouncilWorld;
  let roundId: string;
  let applicationId: string;
  let chair: Awaited<ReturnType<CouncilWorld["person"]>>;
  let secretary: Awaited<ReturnType<CouncilWorld["person"]>>;
  let member: Awaited<ReturnType<CouncilWorld["person"]>>;
  let conflicted: Awaited<ReturnType<CouncilWorld["person"]>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    w = await createCouncilWorld(t.db);
    roundId = await insertTestRound(t.db, w.departmentId, "scoring");
    [chair, secretary, member, conflicted] = [await w.person("chutich"), await w.person("thuky"), await w.person("thanhvien"), await w.person("xungdot")];
    await w.seat(roundId, chair.userId, "chair");
    await w.seat(roundId, secretary.userId, "secretary");
    await w.seat(roundId, member.userId, "member");
    await w.seat(roundId, conflicted.userId, "member");
    applicationId = await insertTestApplication(t.db, { organisationId: w.coopA.id, productId: w.coopA.productId, sheetId: w.sheetId, status: "under_evaluation", roundId });
  });
  afterAll(async () => {
    await t.dispose();
  });

  const scoresOf = (userId: string) => t.db.select().from(ocopCouncilScores).where(and(eq(ocopCouncilScores.applicationId, applicationId), eq(ocopCouncilScores.userId, userId)));

  it("refuses a choice outside the criterion's options and an unknown criterion, storing nothing", async () => {
    expect(await scoreApplication(t.db, { actor: member, roundId, applicationId, form: form({ A1: 3 }), submit: false })).toMatchObject({
      ok: false,
      reason: "invalid_scores",
      scoreRefusals: [{ kind: "unknown_option", code: "A1", optionIndex: 3 }],
    });
    expect(await scoreApplication(t.db, { actor: member, roundId, applicationId, form: [["score.A1", "1"], ["score.Z9", "0"]], submit: false })).toMatchObject({ ok: false, reason: "invalid_scores" });
    expect(await scoreApplication(t.db, { actor: member, roundId, applicationId, form: [["score.A1", "-1"]], submit: false })).toMatchObject({ ok: false, reason: "invalid_scores" });
    expect(await scoresOf(member.userId)).toEqual([]);
  });

  it("refuses a non-member and an application of another round", async () => {
    const outsider = await w.person("ngoai");
    expect(await scoreApplication(t.db, { actor: outsider, roundId, applicationId, form: form(top), submit: false })).toMatchObject({ ok: false, reason: "not_a_member" });
    const otherRound = await insertTestRound(t.db, w.departmentId, "scoring");
    await w.seat(otherRound, outsider.userId, "member");
    expect(await scoreApplication(t.db, { actor: outsider, roundId: otherRound, applicationId, form: form(top), submit: false })).toMatchObject({ ok: false, reason: "not_in_round" });
    expect(await getDossier(t.db, { userId: outsider.userId, roundId, applicationId })).toBeNull();
    expect(await getDossier(t.db, { userId: outsider.userId, roundId: otherRound, applicationId })).toBeNull();
  });

  it("refuses a conflicted member, nothing stored", async () => {
    await scoreApplication(t.db, { actor: conflicted, roundId, applicationId, form: form({ A1: 1 }), submit: false });
    expect(await declareConflict(t.db, { actor: conflicted, roundId, applicationId, input: {} })).toMatchObject({ ok: true });
    expect(await scoresOf(conflicted.userId)).toEqual([]);
    expect(await scoreApplication(t.db, { actor: conflicted, roundId, applicationId, form: form(top), submit: true })).toMatchObject({ ok: false, reason: "conflicted" });
    expect(await scoresOf(conflicted.userId)).toEqual([]);
  });

  it("saves drafts with comments, refuses an incomplete submission, then submits the total; no change after", async () => {
    expect(await scoreApplication(t.db, { actor: member, roundId, applicationId, form: form({ A1: 1, A2: 1 }, { A1: "Vùng nguyên liệu một phần" }), submit: false })).toMatchObject({ ok: true, submitted: false });
    expect(await scoreApplication(t.db, { actor: member, roundId, applicationId, form: [], submit: true })).toMatchObject({ ok: false, reason: "incomplete", missing: ["B1", "B2", "C1", "C2"] });
    const submitted = await scoreApplication(t.db, { actor: member, roundId, applicationId, form: form({ B1: 1, B2: 2, C1: 1, C2: 0 }), submit: true });
    expect(submitted).toMatchObject({ ok: true, submitted: true, total: 75 });
    const rows = await scoresOf(member.userId);
    expect(rows.find((r) => r.criterionCode === "A1")).toMatchObject({ optionIndex: 1, points: 10, comment: "Vùng nguyên liệu một phần" });
    expect(await scoreApplication(t.db, { actor: member, roundId, applicationId, form: form({ A1: 2 }), submit: false })).toMatchObject({ ok: false, reason: "already_submitted" });
    expect(await scoreApplication(t.db, { actor: member, roundId, applicationId, form: [], submit: true })).toMatchObject({ ok: false, reason: "already_submitted" });
    const [sub] = await t.db.select().from(ocopScoreSubmissions).where(eq(ocopScoreSubmissions.userId, member.userId));
    expect(sub?.total).toBe(75);
  });

  it("members do not see each other's scores until they submit; the chair sees progress", async () => {
    await scoreApplication(t.db, { actor: chair, roundId, applicationId, form: form({ A1: 2 }), submit: false });
    const chairBefore = await getDossier(t.db, { userId: chair.userId, roundId, applicationId });
    expect(chairBefore?.others).toEqual([]);
    expect(chairBefore?.progress.find((p) => p.userId === member.userId)).toMatchObject({ submitted: true, total: null });
    expect(chairBefore?.progress.find((p) => p.userId === conflicted.userId)).toMatchObject({ conflicted: true });
    expect(chairBefore?.mine).toEqual([expect.objectContaining({ criterionCode: "A1", points: 20 })]);

    const memberAfter = await getDossier(t.db, { userId: member.userId, roundId, applicationId });
    expect(memberAfter?.refusal).toBe("already_submitted");
    // The chair has not submitted: their draft is not shown to anyone.
    expect(memberAfter?.others).toEqual([]);

    await scoreApplication(t.db, { actor: chair, roundId, applicationId, form: form(sixtyFive), submit: true });
    const memberNow = await getDossier(t.db, { userId: member.userId, roundId, applicationId });
    expect(memberNow?.others.filter((s) => s.userId === chair.userId)).toHaveLength(6);
    expect(memberNow?.progress.find((p) => p.userId === chair.userId)?.total).toBe(65);

    const secretaryView = await getDossier(t.db, { userId: secretary.userId, roundId, applicationId });
    expect(secretaryView?.others).toEqual([]);
    expect(secretaryView?.refusal).toBeNull();
  });

  it("gives the mean, spread and class of the submitted totals", async () => {
    await scoreApplication(t.db, { actor: secretary, roundId, applicationId, form: form(top), submit: true });
    const view = await getRoundView(t.db, roundId);
    const app = view!.applications.find((a) => a.id === applicationId)!;
    expect(app.totals).toEqual({ [member.userId]: 75, [chair.userId]: 65, [secretary.userId]: 100 });
    expect(app.result).toMatchObject({ submitted: 3, mean: 80, spread: 35, starClass: 4, provinceStars: 4, proposedFiveStars: false });
  });

  it("refuses scoring once the round is closed", async () => {
    const late = await w.person("muon");
    await w.seat(roundId, late.userId, "member");
    await t.db.update(ocopRounds).set({ status: "closed", closedAt: new Date() }).where(eq(ocopRounds.id, roundId));
    expect(await scoreApplication(t.db, { actor: late, roundId, applicationId, form: form(top), submit: true })).toMatchObject({ ok: false, reason: "round_not_scoring" });
    expect(await scoresOf(late.userId)).toEqual([]);
    await t.db.update(ocopRounds).set({ status: "scoring", closedAt: null }).where(eq(ocopRounds.id, roundId));
  });

  it.runIf(isPostgresServer())("two submissions of one member at once store one total, the sum of the stored scores", async () => {
    const racer = await w.person("dua");
    await w.seat(roundId, racer.userId, "member");
    const results = await Promise.all([
      scoreApplication(t.db, { actor: racer, roundId, applicationId, form: form(top), submit: true }),
      scoreApplication(t.db, { actor: racer, roundId, applicationId, form: form(sixtyFive), submit: true }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: "already_submitted" });
    const rows = await scoresOf(racer.userId);
    const [sub] = await t.db.select().from(ocopScoreSubmissions).where(and(eq(ocopScoreSubmissions.userId, racer.userId), eq(ocopScoreSubmissions.applicationId, applicationId)));
    expect(sub?.total).toBe(rows.reduce((s, r) => s + Number(r.points), 0));
  });
});
