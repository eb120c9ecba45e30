import { describe, expect, it } from "vitest";
import { isTemplateName, renderCooperativeNewOrder, renderOrderConfirmation, renderOrderStatus, templateData, type OrderFacts, type SubOrderFacts } from "./templates";

const PUBLIC = "https://truyxuat.thainguyen.gov.vn";

const sub = (over: Partial<SubOrderFacts> = {}): SubOrderFacts => ({
  reference: "OCOP-2611-ABCD-1",
  status: "pending",
  cooperative: { nameVi: "HTX Chè Tân Cương", nameEn: "Tan Cuong Tea Cooperative", slug: "htx-che-tan-cuong" },
  totalVnd: 240_000,
  lines: [{ nameVi: "Chè móc câu", nameEn: "Hook tea", unitVi: "gói", unitEn: "pack", quantity: 2, unitPriceVnd: 120_000, lineTotalVnd: 240_000 }],
  carrier: null,
  trackingNumber: null,
  cancelReason: null,
  transfer: null,
  ...over,
});

const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  number: "OCOP-2611-ABCD",
  contactName: "Nguyễn Thị Lan",
  phone: "0912345678",
  address: "Xóm 3, Tân Cương, Thái Nguyên",
  paymentMethod: "cash_on_delivery",
  totalVnd: 240_000,
  subOrders: [sub()],
  ...over,
});

describe("order confirmation", () => {
  it("links the order on the public address and lists what was bought, in Vietnamese", () => {
    const m = renderOrderConfirmation(order(), "vi", PUBLIC);
    expect(m.subject).toBe("Đã nhận đơn hàng OCOP-2611-ABCD");
    expect(m.text).toContain("Xin chào Nguyễn Thị Lan,");
    expect(m.text).toContain(`${PUBLIC}/orders/OCOP-2611-ABCD`);
    expect(m.text).toMatch(/- Chè móc câu: 2 gói × 120\.000\s₫ = 240\.000\s₫/);
    expect(m.text).toContain("Bạn trả tiền khi nhận hàng");
    expect(m.text).not.toContain("Chuyển khoản cho");
    expect(m.html).toContain(`<a href="${PUBLIC}/orders/OCOP-2611-ABCD">`);
  });

  it("gives each transfer's bank, account, holder, amount and note, in English too", () => {
    const transfer = { bank: "Agribank", accountNumber: "8506205102416", accountName: "HTX CHE TAN CUONG", amountVnd: 240_000, note: "OCOP 2611 ABCD 1" };
    const m = renderOrderConfirmation(order({ paymentMethod: "bank_transfer", subOrders: [sub({ transfer })] }), "en", PUBLIC);
    expect(m.subject).toBe("We received your order OCOP-2611-ABCD");
    expect(m.text).toContain("Transfer to Tan Cuong Tea Cooperative (part OCOP-2611-ABCD-1):");
    expect(m.text).toContain("Bank: Agribank");
    expect(m.text).toContain("Account number: 8506205102416");
    expect(m.text).toContain("Account holder: HTX CHE TAN CUONG");
    expect(m.text).toMatch(/Amount: ₫\s?240,000/);
    expect(m.text).toContain("Transfer note: OCOP 2611 ABCD 1");
    expect(m.text).toContain("- Hook tea: 2 pack");
  });
});

describe("cooperative alert and status notices", () => {
  it("sends the cooperative to its workspace order page", () => {
    const m = renderCooperativeNewOrder(order(), sub(), "vi", PUBLIC);
    expect(m.subject).toBe("Đơn hàng mới OCOP-2611-ABCD-1 trên OCOP Trace");
    expect(m.text).toContain(`${PUBLIC}/workspace/htx-che-tan-cuong/orders/OCOP-2611-ABCD-1`);
    expect(m.text).toContain("Giao đến: Nguyễn Thị Lan, 0912345678");
  });

  it("names the carrier of a shipped part, the reason of a cancelled one and the amount refunded", () => {
    const shipped = renderOrderStatus(order(), sub({ carrier: "Viettel Post", trackingNumber: "VTP1" }), { subOrderId: crypto.randomUUID(), status: "shipped" }, "vi", PUBLIC);
    expect(shipped.subject).toBe("Đơn hàng OCOP-2611-ABCD: HTX Chè Tân Cương đã gửi hàng");
    expect(shipped.text).toContain("Đơn vị vận chuyển: Viettel Post · Mã vận đơn: VTP1");
    const cancelled = renderOrderStatus(order({ paymentMethod: "card" }), sub({ cancelReason: "Hết hàng" }), { subOrderId: crypto.randomUUID(), status: "cancelled" }, "en", PUBLIC);
    expect(cancelled.text).toContain("Reason: Hết hàng");
    expect(cancelled.text).toContain("money is refunded");
    const refunded = renderOrderStatus(order({ paymentMethod: "card" }), sub(), { subOrderId: crypto.randomUUID(), status: "refunded", amountVnd: 50_000 }, "en", PUBLIC);
    expect(refunded.subject).toMatch(/^Order OCOP-2611-ABCD: ₫\s?50,000 refunded$/);
    expect(refunded.text).toContain("reaches your card");
  });
});

describe("template data", () => {
  it("knows its templates and refuses data that does not fit", () => {
    expect(isTemplateName("order_status")).toBe(true);
    expect(isTemplateName("toString")).toBe(false);
    expect(isTemplateName(42)).toBe(false);
    expect(templateData.order_status.safeParse({ subOrderId: "nope", status: "shipped" }).success).toBe(false);
    expect(templateData.order_status.safeParse({ subOrderId: crypto.randomUUID(), status: "lost" }).success).toBe(false);
    expect(templateData.order_status.safeParse({ subOrderId: crypto.randomUUID(), status: "refunded", amountVnd: -5 }).success).toBe(false);
  });
});
