// Test-only helpers for the payments tests: a small shop, and orders placed through the real cart and
// checkout. Never imported by application code.
import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batchStock, listings, organisations } from "#db/schema";
import { createProduct } from "~/catalog/products.server";
import { createBatch } from "~/trace/batches.server";
import { placeTestOrder, type PlacedOrder } from "./checkout-fixtures";

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
    const product = await createProduct(db, { userId: null, organisationId }, { organisationId, form: { nameVi, category: "tea", unitVi: "gói", unitEn: "pack" } });
    if (!product.ok) throw new Error(`fixture product: ${JSON.stringify(product)}`);
    const batch = await createBatch(db, { userId: null, organisationId }, {
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

export type OrderFixture = Omit<PlacedOrder, "phone">;

/**
 * An order placed through the real cart and checkout on TODAY at `now`: card → awaiting_payment with
 * stock reserved; transfer and cash → placed with one pending payment per sub-order.
 */
export async function createOrder(
  db: Database,
  input: {
    method: "card" | "bank_transfer" | "cash_on_delivery";
    lines: { productId: string; quantity: number }[];
    now: Date;
    email?: string;
  },
): Promise<OrderFixture> {
  return placeTestOrder(db, {
    method: input.method,
    lines: input.lines,
    today: TODAY,
    now: input.now,
    form: { contactName: "Nguyễn Thị Thử", email: input.email },
  });
}

export async function unitsAvailable(db: Database, batchId: string): Promise<number> {
  const [row] = await db.select({ units: batchStock.unitsAvailable }).from(batchStock).where(eq(batchStock.batchId, batchId));
  return row?.units ?? 0;
}
