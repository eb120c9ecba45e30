/**
 * Small-cell suppression for every figure about households that leaves a cooperative: a cell that
 * counts fewer than MIN_HOUSEHOLDS households is hidden ("< 5"), and so is at least one more cell of
 * every row or column that would otherwise let it be recovered by subtraction from a shown total
 * (complementary suppression). Pure: counts in, a table with nulls for hidden cells out.
 */
export const MIN_HOUSEHOLDS = 5;

export interface SuppressedTable {
  /** counts[r][c], null when hidden. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
}

/**
 * Suppresses a cross table of household counts with its row, column and grand totals. Every total is
 * an equation (total = sum of its cells); an equation with exactly one hidden member gives that member
 * away, so another member (the smallest shown one, totals last) is hidden too, until no equation has
 * exactly one hidden member.
 */
export function suppressCounts(counts: readonly (readonly number[])[], min = MIN_HOUSEHOLDS): SuppressedTable {
  const rows = counts.length;
  const cols = rows === 0 ? 0 : counts[0]!.length;
  for (const row of counts) {
    if (row.length !== cols) throw new RangeError("Every row needs the same number of columns");
    for (const n of row) if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Counts are whole numbers ≥ 0: ${n}`);
  }
  // The full grid: cells, a total column at index `cols`, a total row at index `rows`.
  const value: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const n = counts[r]![c]!;
      value[r]![c] = n;
      value[r]![cols]! += n;
      value[rows]![c]! += n;
      value[rows]![cols]! += n;
    }
  }
  const hidden: boolean[][] = value.map((row) => row.map((n) => n < min));

  type Cell = [number, number];
  const equations: Cell[][] = [];
  for (let r = 0; r <= rows; r++) equations.push(Array.from({ length: cols + 1 }, (_, c): Cell => [r, c]));
  for (let c = 0; c <= cols; c++) equations.push(Array.from({ length: rows + 1 }, (_, r): Cell => [r, c]));

  const isTotal = ([r, c]: Cell) => r === rows || c === cols;
  let changed = true;
  while (changed) {
    changed = false;
    for (const eq of equations) {
      const hiddenCount = eq.filter(([r, c]) => hidden[r]![c]).length;
      if (hiddenCount !== 1) continue;
      const candidates = eq
        .filter(([r, c]) => !hidden[r]![c])
        .sort((a, b) => Number(isTotal(a)) - Number(isTotal(b)) || value[a[0]]![a[1]]! - value[b[0]]![b[1]]! || a[0] - b[0] || a[1] - b[1]);
      const pick = candidates[0];
      if (!pick) continue;
      hidden[pick[0]]![pick[1]] = true;
      changed = true;
    }
  }

  const shown = (r: number, c: number) => (hidden[r]![c] ? null : value[r]![c]!);
  return {
    cells: Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => shown(r, c))),
    rowTotals: Array.from({ length: rows }, (_, r) => shown(r, cols)),
    colTotals: Array.from({ length: cols }, (_, c) => shown(rows, c)),
    total: shown(rows, cols),
  };
}

/**
 * True when no hidden cell of the table can be worked out from the shown ones: every row and column
 * equation has zero or at least two hidden members. Used by the tests and as a guard before export.
 */
export function isSafe(table: SuppressedTable, min = MIN_HOUSEHOLDS): boolean {
  const rows = table.cells.length;
  const cols = table.colTotals.length;
  const grid: (number | null)[][] = [...table.cells.map((row, r) => [...row, table.rowTotals[r]!]), [...table.colTotals, table.total]];
  for (const row of grid) for (const v of row) if (v !== null && v < min) return false;
  for (let r = 0; r <= rows; r++) if (grid[r]!.filter((v) => v === null).length === 1) return false;
  for (let c = 0; c <= cols; c++) if (grid.filter((row) => row[c] === null).length === 1) return false;
  return true;
}

/** A figure tied to a count cell (a sum of money, an average) is shown only when its count is. */
export function maskByCount<T>(count: number | null, figure: T): T | null {
  return count === null ? null : figure;
}
