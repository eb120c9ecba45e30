import { describe, expect, it } from "vitest";
import type { SuppressedTable } from "~/households/suppression";
import { statusRows } from "./household-aggregates.server";
import { overallYear, reductionPointsOf } from "./targets.server";

/** A status × sex table with these row totals (statusRows order) and grand total. */
function statusTable(rowTotals: (number | null)[], total: number | null): SuppressedTable {
  const rows = statusRows.length;
  return {
    cells: Array.from({ length: rows }, () => [null, null]),
    rowTotals,
    colTotals: [null, null],
    total,
    why: { cells: Array.from({ length: rows }, () => ["small", "small"]), rowTotals: rowTotals.map(() => "small"), colTotals: ["small", "small"], total: "small" },
  };
}

describe("overall poverty of participating households", () => {
  const poorAt = statusRows.indexOf("poor");
  const unknownAt = statusRows.indexOf("unknown");
  const totals = (poor: number | null, unknown: number | null) => statusRows.map((_, i) => (i === poorAt ? poor : i === unknownAt ? unknown : 10));

  it("is the poor among households with a known status", () => {
    expect(overallYear({ year: 2026, statusBySex: statusTable(totals(12, 20), 220) })).toEqual({ year: 2026, poor: 12, known: 200, ratePercent: 6 });
  });
  it("is not shown when a figure it needs is hidden", () => {
    expect(overallYear({ year: 2026, statusBySex: statusTable(totals(null, 20), 220) }).ratePercent).toBeNull();
    expect(overallYear({ year: 2026, statusBySex: statusTable(totals(12, null), 220) }).ratePercent).toBeNull();
    expect(overallYear({ year: 2026, statusBySex: statusTable(totals(0, 220), 220) }).ratePercent).toBeNull();
  });
  it("falls in points from one year to the next", () => {
    expect(reductionPointsOf(8.25, 6)).toBe(2.3);
    expect(reductionPointsOf(5, 6)).toBe(-1);
    expect(reductionPointsOf(null, 6)).toBeNull();
  });
});
