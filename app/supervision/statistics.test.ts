import { describe, expect, it } from "vitest";
import { caseStatistics, type CaseFact } from "./statistics";

const fact = (communeId: number | null, answeredOn: string | null, over: Partial<CaseFact> = {}): CaseFact => ({
  kind: "counterfeit",
  status: answeredOn ? "answered" : "received",
  communeId,
  communeName: communeId === null ? null : `Xã ${communeId}`,
  receivedOn: "2026-12-07",
  dueOn: "2026-12-16",
  answeredOn,
  ...over,
});

describe("public case statistics", () => {
  it("counts on-time answers against answers and overdue open cases", () => {
    const facts = [fact(1, "2026-12-09"), fact(1, "2026-12-18"), fact(1, null), fact(1, null, { dueOn: "2026-12-31" })];
    const stats = caseStatistics(facts, "2026-12-20");
    expect(stats.total).toEqual({ cases: 4, answered: 2, onTime: 1 });
    // 1 on time out of 2 answered + 1 open past its due date.
    expect(stats.onTimeShare).toBeCloseTo(1 / 3);
    // 2 and 9 working days.
    expect(stats.medianWorkingDays).toBe(5.5);
    expect(stats.byKind.find((k) => k.kind === "counterfeit")?.cases).toBe(4);
    expect(stats.byKind.find((k) => k.kind === "quality")?.cases).toBe(0);
  });

  it("merges small communes, and one more when the merged row alone would be small", () => {
    const facts = [...Array.from({ length: 6 }, () => fact(1, null)), ...Array.from({ length: 5 }, () => fact(2, null)), fact(3, null), fact(null, null)];
    const stats = caseStatistics(facts, "2026-12-08");
    // Commune 3 (1 case) and the unknown one (1) would be a row of 2: commune 2 joins them.
    expect(stats.byCommune).toEqual([
      { communeId: 1, name: "Xã 1", other: false, cases: 6, answered: 0, onTime: 0 },
      { communeId: null, name: null, other: true, cases: 7, answered: 0, onTime: 0 },
    ]);
    const big = caseStatistics([...Array.from({ length: 5 }, () => fact(1, null)), ...Array.from({ length: 5 }, () => fact(2, null))], "2026-12-08");
    expect(big.byCommune.map((c) => c.communeId)).toEqual([1, 2]);
    expect(caseStatistics([], "2026-12-08")).toMatchObject({ onTimeShare: null, medianWorkingDays: null, byCommune: [] });
  });
});
