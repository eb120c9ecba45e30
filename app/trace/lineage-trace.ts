/**
 * Pure rules of the lineage trace (issue #16): who sees what of a trace, and how much of one lot went into
 * another through any number of transformations. No database here: lineage-trace.server.ts loads the graph,
 * these functions reason about it, and the tests call them directly.
 */

/** How far a trace walks: far beyond any real chain (farm → workshop → packer → retailer is 4), it stops a bad graph. */
export const MAX_TRACE_DEPTH = 32;

/** Who asks for a trace: the department sees everything; a cooperative sees its own lots in full. */
export type TraceViewer = { kind: "department" } | { kind: "cooperative"; organisationId: string };

/** Whether the viewer may see the details (buyers, households, serials, events) of an organisation's lots. */
export function seesDetailsOf(viewer: TraceViewer, organisationId: string): boolean {
  return viewer.kind === "department" || viewer.organisationId === organisationId;
}

/**
 * Whether the viewer may read the names of an organisation's member households: only that cooperative's own people
 * (Decree 13/2023: households' data stays with their cooperative; the department sees counts, like everyone else).
 */
export function seesHouseholdNamesOf(viewer: TraceViewer, organisationId: string): boolean {
  return viewer.kind === "cooperative" && viewer.organisationId === organisationId;
}

/** One lineage edge: a transformation took `quantity` (in the input lot's unit) of the input lot into the output lot. */
export interface LineageEdge {
  inputBatchId: string;
  outputBatchId: string;
  quantity: number;
}

/**
 * How much of the root lot is in each lot downstream of it, in the root lot's unit.
 *
 * The rule: a lot is taken as uniform, so taking `q` of a lot holding `Q` carries the fraction `q / Q` of everything
 * in it (capped at the whole lot). The root holds all of itself; every other lot holds the sum, over the edges
 * into it, of (what its input holds) × (the fraction of that input taken). Merges add up, splits divide, diamonds
 * count each path once per path — which is right, because each path carried a different part of the root.
 *
 * `lotQuantity` is each input lot's recorded quantity (in its own unit, the unit the edge is in). Lots the edges
 * reach from the root but not in topological reach of it are ignored. A cycle (which recordTransformation refuses)
 * would leave its lots out rather than loop.
 */
export function carriedForward(
  rootBatchId: string,
  edges: readonly LineageEdge[],
  lotQuantity: ReadonlyMap<string, number>,
): Map<string, number> {
  const rootQuantity = lotQuantity.get(rootBatchId) ?? 0;
  return propagate(
    rootBatchId,
    rootQuantity,
    edges.map((e) => ({ from: e.inputBatchId, to: e.outputBatchId, fraction: fractionOf(e.quantity, lotQuantity.get(e.inputBatchId)) })),
  );
}

/**
 * How much of each lot upstream of the traced lot went into it, in each upstream lot's own unit: the traced lot's
 * direct inputs contributed the edge's quantity; an input two steps back contributed its edge's quantity times the
 * fraction of the intermediate lot that was used (the same uniform-lot rule as carriedForward, read backwards).
 */
export function usedBackward(
  tracedBatchId: string,
  edges: readonly LineageEdge[],
  lotQuantity: ReadonlyMap<string, number>,
): Map<string, number> {
  // Walk from the traced lot towards its inputs, carrying "fraction of this lot that ended in the traced lot".
  const fractions = propagate(
    tracedBatchId,
    1,
    edges.map((e) => ({ from: e.outputBatchId, to: e.inputBatchId, fraction: fractionOf(e.quantity, lotQuantity.get(e.inputBatchId)) })),
  );
  const used = new Map<string, number>();
  for (const [batchId, fraction] of fractions) {
    if (batchId === tracedBatchId) continue;
    used.set(batchId, fraction * (lotQuantity.get(batchId) ?? 0));
  }
  return used;
}

function fractionOf(quantity: number, lotQuantity: number | undefined): number {
  if (!lotQuantity || lotQuantity <= 0 || !Number.isFinite(quantity)) return 0;
  return Math.min(1, quantity / lotQuantity);
}

/** Sum over paths from `start` of the product of edge fractions, by Kahn's order over the part reachable from start. */
function propagate(
  start: string,
  startAmount: number,
  edges: readonly { from: string; to: string; fraction: number }[],
): Map<string, number> {
  const out = new Map<string, { to: string; fraction: number }[]>();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    list.push({ to: e.to, fraction: e.fraction });
    out.set(e.from, list);
  }
  // In-degrees counted only over the part reachable from start, so unrelated edges cannot hold a lot back.
  const reachable = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of out.get(id) ?? []) {
      if (!reachable.has(e.to)) {
        reachable.add(e.to);
        stack.push(e.to);
      }
    }
  }
  const indegree = new Map<string, number>();
  for (const id of reachable) for (const e of out.get(id) ?? []) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);

  const amount = new Map<string, number>([[start, startAmount]]);
  const ready = [start];
  while (ready.length > 0) {
    const id = ready.pop()!;
    const here = amount.get(id) ?? 0;
    for (const e of out.get(id) ?? []) {
      amount.set(e.to, (amount.get(e.to) ?? 0) + here * e.fraction);
      const left = (indegree.get(e.to) ?? 0) - 1;
      indegree.set(e.to, left);
      if (left === 0) ready.push(e.to);
    }
  }
  // Lots on a cycle never reach in-degree 0: leave them out rather than report a partial sum.
  for (const [id, left] of indegree) if (left > 0) amount.delete(id);
  return amount;
}

/** Rounds a quantity for display and export the way the schema stores it (3 decimals). */
export function roundQuantity(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A spraying and the harvests of the same lot, to check the pre-harvest interval (days between spraying and picking). */
export interface SprayingRecord {
  eventTime: Date;
  preHarvestIntervalDays: number | null;
}

/**
 * The earliest harvest of a lot that came before a spraying's pre-harvest interval had run out, or null when every
 * harvest after the spraying respected it (or the interval is unknown). Harvests before the spraying do not count.
 */
export function harvestInsideInterval(spraying: SprayingRecord, harvestTimes: readonly Date[]): Date | null {
  const days = spraying.preHarvestIntervalDays;
  if (days === null || !Number.isFinite(days) || days <= 0) return null;
  const safeFrom = spraying.eventTime.getTime() + days * 24 * 60 * 60 * 1000;
  let earliest: Date | null = null;
  for (const h of harvestTimes) {
    const t = h.getTime();
    if (t >= spraying.eventTime.getTime() && t < safeFrom && (earliest === null || t < earliest.getTime())) earliest = h;
  }
  return earliest;
}

/** A whole number of days from a detail value ("7", 7, " 14 "); null when it is not one. */
export function daysOf(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Which code a person typed or scanned: the app's short code, a GS1 Digital Link (URL or path), or a lot code. */
export type TraceCode =
  | { kind: "short"; shortCode: string }
  | { kind: "digital_link"; path: string }
  | { kind: "lot"; lotCode: string };

const SHORT_CODE = /^[0-9A-HJKMNP-TV-Z]{13}$/;
const LOT_CODE = /^[!%-?A-Z_a-z"]{1,20}$/;

export function classifyTraceCode(input: string): TraceCode | null {
  const text = input.trim();
  if (text === "") return null;
  const path = text.replace(/^https?:\/\/[^/]+/i, "");
  if (/^\/01\/\d{8,14}\//.test(path)) return { kind: "digital_link", path };
  const shortPath = /^\/t\/([0-9A-Za-z]{13})\/?$/.exec(path);
  if (shortPath) return { kind: "short", shortCode: shortPath[1]!.toUpperCase() };
  // A 13-character code of the short-code alphabet may still be a lot code: the lookup tries both.
  if (SHORT_CODE.test(text)) return { kind: "short", shortCode: text };
  if (LOT_CODE.test(text)) return { kind: "lot", lotCode: text };
  return null;
}

/** How many order lines a trace page shows at once; the key-data-elements spreadsheet has them all. */
export const TRACE_LINES_PAGE_SIZE = 200;

export interface LinesPage {
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** Lines in the whole trace (what the page pages through). */
  total: number;
  size: number;
}

/**
 * One page of a trace's order lines: a raw lot's scope can reach ten thousand lines, which no person reads on one
 * page and no phone renders quickly. A page number out of range shows the nearest page.
 */
export function pageOfLines<T>(lines: readonly T[], requested: number, size = TRACE_LINES_PAGE_SIZE): { lines: T[]; page: LinesPage } {
  const pages = Math.max(1, Math.ceil(lines.length / size));
  const page = Number.isInteger(requested) ? Math.min(Math.max(1, requested), pages) : 1;
  return { lines: lines.slice((page - 1) * size, page * size), page: { page, pages, total: lines.length, size } };
}

/** The `?lines=` query value as a page number (anything else is page 1). */
export function linesPageParam(value: string | null): number {
  if (!value || !/^[0-9]{1,6}$/.test(value)) return 1;
  return Number(value);
}
