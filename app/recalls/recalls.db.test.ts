import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#db/client.server";
import {
  batches,
  batchStock,
  memberships,
  orderLineAllocations,
  orderLines,
  organisations,
  outboxMessages,
  products,
  recallBuyers,
  recallHolds,
  recallLots,
  recallOrderLines,
  recalls,
  traceEvents,
  users,
} from "#db/schema";
import { silentLogger } from "~/lib/logger";
import { getCartViewById } from "~/market/cart.server";
import { placeOrder, type PlaceOrderResult } from "~/market/checkout.server";
import { moveSubOrder } from "~/market/fulfilment.server";
import { appendTraceEvent, recordTransformation, verifyBatchChain } from "~/trace/events.server";
import { checkoutForm, createCart, createCooperative, createListedProduct } from "../../tests/setup/checkout-fixtures";
import { createTestDatabase, isPostgresServer, type TestDatabase } from "../../tests/setup/db";
import { activeHoldOf, getRecallView, listRecallRegister, recallNoticeOfBatch } from "./recall-queries.server";
import { closeRecall, confirmRecall, openRecall, recordRecallDisposition, releaseRecallHold, type RecallActor } from "./recalls.server";
import { recallReportPdf } from "./report.server";
import { resolveRequest } from "~/trace/resolver.server";
import type { RecallOpener } from "./rules";

const TODAY = "2026-11-25";
const NOW = new Date("2026-11-25T03:00:00Z");
const PUBLIC_URL = "https://truyxuat.example.vn";

let t: TestDatabase;
const suffix = () => randomBytes(3).toString("hex");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

async function user(db: Database, organisationId: string, role: "cooperative_manager" | "cooperative_staff" | "department_officer", locale: "vi" | "en" = "vi"): Promise<string> {
  const [u] = await db.insert(users).values({ email: `${role}-${suffix()}@example.vn`, displayName: role, locale }).returning({ id: users.id });
  await db.insert(memberships).values({ userId: u!.id, organisationId, role });
  return u!.id;
}

/** A cooperative with a raw tea lot (kg) packed into a listed lot of packs, a manager and a member of staff. */
async function teaChain(db: Database, units = 20) {
  const coop = await createCooperative(db, `HTX Chè ${suffix()}`);
  const manager = await user(db, coop, "cooperative_manager");
  const staff = await user(db, coop, "cooperative_staff");
  const [rawProduct] = await db
    .insert(products)
    .values({ organisationId: coop, slug: `che-tuoi-${suffix()}`, nameVi: "Chè búp tươi", nameEn: "Fresh tea shoots", category: "tea", kind: "raw_material", unitVi: "kg", unitEn: "kg" })
    .returning({ id: products.id });
  const [raw] = await db
    .insert(batches)
    .values({ organisationId: coop, productId: rawProduct!.id, lotCode: `RAW${suffix().toUpperCase()}`, quantity: "100", uom: "KGM", producedOn: "2026-10-01" })
    .returning({ id: batches.id });
  const packed = await createListedProduct(db, { organisationId: coop, priceVnd: 120_000, batches: [{ units }], name: `Chè móc câu ${suffix()}` });
  const made = await recordTransformation(db, {
    organisationId: coop,
    outputBatchId: packed.batchIds[0]!,
    inputs: [{ batchId: raw!.id, quantity: "10", uom: "KGM" }],
    event: { eventTime: new Date("2026-10-02T02:00:00Z") },
  });
  if (!made.ok) throw new Error(`transformation refused: ${made.reason}`);
  return { coop, manager, staff, rawId: raw!.id, packedId: packed.batchIds[0]!, productId: packed.productId };
}

function placed(result: PlaceOrderResult): Extract<PlaceOrderResult, { ok: true }> {
  if (!result.ok) throw new Error(`order refused: ${JSON.stringify(result)}`);
  return result;
}

async function buy(db: Database, productId: string, quantity: number, email: string | undefined) {
  const cartId = await createCart(db, [{ productId, quantity }]);
  return placeOrder(db, { cartId, userId: null, form: checkoutForm({ email }), cardAvailable: false, locale: "vi", today: TODAY, now: NOW });
}

const form = {
  reason: "lab_result",
  severity: "serious",
  details: "Dư lượng thuốc bảo vệ thực vật vượt ngưỡng.",
  messageVi: "Lô chè có dư lượng thuốc bảo vệ thực vật vượt ngưỡng. Không sử dụng; liên hệ hợp tác xã để được hoàn tiền.",
  messageEn: "This tea has pesticide residue above the limit. Do not use it; contact the cooperative for a refund.",
};

async function department(db: Database) {
  const [dept] = await db.insert(organisations).values({ slug: `so-nn-${suffix()}`, kind: "department", status: "active", name: "Sở Nông nghiệp thử" }).returning({ id: organisations.id });
  const officer = await user(db, dept!.id, "department_officer", "en");
  return { deptId: dept!.id, officer };
}

describe("opening a recall", () => {
  it("a manager opens for the cooperative's own lot; staff, other cooperatives and bad forms are refused; a lot already in an open recall joins it", async () => {
    const chain = await teaChain(t.db);
    const other = await teaChain(t.db);
    const asManager: RecallOpener = { kind: "cooperative", organisationId: chain.coop, role: "cooperative_manager" };
    const actor = { userId: chain.manager, organisationId: chain.coop };

    expect(await openRecall(t.db, { userId: chain.staff, organisationId: chain.coop }, { opener: { ...asManager, role: "cooperative_staff" }, batchId: chain.rawId, form })).toEqual({ ok: false, reason: "forbidden" });
    expect(await openRecall(t.db, { userId: other.manager, organisationId: other.coop }, { opener: { kind: "cooperative", organisationId: other.coop, role: "cooperative_manager" }, batchId: chain.rawId, form })).toEqual({
      ok: false,
      reason: "lot_not_found",
    });
    const bad = await openRecall(t.db, actor, { opener: asManager, batchId: chain.rawId, form: { ...form, reason: "bad luck", messageEn: "" } });
    expect(bad).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { reason: "validation.choice", messageEn: "validation.required" } });

    const opened = await openRecall(t.db, actor, { opener: asManager, batchId: chain.rawId, form, now: NOW });
    expect(opened).toMatchObject({ ok: true, joined: false });
    if (!opened.ok) throw new Error("not opened");
    expect(opened.number).toMatch(/^TH-2026-\d{4}$/);

    // The packed lot is in the draft's scope (made from the raw lot): a recall of it joins, even by the department.
    const { deptId, officer } = await department(t.db);
    const joined = await openRecall(t.db, { userId: officer, organisationId: deptId }, { opener: { kind: "department", organisationId: deptId }, batchId: chain.packedId, form: { ...form, severity: "minor" } });
    expect(joined).toEqual({ ok: true, recallId: opened.recallId, number: opened.number, joined: true });
    expect(await t.db.select().from(recalls).where(eq(recalls.id, opened.recallId))).toHaveLength(1);
    // Numbers run on within the year.
    const second = await openRecall(t.db, { userId: other.manager, organisationId: other.coop }, { opener: { kind: "cooperative", organisationId: other.coop, role: "cooperative_manager" }, batchId: other.rawId, form, now: NOW });
    if (!second.ok) throw new Error("second not opened");
    expect(Number(second.number.slice(8))).toBe(Number(opened.number.slice(8)) + 1);
  });
});

describe("confirming a recall, in one transaction", () => {
  it("stops every sale in scope, holds sub-orders not shipped, records the disposition on each chain, and queues the mail", async () => {
    const chain = await teaChain(t.db, 20);
    const { deptId, officer } = await department(t.db);
    const buyerEmail = `buyer-${suffix()}@example.vn`;
    const withMail = placed(await buy(t.db, chain.productId, 2, buyerEmail));
    const withoutMail = placed(await buy(t.db, chain.productId, 1, undefined));
    const actor = { userId: chain.manager, organisationId: chain.coop };
    const who: RecallActor = { kind: "cooperative", userId: chain.manager, organisationId: chain.coop, role: "cooperative_manager" };
    const opened = await openRecall(t.db, actor, { opener: { kind: "cooperative", organisationId: chain.coop, role: "cooperative_manager" }, batchId: chain.rawId, form, now: NOW });
    if (!opened.ok) throw new Error("not opened");

    // The review shows the live scope: both lots and both orders.
    const review = await getRecallView(t.db, opened.number);
    expect(review?.lots.map((l) => [l.batchId, l.depth])).toEqual([
      [chain.rawId, 0],
      [chain.packedId, 1],
    ]);
    expect(review?.buyers).toBe(2);
    expect(review?.buyersReached).toBe(1);

    // Staff cannot confirm.
    expect(await confirmRecall(t.db, { userId: chain.staff, organisationId: chain.coop }, { recallId: opened.recallId, who: { ...who, userId: chain.staff, role: "cooperative_staff" }, publicUrl: PUBLIC_URL })).toEqual({ ok: false, reason: "forbidden" });

    const confirmedAt = new Date(NOW.getTime() + 7 * 60_000);
    const confirmed = await confirmRecall(t.db, actor, { recallId: opened.recallId, who, publicUrl: PUBLIC_URL, now: confirmedAt });
    expect(confirmed).toMatchObject({ ok: true, lots: 2, orderLines: 2, buyers: 2, buyersMailed: 1, held: 2 });
    expect(await confirmRecall(t.db, actor, { recallId: opened.recallId, who, publicUrl: PUBLIC_URL })).toEqual({ ok: false, reason: "not_draft" });

    // Lots recalled, nothing left on sale.
    const lots = await t.db.select({ id: batches.id, status: batches.status }).from(batches).where(inArray(batches.id, [chain.rawId, chain.packedId]));
    expect(lots.map((l) => l.status)).toEqual(["recalled", "recalled"]);
    const [stock] = await t.db.select().from(batchStock).where(eq(batchStock.batchId, chain.packedId));
    expect(stock!.unitsAvailable).toBe(0);
    const frozen = await t.db.select().from(recallLots).where(eq(recallLots.recallId, opened.recallId));
    expect(frozen.find((l) => l.batchId === chain.packedId)?.unitsUnsold).toBe(17);

    // Each chain gained an event with disposition recalled, and still verifies.
    for (const id of [chain.rawId, chain.packedId]) {
      const events = await t.db.select().from(traceEvents).where(eq(traceEvents.batchId, id));
      const last = events.sort((a, b) => b.sequence - a.sequence)[0]!;
      expect(last).toMatchObject({ bizStep: "holding", disposition: "recalled", details: { recall: opened.number, reason: "lab_result", severity: "serious" } });
      expect((await verifyBatchChain(t.db, id)).ok).toBe(true);
    }

    // The checkout refuses and names the recall; the cart does too.
    const refused = await buy(t.db, chain.productId, 1, undefined);
    expect(refused).toMatchObject({ ok: false, reason: "insufficient_stock", shortages: [{ productId: chain.productId, available: 0, recall: opened.number }] });
    const cartId = await createCart(t.db, [{ productId: chain.productId, quantity: 1 }]);
    const cart = await getCartViewById(t.db, cartId, TODAY);
    expect(cart.groups[0]!.lines[0]).toMatchObject({ available: false, recall: opened.number });

    // Both sub-orders are held: accepting is refused, cancelling is the cooperative's decision.
    const held = await t.db.select().from(recallHolds).where(eq(recallHolds.recallId, opened.recallId));
    expect(held).toHaveLength(2);
    const [sub] = await t.db.execute(sql`select s.reference, s.id from sub_orders s where s.order_id = ${withMail.orderId}::uuid`).then((r) => (Array.isArray(r) ? r : (r as { rows: { reference: string; id: string }[] }).rows) as { reference: string; id: string }[]);
    const accept = await moveSubOrder(t.db, null, silentLogger, { organisationId: chain.coop, reference: sub!.reference, actor: { userId: chain.manager, role: "cooperative_manager" }, form: { intent: "accept" } });
    expect(accept).toEqual({ ok: false, reason: "held_by_recall", recallNumber: opened.number });
    expect(await releaseRecallHold(t.db, actor, { organisationId: chain.coop, recallId: opened.recallId, subOrderId: sub!.id })).toEqual({ ok: true });
    expect(await activeHoldOf(t.db, sub!.id)).toBeNull();

    // Mail: the buyer (what, which order, what to do, the notice from the public address), the manager, the department.
    const buyerMail = await t.db.select().from(outboxMessages).where(eq(outboxMessages.to, buyerEmail));
    const recallMail = buyerMail.find((m) => m.kind === "recall_buyer");
    expect(recallMail?.subject).toContain(opened.number);
    expect(recallMail?.bodyText).toContain(withMail.number);
    expect(recallMail?.bodyText).toContain(`${PUBLIC_URL}/recalls/${opened.number}`);
    expect(recallMail?.bodyText).toContain("lô LOT");
    expect(recallMail?.bodyText).toContain("Không sử dụng");
    const [managerRow] = await t.db.select({ email: users.email }).from(users).where(eq(users.id, chain.manager));
    expect((await t.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, managerRow!.email), eq(outboxMessages.kind, "recall_cooperative")))).length).toBe(1);
    const [officerRow] = await t.db.select({ email: users.email }).from(users).where(eq(users.id, officer));
    const [deptMail] = await t.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, officerRow!.email), eq(outboxMessages.kind, "recall_department")));
    expect(deptMail?.subject).toBe(`Recall ${opened.number} confirmed`);
    const buyers = await t.db.select().from(recallBuyers).where(eq(recallBuyers.recallId, opened.recallId));
    expect(buyers.map((b) => [b.orderId, b.messageId !== null]).sort()).toEqual(
      [
        [withMail.orderId, true],
        [withoutMail.orderId, false],
      ].sort(),
    );

    // The origin page's notice, and the resolver's gs1:recallStatus link to it.
    expect(await recallNoticeOfBatch(t.db, chain.rawId)).toMatchObject({ number: opened.number, kind: "recalled", messageEn: form.messageEn });
    const [packedLot] = await t.db.select({ shortCode: batches.shortCode }).from(batches).where(eq(batches.id, chain.packedId));
    const answer = await resolveRequest(t.db, { method: "GET", pathname: `/t/${packedLot!.shortCode}`, search: "linkType=all", accept: undefined, origin: PUBLIC_URL });
    if (answer.kind !== "found" || !answer.body) throw new Error("no linkset");
    const links = (JSON.parse(answer.body) as { linkset: Record<string, { href: string }[]>[] }).linkset[0]!["https://ref.gs1.org/voc/recallStatus"];
    expect(links?.map((l) => l.href)).toContain(`${PUBLIC_URL}/recalls/${opened.number}`);
    void deptId;
  });

  it("a minor severity withdraws the lots (disposition non_sellable_other); returns and destruction are recorded on the chain; closing needs a report", async () => {
    const chain = await teaChain(t.db, 10);
    placed(await buy(t.db, chain.productId, 3, `b-${suffix()}@example.vn`));
    const actor = { userId: chain.manager, organisationId: chain.coop };
    const who: RecallActor = { kind: "cooperative", userId: chain.manager, organisationId: chain.coop, role: "cooperative_manager" };
    const opened = await openRecall(t.db, actor, { opener: { kind: "cooperative", organisationId: chain.coop, role: "cooperative_manager" }, batchId: chain.packedId, form: { ...form, severity: "minor", reason: "mislabelling" }, now: NOW });
    if (!opened.ok) throw new Error("not opened");
    // Dispositions only once confirmed.
    expect(await recordRecallDisposition(t.db, actor, { organisationId: chain.coop, recallId: opened.recallId, form: { batchId: chain.packedId, kind: "returned", units: "2" } })).toEqual({ ok: false, reason: "not_confirmed" });
    const confirmed = await confirmRecall(t.db, actor, { recallId: opened.recallId, who, publicUrl: PUBLIC_URL, now: NOW });
    expect(confirmed).toMatchObject({ ok: true, lots: 1 });
    const [lot] = await t.db.select({ status: batches.status }).from(batches).where(eq(batches.id, chain.packedId));
    expect(lot!.status).toBe("withdrawn");
    const [raw] = await t.db.select({ status: batches.status }).from(batches).where(eq(batches.id, chain.rawId));
    expect(raw!.status).toBe("active");
    const events = await t.db.select().from(traceEvents).where(and(eq(traceEvents.batchId, chain.packedId), eq(traceEvents.bizStep, "holding")));
    expect(events[0]?.disposition).toBe("non_sellable_other");

    // The raw lot is upstream, not in scope: not recordable; bad units refused.
    expect(await recordRecallDisposition(t.db, actor, { organisationId: chain.coop, recallId: opened.recallId, form: { batchId: chain.rawId, kind: "returned", units: "2" } })).toMatchObject({
      ok: false,
      fieldErrors: { batchId: "recall.v.lotNotInScope" },
    });
    expect(await recordRecallDisposition(t.db, actor, { organisationId: chain.coop, recallId: opened.recallId, form: { batchId: chain.packedId, kind: "returned", units: "0" } })).toMatchObject({
      ok: false,
      fieldErrors: { units: "recall.v.units" },
    });
    expect(await recordRecallDisposition(t.db, actor, { organisationId: chain.coop, recallId: opened.recallId, form: { batchId: chain.packedId, kind: "returned", units: "2" } })).toMatchObject({ ok: true });
    expect(await recordRecallDisposition(t.db, actor, { organisationId: chain.coop, recallId: opened.recallId, form: { batchId: chain.packedId, kind: "destroyed", units: "1", note: "Đốt tại xưởng" } })).toMatchObject({ ok: true });
    const chainEvents = await t.db.select().from(traceEvents).where(eq(traceEvents.batchId, chain.packedId));
    expect(chainEvents.map((e) => e.disposition)).toEqual(expect.arrayContaining(["returned", "destroyed"]));
    expect((await verifyBatchChain(t.db, chain.packedId)).ok).toBe(true);

    const [row] = (await listRecallRegister(t.db, { organisationId: chain.coop })).filter((r) => r.number === opened.number);
    expect(row).toMatchObject({ status: "confirmed", lots: 1, orders: 1, unitsSold: 3, unitsReturned: 2, unitsDestroyed: 1, buyers: 1, buyersReached: 1 });

    expect(await closeRecall(t.db, actor, { recallId: opened.recallId, who, form: { summary: "" } })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await closeRecall(t.db, actor, { recallId: opened.recallId, who, form: { summary: "Đã nhận lại 2 gói, tiêu hủy 1 gói." } })).toEqual({ ok: true });
    expect(await closeRecall(t.db, actor, { recallId: opened.recallId, who, form: { summary: "Lần nữa cho chắc chắn." } })).toEqual({ ok: false, reason: "not_confirmed" });
    // A new recall of the lot after closing is refused (it is already withdrawn), not joined to the closed one.
    expect(await openRecall(t.db, actor, { opener: { kind: "cooperative", organisationId: chain.coop, role: "cooperative_manager" }, batchId: chain.packedId, form })).toEqual({ ok: false, reason: "lot_unavailable" });
  });
});

describe(`a checkout racing the confirmation (${isPostgresServer() ? "PostgreSQL server, concurrent connections" : "PGlite, one connection: calls serialize"})`, () => {
  it("every order either completes before the recall (and is in its scope, its buyer mailed) or is refused; nothing is sold after", async () => {
    const coop = await createCooperative(t.db, `HTX đua ${suffix()}`);
    const manager = await user(t.db, coop, "cooperative_manager");
    const { productId, batchIds } = await createListedProduct(t.db, { organisationId: coop, priceVnd: 50_000, batches: [{ units: 200, expiresOn: "2027-06-01" }, { units: 200, expiresOn: "2027-09-01" }] });
    const actor = { userId: manager, organisationId: coop };
    const who: RecallActor = { kind: "cooperative", userId: manager, organisationId: coop, role: "cooperative_manager" };
    const opened = await openRecall(t.db, actor, { opener: { kind: "cooperative", organisationId: coop, role: "cooperative_manager" }, batchId: batchIds[0]!, form, now: NOW });
    if (!opened.ok) throw new Error("not opened");
    // Both of the product's lots are roots (as a second lot joining the recall would be).
    await t.db.execute(sql`insert into recall_roots (recall_id, batch_id, added_at) values (${opened.recallId}::uuid, ${batchIds[1]!}::uuid, now())`);

    const emails = Array.from({ length: 40 }, (_, i) => `race-${i}-${suffix()}@example.vn`);
    const carts = await Promise.all(emails.map(() => createCart(t.db, [{ productId, quantity: 1 }])));
    const orders = carts.map((cartId, i) =>
      placeOrder(t.db, { cartId, userId: null, form: checkoutForm({ email: emails[i] }), cardAvailable: false, locale: "vi", today: TODAY, now: NOW }),
    );
    const confirmation = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return confirmRecall(t.db, actor, { recallId: opened.recallId, who, publicUrl: PUBLIC_URL, now: NOW });
    })();
    const [results, confirmed] = await Promise.all([Promise.all(orders), confirmation]);
    expect(confirmed.ok).toBe(true);

    const sold = results.filter((r): r is Extract<PlaceOrderResult, { ok: true }> => r.ok);
    const refused = results.filter((r) => !r.ok);
    for (const r of refused) expect(r).toMatchObject({ reason: "insufficient_stock", shortages: [{ recall: opened.number }] });
    expect(sold.length + refused.length).toBe(40);

    // Every allocation of the recalled lots is in the frozen scope: none was made after the confirmation.
    const allocations = await t.db
      .select({ orderLineId: orderLineAllocations.orderLineId, batchId: orderLineAllocations.batchId })
      .from(orderLineAllocations)
      .where(inArray(orderLineAllocations.batchId, batchIds));
    const inScope = await t.db.select({ orderLineId: recallOrderLines.orderLineId, batchId: recallOrderLines.batchId }).from(recallOrderLines).where(eq(recallOrderLines.recallId, opened.recallId));
    expect(new Set(allocations.map((a) => `${a.orderLineId}:${a.batchId}`))).toEqual(new Set(inScope.map((a) => `${a.orderLineId}:${a.batchId}`)));
    expect(allocations.length).toBe(sold.length);
    // Every order that completed is told.
    const mailed = await t.db.select({ to: outboxMessages.to }).from(outboxMessages).where(and(eq(outboxMessages.kind, "recall_buyer"), inArray(outboxMessages.to, emails)));
    expect(mailed.length).toBe(sold.length);
    // Stock adds up: nothing left on sale, nothing negative.
    const stock = await t.db.select({ available: batchStock.unitsAvailable }).from(batchStock).where(inArray(batchStock.batchId, batchIds));
    expect(stock.every((s) => s.available === 0)).toBe(true);
    const lines = await t.db.select({ id: orderLines.id }).from(orderLines).where(eq(orderLines.productId, productId));
    expect(lines.length).toBe(sold.length);
  });

  it("appending other events to a lot while it is recalled keeps the chain whole", async () => {
    const chain = await teaChain(t.db, 5);
    const actor = { userId: chain.manager, organisationId: chain.coop };
    const who: RecallActor = { kind: "cooperative", userId: chain.manager, organisationId: chain.coop, role: "cooperative_manager" };
    const opened = await openRecall(t.db, actor, { opener: { kind: "cooperative", organisationId: chain.coop, role: "cooperative_manager" }, batchId: chain.rawId, form, now: NOW });
    if (!opened.ok) throw new Error("not opened");
    const appends = Array.from({ length: 5 }, (_, i) =>
      appendTraceEvent(t.db, { organisationId: chain.coop, batchId: chain.packedId, eventType: "ObjectEvent", action: "OBSERVE", bizStep: "storing", eventTime: new Date(NOW.getTime() + i * 1000) }),
    );
    const [confirmed] = await Promise.all([confirmRecall(t.db, actor, { recallId: opened.recallId, who, publicUrl: PUBLIC_URL, now: NOW }), ...appends]);
    expect(confirmed.ok).toBe(true);
    expect((await verifyBatchChain(t.db, chain.packedId)).ok).toBe(true);
  });
});

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "recall-report-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf);
    return execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"]).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the report of a closed recall", () => {
  it("states the facts, timeline, scope in each lot's own unit, orders reached and holds; a cooperative's copy holds only its own part", async () => {
    const a = await teaChain(t.db, 20);
    const b = await teaChain(t.db, 20);
    const { deptId, officer } = await department(t.db);
    const officerActor = { userId: officer, organisationId: deptId };
    const dept: RecallActor = { kind: "department", userId: officer };
    const orderA = placed(await buy(t.db, a.productId, 2, `a-${suffix()}@example.vn`));
    const orderB = placed(await buy(t.db, b.productId, 4, `b-${suffix()}@example.vn`));
    const opened = await openRecall(t.db, officerActor, { opener: { kind: "department", organisationId: deptId }, batchId: a.rawId, form, now: NOW });
    if (!opened.ok) throw new Error("not opened");
    // Cooperative B's raw lot is a second root (as when the same supplier's leaf went into both).
    await t.db.execute(sql`insert into recall_roots (recall_id, batch_id, added_at) values (${opened.recallId}::uuid, ${b.rawId}::uuid, now())`);
    const confirmedAt = new Date(NOW.getTime() + 12 * 60_000);
    expect(await confirmRecall(t.db, officerActor, { recallId: opened.recallId, who: dept, publicUrl: PUBLIC_URL, now: confirmedAt })).toMatchObject({ ok: true, lots: 4, held: 2 });

    // Cooperative A: 3 kg of raw leaf came back (recorded in kilograms on the raw lot's chain), 1 pack destroyed.
    const actorA = { userId: a.manager, organisationId: a.coop };
    expect(await recordRecallDisposition(t.db, actorA, { organisationId: a.coop, recallId: opened.recallId, form: { batchId: a.rawId, kind: "returned", units: "3" } })).toMatchObject({ ok: true });
    expect(await recordRecallDisposition(t.db, actorA, { organisationId: a.coop, recallId: opened.recallId, form: { batchId: a.packedId, kind: "destroyed", units: "1" } })).toMatchObject({ ok: true });
    const [returnedEvent] = await t.db.select().from(traceEvents).where(and(eq(traceEvents.batchId, a.rawId), eq(traceEvents.disposition, "returned")));
    expect(returnedEvent).toMatchObject({ quantity: "3.000", uom: "KGM" });
    const [destroyedEvent] = await t.db.select().from(traceEvents).where(and(eq(traceEvents.batchId, a.packedId), eq(traceEvents.disposition, "destroyed")));
    expect(destroyedEvent).toMatchObject({ uom: "H87" });
    const subB = (await t.db.execute(sql`select id, reference from sub_orders where order_id = ${orderB.orderId}::uuid`)) as unknown;
    const [heldB] = (Array.isArray(subB) ? subB : (subB as { rows: unknown[] }).rows) as { id: string; reference: string }[];
    expect(await releaseRecallHold(t.db, { userId: b.manager, organisationId: b.coop }, { organisationId: b.coop, recallId: opened.recallId, subOrderId: heldB!.id })).toEqual({ ok: true });
    const closedAt = new Date(NOW.getTime() + 3 * 86_400_000);
    expect(await closeRecall(t.db, officerActor, { recallId: opened.recallId, who: dept, form: { summary: "Đã nhận lại 3 kg chè búp, tiêu hủy 1 gói." }, now: closedAt })).toEqual({ ok: true });

    const view = (await getRecallView(t.db, opened.number))!;
    const lotCode = async (id: string) => (await t.db.select({ code: batches.lotCode }).from(batches).where(eq(batches.id, id)))[0]!.code;
    const [rawA, packedA, rawB, packedB] = await Promise.all([a.rawId, a.packedId, b.rawId, b.packedId].map(lotCode));
    const subA = (await t.db.execute(sql`select reference from sub_orders where order_id = ${orderA.orderId}::uuid`)) as unknown;
    const refA = ((Array.isArray(subA) ? subA : (subA as { rows: unknown[] }).rows) as { reference: string }[])[0]!.reference;

    const whole = pdfText(await recallReportPdf({ view, organisationId: null, locale: "vi", generatedAt: closedAt })).replace(/\s+/g, " ");
    for (const expected of [
      `Báo cáo thu hồi ${opened.number}`,
      "Đã đóng",
      "Kết quả kiểm nghiệm không đạt",
      "Nghiêm trọng",
      "Không sử dụng; liên hệ hợp tác xã",
      "Do not use it",
      "Dư lượng thuốc bảo vệ thực vật vượt ngưỡng.",
      "Tóm tắt khi đóng: Đã nhận lại 3 kg chè búp, tiêu hủy 1 gói.",
      "4 lô · 2 dòng đơn hàng · 2 đơn hàng · 2 người mua được báo qua thư",
      "Mở thu hồi",
      "Xác nhận — ngừng bán",
      "12 phút",
      rawA,
      packedA,
      rawB,
      packedB,
      refA,
      heldB!.reference,
      "Cho tiếp tục",
      "Còn tạm giữ",
    ]) {
      expect(whole).toContain(expected);
    }
    // The raw lot's row: unit kg, nothing sold, 3 returned; A's packed lot: 2 sold, 1 destroyed.
    expect(whole).toMatch(new RegExp(`Chè búp tươi · HTX Chè \\S+ ${rawA} kg 0 3 0`));
    expect(whole).toMatch(new RegExp(`${packedA} gói 200 g 2 0 1`));

    const part = pdfText(await recallReportPdf({ view, organisationId: a.coop, organisationName: "HTX A", locale: "en", generatedAt: closedAt })).replace(/\s+/g, " ");
    expect(part).toContain(`Recall report ${opened.number}`);
    expect(part).toContain("The part of HTX A");
    expect(part).toContain("2 lots · 1 order lines · 1 orders");
    for (const own of [rawA, packedA, refA]) expect(part).toContain(own);
    for (const other of [rawB, packedB, heldB!.reference]) expect(part).not.toContain(other);
    expect(part).not.toContain("Dư lượng thuốc bảo vệ thực vật vượt ngưỡng.");
  });
});
