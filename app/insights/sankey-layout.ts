/**
 * Lays a flow diagram out with d3-sankey, on the server: the page gets ready-made rectangles and
 * paths, so the SVG is plain markup that needs no script and scales to any width (viewBox).
 */
import { sankey, sankeyLinkHorizontal, type SankeyGraph } from "d3-sankey";

export interface FlowNodeInput {
  id: string;
  label: string;
  /** Column, left to right (0 = households). */
  column: number;
}

export interface FlowLinkInput {
  source: string;
  target: string;
  value: number;
}

export interface LaidNode {
  id: string;
  label: string;
  /** The label cut to the room beside the node (with "…"); `label` stays whole for the tooltip and the table. */
  shortLabel: string;
  column: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  value: number;
}

export interface LaidLink {
  source: string;
  target: string;
  value: number;
  width: number;
  path: string;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  links: LaidLink[];
}

export const SANKEY_WIDTH = 960;
const NODE_WIDTH = 14;
const MARGIN = 6;
/** A node's label is two lines (name, then value) at 13 px: nodes of a column stay at least this far apart. */
export const LABEL_GAP = 32;
/** Average width of a character of 13 px text, Vietnamese diacritics included (measured in Chromium: about 6.8). */
const CHAR_PX = 7;

/** Room right of the last column for its labels (province names: "TP. Hồ Chí Minh" and a value). */
const LAST_COLUMN_ROOM = 150;
/** Above the first node and below the last one, for the halves of their two-line labels. */
const LABEL_PAD = 16;

/**
 * How many characters a label may have. Every label sits right of its node: up to the next column, or in the
 * room kept right of the last one (`last`).
 */
export function labelBudget(columns: number, last = false): number {
  const room = last || columns <= 1 ? LAST_COLUMN_ROOM - 12 : (SANKEY_WIDTH - MARGIN - LAST_COLUMN_ROOM - NODE_WIDTH) / (columns - 1) - NODE_WIDTH - 12;
  return Math.max(8, Math.floor(room / CHAR_PX));
}

export function shortenLabel(label: string, budget: number): string {
  const chars = [...label];
  return chars.length <= budget ? label : `${chars.slice(0, budget - 1).join("").trimEnd()}…`;
}

/** Height grows with the busiest column, so the two-line labels of many provinces still have room. */
export function layoutFlows(nodesIn: readonly FlowNodeInput[], linksIn: readonly FlowLinkInput[]): FlowLayout {
  const links = linksIn.filter((l) => l.value > 0);
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const nodes = nodesIn.filter((n) => used.has(n.id));
  if (nodes.length === 0) return { width: SANKEY_WIDTH, height: 0, nodes: [], links: [] };
  const perColumn = new Map<number, number>();
  for (const n of nodes) perColumn.set(n.column, (perColumn.get(n.column) ?? 0) + 1);
  const height = Math.max(240, Math.max(...perColumn.values()) * (LABEL_GAP + 12) + 2 * LABEL_PAD);
  const columns = Math.max(...nodes.map((n) => n.column)) + 1;
  type N = { id: string; label: string; column: number };
  type L = { source: string; target: string; value: number };
  const generator = sankey<N, L>()
    .nodeId((n) => n.id)
    .nodeAlign((n) => (n as unknown as N).column)
    .nodeWidth(NODE_WIDTH)
    .nodePadding(LABEL_GAP)
    .nodeSort((a, b) => (b.value ?? 0) - (a.value ?? 0) || a.label.localeCompare(b.label, "vi"))
    .extent([
      [MARGIN, LABEL_PAD],
      [SANKEY_WIDTH - LAST_COLUMN_ROOM, height - LABEL_PAD],
    ])
    .iterations(32);
  const graph: SankeyGraph<N, L> = generator({
    nodes: nodes.map((n) => ({ id: n.id, label: n.label, column: Math.min(n.column, columns - 1) })),
    links: links.map((l) => ({ ...l })),
  });
  const path = sankeyLinkHorizontal<N, L>();
  const round = (v: number | undefined) => Math.round((v ?? 0) * 10) / 10;
  return {
    width: SANKEY_WIDTH,
    height,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      label: n.label,
      shortLabel: shortenLabel(n.label, labelBudget(columns, n.column === columns - 1)),
      column: n.column,
      x0: round(n.x0),
      x1: round(n.x1),
      y0: round(n.y0),
      y1: round(n.y1),
      value: n.value ?? 0,
    })),
    links: graph.links.map((l) => ({
      source: (l.source as N).id,
      target: (l.target as N).id,
      value: l.value,
      width: Math.max(1, round(l.width)),
      path: path(l) ?? "",
    })),
  };
}
