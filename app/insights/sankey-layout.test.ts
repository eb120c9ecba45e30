import { describe, expect, it } from "vitest";
import { layoutFlows, SANKEY_WIDTH } from "./sankey-layout";
import { incomeMultiple, ratePercent } from "./targets.server";
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
  it("hides a multiple of fewer than five households and rounds to two decimals", () => {
    expect(incomeMultiple([{ baseline: 10, now: 30 }]).multiple).toBeNull();
    const five = Array.from({ length: 5 }, (_, i) => ({ baseline: 10_000_000, now: 25_000_000 + i }));
    expect(incomeMultiple(five)).toEqual({ households: 5, baselineMeanVnd: 10_000_000, currentMeanVnd: 25_000_002, multiple: 2.5 });
    expect(incomeMultiple(Array.from({ length: 5 }, () => ({ baseline: 0, now: 5 }))).multiple).toBeNull();
  });

  it("gives no rate when a count is hidden or there is nothing to divide by", () => {
    expect(ratePercent(5, 20)).toBe(25);
    expect(ratePercent(null, 20)).toBeNull();
    expect(ratePercent(5, null)).toBeNull();
    expect(ratePercent(0, 0)).toBeNull();
    expect(ratePercent(1, 3)).toBe(33.3);
  });
});
