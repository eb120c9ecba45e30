import { describe, expect, it } from "vitest";
import { planAllocations, type BatchOnSale } from "./allocation";

const batch = (batchId: string, productId: string, available: number): BatchOnSale => ({ batchId, productId, available });

describe("planning which batches a checkout takes from", () => {
  it("empties the first-expiring batch of a product before the next", () => {
    const plan = planAllocations([{ lineId: "L1", productId: "P", quantity: 7 }], [batch("b-early", "P", 5), batch("b-late", "P", 100)]);
    expect(plan).toEqual({
      ok: true,
      takes: [
        { lineId: "L1", batchId: "b-early", quantity: 5 },
        { lineId: "L1", batchId: "b-late", quantity: 2 },
      ],
    });
  });

  it("takes from one batch only when it suffices, and keeps products apart", () => {
    const plan = planAllocations(
      [
        { lineId: "L1", productId: "P", quantity: 3 },
        { lineId: "L2", productId: "Q", quantity: 1 },
      ],
      [batch("p1", "P", 5), batch("p2", "P", 5), batch("q1", "Q", 1)],
    );
    expect(plan).toEqual({
      ok: true,
      takes: [
        { lineId: "L1", batchId: "p1", quantity: 3 },
        { lineId: "L2", batchId: "q1", quantity: 1 },
      ],
    });
  });

  it("lets two lines of one product share its batches in turn", () => {
    const plan = planAllocations(
      [
        { lineId: "L1", productId: "P", quantity: 4 },
        { lineId: "L2", productId: "P", quantity: 4 },
      ],
      [batch("p1", "P", 5), batch("p2", "P", 5)],
    );
    expect(plan).toEqual({
      ok: true,
      takes: [
        { lineId: "L1", batchId: "p1", quantity: 4 },
        { lineId: "L2", batchId: "p1", quantity: 1 },
        { lineId: "L2", batchId: "p2", quantity: 3 },
      ],
    });
  });

  it("skips batches with nothing left", () => {
    const plan = planAllocations([{ lineId: "L1", productId: "P", quantity: 2 }], [batch("empty", "P", 0), batch("p2", "P", 2)]);
    expect(plan).toEqual({ ok: true, takes: [{ lineId: "L1", batchId: "p2", quantity: 2 }] });
  });

  it("takes nothing when a line is short, and names every short line with what it could still get", () => {
    const plan = planAllocations(
      [
        { lineId: "L1", productId: "P", quantity: 6 },
        { lineId: "L2", productId: "Q", quantity: 1 },
        { lineId: "L3", productId: "R", quantity: 2 },
        { lineId: "L4", productId: "P", quantity: 1 },
      ],
      [batch("p1", "P", 4), batch("p2", "P", 3), batch("r1", "R", 1)],
    );
    expect(plan).toEqual({
      ok: false,
      shortages: [
        { lineId: "L2", productId: "Q", requested: 1, available: 0 },
        { lineId: "L3", productId: "R", requested: 2, available: 1 },
      ],
    });
    // L1 took 6 of P's 7, so a second line of P wanting 2 is short by one.
    const second = planAllocations(
      [
        { lineId: "L1", productId: "P", quantity: 6 },
        { lineId: "L2", productId: "P", quantity: 2 },
      ],
      [batch("p1", "P", 4), batch("p2", "P", 3)],
    );
    expect(second).toEqual({ ok: false, shortages: [{ lineId: "L2", productId: "P", requested: 2, available: 1 }] });
  });

  it("refuses quantities and stock that are not whole, positive numbers", () => {
    expect(() => planAllocations([{ lineId: "L1", productId: "P", quantity: 0 }], [batch("p1", "P", 5)])).toThrow(RangeError);
    expect(() => planAllocations([{ lineId: "L1", productId: "P", quantity: -2 }], [batch("p1", "P", 5)])).toThrow(RangeError);
    expect(() => planAllocations([{ lineId: "L1", productId: "P", quantity: 1.5 }], [batch("p1", "P", 5)])).toThrow(RangeError);
    expect(() => planAllocations([{ lineId: "L1", productId: "P", quantity: 1 }], [batch("p1", "P", -1)])).toThrow(RangeError);
  });

  it("has nothing to take for no lines", () => {
    expect(planAllocations([], [batch("p1", "P", 5)])).toEqual({ ok: true, takes: [] });
  });
});
