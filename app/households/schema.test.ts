import { describe, expect, it } from "vitest";
import { paymentFormSchema, supplyUomOf } from "./schema";

const payment = (amountVnd: string) =>
  paymentFormSchema.safeParse({
    householdId: "0b7c1f1e-2f43-4c8a-9d2e-5a4f8e0c1b2a",
    reference: "PT-001",
    kind: "purchase",
    paidOn: "2026-11-20",
    amountVnd,
  });

describe("household money fields", () => {
  it("read grouped and marked amounts as whole đồng", () => {
    expect(payment("1.500.000").data?.amountVnd).toBe(1_500_000);
    expect(payment("850 000 ₫").data?.amountVnd).toBe(850_000);
  });

  it("refuse 85000,5 instead of storing 850,005 VND", () => {
    const parsed = payment("85000,5");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("hh.error.amount");
  });

  it("say a negative amount is negative, and refuse zero for a payment", () => {
    expect(payment("-5000").error?.issues[0]?.message).toBe("hh.error.negativeAmount");
    expect(payment("0").error?.issues[0]?.message).toBe("hh.error.amountPositive");
    expect(payment("1e9").error?.issues[0]?.message).toBe("hh.error.amount");
  });
});

describe("household dates", () => {
  it("refuse non-dates and years out of range", () => {
    for (const paidOn of ["2026-13-01", "abc", "9999-12-31", "1899-01-01", ""]) {
      const parsed = paymentFormSchema.safeParse({
        householdId: "0b7c1f1e-2f43-4c8a-9d2e-5a4f8e0c1b2a",
        reference: "PT-001",
        kind: "purchase",
        paidOn,
        amountVnd: "1000",
      });
      expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message]), paidOn).toEqual([["paidOn", "hh.error.date"]]);
    }
  });
});

describe("supplyUomOf", () => {
  it("offers the raw product's own unit for a delivery", () => {
    expect(supplyUomOf({ unitVi: "kg", unitEn: "kg" })).toBe("KGM");
    expect(supplyUomOf({ unitVi: "tấn", unitEn: "tonne" })).toBe("TNE");
    expect(supplyUomOf({ unitVi: "lít", unitEn: "litre" })).toBe("LTR");
    expect(supplyUomOf({ unitVi: "quả", unitEn: "fruit" })).toBe("H87");
  });

  it("falls back to kilograms for a measure deliveries are not recorded in", () => {
    expect(supplyUomOf({ unitVi: "g", unitEn: "g" })).toBe("KGM");
  });
});
