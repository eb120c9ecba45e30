/** Reads what an order message says, when it is sent (order, its parts, lines and transfer details). */
import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { orderLines, orders, organisations, provinces, subOrders } from "#db/schema";
import { bankNameOf } from "~/catalog/banks";
import { isLocale, type Locale } from "~/lib/i18n";
import { transferNote } from "~/market/vietqr";
import type { OrderFacts, SubOrderFacts } from "./templates";

export interface LoadedOrder {
  orderId: string;
  email: string | null;
  locale: Locale;
  facts: OrderFacts;
  /** Sub-order id → its facts. */
  subOrderIds: string[];
}

function bankName(bin: string): string {
  return bankNameOf(bin) ?? bin;
}

export async function loadOrderFacts(db: Database, by: { orderId: string } | { subOrderId: string }): Promise<LoadedOrder | null> {
  let orderId: string;
  if ("orderId" in by) orderId = by.orderId;
  else {
    const [sub] = await db.select({ orderId: subOrders.orderId }).from(subOrders).where(eq(subOrders.id, by.subOrderId));
    if (!sub) return null;
    orderId = sub.orderId;
  }
  const [order] = await db
    .select({
      number: orders.number,
      email: orders.email,
      locale: orders.locale,
      status: orders.status,
      contactName: orders.contactName,
      phone: orders.phone,
      address: orders.deliveryAddress,
      communeName: orders.deliveryCommuneName,
      provinceName: provinces.nameVi,
      paymentMethod: orders.paymentMethod,
      totalVnd: orders.totalVnd,
    })
    .from(orders)
    .innerJoin(provinces, eq(provinces.code, orders.deliveryProvinceCode))
    .where(eq(orders.id, orderId));
  if (!order) return null;
  const subs = await db
    .select({
      id: subOrders.id,
      reference: subOrders.reference,
      status: subOrders.status,
      paymentStatus: subOrders.paymentStatus,
      totalVnd: subOrders.totalVnd,
      carrier: subOrders.carrier,
      trackingNumber: subOrders.trackingNumber,
      cancelReason: subOrders.cancelReason,
      nameVi: organisations.name,
      nameEn: organisations.nameEn,
      slug: organisations.slug,
      bankBin: organisations.bankBin,
      bankAccountNumber: organisations.bankAccountNumber,
      bankAccountName: organisations.bankAccountName,
    })
    .from(subOrders)
    .innerJoin(organisations, eq(organisations.id, subOrders.organisationId))
    .where(eq(subOrders.orderId, orderId))
    .orderBy(asc(subOrders.reference));
  const lines = subs.length
    ? await db
        .select()
        .from(orderLines)
        .where(inArray(orderLines.subOrderId, subs.map((s) => s.id)))
        .orderBy(asc(orderLines.productNameVi))
    : [];
  const transferDue = order.paymentMethod === "bank_transfer" && order.status === "placed";
  const subOrderFacts: SubOrderFacts[] = subs.map((s) => ({
    reference: s.reference,
    status: s.status,
    cooperative: { nameVi: s.nameVi, nameEn: s.nameEn, slug: s.slug },
    totalVnd: Number(s.totalVnd),
    lines: lines
      .filter((l) => l.subOrderId === s.id)
      .map((l) => ({
        nameVi: l.productNameVi,
        nameEn: l.productNameEn,
        unitVi: l.unitVi,
        unitEn: l.unitEn,
        quantity: l.quantity,
        unitPriceVnd: Number(l.unitPriceVnd),
        lineTotalVnd: Number(l.lineTotalVnd),
      })),
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    cancelReason: s.cancelReason,
    transfer:
      transferDue && s.paymentStatus === "unpaid" && s.status === "pending" && s.bankBin && s.bankAccountNumber && s.bankAccountName
        ? { bank: bankName(s.bankBin), accountNumber: s.bankAccountNumber, accountName: s.bankAccountName, amountVnd: Number(s.totalVnd), note: transferNote(s.reference) }
        : null,
  }));
  return {
    orderId,
    email: order.email,
    locale: isLocale(order.locale) ? order.locale : "vi",
    subOrderIds: subs.map((s) => s.id),
    facts: {
      number: order.number,
      contactName: order.contactName,
      phone: order.phone,
      address: [order.address, order.communeName, order.provinceName].filter(Boolean).join(", "),
      paymentMethod: order.paymentMethod as OrderFacts["paymentMethod"],
      totalVnd: Number(order.totalVnd),
      subOrders: subOrderFacts,
    },
  };
}
