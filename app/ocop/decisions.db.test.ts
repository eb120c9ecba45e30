import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ocopApplicationEvents, ocopApplications, ocopDecisionItems, ocopDecisions, ocopScoreSubmissions } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { createCouncilWorld, type CouncilWorld } from "../../tests/setup/ocop-council-fixtures";
import { insertTestApplication, insertTestRound } from "../../tests/setup/ocop-fixtures";
import { recordDecision } from "./decisions.server";

const decisionForm = (number: string) => ({ number, signedOn: "2026-10-20", signerName: "Nguyễn Văn Bình", signerTitle: "Phó Chủ tịch UBND tỉnh" });

describe("OCOP ranking decisions", () => {
  let t: TestDatabase;
  let w: CouncilWorld;
  let roundId: string;
  let judges: string[];

  beforeAll(async () => {
    t = await createTestDatabase();
    w = await createCouncilWorld(t.db);
    roundId = await insertTestRound(t.db, w.departmentId, "scoring");
    judges = [(await w.person("a")).userId, (await w.person("b")).userId, (await w.person("c")).userId];
    for (const [i, id] of judges.entries()) await w.seat(roundId, id, i === 0 ? "chair" : i === 1 ? "secretary" : "member");
  });
  afterAll(async () => {
    await t.dispose();
  });

  /** An under-evaluation application of the round with these submitted member totals. */
  async function evaluated(totals: number[], organisation = w.coopA): Promise<string> {
    const id = await insertTestApplication(t.db, { organisationId: organisation.id, productId: organisation.productId, sheetId: w.sheetId, status: "under_evaluation", roundId });
    if (totals.length) await t.db.insert(ocopScoreSubmissions).values(totals.map((total, i) => ({ applicationId: id, userId: judges[i]!, total })));
    return id;
  }

  it("moves the applications to decided with the computed mean and stars, in one transaction", async () => {
    const fourStars = await evaluated([72, 80, 77]); // mean 76.33
    const proposed = await evaluated([92, 95, 90], w.coopB); // 92.33: 4★ and proposed for 5★
    const lower = await evaluated([60, 65, 70]); // 65: 3★, ranked lower: not ranked
    const result = await recordDecision(t.db, {
      actor: w.officer,
      roundId,
      input: decisionForm("1234/QĐ-UBND"),
      items: [
        { applicationId: fourStars, stars: 4 },
        { applicationId: proposed, stars: 4 },
        { applicationId: lower, stars: null },
      ],
    });
    expect(result).toMatchObject({ ok: true });
    const items = await t.db.select().from(ocopDecisionItems).where(inArray(ocopDecisionItems.applicationId, [fourStars, proposed, lower]));
    expect(items.find((i) => i.applicationId === fourStars)).toMatchObject({ score: 76.33, stars: 4, proposedFiveStars: false });
    expect(items.find((i) => i.applicationId === proposed)).toMatchObject({ score: 92.33, stars: 4, proposedFiveStars: true });
    expect(items.find((i) => i.applicationId === lower)).toMatchObject({ score: 65, stars: null });
    const apps = await t.db.select({ status: ocopApplications.status }).from(ocopApplications).where(inArray(ocopApplications.id, [fourStars, proposed, lower]));
    expect(apps.every((a) => a.status === "decided")).toBe(true);
    const events = await t.db.select().from(ocopApplicationEvents).where(eq(ocopApplicationEvents.applicationId, fourStars));
    expect(events).toEqual([expect.objectContaining({ fromStatus: "under_evaluation", toStatus: "decided", note: "1234/QĐ-UBND" })]);
  });

  it("refuses a second decision for one application, storing nothing", async () => {
    const once = await evaluated([75, 75]);
    expect(await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("2000/QĐ-UBND"), items: [{ applicationId: once, stars: 4 }] })).toMatchObject({ ok: true });
    const fresh = await evaluated([75, 75]);
    const before = (await t.db.select().from(ocopDecisions)).length;
    const second = await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("2001/QĐ-UBND"), items: [{ applicationId: fresh, stars: 4 }, { applicationId: once, stars: 3 }] });
    expect(second).toMatchObject({ ok: false, reason: "already_decided", applicationId: once });
    expect((await t.db.select().from(ocopDecisions)).length).toBe(before);
    const [still] = await t.db.select({ status: ocopApplications.status }).from(ocopApplications).where(eq(ocopApplications.id, fresh));
    expect(still?.status).toBe("under_evaluation");
    // The same number twice is refused as well.
    expect(await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("2000/QĐ-UBND"), items: [{ applicationId: fresh, stars: 4 }] })).toMatchObject({ ok: false, reason: "number_taken" });
  });

  it("refuses stars above the class, 5★ at province level, an application without submitted scorings, and non-officers", async () => {
    const app = await evaluated([71, 69]); // 70: 4★ at most
    const weak = await evaluated([40, 45]); // not ranked
    const unscored = await evaluated([]);
    expect(await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("3001/QĐ-UBND"), items: [{ applicationId: app, stars: 5 }] })).toMatchObject({ ok: false, reason: "stars_above_class" });
    expect(await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("3002/QĐ-UBND"), items: [{ applicationId: weak, stars: 3 }] })).toMatchObject({ ok: false, reason: "stars_above_class" });
    expect(await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("3003/QĐ-UBND"), items: [{ applicationId: unscored, stars: null }] })).toMatchObject({ ok: false, reason: "no_scores" });
    const outsider = await w.person("ngoai");
    expect(await recordDecision(t.db, { actor: outsider, roundId, input: decisionForm("3004/QĐ-UBND"), items: [{ applicationId: app, stars: 4 }] })).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await recordDecision(t.db, { actor: w.officer, roundId, input: { ...decisionForm(""), signedOn: "20/10/2026" }, items: [{ applicationId: app, stars: 4 }] })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("3005/QĐ-UBND"), items: [] })).toMatchObject({ ok: false, reason: "no_applications" });
    const open = await insertTestRound(t.db, w.departmentId, "open");
    expect(await recordDecision(t.db, { actor: w.officer, roundId: open, input: decisionForm("3006/QĐ-UBND"), items: [{ applicationId: app, stars: 4 }] })).toMatchObject({ ok: false, reason: "round_not_scoring" });
    const ok = await recordDecision(t.db, { actor: w.officer, roundId, input: decisionForm("3007/QĐ-UBND"), items: [{ applicationId: app, stars: 3 }, { applicationId: weak, stars: null }] });
    expect(ok).toMatchObject({ ok: true, items: [{ score: 70, stars: 3 }, { score: 42.5, stars: null }] });
  });
});
