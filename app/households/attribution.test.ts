import { describe, expect, it } from "vitest";
import { attributeSales, householdWeights, splitVnd, type LineageGraph } from "./attribution";

function graph(parts: Partial<{ [K in keyof LineageGraph]: [string, unknown][] }>): LineageGraph {
  return {
    inputsByOutput: new Map((parts.inputsByOutput ?? []) as [string, { inputBatchId: string; quantity: number }[]][]),
    suppliesByBatch: new Map((parts.suppliesByBatch ?? []) as [string, { householdId: string; quantity: number }[]][]),
    batchQuantity: new Map((parts.batchQuantity ?? []) as [string, number][]),
  };
}

describe("household weights through the lineage", () => {
  it("a raw batch fully supplied by three households splits by quantity", () => {
    const g = graph({
      suppliesByBatch: [["raw", [{ householdId: "a", quantity: 50 }, { householdId: "b", quantity: 30 }, { householdId: "c", quantity: 20 }]]],
      batchQuantity: [["raw", 100]],
    });
    expect(Object.fromEntries(householdWeights("raw", g))).toEqual({ a: 0.5, b: 0.3, c: 0.2 });
  });

  it("the part of a raw batch nobody supplied stays with the cooperative", () => {
    const g = graph({ suppliesByBatch: [["raw", [{ householdId: "a", quantity: 25 }]]], batchQuantity: [["raw", 100]] });
    expect(householdWeights("raw", g).get("a")).toBe(0.25);
  });

  it("walks transformations back by share of input quantity, over several levels", () => {
    const g = graph({
      inputsByOutput: [
        ["packed", [{ inputBatchId: "dried", quantity: 10 }]],
        ["dried", [{ inputBatchId: "raw1", quantity: 60 }, { inputBatchId: "raw2", quantity: 40 }]],
      ],
      suppliesByBatch: [
        ["raw1", [{ householdId: "a", quantity: 60 }]],
        ["raw2", [{ householdId: "b", quantity: 20 }, { householdId: "a", quantity: 20 }]],
      ],
      batchQuantity: [["raw1", 60], ["raw2", 40]],
    });
    const w = householdWeights("packed", g);
    expect(w.get("a")).toBeCloseTo(0.6 + 0.4 * 0.5, 12);
    expect(w.get("b")).toBeCloseTo(0.2, 12);
  });

  it("a batch with no supplies and no inputs attributes nothing; a loop does not hang", () => {
    expect(householdWeights("own", graph({})).size).toBe(0);
    const loop = graph({ inputsByOutput: [["x", [{ inputBatchId: "y", quantity: 1 }]], ["y", [{ inputBatchId: "x", quantity: 1 }]]] });
    expect(householdWeights("x", loop).size).toBe(0);
  });

  it("a shared input reached twice is counted by both paths (diamond)", () => {
    const g = graph({
      inputsByOutput: [
        ["top", [{ inputBatchId: "l", quantity: 1 }, { inputBatchId: "r", quantity: 1 }]],
        ["l", [{ inputBatchId: "raw", quantity: 5 }]],
        ["r", [{ inputBatchId: "raw", quantity: 5 }]],
      ],
      suppliesByBatch: [["raw", [{ householdId: "a", quantity: 10 }]]],
      batchQuantity: [["raw", 10]],
    });
    expect(householdWeights("top", g).get("a")).toBeCloseTo(1, 12);
  });
});

describe("splitting VND", () => {
  it("never creates or loses a dong when weights add up to 1", () => {
    const parts = splitVnd(100, new Map([["a", 1 / 3], ["b", 1 / 3], ["c", 1 / 3]]));
    expect([...parts.values()].reduce((s, v) => s + v, 0)).toBe(100);
    expect(parts.get("a")).toBe(34); // the extra dong goes by id, deterministically
  });

  it("keeps the unattributed part out", () => {
    const parts = splitVnd(1000, new Map([["a", 0.25]]));
    expect(parts.get("a")).toBe(250);
  });

  it("refuses fractional or negative values", () => {
    expect(() => splitVnd(10.5, new Map())).toThrow(RangeError);
    expect(() => splitVnd(-1, new Map())).toThrow(RangeError);
    expect(splitVnd(0, new Map([["a", 1]])).size).toBe(0);
  });
});

describe("attributing sales", () => {
  it("adds up per household and year", () => {
    const g = graph({
      suppliesByBatch: [["raw", [{ householdId: "a", quantity: 1 }, { householdId: "b", quantity: 3 }]]],
      batchQuantity: [["raw", 4]],
      inputsByOutput: [["tea", [{ inputBatchId: "raw", quantity: 4 }]]],
    });
    const result = attributeSales(
      [
        { batchId: "tea", valueVnd: 400_000, year: 2026 },
        { batchId: "tea", valueVnd: 200_000, year: 2026 },
        { batchId: "tea", valueVnd: 100_000, year: 2025 },
        { batchId: "unknown", valueVnd: 999, year: 2026 },
      ],
      g,
    );
    expect(Object.fromEntries(result)).toEqual({ "a|2026": 150_000, "b|2026": 450_000, "a|2025": 25_000, "b|2025": 75_000 });
  });
});
