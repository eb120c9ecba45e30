import { describe, expect, it } from "vitest";
import { isSafe, maskByCount, suppressCounts } from "./suppression";

describe("small-cell suppression", () => {
  it("shows a table whose every cell counts 5 or more", () => {
    const t = suppressCounts([
      [5, 6],
      [7, 8],
    ]);
    expect(t.cells).toEqual([
      [5, 6],
      [7, 8],
    ]);
    expect(t.rowTotals).toEqual([11, 15]);
    expect(t.colTotals).toEqual([12, 14]);
    expect(t.total).toBe(26);
    expect(isSafe(t)).toBe(true);
  });

  it("hides cells under 5, zero included", () => {
    const t = suppressCounts([
      [0, 10, 20],
      [3, 12, 30],
    ]);
    expect(t.cells[0]![0]).toBeNull();
    expect(t.cells[1]![0]).toBeNull();
    expect(t.colTotals[0]).toBeNull(); // 3 households in all: under 5 itself
    expect(isSafe(t)).toBe(true);
  });

  it("hides a second cell in a row so the first cannot be got by subtraction", () => {
    const t = suppressCounts([[2, 9, 30]]);
    // 2 is hidden; without more, 41 − 9 − 30 would give it back.
    expect(t.cells[0]![0]).toBeNull();
    expect(t.cells[0]![1]).toBeNull(); // the smallest other cell
    expect(t.cells[0]![2]).toBe(30);
    expect(t.rowTotals[0]).toBe(41);
    expect(isSafe(t)).toBe(true);
  });

  it("propagates complementary suppression across rows and columns", () => {
    const t = suppressCounts([
      [1, 20, 20],
      [20, 20, 20],
      [20, 20, 20],
    ]);
    expect(isSafe(t)).toBe(true);
    const hidden = t.cells.flat().filter((v) => v === null).length;
    expect(hidden).toBeGreaterThanOrEqual(4); // a rectangle at least: one per row and column it touches, twice
  });

  it("a single column list with a total (households per cooperative)", () => {
    const t = suppressCounts([[12], [3], [40]]);
    expect(t.cells.map((r) => r[0])).toEqual([null, null, 40]);
    expect(t.total).toBe(55);
    expect(isSafe(t)).toBe(true);
  });

  it("hides the grand total when everything is small", () => {
    const t = suppressCounts([[1, 2]]);
    expect(t.total).toBeNull();
    expect(t.cells).toEqual([[null, null]]);
    expect(isSafe(t)).toBe(true);
  });

  it("is safe on many random tables, and never hides a cell of 5+ without reason", () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const rows = 1 + Math.floor(rand() * 5);
      const cols = 1 + Math.floor(rand() * 5);
      const counts = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.floor(rand() * 15)));
      const t = suppressCounts(counts);
      expect(isSafe(t)).toBe(true);
      // Whatever is shown is the true count.
      t.cells.forEach((row, r) => row.forEach((v, c) => v !== null && expect(v).toBe(counts[r]![c])));
    }
  });

  it("isSafe catches a table that leaks by subtraction or shows a small cell", () => {
    expect(isSafe({ cells: [[null, 9, 30]], rowTotals: [41], colTotals: [null, 9, 30], total: 41 })).toBe(false);
    expect(isSafe({ cells: [[4]], rowTotals: [4], colTotals: [4], total: 4 })).toBe(false);
  });

  it("refuses bad counts", () => {
    expect(() => suppressCounts([[1, -1]])).toThrow(RangeError);
    expect(() => suppressCounts([[1.5]])).toThrow(RangeError);
    expect(() => suppressCounts([[1, 2], [3]])).toThrow(RangeError);
    expect(suppressCounts([])).toEqual({ cells: [], rowTotals: [], colTotals: [], total: null });
  });

  it("masks figures whose count is hidden", () => {
    expect(maskByCount(null, 5_000_000)).toBeNull();
    expect(maskByCount(7, 5_000_000)).toBe(5_000_000);
  });
});
