/**
 * Test fixtures for orders: two cooperatives with a manager and a staff member each, a product with
 * two batches on sale each, and orders inserted the way checkout leaves them (lines allocated to
 * batches, stock taken, payments rows by method). Used by the database tests only.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  batches,
  batchStock,
  listings,
  memberships,
  orderEvents,
  orderLineAllocations,
  orderLines,
  orders,
  organisations,
  payments,
  products,
  subOrders,
  users,
} from "#db/schema";
import type { PaymentMethod } from "./fulfilment-schema";

export interface CoopFixture {
  id: string;
  slug: string;
  managerId: string;
  staffId: string;
  productId: string;
  priceVnd: number;
  batchIds: [string, string];
}

let counter = 0;

export async function createCoop(db: Database, name: string, stock: [number, number] = [10, 10]): Promise<CoopFixture> {
  counter += 1;
  const slug = `htx-${name}-${counter}`;
  const [org] = await db
    .insert(organisations)
    .values({ slug, kind: "cooperative", name: `HTX ${name}`, status: "active", bankBin: "970436", bankAccountNumber: "0011001234567", bankAccountName: `HTX ${name.toUpperCase()}` })
    .returning();
  const [manager, staff] = await db
    .insert(users)
    .values([
      { email: `quanly.${slug}@example.vn`, displayName: `Quản lý ${name}` },
      { email: `nhanvien.${slug}@example.vn`, displayName: `Nhân viên ${name}` },
    ])
    .returning();
  await db.insert(memberships).values([
    { userId: manager!.id, organisationId: org!.id, role: "cooperative_manager" },
    { userId: staff!.id, organisationId: org!.id, role: "cooperative_staff" },
  ]);
  const priceVnd = 120_000;
  const [product] = await db
    .insert(products)
    .values({ organisationId: org!.id, slug: `che-${slug}`, nameVi: `Chè ${name}`, nameEn: `${name} tea`, category: "tea", unitVi: "gói 200 g", unitEn: "200 g pack", priceVnd })
    .returning();
  await db.insert(listings).values({ productId: product!.id, organisationId: org!.id, priceVnd });
  const made = await db
    .insert(batches)
    .values([
      { organisationId: org!.id, productId: product!.id, lotCode: `A${counter}`, quantity: "100", uom: "H87", producedOn: "2026-09-01", expiresOn: "2027-03-01" },
      { organisationId: org!.id, productId: product!.id, lotCode: `B${counter}`, quantity: "100", uom: "H87", producedOn: "2026-10-01", expiresOn: "2027-06-01" },
    ])
    .returning();
  await db.insert(batchStock).values(
    made.map((b, i) => ({ batchId: b.id, organisationId: org!.id, productId: product!.id, unitsOnSale: stock[i]!, unitsAvailable: stock[i]! })),
  );
  return { id: org!.id, slug, managerId: manager!.id, staffId: staff!.id, productId: product!.id, priceVnd, batchIds: [made[0]!.id, made[1]!.id] };
}

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newOrderNumber(): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return `DH-${s}`;
}

export interface OrderFixture {
  orderId: string;
  number: string;
  phone: string;
  subOrders: { id: string; reference: string; organisationId: string; totalVnd: number }[];
}

/**
 * An order as checkout creates it: per cooperative one sub-order with one line of `quantity` units
 * taken from its first batch (then the second), stock decremented, and payment rows by method.
 */
export async function placeOrder(
  db: Database,
  input: {
    method: PaymentMethod;
    items: { coop: CoopFixture; quantity: number }[];
    userId?: string | null;
    phone?: string;
    /** Card orders start awaiting payment; pass "placed" to make them paid by the webhook already. */
    cardPaid?: boolean;
  },
): Promise<OrderFixture> {
  const number = newOrderNumber();
  const phone = input.phone ?? "0912345678";
  const subtotal = input.items.reduce((sum, i) => sum + i.quantity * i.coop.priceVnd, 0);
  const status = input.method === "card" && !input.cardPaid ? "awaiting_payment" : "placed";
  return db.transaction(async (t) => {
    const tx = t as unknown as Database;
    const [order] = await tx
      .insert(orders)
      .values({
        number,
        userId: input.userId ?? null,
        status,
        paymentMethod: input.method,
        contactName: "Nguyễn Thị Lan",
        phone,
        email: "lan@example.vn",
        deliveryProvinceCode: "19",
        deliveryCommuneName: "Phường Phan Đình Phùng",
        deliveryAddress: "12 Hoàng Văn Thụ",
        subtotalVnd: subtotal,
        totalVnd: subtotal,
        reservedUntil: status === "awaiting_payment" ? new Date(Date.now() + 30 * 60_000) : null,
      })
      .returning();
    await tx.insert(orderEvents).values({ orderId: order!.id, status });
    const subs: OrderFixture["subOrders"] = [];
    for (const [index, item] of input.items.entries()) {
      const total = item.quantity * item.coop.priceVnd;
      const paid = input.method === "card" && input.cardPaid;
      const [sub] = await tx
        .insert(subOrders)
        .values({
          orderId: order!.id,
          organisationId: item.coop.id,
          reference: `${number}-${index + 1}`,
          status: paid ? "confirmed" : "pending",
          paymentStatus: paid ? "paid" : "unpaid",
          subtotalVnd: total,
          totalVnd: total,
        })
        .returning();
      const [line] = await tx
        .insert(orderLines)
        .values({
          subOrderId: sub!.id,
          organisationId: item.coop.id,
          productId: item.coop.productId,
          productNameVi: "Chè búp",
          productNameEn: "Tea buds",
          unitVi: "gói",
          unitEn: "pack",
          unitPriceVnd: item.coop.priceVnd,
          quantity: item.quantity,
          lineTotalVnd: total,
        })
        .returning();
      let left = item.quantity;
      for (const batchId of item.coop.batchIds) {
        if (left === 0) break;
        const [stock] = await tx.select().from(batchStock).where(eq(batchStock.batchId, batchId));
        const take = Math.min(left, stock!.unitsAvailable);
        if (take === 0) continue;
        await tx
          .update(batchStock)
          .set({ unitsAvailable: sql`${batchStock.unitsAvailable} - ${take}` })
          .where(eq(batchStock.batchId, batchId));
        await tx.insert(orderLineAllocations).values({ orderLineId: line!.id, batchId, quantity: take });
        left -= take;
      }
      if (left > 0) throw new Error("fixture: not enough stock");
      if (input.method === "bank_transfer" || input.method === "cash_on_delivery") {
        await tx.insert(payments).values({
          orderId: order!.id,
          subOrderId: sub!.id,
          provider: input.method === "bank_transfer" ? "vietqr" : "cash",
          amountVnd: total,
          reference: sub!.reference,
        });
      }
      if (paid) await tx.insert(orderEvents).values({ orderId: order!.id, subOrderId: sub!.id, status: "confirmed" });
      subs.push({ id: sub!.id, reference: sub!.reference, organisationId: item.coop.id, totalVnd: total });
    }
    if (input.method === "card") {
      await tx.insert(payments).values({
        orderId: order!.id,
        provider: "stripe",
        status: input.cardPaid ? "succeeded" : "pending",
        amountVnd: subtotal,
        stripeCheckoutSessionId: `cs_test_${number}`,
        stripePaymentIntentId: input.cardPaid ? `pi_test_${number}` : null,
      });
    }
    return { orderId: order!.id, number, phone, subOrders: subs };
  });
}

export async function unitsAvailable(db: Database, batchId: string): Promise<number> {
  const [row] = await db.select({ n: batchStock.unitsAvailable }).from(batchStock).where(eq(batchStock.batchId, batchId));
  return row!.n;
}
