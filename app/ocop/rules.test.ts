import { describe, expect, it } from "vitest";
import { testSheet } from "../../tests/setup/ocop-fixtures";
import {
  applicationStatuses,
  applicationTransitions,
  canMove,
  councilMean,
  councilSpread,
  criteriaSheetSchema,
  criterionMaximum,
  criterionSchema,
  platformEvidenceKinds,
  pointsFor,
  producerMayEdit,
  provinceResult,
  roundPoints,
  scoreChoices,
  scoringRefusal,
  seesOtherScores,
  sheetProblems,
  starClass,
  totals,
  type CriteriaSheet,
} from "./rules";

const sheet = criteriaSheetSchema.parse(testSheet);
const clone = (): CriteriaSheet => structuredClone(sheet);

describe("criteria sheet schema", () => {
  const base = sheet.criteria[0]!;
  it("accepts a valid criterion and defaults required / checkAgainstAnnex to false", () => {
    const { required: _r, checkAgainstAnnex: _c, ...rest } = base;
    const parsed = criterionSchema.parse(rest);
    expect(parsed.required).toBe(false);
    expect(parsed.checkAgainstAnnex).toBe(false);
  });
  it("refuses a code of another part, a malformed code, a platform figure without its kind, too few options", () => {
    expect(criterionSchema.safeParse({ ...base, code: "B1" }).error?.issues[0]?.message).toBe("criterion_code_part");
    expect(criterionSchema.safeParse({ ...base, code: "A1.2.3" }).success).toBe(false);
    expect(criterionSchema.safeParse({ ...base, code: "a1" }).success).toBe(false);
    const { platformEvidence: _p, ...noKind } = base;
    expect(criterionSchema.safeParse(noKind).error?.issues[0]?.message).toBe("criterion_platform_evidence_missing");
    expect(criterionSchema.safeParse({ ...base, options: [base.options[0]] }).success).toBe(false);
    expect(criterionSchema.safeParse({ ...base, platformEvidence: "horoscope" }).success).toBe(false);
  });
  it("refuses points below 0, above 40, or finer than a quarter point; accepts 0.5 and 0.25", () => {
    const withPoints = (points: number) => criterionSchema.safeParse({ ...base, options: [{ label: base.options[0]!.label, points: 0 }, { label: base.options[1]!.label, points }] }).success;
    expect(withPoints(-1)).toBe(false);
    expect(withPoints(40.25)).toBe(false);
    expect(withPoints(0.1)).toBe(false);
    expect(withPoints(0.5)).toBe(true);
    expect(withPoints(0.25)).toBe(true);
    expect(withPoints(40)).toBe(true);
  });
  it("refuses empty texts and sheets of fewer than 3 criteria", () => {
    expect(criterionSchema.safeParse({ ...base, text: { vi: " ", en: "x" } }).success).toBe(false);
    expect(criteriaSheetSchema.safeParse({ criteria: sheet.criteria.slice(0, 2) }).success).toBe(false);
  });
});

describe("sheetProblems", () => {
  it("finds nothing wrong with a sheet of 40 / 25 / 35", () => {
    expect(sheetProblems(sheet)).toEqual([]);
    expect(criterionMaximum(sheet.criteria[0]!)).toBe(20);
  });
  it("names part maxima that are off, duplicate codes and criteria without a 0 option", () => {
    const s = clone();
    s.criteria[0]!.options[2]!.points = 21;
    s.criteria[3]!.code = "B1";
    s.criteria[4]!.options[0]!.points = 1;
    expect(sheetProblems(s)).toEqual([
      { kind: "duplicate_code", code: "B1" },
      { kind: "no_zero_option", code: "C1" },
      { kind: "part_maximum", part: "A", expected: 40, actual: 41 },
    ]);
  });
  it("adds fractional points without floating-point drift", () => {
    const s = clone();
    s.criteria[0]!.options[2]!.points = 19.75;
    s.criteria[1]!.options[1]!.points = 20.25;
    expect(sheetProblems(s)).toEqual([]);
    expect(roundPoints(0.1 + 0.2)).toBe(0.3);
  });
  it("counts a part with no criteria as 0", () => {
    const s = clone();
    s.criteria = s.criteria.filter((c) => c.part !== "C");
    expect(sheetProblems(s)).toEqual([{ kind: "part_maximum", part: "C", expected: 35, actual: 0 }]);
  });
});

describe("scoring a choice", () => {
  it("gives an option's points by its index", () => {
    expect(pointsFor(sheet, { criterionCode: "A1", optionIndex: 1 })).toEqual({ ok: true, points: 10 });
    expect(pointsFor(sheet, { criterionCode: "A1", optionIndex: 0 })).toEqual({ ok: true, points: 0 });
  });
  it("refuses unknown criteria and options outside the criterion's own (negative, too high, fractional)", () => {
    expect(pointsFor(sheet, { criterionCode: "Z9", optionIndex: 0 })).toEqual({ ok: false, refusal: { kind: "unknown_criterion", code: "Z9" } });
    for (const optionIndex of [-1, 3, 1.5, Number.NaN]) {
      expect(pointsFor(sheet, { criterionCode: "A1", optionIndex })).toMatchObject({ ok: false, refusal: { kind: "unknown_option", code: "A1" } });
    }
  });
  it("checks a set of choices at once: every refusal named, duplicates refused", () => {
    expect(scoreChoices(sheet, [{ criterionCode: "A1", optionIndex: 2 }, { criterionCode: "B2", optionIndex: 1 }])).toEqual({
      ok: true,
      scores: [
        { criterionCode: "A1", optionIndex: 2, points: 20 },
        { criterionCode: "B2", optionIndex: 1, points: 5 },
      ],
    });
    expect(
      scoreChoices(sheet, [
        { criterionCode: "A1", optionIndex: 2 },
        { criterionCode: "A1", optionIndex: 1 },
        { criterionCode: "C9", optionIndex: 0 },
        { criterionCode: "C1", optionIndex: 7 },
      ]),
    ).toEqual({
      ok: false,
      refusals: [
        { kind: "duplicate_criterion", code: "A1" },
        { kind: "unknown_criterion", code: "C9" },
        { kind: "unknown_option", code: "C1", optionIndex: 7 },
      ],
    });
    expect(scoreChoices(sheet, [])).toEqual({ ok: true, scores: [] });
  });
  it("totals per part, names the criteria not yet scored", () => {
    expect(totals(sheet, [{ criterionCode: "A1", points: 20 }, { criterionCode: "B2", points: 5 }, { criterionCode: "C1", points: 20 }, { criterionCode: "X1", points: 99 }])).toEqual({
      A: 20,
      B: 5,
      C: 20,
      total: 45,
      missing: ["A2", "B1", "C2"],
    });
    const full = sheet.criteria.map((c) => ({ criterionCode: c.code, points: criterionMaximum(c) }));
    expect(totals(sheet, full)).toEqual({ A: 40, B: 25, C: 35, total: 100, missing: [] });
  });
});

describe("the council's result", () => {
  it("means and spreads members' totals to two decimals; nothing for no members", () => {
    expect(councilMean([70, 71, 72])).toBe(71);
    expect(councilMean([70, 70, 71])).toBe(70.33);
    expect(councilMean([69.99])).toBe(69.99);
    expect(councilMean([])).toBeNull();
    expect(councilSpread([62.5, 80, 71])).toBe(17.5);
    expect(councilSpread([70])).toBe(0);
    expect(councilSpread([])).toBeNull();
  });
  it("classes scores: below 50 none, 50–69.99 3★, 70–89.99 4★, 90–100 5★", () => {
    const cases: Array<[number, 3 | 4 | 5 | null]> = [
      [0, null],
      [49.99, null],
      [50, 3],
      [69.99, 3],
      [70, 4],
      [89.99, 4],
      [90, 5],
      [100, 5],
    ];
    for (const [score, stars] of cases) expect(starClass(score), String(score)).toBe(stars);
  });
  it("refuses scores outside 0–100", () => {
    for (const bad of [-0.01, 100.01, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => starClass(bad)).toThrow(RangeError);
  });
  it("lets a province give 3★ or 4★; 90 or more is 4★ proposed for 5★", () => {
    expect(provinceResult(49.99)).toEqual({ stars: null, proposedFiveStars: false });
    expect(provinceResult(50)).toEqual({ stars: 3, proposedFiveStars: false });
    expect(provinceResult(70)).toEqual({ stars: 4, proposedFiveStars: false });
    expect(provinceResult(89.99)).toEqual({ stars: 4, proposedFiveStars: false });
    expect(provinceResult(90)).toEqual({ stars: 4, proposedFiveStars: true });
    expect(provinceResult(100)).toEqual({ stars: 4, proposedFiveStars: true });
  });
});

describe("application statuses", () => {
  it("allows exactly the issue's path, each step by its own actor", () => {
    expect(canMove("draft", "submitted", "producer")).toBe(true);
    expect(canMove("submitted", "returned", "secretary")).toBe(true);
    expect(canMove("returned", "submitted", "producer")).toBe(true);
    expect(canMove("submitted", "under_evaluation", "secretary")).toBe(true);
    expect(canMove("under_evaluation", "decided", "department")).toBe(true);
    expect(canMove("decided", "certificate_issued", "department")).toBe(true);
  });
  it("refuses skipped steps, going back, the wrong actor, and anything after the certificate", () => {
    expect(canMove("draft", "under_evaluation", "secretary")).toBe(false);
    expect(canMove("draft", "submitted", "secretary")).toBe(false);
    expect(canMove("submitted", "returned", "producer")).toBe(false);
    expect(canMove("under_evaluation", "returned", "secretary")).toBe(false);
    expect(canMove("decided", "under_evaluation", "department")).toBe(false);
    expect(canMove("returned", "under_evaluation", "secretary")).toBe(false);
    for (const to of applicationStatuses) for (const by of ["producer", "secretary", "department"] as const) expect(canMove("certificate_issued", to, by)).toBe(false);
  });
  it("lists a transition table for every status", () => {
    expect(Object.keys(applicationTransitions).sort()).toEqual([...applicationStatuses].sort());
  });
  it("lets the producer edit only a draft or a returned dossier", () => {
    expect(applicationStatuses.filter(producerMayEdit)).toEqual(["draft", "returned"]);
  });
});

describe("who may score", () => {
  const ok = {
    isMember: true,
    roundStatus: "scoring" as const,
    applicationRoundMatches: true,
    applicationStatus: "under_evaluation" as const,
    conflictedOrganisationIds: ["org-other"],
    applicationOrganisationId: "org-1",
    alreadySubmitted: false,
  };
  it("lets a member score an application of their round under evaluation", () => {
    expect(scoringRefusal(ok)).toBeNull();
  });
  it("names each reason for a refusal", () => {
    expect(scoringRefusal({ ...ok, isMember: false })).toBe("not_a_member");
    expect(scoringRefusal({ ...ok, applicationRoundMatches: false })).toBe("not_in_round");
    expect(scoringRefusal({ ...ok, roundStatus: "open" })).toBe("round_not_scoring");
    expect(scoringRefusal({ ...ok, roundStatus: "closed" })).toBe("round_not_scoring");
    expect(scoringRefusal({ ...ok, applicationStatus: "submitted" })).toBe("not_under_evaluation");
    expect(scoringRefusal({ ...ok, applicationStatus: "decided" })).toBe("not_under_evaluation");
    expect(scoringRefusal({ ...ok, conflictedOrganisationIds: ["org-1"] })).toBe("conflicted");
    expect(scoringRefusal({ ...ok, alreadySubmitted: true })).toBe("already_submitted");
  });
  it("checks membership first, then the round, then the conflict", () => {
    expect(scoringRefusal({ ...ok, isMember: false, roundStatus: "closed", conflictedOrganisationIds: ["org-1"] })).toBe("not_a_member");
    expect(scoringRefusal({ ...ok, roundStatus: "closed", conflictedOrganisationIds: ["org-1"] })).toBe("round_not_scoring");
  });
  it("shows others' scores only after submitting one's own or once the round closed, whatever the role", () => {
    for (const role of ["chair", "secretary", "member"] as const) {
      expect(seesOtherScores({ role, submittedOwn: false, roundClosed: false })).toBe(false);
      expect(seesOtherScores({ role, submittedOwn: true, roundClosed: false })).toBe(true);
      expect(seesOtherScores({ role, submittedOwn: false, roundClosed: true })).toBe(true);
    }
  });
  it("knows the eight kinds of platform evidence", () => {
    expect(platformEvidenceKinds).toHaveLength(8);
  });
});
