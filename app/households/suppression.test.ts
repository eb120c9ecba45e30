import { describe, expect, it } from "vitest";
import { determinedFigures, isSafe, maskByCount, protectFigures, suppressCounts, type Relation } from "./suppression";

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
    expect(suppressCounts([])).toMatchObject({ cells: [], rowTotals: [], colTotals: [], total: null });
  });

  it("masks figures whose count is hidden", () => {
    expect(maskByCount(null, 5_000_000)).toBeNull();
    expect(maskByCount(7, 5_000_000)).toBe(5_000_000);
  });

  it("marks why a figure is hidden: under 5, or hidden to protect one that is", () => {
    const t = suppressCounts([[2, 9, 30]]);
    expect(t.why.cells[0]).toEqual(["small", "protected", "shown"]);
    expect(t.why.rowTotals[0]).toBe("shown");
  });
});

describe("complementary suppression over linked figures", () => {
  // A province (figure 0) and three communes (1, 2, 3).
  const province: Relation[] = [{ total: 0, parts: [1, 2, 3] }];

  it("never leaves a lone hidden commune for the province to give away", () => {
    const status = protectFigures([50, 3, 20, 27], province);
    expect(status).toEqual(["shown", "small", "protected", "shown"]);
  });

  it("hides more until the hidden communes together count 5 or more (their sum is the province minus the rest)", () => {
    // 1 and 2 are hidden; 50 − 47 = 3 would still say "the two hidden communes have 3 households".
    expect(protectFigures([50, 1, 2, 47], province)).toEqual(["shown", "small", "small", "protected"]);
    // Zero counts too: "no poor household outside commune 3" tells every other household's status.
    expect(protectFigures([12, 0, 0, 12], province)).toEqual(["shown", "small", "small", "protected"]);
  });

  it("finds a cell that only a combination of relations gives away, and hides a neighbour", () => {
    // Two tables sharing a margin: a + b = t, c + d = t; a, c hidden in separate relations would each
    // look safe with a second hidden member, but a − c = (t − b) − (t − d) = d − b... here the bridge is explicit:
    // x = y (an equality between tables) with y in a fully shown relation.
    const relations: Relation[] = [
      { total: 0, parts: [1, 2] }, // 0 = 1 + 2
      { total: 3, parts: [1, 4] }, // 3 = 1 + 4
      { total: 0, parts: [3, 5] }, // 0 = 3 + 5
    ];
    const values = [30, 3, 27, 10, 7, 20];
    // With 1 and 2 hidden (each relation having two hidden members), 1 still follows: 3 − 4 with 3 and 4 shown.
    const hidden = new Set([1, 2]);
    expect(determinedFigures(values.length, relations, (i) => hidden.has(i))).toEqual([1, 2]);
    const status = protectFigures(values, relations);
    expect(determinedFigures(values.length, relations, (i) => status[i] !== "shown")).toEqual([]);
    expect(status[1]).toBe("small");
  });

  it("prefers cheap figures for complementary suppression", () => {
    // 0 = 1 + 2 with 1 small: hide the total rather than the costly headline part.
    expect(protectFigures([30, 3, 27], [{ total: 0, parts: [1, 2] }], { costs: [1, 1, 10] })).toEqual(["protected", "small", "shown"]);
    expect(protectFigures([30, 3, 27], [{ total: 0, parts: [1, 2] }], { complementary: false })).toEqual(["shown", "small", "shown"]);
  });

  it("leaves nothing determined on random linked tables", () => {
    let seed = 9;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 50; k++) {
      // Three communes' 3 × 2 tables with totals, and the province's as their sum.
      const size = 12;
      const tables = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => Array.from({ length: 2 }, () => Math.floor(rand() * 12))));
      const values: number[] = [];
      const relations: Relation[] = [];
      const lay = (counts: number[][]) => {
        const base = values.length;
        for (const row of counts) values.push(...row);
        counts.forEach((row) => values.push(row[0]! + row[1]!));
        for (let c = 0; c < 2; c++) values.push(counts.reduce((a, r) => a + r[c]!, 0));
        values.push(counts.flat().reduce((a, b) => a + b, 0));
        for (let r = 0; r < 3; r++) relations.push({ total: base + 6 + r, parts: [base + 2 * r, base + 2 * r + 1] });
        for (let c = 0; c < 2; c++) relations.push({ total: base + 9 + c, parts: [base + c, base + 2 + c, base + 4 + c] });
        relations.push({ total: base + 11, parts: [base + 6, base + 7, base + 8] });
        return base;
      };
      const sum = tables[0]!.map((row, r) => row.map((_, c) => tables.reduce((a, t) => a + t[r]![c]!, 0)));
      const top = lay(sum);
      const bases = tables.map(lay);
      for (let i = 0; i < size; i++) relations.push({ total: top + i, parts: bases.map((b) => b + i) });
      const status = protectFigures(values, relations);
      expect(determinedFigures(values.length, relations, (i) => status[i] !== "shown")).toEqual([]);
      status.forEach((s, i) => {
        if (values[i]! < 5) expect(s).toBe("small");
        if (s === "small") expect(values[i]).toBeLessThan(5);
      });
    }
  });
});
