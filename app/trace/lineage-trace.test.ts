import { describe, expect, it } from "vitest";
import {
  linesPageParam,
  pageOfLines,
  carriedForward,
  classifyTraceCode,
  daysOf,
  harvestInsideInterval,
  seesDetailsOf,
  seesHouseholdNamesOf,
  usedBackward,
  type LineageEdge,
} from "./lineage-trace";

const q = (entries: Record<string, number>) => new Map(Object.entries(entries));
const round = (m: Map<string, number>) => Object.fromEntries([...m].map(([k, v]) => [k, Math.round(v * 1000) / 1000]));

describe("carriedForward", () => {
  it("follows a straight chain, taking each step's fraction of its input", () => {
    const edges: LineageEdge[] = [
      { inputBatchId: "R", outputBatchId: "A", quantity: 50 },
      { inputBatchId: "A", outputBatchId: "B", quantity: 20 },
    ];
    expect(round(carriedForward("R", edges, q({ R: 100, A: 40, B: 400 })))).toEqual({ R: 100, A: 50, B: 25 });
  });

  it("adds both paths of a diamond and divides a split", () => {
    // R (100) → M (100, all of R); M splits 30/70 into S1, S2; both go whole into D.
    const edges: LineageEdge[] = [
      { inputBatchId: "R", outputBatchId: "M", quantity: 100 },
      { inputBatchId: "M", outputBatchId: "S1", quantity: 30 },
      { inputBatchId: "M", outputBatchId: "S2", quantity: 70 },
      { inputBatchId: "S1", outputBatchId: "D", quantity: 30 },
      { inputBatchId: "S2", outputBatchId: "D", quantity: 70 },
    ];
    expect(round(carriedForward("R", edges, q({ R: 100, M: 100, S1: 30, S2: 70, D: 100 })))).toEqual({ R: 100, M: 100, S1: 30, S2: 70, D: 100 });
  });

  it("counts only the root's share of a merge and ignores lots the root does not reach", () => {
    const edges: LineageEdge[] = [
      { inputBatchId: "R", outputBatchId: "M", quantity: 60 },
      { inputBatchId: "O", outputBatchId: "M", quantity: 50 },
      { inputBatchId: "O", outputBatchId: "Z", quantity: 10 },
    ];
    expect(round(carriedForward("R", edges, q({ R: 100, O: 50, M: 110, Z: 10 })))).toEqual({ R: 100, M: 60 });
  });

  it("caps a step at the whole input and gives nothing for a lot of unknown quantity", () => {
    const edges: LineageEdge[] = [
      { inputBatchId: "R", outputBatchId: "A", quantity: 150 },
      { inputBatchId: "A", outputBatchId: "B", quantity: 5 },
    ];
    expect(round(carriedForward("R", edges, q({ R: 100 })))).toEqual({ R: 100, A: 100, B: 0 });
  });

  it("leaves out lots on a cycle instead of looping", () => {
    const edges: LineageEdge[] = [
      { inputBatchId: "R", outputBatchId: "A", quantity: 10 },
      { inputBatchId: "A", outputBatchId: "B", quantity: 10 },
      { inputBatchId: "B", outputBatchId: "A", quantity: 10 },
    ];
    const result = carriedForward("R", edges, q({ R: 10, A: 10, B: 10 }));
    expect([...result.keys()]).toEqual(["R"]);
  });
});

describe("usedBackward", () => {
  it("gives each upstream lot's contribution in its own unit, through splits, merges and diamonds", () => {
    // T (the traced lot) was made of 20 of A and 5 of B; A (40) was made of 50 of R (100) and via a diamond from M.
    const edges: LineageEdge[] = [
      { inputBatchId: "A", outputBatchId: "T", quantity: 20 },
      { inputBatchId: "B", outputBatchId: "T", quantity: 5 },
      { inputBatchId: "R", outputBatchId: "A", quantity: 50 },
      { inputBatchId: "M", outputBatchId: "S1", quantity: 10 },
      { inputBatchId: "M", outputBatchId: "S2", quantity: 10 },
      { inputBatchId: "S1", outputBatchId: "B", quantity: 10 },
      { inputBatchId: "S2", outputBatchId: "B", quantity: 10 },
    ];
    const used = usedBackward("T", edges, q({ T: 25, A: 40, B: 20, R: 100, M: 20, S1: 10, S2: 10 }));
    // Half of A went into T, so half of R's 50; a quarter of B, so a quarter of each of S1, S2 and of M's 20.
    expect(round(used)).toEqual({ A: 20, B: 5, R: 25, S1: 2.5, S2: 2.5, M: 5 });
  });
});

describe("tenancy", () => {
  const coop = { kind: "cooperative", organisationId: "org-a" } as const;
  it("lets a cooperative read its own lots and the department every lot", () => {
    expect(seesDetailsOf(coop, "org-a")).toBe(true);
    expect(seesDetailsOf(coop, "org-b")).toBe(false);
    expect(seesDetailsOf({ kind: "department" }, "org-b")).toBe(true);
  });
  it("names households only to their own cooperative, not to the department", () => {
    expect(seesHouseholdNamesOf(coop, "org-a")).toBe(true);
    expect(seesHouseholdNamesOf(coop, "org-b")).toBe(false);
    expect(seesHouseholdNamesOf({ kind: "department" }, "org-a")).toBe(false);
  });
});

describe("harvestInsideInterval", () => {
  const spraying = { eventTime: new Date("2026-04-01T07:00:00+07:00"), preHarvestIntervalDays: 7 };
  it("finds the earliest harvest before the interval ran out", () => {
    const harvests = [new Date("2026-04-06T07:00:00+07:00"), new Date("2026-04-03T07:00:00+07:00"), new Date("2026-04-09T07:00:00+07:00")];
    expect(harvestInsideInterval(spraying, harvests)?.toISOString()).toBe("2026-04-03T00:00:00.000Z");
  });
  it("accepts a harvest exactly when the interval ends, and ignores harvests before the spraying", () => {
    expect(harvestInsideInterval(spraying, [new Date("2026-04-08T07:00:00+07:00"), new Date("2026-03-30T07:00:00+07:00")])).toBeNull();
  });
  it("says nothing without an interval", () => {
    expect(harvestInsideInterval({ ...spraying, preHarvestIntervalDays: null }, [new Date("2026-04-02T07:00:00+07:00")])).toBeNull();
  });
  it("reads days from form text", () => {
    expect(daysOf(" 14 ")).toBe(14);
    expect(daysOf(7)).toBe(7);
    expect(daysOf("bảy")).toBeNull();
    expect(daysOf("")).toBeNull();
  });
});

describe("classifyTraceCode", () => {
  it("tells short codes, digital links and lot codes apart", () => {
    expect(classifyTraceCode(" 7K3M9QX2ABCDE ")).toEqual({ kind: "short", shortCode: "7K3M9QX2ABCDE" });
    expect(classifyTraceCode("https://truyxuat.example.vn/t/7K3M9QX2ABCDE")).toEqual({ kind: "short", shortCode: "7K3M9QX2ABCDE" });
    expect(classifyTraceCode("https://id.example.vn/01/08930000000012/10/TC-2026-01/21/ABC")).toEqual({
      kind: "digital_link",
      path: "/01/08930000000012/10/TC-2026-01/21/ABC",
    });
    expect(classifyTraceCode("TC-2026-01")).toEqual({ kind: "lot", lotCode: "TC-2026-01" });
    expect(classifyTraceCode("lô có dấu")).toBeNull();
    expect(classifyTraceCode("   ")).toBeNull();
  });
});

describe("a page of a trace's order lines", () => {
  const lines = Array.from({ length: 450 }, (_, i) => i);
  it("shows the requested page of 200 and says how many there are", () => {
    expect(pageOfLines(lines, 1)).toEqual({ lines: lines.slice(0, 200), page: { page: 1, pages: 3, total: 450, size: 200 } });
    expect(pageOfLines(lines, 3).lines).toEqual(lines.slice(400));
  });
  it("shows the nearest page for a number out of range, and one empty page for no lines", () => {
    expect(pageOfLines(lines, 9).page.page).toBe(3);
    expect(pageOfLines(lines, 0).page.page).toBe(1);
    expect(pageOfLines(lines, 1.5).page.page).toBe(1);
    expect(pageOfLines([], 4)).toEqual({ lines: [], page: { page: 1, pages: 1, total: 0, size: 200 } });
  });
  it("reads ?lines= as a page number and anything else as page 1", () => {
    expect(linesPageParam("2")).toBe(2);
    expect(linesPageParam(null)).toBe(1);
    expect(linesPageParam("")).toBe(1);
    expect(linesPageParam("-1")).toBe(1);
    expect(linesPageParam("2e3")).toBe(1);
    expect(linesPageParam("9999999")).toBe(1);
  });
});
