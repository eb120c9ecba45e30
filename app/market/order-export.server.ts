/** The cooperative's sub-orders as CSV, one row per order line with the lots it was taken from. */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, orderLineAllocations, orderLines, orders, provinces, subOrders } from "#db/schema";
import { formatDateTime } from "~/lib/format";
import { localized, translate, type Locale } from "~/lib/i18n";
import type { SubOrderStatus } from "./fulfilment-schema";
import { csvDocument } from "./order-export";

/** More rows than this go through the status filter or a later export by date. */
export const EXPORT_MAX_LINES = 20_000;

export async function exportSubOrdersCsv(
  db: Database,
  organisationId: string,
  options: { status?: SubOrderStatus | null; locale: Locale },
): Promise<string> {
  const { locale } = options;
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const conditions = [eq(subOrders.organisationId, organisationId), inArray(orders.status, ["placed", "cancelled"])];
  if (options.status) conditions.push(eq(subOrders.status, options.status));
  const rows = await db
    .select({
      lineId: orderLines.id,
      orderNumber: orders.number,
      reference: subOrders.reference,
      createdAt: subOrders.createdAt,
      status: subOrders.status,
      paymentStatus: subOrders.paymentStatus,
      paymentMethod: orders.paymentMethod,
      contactName: orders.contactName,
      phone: orders.phone,
      provinceVi: provinces.nameVi,
      provinceEn: provinces.nameEn,
      commune: orders.deliveryCommuneName,
      address: orders.deliveryAddress,
      productNameVi: orderLines.productNameVi,
      productNameEn: orderLines.productNameEn,
      unitVi: orderLines.unitVi,
      unitEn: orderLines.unitEn,
      quantity: orderLines.quantity,
      unitPriceVnd: orderLines.unitPriceVnd,
      lineTotalVnd: orderLines.lineTotalVnd,
      carrier: subOrders.carrier,
      trackingNumber: subOrders.trackingNumber,
    })
    .from(orderLines)
    .innerJoin(subOrders, eq(subOrders.id, orderLines.subOrderId))
    .innerJoin(orders, eq(orders.id, subOrders.orderId))
    .innerJoin(provinces, eq(provinces.code, orders.deliveryProvinceCode))
    .where(and(...conditions))
    .orderBy(desc(subOrders.createdAt), asc(subOrders.reference), asc(orderLines.productNameVi))
    .limit(EXPORT_MAX_LINES);
  const lineIds = rows.map((r) => r.lineId);
  const lots = new Map<string, string[]>();
  // In chunks: a parameter list has limits on both drivers.
  for (let i = 0; i < lineIds.length; i += 1000) {
    const chunk = lineIds.slice(i, i + 1000);
    const allocations = await db
      .select({ lineId: orderLineAllocations.orderLineId, lotCode: batches.lotCode, quantity: orderLineAllocations.quantity })
      .from(orderLineAllocations)
      .innerJoin(batches, eq(batches.id, orderLineAllocations.batchId))
      .where(inArray(orderLineAllocations.orderLineId, chunk))
      .orderBy(asc(batches.lotCode));
    for (const a of allocations) lots.set(a.lineId, [...(lots.get(a.lineId) ?? []), `${a.lotCode} x${a.quantity}`]);
  }
  const header = [
    t("orders.csv.order"),
    t("orders.csv.reference"),
    t("orders.csv.createdAt"),
    t("orders.csv.status"),
    t("orders.csv.payment"),
    t("orders.csv.method"),
    t("orders.csv.customer"),
    t("orders.csv.phone"),
    t("orders.csv.province"),
    t("orders.csv.commune"),
    t("orders.csv.address"),
    t("orders.csv.product"),
    t("orders.csv.unit"),
    t("orders.csv.quantity"),
    t("orders.csv.unitPrice"),
    t("orders.csv.lineTotal"),
    t("orders.csv.lots"),
    t("orders.csv.carrier"),
    t("orders.csv.tracking"),
  ];
  return csvDocument(
    header,
    rows.map((r) => [
      r.orderNumber,
      r.reference,
      formatDateTime(r.createdAt, locale),
      t(`orders.status.${r.status}`),
      t(`orders.payment.${r.paymentStatus}`),
      t(`orders.method.${r.paymentMethod}`),
      r.contactName,
      r.phone,
      localized(locale, r.provinceVi, r.provinceEn),
      r.commune,
      r.address,
      localized(locale, r.productNameVi, r.productNameEn),
      localized(locale, r.unitVi, r.unitEn),
      r.quantity,
      r.unitPriceVnd,
      r.lineTotalVnd,
      (lots.get(r.lineId) ?? []).join("; "),
      r.carrier,
      r.trackingNumber,
    ]),
  );
}
