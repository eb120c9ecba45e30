import { describe, expect, it } from "vitest";
import { LABEL_GAP, labelBudget, layoutFlows, SANKEY_WIDTH, shortenLabel } from "./sankey-layout";
import { incomeMultipleOf, ratePercent } from "./targets.server";
import { parseChainSelection } from "./value-chain.server";

describe("layoutFlows", () => {
  it("places columns left to right, sizes flows by value and keeps everything inside the view box", () => {
    const layout = layoutFlows(
      [
        { id: "c", label: "Xã A", column: 0 },
        { id: "k", label: "HTX", column: 1 },
        { id: "p1", label: "Hà Nội", column: 3 },
        { id: "p2", label: "Thái Nguyên", column: 3 },
        { id: "s", label: "sao chè", column: 2 },
        { id: "unused", label: "—", column: 0 },
      ],
      [
        { source: "c", target: "k", value: 300 },
        { source: "k", target: "s", value: 300 },
        { source: "s", target: "p1", value: 200 },
        { source: "s", target: "p2", value: 100 },
        { source: "c", target: "p2", value: 0 },
      ],
    );
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(["c", "k", "p1", "p2", "s"]);
    const x = (id: string) => layout.nodes.find((n) => n.id === id)!.x0;
    expect(x("c")).toBeLessThan(x("k"));
    expect(x("k")).toBeLessThan(x("s"));
    expect(x("s")).toBeLessThan(x("p1"));
    const width = (target: string) => layout.links.find((l) => l.target === target)!.width;
    expect(width("p1")).toBeCloseTo(2 * width("p2"), 0);
    for (const n of layout.nodes) expect(n.x1 <= SANKEY_WIDTH && n.y1 <= layout.height && n.y0 >= 0).toBe(true);
    expect(layout.links.every((l) => l.path.startsWith("M"))).toBe(true);
  });

  it("draws nothing without flows", () => {
    expect(layoutFlows([{ id: "a", label: "a", column: 0 }], [])).toMatchObject({ height: 0, nodes: [], links: [] });
  });
});

describe("value-chain selection from the URL", () => {
  it("reads a product or a key-product level and reports bad values", () => {
    const id = "0b7c6a56-6a3e-4f53-9a4b-1f9f0c7d2e11";
    expect(parseChainSelection(new URLSearchParams(`product=${id}&key=commune`))).toEqual({ selection: { product: id }, error: null });
    expect(parseChainSelection(new URLSearchParams("key=commune"))).toEqual({ selection: { key: "commune" }, error: null });
    expect(parseChainSelection(new URLSearchParams(""))).toEqual({ selection: { key: "any" }, error: null });
    expect(parseChainSelection(new URLSearchParams("product=1 or 1=1"))).toEqual({ selection: { key: "any" }, error: "ins.chain.badProduct" });
    expect(parseChainSelection(new URLSearchParams("key=district"))).toEqual({ selection: { key: "any" }, error: "ins.chain.badKey" });
  });
});

describe("target arithmetic", () => {
  it("gives a multiple only for a shown count, rounded to two decimals", () => {
    const hidden = { count: { value: null, why: "small" as const }, baselineSum: null, nowSum: null };
    expect(incomeMultipleOf(hidden)).toEqual({ households: null, baselineMeanVnd: null, currentMeanVnd: null, multiple: null, why: "small" });
    const five = { count: { value: 5, why: "shown" as const }, baselineSum: 50_000_000, nowSum: 125_000_010 };
    expect(incomeMultipleOf(five)).toEqual({ households: 5, baselineMeanVnd: 10_000_000, currentMeanVnd: 25_000_002, multiple: 2.5, why: "shown" });
    expect(incomeMultipleOf({ ...five, baselineSum: 0 }).multiple).toBeNull();
  });

  it("gives no rate when a count is hidden or there is nothing to divide by", () => {
    expect(ratePercent(5, 20)).toBe(25);
    expect(ratePercent(null, 20)).toBeNull();
    expect(ratePercent(5, null)).toBeNull();
    expect(ratePercent(0, 0)).toBeNull();
    expect(ratePercent(1, 3)).toBe(33.3);
  });
});

describe("Sankey labels", () => {
  const many = Array.from({ length: 14 }, (_, i) => ({ id: `p${i}`, label: `Tỉnh số ${i}`, column: 3 }));
  const layout = layoutFlows(
    [
      { id: "c", label: "Không tách riêng (nhóm dưới 5 hộ, hoặc không có phiếu nhập của hộ)", column: 0 },
      { id: "k", label: "HTX", column: 1 },
      { id: "s", label: "sao chè", column: 2 },
      ...many,
    ],
    [
      { source: "c", target: "k", value: 1_000_000 },
      { source: "k", target: "s", value: 1_000_000 },
      ...many.map((p, i) => ({ source: "s", target: p.id, value: i === 0 ? 1_000_000 - 13 * 1_000 : 1_000 })),
    ],
  );

  it("cut a long name to the room before the next column, whole in the tooltip", () => {
    const node = layout.nodes.find((n) => n.id === "c")!;
    expect(node.label).toBe("Không tách riêng (nhóm dưới 5 hộ, hoặc không có phiếu nhập của hộ)");
    expect(node.shortLabel.endsWith("…")).toBe(true);
    expect([...node.shortLabel].length).toBeLessThanOrEqual(labelBudget(4));
    expect([...node.shortLabel].length).toBeGreaterThan(labelBudget(4) - 3);
    // The room between two of four columns, in 13 px characters.
    expect(labelBudget(4) * 7).toBeLessThan((SANKEY_WIDTH - 170) / 3);
    expect(layout.nodes.find((n) => n.id === "p0")!.x1 + 4 + labelBudget(4, true) * 7).toBeLessThanOrEqual(SANKEY_WIDTH);
    expect(layout.nodes.find((n) => n.id === "s")!.shortLabel).toBe("sao chè");
    expect(shortenLabel("Hợp tác xã", 6)).toBe("Hợp t…");
    expect(shortenLabel("Hợp tác xã", 5)).toBe("Hợp…");
    expect(shortenLabel("Hợp tác xã", 10)).toBe("Hợp tác xã");
  });

  it("keep two lines of text between the nodes of a column, however small their flows", () => {
    const centres = layout.nodes
      .filter((n) => n.column === 3)
      .map((n) => (n.y0 + n.y1) / 2)
      .sort((a, b) => a - b);
    expect(centres).toHaveLength(14);
    for (let i = 1; i < centres.length; i++) expect(centres[i]! - centres[i - 1]!).toBeGreaterThanOrEqual(LABEL_GAP);
    for (const n of layout.nodes) expect(n.y0 >= 0 && n.y1 <= layout.height).toBe(true);
  });
});
