/**
 * Income attribution (decision 0009), the pure part: how much of a sold batch's value goes back to
 * each supplying household. A batch made from inputs passes its value to them by their share of
 * input quantity; a raw batch passes it to the households that supplied it by their share of its
 * quantity (the part nobody supplied stays with the cooperative).
 */
export interface LineageGraph {
  /** Inputs of each batch made by a transformation: input batch and quantity consumed. */
  inputsByOutput: ReadonlyMap<string, readonly { inputBatchId: string; quantity: number }[]>;
  /** Deliveries into each raw batch by household. */
  suppliesByBatch: ReadonlyMap<string, readonly { householdId: string; quantity: number }[]>;
  /** Recorded quantity of each batch that has supplies. */
  batchQuantity: ReadonlyMap<string, number>;
}

export type Weights = ReadonlyMap<string, number>;

/**
 * Shares (0..1, adding up to at most 1) of a batch's value that belong to each household. Memoised
 * per graph walk through `memo`; a lineage loop (impossible when recorded through the trace context)
 * contributes nothing rather than looping.
 */
export function householdWeights(batchId: string, graph: LineageGraph, memo = new Map<string, Weights>(), visiting = new Set<string>()): Weights {
  const known = memo.get(batchId);
  if (known) return known;
  if (visiting.has(batchId)) return new Map();
  visiting.add(batchId);
  const out = new Map<string, number>();
  const inputs = graph.inputsByOutput.get(batchId) ?? [];
  if (inputs.length > 0) {
    const total = inputs.reduce((sum, i) => sum + i.quantity, 0);
    if (total > 0) {
      for (const input of inputs) {
        const share = input.quantity / total;
        for (const [household, w] of householdWeights(input.inputBatchId, graph, memo, visiting)) {
          out.set(household, (out.get(household) ?? 0) + share * w);
        }
      }
    }
  } else {
    const supplies = graph.suppliesByBatch.get(batchId) ?? [];
    const supplied = supplies.reduce((sum, s) => sum + s.quantity, 0);
    const base = Math.max(supplied, graph.batchQuantity.get(batchId) ?? 0);
    if (base > 0) for (const s of supplies) out.set(s.householdId, (out.get(s.householdId) ?? 0) + s.quantity / base);
  }
  visiting.delete(batchId);
  memo.set(batchId, out);
  return out;
}

/**
 * Splits a whole number of VND by weights into whole VND: floors, then hands the remaining dong to
 * the largest remainders, never more in total than `value × Σweights` rounded down. Ties go by
 * household id so the result never depends on map order.
 */
export function splitVnd(value: number, weights: Weights): Map<string, number> {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`VND value must be a whole number ≥ 0: ${value}`);
  const entries = [...weights].filter(([, w]) => w > 0).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const totalWeight = Math.min(1, entries.reduce((s, [, w]) => s + w, 0));
  // 1e-9 absorbs binary-float noise in shares that are exact in decimals (1/3 + 1/3 + 1/3).
  const target = Math.floor(value * totalWeight + 1e-9);
  const parts = entries.map(([id, w]) => {
    const exact = value * w;
    return { id, floor: Math.floor(exact + 1e-9), rest: exact - Math.floor(exact + 1e-9) };
  });
  let left = target - parts.reduce((s, p) => s + p.floor, 0);
  const byRest = [...parts].sort((a, b) => b.rest - a.rest || (a.id < b.id ? -1 : 1));
  for (const p of byRest) {
    if (left <= 0) break;
    p.floor += 1;
    left -= 1;
  }
  return new Map(parts.filter((p) => p.floor > 0).map((p) => [p.id, p.floor]));
}

export interface SoldAllocation {
  batchId: string;
  /** Sale value of the units taken from this batch: unit price × units, integer VND. */
  valueVnd: number;
  year: number;
}

/** Attributed sales value per household and year: key `${householdId}|${year}`. */
export function attributeSales(allocations: readonly SoldAllocation[], graph: LineageGraph): Map<string, number> {
  const memo = new Map<string, Weights>();
  const out = new Map<string, number>();
  for (const a of allocations) {
    const weights = householdWeights(a.batchId, graph, memo);
    if (weights.size === 0) continue;
    for (const [household, vnd] of splitVnd(a.valueVnd, weights)) {
      const key = `${household}|${a.year}`;
      out.set(key, (out.get(key) ?? 0) + vnd);
    }
  }
  return out;
}
