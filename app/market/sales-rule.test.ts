import { describe, expect, it } from "vitest";
import { awaitingPaymentCondition, awaitsPayment, countsAsSale, saleCondition, type SaleState } from "./sales-rule";

const placed = (subOrderStatus: SaleState["subOrderStatus"], paymentStatus: SaleState["paymentStatus"]): SaleState => ({
  orderStatus: "placed",
  subOrderStatus,
  paymentStatus,
});

describe("what counts as a sale", () => {
  it("is a sale once the money came in: card paid, transfer confirmed, cash collected", () => {
    expect(countsAsSale(placed("confirmed", "paid"))).toBe(true); // card or confirmed transfer
    expect(countsAsSale(placed("delivered", "paid"))).toBe(true); // cash collected at the door
  });

  it("keeps a refunded sub-order that was not cancelled, as before", () => {
    expect(countsAsSale(placed("delivered", "refunded"))).toBe(true);
  });

  it("is not yet a sale while a transfer or cash is awaited, even once shipped", () => {
    for (const status of ["pending", "confirmed", "packed", "shipped", "delivered"] as const) {
      expect(countsAsSale(placed(status, "unpaid"))).toBe(false);
      expect(awaitsPayment(placed(status, "unpaid"))).toBe(true);
    }
  });

  it("never counts cancelled sub-orders or orders that are not placed, as sale or as awaited", () => {
    expect(countsAsSale(placed("cancelled", "paid"))).toBe(false);
    expect(awaitsPayment(placed("cancelled", "unpaid"))).toBe(false);
    for (const orderStatus of ["awaiting_payment", "lapsed", "cancelled"] as const) {
      expect(countsAsSale({ orderStatus, subOrderStatus: "confirmed", paymentStatus: "paid" })).toBe(false);
      expect(awaitsPayment({ orderStatus, subOrderStatus: "pending", paymentStatus: "unpaid" })).toBe(false);
    }
  });

  it("accepts only plain table aliases in its SQL", () => {
    expect(() => saleCondition("o; drop table orders", "s")).toThrow();
    expect(() => awaitingPaymentCondition("o", "S")).toThrow();
    expect(() => saleCondition("orders_1", "so")).not.toThrow();
  });
});
