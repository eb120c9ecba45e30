import { describe, expect, it } from "vitest";
import { councilComplete, councilResult, councilRoleRefusal, criterionSpreads, isCalendarDate, decisionFormSchema, memberFormSchema, parseStarsChoice, provinceStarsRefusal, readScoreForm, roundFormSchema } from "./council-rules";

describe("council rules", () => {
  it("reads a scoring form: blank criteria unscored, malformed indexes kept for the rules to refuse, comments attached", () => {
    const { scores, tooLongComment } = readScoreForm([
      ["score.A1", "2"],
      ["score.A2", ""],
      ["score.B1", "x"],
      ["comment.A1", "  Tốt  "],
      ["comment.A2", "chưa chấm"],
      ["intent", "save"],
    ]);
    expect(tooLongComment).toBeNull();
    expect(scores).toEqual([
      { criterionCode: "A1", optionIndex: 2, comment: "Tốt" },
      { criterionCode: "B1", optionIndex: Number.NaN, comment: null },
    ]);
    expect(readScoreForm([["comment.C1", "x".repeat(1001)]]).tooLongComment).toBe("C1");
  });

  it("gives mean, spread and the classes of the mean", () => {
    expect(councilResult([])).toMatchObject({ submitted: 0, mean: null, starClass: null, provinceStars: null });
    expect(councilResult([72, 80, 77])).toMatchObject({ mean: 76.33, spread: 8, starClass: 4, provinceStars: 4, proposedFiveStars: false });
    expect(councilResult([69.99])).toMatchObject({ starClass: 3, provinceStars: 3 });
    expect(councilResult([90, 91])).toMatchObject({ starClass: 5, provinceStars: 4, proposedFiveStars: true });
    expect(councilResult([49, 50])).toMatchObject({ mean: 49.5, starClass: null, provinceStars: null });
  });

  it("spreads per criterion", () => {
    expect(Object.fromEntries(criterionSpreads([{ criterionCode: "A1", points: 10 }, { criterionCode: "A1", points: 20 }, { criterionCode: "B1", points: 5 }]))).toEqual({ A1: 10, B1: 0 });
  });

  it("never lets a province decision rank above the class", () => {
    expect(provinceStarsRefusal(4, 76)).toBeNull();
    expect(provinceStarsRefusal(3, 76)).toBeNull();
    expect(provinceStarsRefusal(null, 76)).toBeNull();
    expect(provinceStarsRefusal(4, 69.99)).toBe("stars_above_class");
    expect(provinceStarsRefusal(5, 95)).toBe("stars_above_class");
    expect(provinceStarsRefusal(3, 49.99)).toBe("stars_above_class");
    expect(parseStarsChoice("none")).toBeNull();
    expect(parseStarsChoice("4")).toBe(4);
    expect(parseStarsChoice("6")).toBeUndefined();
  });

  it("keeps one chair and one secretary", () => {
    expect(councilRoleRefusal(["chair"], "chair")).toBe("chair_taken");
    expect(councilRoleRefusal(["secretary"], "secretary")).toBe("secretary_taken");
    expect(councilRoleRefusal(["chair", "secretary"], "member")).toBeNull();
    expect(councilComplete(["chair", "member"])).toBe(false);
    expect(councilComplete(["member", "secretary", "chair"])).toBe(true);
  });

  it("checks the forms", () => {
    expect(roundFormSchema.safeParse({ name: "Đợt 1", year: "2026", meetingOn: "" }).data).toEqual({ name: "Đợt 1", year: 2026, meetingOn: null });
    expect(roundFormSchema.safeParse({ name: "Đợt 1", year: "26" }).success).toBe(false);
    expect(memberFormSchema.safeParse({ email: " A@B.VN ", role: "chair" }).data).toEqual({ email: "a@b.vn", role: "chair", title: null });
    expect(memberFormSchema.safeParse({ email: "a@b.vn", role: "boss" }).success).toBe(false);
    expect(decisionFormSchema.safeParse({ number: "1234/QĐ-UBND", signedOn: "2026-13", signerName: "Ông A", signerTitle: "Chủ tịch" }).success).toBe(false);
  });
});

describe("dates on council forms", () => {
  it("accept a real calendar date and refuse impossible or far ones", () => {
    expect(isCalendarDate("2026-12-10")).toBe(true);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("2026-1-01")).toBe(false);
    expect(roundFormSchema.safeParse({ name: "Đợt 3 năm 2026", year: "2026", meetingOn: "2026-13-01" }).success).toBe(false);
    expect(roundFormSchema.safeParse({ name: "Đợt 3 năm 2026", year: "2026", meetingOn: "9999-01-01" }).success).toBe(false);
    expect(roundFormSchema.safeParse({ name: "Đợt 3 năm 2026", year: "2026", meetingOn: "2026-12-10" }).success).toBe(true);
  });
});
