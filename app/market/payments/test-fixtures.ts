// Test-only helpers for the payments tests: a small shop and orders made the way checkout makes them
// (stock taken with the checkout context's allocateLines). Never imported by application code.
import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batchStock, listings, orderEvents, orderLines, orders, organisations, payments, subOrders } from "#db/schema";
import { createProduct } from "~/catalog/products.server";
import { createBatch } from "~/trace/batches.server";
import { allocateLines } from "../stock.server";

export const TODAY = "2026-11-25";

export interface Shop {
  teaCoop: string;
  riceCoop: string;
  /** A cooperative without a bank account. */
  honeyCoop: string;
  tea: { productId: string; batchId: string; priceVnd: number };
  rice: { productId: string; batchId: string; priceVnd: number };
  honey: { productId: string; batchId: string; priceVnd: number };
}

export async function createShop(db: Database, units = 20): Promise<Shop> {
  const suffix = randomInt(1e9).toString(36);
  const [tea, rice, honey] = await db
    .insert(organisations)
    .values([
      { slug: `htx-che-${suffix}`, kind: "cooperative", name: "HTX Chè Thử", status: "active", bankBin: "970436", bankAccountNumber: "0123456789", bankAccountName: "HTX CHE THU" },
      { slug: `htx-gao-${suffix}`, kind: "cooperative", name: "HTX Gạo Thử", status: "active", bankBin: "970415", bankAccountNumber: "9876543210", bankAccountName: "HTX GAO THU" },
      { slug: `htx-mat-${suffix}`, kind: "cooperative", name: "HTX Mật Ong Thử", status: "active" },
    ])
    .returning({ id: organisations.id });
  const item = async (organisationId: string, nameVi: string, lotCode: string, priceVnd: number) => {
    const product = await createProduct(db, { organisationId, form: { nameVi, category: "tea", unitVi: "gói", unitEn: "pack" } });
    if (!product.ok) throw new Error(`fixture product: ${JSON.stringify(product)}`);
    const batch = await createBatch(db, {
      organisationId,
      form: { productId: product.product.id, lotCode, quantity: String(units * 10), uom: "H87", producedOn: "2026-11-20" },
      today: TODAY,
    });
    if (!batch.ok) throw new Error(`fixture batch: ${JSON.stringify(batch)}`);
    await db.insert(listings).values({ productId: product.product.id, organisationId, priceVnd });
    await db.insert(batchStock).values({ batchId: batch.batch.id, organisationId, productId: product.product.id, unitsOnSale: units, unitsAvailable: units });
    return { productId: product.product.id, batchId: batch.batch.id, priceVnd };
  };
  return {
    teaCoop: tea!.id,
    riceCoop: rice!.id,
    honeyCoop: honey!.id,
    tea: await item(tea!.id, "Chè Tân Cương thử", `TC-${suffix}`.slice(0, 20), 120_000),
    rice: await item(rice!.id, "Gạo Bao Thai thử", `BT-${suffix}`.slice(0, 20), 45_000),
    honey: await item(honey!.id, "Mật ong thử", `MO-${suffix}`.slice(0, 20), 250_000),
  };
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newOrderNumber(): string {
  let out = "DH-";
  for (let i = 0; i < 8; i++) out += CROCKFORD[randomInt(CROCKFORD.length)];
  return out;
}

export interface OrderFixture {
  orderId: string;
  number: string;
  subOrders: { id: string; organisationId: string; reference: string; totalVnd: number }[];
}

/**
 * An order as checkout leaves it: card → awaiting_payment with stock reserved for 30 minutes;
 * transfer and cash → placed with one pending payment per sub-order.
 */
export async function createOrder(
  db: Database,
  input: {
    method: "card" | "bank_transfer" | "cash_on_delivery";
    lines: { organisationId: string; productId: string; priceVnd: number; quantity: number; name?: string }[];
    now: Date;
    email?: string;
  },
): Promise<OrderFixture> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const number = newOrderNumber();
    const total = input.lines.reduce((sum, l) => sum + l.priceVnd * l.quantity, 0);
    const [order] = await tx
      .insert(orders)
      .values({
        number,
        status: input.method === "card" ? "awaiting_payment" : "placed",
        paymentMethod: input.method,
        contactName: "Nguyễn Thị Thử",
        phone: "0912345678",
        email: input.email ?? null,
        deliveryProvinceCode: "19",
        deliveryCommuneName: "Phường Phan Đình Phùng",
        deliveryAddress: "1 Đường Thử",
        subtotalVnd: total,
        totalVnd: total,
        reservedUntil: input.method === "card" ? new Date(input.now.getTime() + 30 * 60_000) : null,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning();
    await tx.insert(orderEvents).values({ orderId: order!.id, status: order!.status, createdAt: input.now });
    const byOrg = new Map<string, typeof input.lines>();
    for (const line of input.lines) byOrg.set(line.organisationId, [...(byOrg.get(line.organisationId) ?? []), line]);
    const subs: OrderFixture["subOrders"] = [];
    let n = 0;
    for (const [organisationId, lines] of byOrg) {
      n += 1;
      const subtotal = lines.reduce((sum, l) => sum + l.priceVnd * l.quantity, 0);
      const [sub] = await tx
        .insert(subOrders)
        .values({ orderId: order!.id, organisationId, reference: `${number}-${n}`, subtotalVnd: subtotal, totalVnd: subtotal, createdAt: input.now })
        .returning();
      subs.push({ id: sub!.id, organisationId, reference: sub!.reference, totalVnd: subtotal });
      for (const line of lines) {
        const [row] = await tx
          .insert(orderLines)
          .values({
            subOrderId: sub!.id,
            organisationId,
            productId: line.productId,
            productNameVi: line.name ?? "Sản phẩm thử",
            productNameEn: null,
            unitVi: "gói",
            unitEn: "pack",
            unitPriceVnd: line.priceVnd,
            quantity: line.quantity,
            lineTotalVnd: line.priceVnd * line.quantity,
          })
          .returning({ id: orderLines.id });
        const allocated = await allocateLines(tx, [{ lineId: row!.id, productId: line.productId, quantity: line.quantity }], TODAY);
        if (!allocated.ok) throw new Error(`fixture: not enough stock for ${line.productId}`);
      }
      if (input.method !== "card") {
        await tx.insert(payments).values({
          orderId: order!.id,
          subOrderId: sub!.id,
          provider: input.method === "bank_transfer" ? "vietqr" : "cash",
          amountVnd: subtotal,
          reference: input.method === "bank_transfer" ? sub!.reference : null,
          createdAt: input.now,
        });
      }
    }
    return { orderId: order!.id, number, subOrders: subs };
  });
}

export async function unitsAvailable(db: Database, batchId: string): Promise<number> {
  const [row] = await db.select({ units: batchStock.unitsAvailable }).from(batchStock).where(eq(batchStock.batchId, batchId));
  return row?.units ?? 0;
}
