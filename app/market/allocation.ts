/**
 * Which batches an order's lines take their units from: first-expiring-first, given the batches on
 * sale in that order and the units each still has (read under lock by app/market/stock.server.ts).
 * Plain TypeScript without the database, so the rule is tested on its own. See decision 0007.
 */

export interface LineRequest {
  /** The order line (or any key the caller wants the takes reported under). */
  lineId: string;
  productId: string;
  quantity: number;
}

export interface BatchOnSale {
  batchId: string;
  productId: string;
  /** Units left to sell; batches of one product come first-expiring-first. */
  available: number;
}

export interface Take {
  lineId: string;
  batchId: string;
  quantity: number;
}

export interface LineShortage {
  lineId: string;
  productId: string;
  requested: number;
  /** Units this line could still get (what earlier lines of the same product left). */
  available: number;
}

export type AllocationPlan = { ok: true; takes: Take[] } | { ok: false; shortages: LineShortage[] };

/**
 * Plans the takes for every line: each line empties the first batch of its product before touching
 * the next. Lines are served in the order given; two lines of one product share its batches. When any
 * line cannot be met the plan takes nothing and names every short line.
 */
export function planAllocations(lines: readonly LineRequest[], batches: readonly BatchOnSale[]): AllocationPlan {
  const left = new Map<string, { batchId: string; available: number }[]>();
  for (const b of batches) {
    if (!Number.isSafeInteger(b.available) || b.available < 0) throw new RangeError(`units available must be a non-negative integer: ${b.available}`);
    if (b.available === 0) continue;
    const queue = left.get(b.productId) ?? [];
    queue.push({ batchId: b.batchId, available: b.available });
    left.set(b.productId, queue);
  }
  const takes: Take[] = [];
  const shortages: LineShortage[] = [];
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) throw new RangeError(`quantity must be a positive integer: ${line.quantity}`);
    const queue = left.get(line.productId) ?? [];
    const onSale = queue.reduce((sum, b) => sum + b.available, 0);
    if (onSale < line.quantity) {
      shortages.push({ lineId: line.lineId, productId: line.productId, requested: line.quantity, available: onSale });
      continue;
    }
    let remaining = line.quantity;
    for (const batch of queue) {
      if (remaining === 0) break;
      const n = Math.min(remaining, batch.available);
      if (n === 0) continue;
      takes.push({ lineId: line.lineId, batchId: batch.batchId, quantity: n });
      batch.available -= n;
      remaining -= n;
    }
  }
  return shortages.length > 0 ? { ok: false, shortages } : { ok: true, takes };
}
