/**
 * Fixtures for lineage-trace tests: organisations, lots, lineage edges (also across organisations, which the
 * workspace form does not offer yet but the model allows), serials, scans and orders written straight into their
 * tables. Database tests only.
 */
import { randomBytes } from "node:crypto";
import type { Database } from "#db/client.server";
import {
  batches,
  batchInputs,
  batchStock,
  communes,
  households,
  householdSupplies,
  orderLineAllocations,
  orderLines,
  orders,
  organisations,
  products,
  scanCounts,
  serialUnits,
  subOrders,
} from "#db/schema";
import { appendTraceEvent, type AppendTraceEventInput } from "~/trace/events.server";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
let counter = 0;

export function crockford(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => CROCKFORD[b % 32]).join("");
}

export class TraceFixtures {
  constructor(readonly db: Database) {}

  async commune(nameVi: string, provinceCode = "19"): Promise<number> {
    counter += 1;
    const [c] = await this.db.insert(communes).values({ provinceCode, nameVi, kind: "commune", slug: `trace-fx-${counter}` }).returning();
    return c!.id;
  }

  async organisation(name: string): Promise<string> {
    counter += 1;
    const [o] = await this.db.insert(organisations).values({ slug: `trace-fx-org-${counter}`, kind: "cooperative", name, status: "active" }).returning();
    return o!.id;
  }

  async product(organisationId: string, nameVi: string, nameEn = nameVi): Promise<string> {
    counter += 1;
    const [p] = await this.db
      .insert(products)
      .values({ organisationId, slug: `trace-fx-p-${counter}`, nameVi, nameEn, category: "tea", unitVi: "kg", unitEn: "kg" })
      .returning();
    return p!.id;
  }

  async lot(args: {
    organisationId: string;
    productId: string;
    lotCode?: string;
    quantity?: string;
    uom?: string;
    originCommuneId?: number;
    farmPlot?: string;
    status?: "active" | "consumed" | "recalled" | "withdrawn";
  }): Promise<{ id: string; lotCode: string; shortCode: string }> {
    counter += 1;
    const [b] = await this.db
      .insert(batches)
      .values({
        organisationId: args.organisationId,
        productId: args.productId,
        lotCode: args.lotCode ?? `L${String(counter).padStart(5, "0")}`,
        quantity: args.quantity ?? "100",
        uom: args.uom ?? "KGM",
        producedOn: "2026-04-02",
        originCommuneId: args.originCommuneId ?? null,
        farmPlot: args.farmPlot ?? null,
        status: args.status ?? "active",
      })
      .returning();
    return { id: b!.id, lotCode: b!.lotCode, shortCode: b!.shortCode };
  }

  /** Records an event on a lot through the real append (hash chain and all). */
  async event(organisationId: string, batchId: string, input: Partial<AppendTraceEventInput> & { bizStep: string }): Promise<string> {
    const result = await appendTraceEvent(this.db, {
      organisationId,
      batchId,
      eventType: "ObjectEvent",
      action: "OBSERVE",
      disposition: "active",
      eventTime: new Date("2026-04-02T06:30:00+07:00"),
      communeId: null,
      locationName: null,
      quantity: null,
      uom: null,
      details: {},
      isDemo: false,
      ...input,
    });
    if (!result.ok) throw new Error(`event refused: ${result.reason}`);
    return result.event.id;
  }

  /** One transformation making `outputBatchId` from inputs (quantities in each input's unit). */
  async link(
    organisationId: string,
    outputBatchId: string,
    inputs: { batchId: string; quantity: string; uom?: string }[],
    eventTime = new Date("2026-04-05T09:00:00+07:00"),
  ): Promise<string> {
    const eventId = await this.event(organisationId, outputBatchId, {
      action: "ADD",
      bizStep: "commissioning",
      eventTime,
      details: { inputs: inputs.map((i) => ({ batchId: i.batchId, quantity: i.quantity, uom: i.uom ?? "KGM" })) },
    });
    await this.db.insert(batchInputs).values(
      inputs.map((i) => ({ transformationEventId: eventId, inputBatchId: i.batchId, outputBatchId, quantity: i.quantity, uom: i.uom ?? "KGM" })),
    );
    return eventId;
  }

  async serials(organisationId: string, batchId: string, n: number): Promise<string[]> {
    const list = Array.from({ length: n }, () => crockford(13));
    await this.db.insert(serialUnits).values(list.map((serial) => ({ organisationId, batchId, serial })));
    return list;
  }

  async scans(organisationId: string, batchId: string, provinceCode: string, count: number, serial = ""): Promise<void> {
    counter += 1;
    await this.db.insert(scanCounts).values({
      organisationId,
      batchId,
      serial,
      minute: new Date(Date.UTC(2026, 4, 1, 0, counter)),
      provinceCode,
      device: "mobile",
      count,
    });
  }

  async stock(organisationId: string, productId: string, batchId: string, onSale: number, available: number): Promise<void> {
    await this.db.insert(batchStock).values({ batchId, organisationId, productId, unitsOnSale: onSale, unitsAvailable: available });
  }

  async household(organisationId: string, headName: string, communeId: number): Promise<string> {
    counter += 1;
    const [h] = await this.db
      .insert(households)
      .values({ organisationId, code: `HH${counter}`, headName, headSex: "female", memberCount: 4, ethnicityCode: "01", communeId, joinedOn: "2024-01-01" })
      .returning();
    return h!.id;
  }

  async supply(organisationId: string, householdId: string, batchId: string, quantity: string): Promise<void> {
    counter += 1;
    await this.db
      .insert(householdSupplies)
      .values({ organisationId, householdId, batchId, reference: `PN-${counter}`, quantity, uom: "KGM", suppliedOn: "2026-04-01" });
  }

  /** One order with one sub-order per organisation; each line allocates units of lots (optionally released). */
  async order(args: {
    email: string | null;
    provinceCode?: string;
    communeName?: string;
    lines: { organisationId: string; productId: string; allocations: { batchId: string; quantity: number; released?: boolean }[] }[];
    subOrderStatus?: "pending" | "confirmed" | "packed" | "shipped" | "delivered" | "cancelled";
  }): Promise<{ orderId: string; number: string; lineIds: string[] }> {
    const number = `DH-${crockford(8)}`;
    const [order] = await this.db
      .insert(orders)
      .values({
        number,
        status: "placed",
        paymentMethod: "cash_on_delivery",
        contactName: "Người mua thử",
        phone: "0912345678",
        email: args.email,
        deliveryProvinceCode: args.provinceCode ?? "01",
        deliveryCommuneName: args.communeName ?? "Phường Ba Đình",
        deliveryAddress: "1 Phố Thử",
        subtotalVnd: 0,
        totalVnd: 0,
      })
      .returning();
    const subByOrg = new Map<string, string>();
    const lineIds: string[] = [];
    let suffix = 0;
    for (const line of args.lines) {
      let subId = subByOrg.get(line.organisationId);
      if (!subId) {
        suffix += 1;
        const [sub] = await this.db
          .insert(subOrders)
          .values({
            orderId: order!.id,
            organisationId: line.organisationId,
            reference: `${number}-${suffix}`,
            status: args.subOrderStatus ?? "confirmed",
            subtotalVnd: 0,
            totalVnd: 0,
          })
          .returning();
        subId = sub!.id;
        subByOrg.set(line.organisationId, subId);
      }
      const quantity = line.allocations.reduce((sum, a) => sum + a.quantity, 0);
      const [ol] = await this.db
        .insert(orderLines)
        .values({
          subOrderId: subId,
          organisationId: line.organisationId,
          productId: line.productId,
          productNameVi: "Chè thử",
          unitVi: "gói",
          unitEn: "pack",
          unitPriceVnd: 1000,
          quantity,
          lineTotalVnd: 1000 * quantity,
        })
        .returning();
      lineIds.push(ol!.id);
      await this.db.insert(orderLineAllocations).values(
        line.allocations.map((a) => ({ orderLineId: ol!.id, batchId: a.batchId, quantity: a.quantity, releasedAt: a.released ? new Date() : null })),
      );
    }
    return { orderId: order!.id, number, lineIds };
  }
}
