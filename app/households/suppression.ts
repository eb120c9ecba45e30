/**
 * Small-cell suppression for every figure about households that leaves a cooperative (decision
 * 0016). A figure counting fewer than MIN_HOUSEHOLDS households (none included) is hidden and reads
 * "< 5" (primary suppression). Published figures are tied together by additive relations (a total
 * and its parts: the rows and columns of a table, a province and its communes, two tables sharing a
 * margin); more figures are hidden (complementary suppression, marked "x") until no hidden figure can
 * be worked out from the shown ones by any sum or difference, and no relation gives away a group of
 * hidden parts counting fewer than MIN_HOUSEHOLDS. Pure: numbers in, what to hide out.
 */
export const MIN_HOUSEHOLDS = 5;

/** Why a figure is or is not shown: "small" counts under MIN_HOUSEHOLDS; "protected" hides a small one. */
export type Protection = "shown" | "small" | "protected";

/** total = Σ parts, as indices into the figures. */
export interface Relation {
  total: number;
  parts: readonly number[];
}

export interface ProtectOptions {
  min?: number;
  /** false: primary suppression only (what the attack test shows to be unsafe). */
  complementary?: boolean;
  /** Per figure, how much hiding it costs (default 1): complementary suppression takes the cheapest first. */
  costs?: readonly number[];
  /**
   * Figures whose fate is already decided (published earlier, e.g. the year before, or never published
   * at all: "protected"); they are never changed, only taken into account.
   */
  fixed?: readonly (Protection | null | undefined)[];
}

/** A prime below 2^26: products of two residues stay exact in a double. */
const P = 67_108_859;
const mulMod = (a: number, b: number) => (a * b) % P;
function invMod(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, a];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return t < 0 ? t + P : t;
}

/**
 * The hidden figures whose value follows from the shown ones through the relations (any linear
 * combination): the relations are restricted to their hidden members and brought to reduced row
 * echelon form (modulo a large prime, exact in practice); a figure is determined exactly when some
 * reduced row is that figure alone.
 */
export function determinedFigures(count: number, relations: readonly Relation[], hidden: (i: number) => boolean): number[] {
  const pivotRow = new Map<number, Map<number, number>>();
  const rowsWith = new Map<number, Set<Map<number, number>>>();
  const index = (row: Map<number, number>, v: number) => {
    let set = rowsWith.get(v);
    if (!set) rowsWith.set(v, (set = new Set()));
    set.add(row);
  };
  for (const rel of relations) {
    const row = new Map<number, number>();
    const add = (v: number, c: number) => {
      if (!hidden(v)) return;
      const next = ((row.get(v) ?? 0) + c + P) % P;
      if (next === 0) row.delete(v);
      else row.set(v, next);
    };
    add(rel.total, 1);
    for (const p of rel.parts) add(p, P - 1);
    // Reduce by the pivots found so far (pivot rows hold no other pivot, so one pass is enough).
    for (const v of [...row.keys()]) {
      const pr = pivotRow.get(v);
      const factor = row.get(v);
      if (!pr || factor === undefined) continue;
      for (const [w, d] of pr) {
        const norm = ((((row.get(w) ?? 0) - mulMod(factor, d)) % P) + P) % P;
        if (norm === 0) row.delete(w);
        else row.set(w, norm);
      }
    }
    if (row.size === 0) continue;
    // New pivot: the variable in the fewest rows; normalise and clear it from every other row.
    let pivot = -1;
    let best = Infinity;
    for (const v of row.keys()) {
      const n = rowsWith.get(v)?.size ?? 0;
      if (n < best) [pivot, best] = [v, n];
    }
    const inv = invMod(row.get(pivot)!);
    for (const [w, d] of row) row.set(w, mulMod(d, inv));
    for (const other of [...(rowsWith.get(pivot) ?? [])]) {
      const factor = other.get(pivot);
      if (factor === undefined) continue;
      for (const [w, d] of row) {
        const norm = ((((other.get(w) ?? 0) - mulMod(factor, d)) % P) + P) % P;
        if (norm === 0) {
          other.delete(w);
          rowsWith.get(w)?.delete(other);
        } else {
          if (!other.has(w)) index(other, w);
          other.set(w, norm);
        }
      }
    }
    pivotRow.set(pivot, row);
    for (const w of row.keys()) index(row, w);
  }
  const out: number[] = [];
  for (const [v, row] of pivotRow) if (row.size === 1 && v < count) out.push(v);
  return out.sort((a, b) => a - b);
}

/**
 * Decides which figures to hide. Primary: every figure under `min`. Complementary, repeated to a
 * fixed point over all relations at once: a relation with exactly one hidden member gets a second
 * one; a relation whose total is shown gets more hidden parts until those parts together count at
 * least `min` (their sum is the total minus the shown parts); and any hidden figure that a
 * combination of relations still determines gets a hidden neighbour. The figure hidden each time is
 * the cheapest shown part (then the total), the smallest among equals, so as little as possible is lost.
 */
export function protectFigures(values: readonly number[], relations: readonly Relation[], options: ProtectOptions = {}): Protection[] {
  const min = options.min ?? MIN_HOUSEHOLDS;
  for (const n of values) if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Counts are whole numbers ≥ 0: ${n}`);
  const fixed = (i: number) => options.fixed?.[i] ?? null;
  const status: Protection[] = values.map((n, i) => fixed(i) ?? (n < min ? "small" : "shown"));
  if (options.complementary === false) return status;
  const hidden = (i: number) => status[i] !== "shown";
  const relationsOf = new Map<number, Relation[]>();
  for (const rel of relations) {
    for (const v of [rel.total, ...rel.parts]) {
      if (v < 0 || v >= values.length) throw new RangeError(`Relation member out of range: ${v}`);
      const list = relationsOf.get(v) ?? [];
      list.push(rel);
      relationsOf.set(v, list);
    }
  }
  /** The smallest shown part of a relation, else its total if shown. */
  const cost = (i: number) => options.costs?.[i] ?? 1;
  const better = (a: number, b: number | null) => b === null || cost(a) < cost(b) || (cost(a) === cost(b) && (values[a]! < values[b]! || (values[a] === values[b] && a < b)));
  const candidate = (rel: Relation): number | null => {
    let pick: number | null = null;
    for (const p of rel.parts) if (!hidden(p) && fixed(p) === null && better(p, pick)) pick = p;
    if (!hidden(rel.total) && fixed(rel.total) === null && (pick === null || cost(rel.total) < cost(pick))) pick = rel.total;
    return pick;
  };
  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const rel of relations) {
        let hiddenMembers = hidden(rel.total) ? 1 : 0;
        let hiddenSum = 0;
        for (const p of rel.parts) {
          if (hidden(p)) {
            hiddenMembers++;
            hiddenSum += values[p]!;
          }
        }
        const leaks = hiddenMembers === 1 || (!hidden(rel.total) && hiddenMembers > 0 && hiddenSum < min);
        if (!leaks) continue;
        const pick = candidate(rel);
        if (pick === null) continue;
        status[pick] = "protected";
        changed = true;
      }
    }
    const determined = determinedFigures(values.length, relations, hidden);
    if (determined.length === 0) return status;
    let progress = false;
    for (const v of determined) {
      // The nearest shown figure: in v's relations, else in the relations of the hidden figures next to it, and so on.
      const seen = new Set<number>([v]);
      let frontier = [v];
      let pick: number | null = null;
      while (pick === null && frontier.length > 0) {
        const next: number[] = [];
        for (const f of frontier) {
          for (const rel of relationsOf.get(f) ?? []) {
            const c = candidate(rel);
            if (c !== null && better(c, pick)) pick = c;
            for (const m of [rel.total, ...rel.parts]) {
              if (!hidden(m) || seen.has(m)) continue;
              seen.add(m);
              next.push(m);
            }
          }
        }
        frontier = next;
      }
      if (pick !== null && !hidden(pick)) {
        status[pick] = "protected";
        progress = true;
      }
    }
    // Nothing left to hide beside a determined figure: it is determined by hidden figures only (cannot happen).
    if (!progress) return status;
  }
}

export interface SuppressedTable {
  /** counts[r][c], null when hidden. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
  /** Why each hidden figure is hidden (same shape): "small" reads "< 5", "protected" reads "x". */
  why: { cells: Protection[][]; rowTotals: Protection[]; colTotals: Protection[]; total: Protection };
}

/** Figure indices of a rows × cols table with its totals, laid out from `base`. */
export function tableLayout(rows: number, cols: number, base = 0) {
  const cell = (r: number, c: number) => base + r * cols + c;
  const rowTotal = (r: number) => base + rows * cols + r;
  const colTotal = (c: number) => base + rows * cols + rows + c;
  const total = base + rows * cols + rows + cols;
  const relations: Relation[] = [];
  for (let r = 0; r < rows; r++) relations.push({ total: rowTotal(r), parts: Array.from({ length: cols }, (_, c) => cell(r, c)) });
  for (let c = 0; c < cols; c++) relations.push({ total: colTotal(c), parts: Array.from({ length: rows }, (_, r) => cell(r, c)) });
  relations.push({ total, parts: Array.from({ length: rows }, (_, r) => rowTotal(r)) });
  relations.push({ total, parts: Array.from({ length: cols }, (_, c) => colTotal(c)) });
  return { cell, rowTotal, colTotal, total, size: rows * cols + rows + cols + 1, relations };
}

/** The values of a cross table with its totals, in tableLayout's order. */
export function tableValues(counts: readonly (readonly number[])[]): number[] {
  const rows = counts.length;
  const cols = rows === 0 ? 0 : counts[0]!.length;
  for (const row of counts) if (row.length !== cols) throw new RangeError("Every row needs the same number of columns");
  const cells = counts.flatMap((row) => [...row]);
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: cols }, (_, c) => counts.reduce((a, row) => a + row[c]!, 0));
  return [...cells, ...rowTotals, ...colTotals, rowTotals.reduce((a, b) => a + b, 0)];
}

/** Reads a protected cross table back out of the figures (values and their protection), from `base`. */
export function readTable(rows: number, cols: number, values: readonly number[], status: readonly Protection[], base = 0): SuppressedTable {
  const l = tableLayout(rows, cols, base);
  const v = (i: number) => (status[i] === "shown" ? values[i]! : null);
  return {
    cells: Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => v(l.cell(r, c)))),
    rowTotals: Array.from({ length: rows }, (_, r) => v(l.rowTotal(r))),
    colTotals: Array.from({ length: cols }, (_, c) => v(l.colTotal(c))),
    total: rows === 0 ? null : v(l.total),
    why: {
      cells: Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => status[l.cell(r, c)]!)),
      rowTotals: Array.from({ length: rows }, (_, r) => status[l.rowTotal(r)]!),
      colTotals: Array.from({ length: cols }, (_, c) => status[l.colTotal(c)]!),
      total: rows === 0 ? "small" : status[l.total]!,
    },
  };
}

/**
 * Suppresses one cross table of household counts with its row, column and grand totals on its own
 * (a table published with nothing else it adds up with).
 */
export function suppressCounts(counts: readonly (readonly number[])[], min = MIN_HOUSEHOLDS): SuppressedTable {
  const rows = counts.length;
  const cols = rows === 0 ? 0 : counts[0]!.length;
  const values = tableValues(counts);
  const l = tableLayout(rows, cols);
  const status = protectFigures(values, rows === 0 ? [] : l.relations, { min });
  return readTable(rows, cols, values, status);
}

/**
 * True when no hidden cell of the table can be worked out from the shown ones and nothing under
 * `min` is shown: every row and column equation has zero or at least two hidden members.
 */
export function isSafe(table: Pick<SuppressedTable, "cells" | "rowTotals" | "colTotals" | "total">, min = MIN_HOUSEHOLDS): boolean {
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
