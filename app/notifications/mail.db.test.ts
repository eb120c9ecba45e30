import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { memberships, orders, outboxMessages, users } from "#db/schema";
import { silentLogger } from "~/lib/logger";
import { systemActor, transact } from "~/lib/transact.server";
import { moveSubOrder } from "~/market/fulfilment.server";
import { refundSubOrder } from "~/market/payments/refund.server";
import { transferNote } from "~/market/vietqr";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { createOrder, createShop, type Shop } from "../../tests/setup/payment-fixtures";
import { placeTestOrder } from "../../tests/setup/checkout-fixtures";
import { startTestSmtpServer, type TestSmtpServer } from "../../tests/e2e/support/smtp-test-server";
import { CLAIM_LEASE_MS, FIRST_RETRY_MS } from "./backoff";
import { listOutbox, runMailQueue } from "./queue.server";
import { createSmtpChannel } from "./smtp.server";

const PUBLIC_URL = "https://truyxuat.example.vn";
const FROM = "OCOP Trace <no-reply@truyxuat.example.vn>";
const NOW = new Date("2026-11-25T03:00:00Z");

describe("mail over SMTP from the queue", () => {
  let t: TestDatabase;
  let shop: Shop;
  let smtp: TestSmtpServer | null = null;
  let teaSlug = "";
  let managerId = "";

  beforeAll(async () => {
    t = await createTestDatabase();
    shop = await createShop(t.db, 30);
    const [manager] = await t.db.insert(users).values({ email: "quanly@htx-che.vn", displayName: "Quản lý chè", locale: "vi" }).returning();
    const [staff] = await t.db.insert(users).values({ email: "nhanvien@htx-che.vn", displayName: "Nhân viên", locale: "vi" }).returning();
    managerId = manager!.id;
    await t.db.insert(memberships).values([
      { userId: manager!.id, organisationId: shop.teaCoop, role: "cooperative_manager" },
      { userId: staff!.id, organisationId: shop.teaCoop, role: "cooperative_staff" },
    ]);
    const rows = await t.db.execute(sql`select slug from organisations where id = ${shop.teaCoop}::uuid`);
    teaSlug = String((Array.isArray(rows) ? rows : (rows as { rows: { slug: string }[] }).rows)[0]!.slug);
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = null;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  /** Sends everything due (now: the test's clock, or the real one). */
  async function drain(now?: Date) {
    const channel = createSmtpChannel({ url: smtp!.url, from: FROM, timeoutMs: 5_000 });
    try {
      return await runMailQueue(t.db, { channels: [channel], publicUrl: PUBLIC_URL, logger: silentLogger, now });
    } finally {
      channel.close();
    }
  }

  it("sends the buyer's confirmation with the order link and the VietQR transfer details, and each cooperative's alert to its managers", async () => {
    smtp = await startTestSmtpServer();
    const order = await createOrder(t.db, {
      method: "bank_transfer",
      now: NOW,
      email: "Mua.Hang@Example.vn",
      lines: [
        { productId: shop.tea.productId, quantity: 2 },
        { productId: shop.rice.productId, quantity: 1 },
      ],
    });
    const report = await drain();
    expect(report.failed).toBe(0);

    const [confirmation, ...more] = smtp.to("mua.hang@example.vn");
    expect(more).toHaveLength(0);
    expect(confirmation!.subject).toBe(`Đã nhận đơn hàng ${order.number}`);
    expect(confirmation!.headers.from).toContain("no-reply@truyxuat.example.vn");
    const link = `${PUBLIC_URL}/orders/${order.number}`;
    expect(confirmation!.text).toContain(link);
    expect(confirmation!.html).toContain(`<a href="${link}">`);
    // One transfer per cooperative: bank by name, account, holder, exact amount and the note to write.
    const tea = order.subOrders.find((s) => s.organisationId === shop.teaCoop)!;
    const rice = order.subOrders.find((s) => s.organisationId === shop.riceCoop)!;
    expect(confirmation!.text).toContain("Ngân hàng: Vietcombank");
    expect(confirmation!.text).toContain("Số tài khoản: 0123456789");
    expect(confirmation!.text).toContain("Chủ tài khoản: HTX CHE THU");
    expect(confirmation!.text).toMatch(/Số tiền: 240\.000\s₫/);
    expect(confirmation!.text).toContain(`Nội dung chuyển khoản: ${transferNote(tea.reference)}`);
    expect(confirmation!.text).toContain("Ngân hàng: VietinBank");
    expect(confirmation!.text).toContain(`Nội dung chuyển khoản: ${transferNote(rice.reference)}`);
    expect(confirmation!.html).toContain("Chủ tài khoản: HTX GAO THU");

    // The tea cooperative's manager is alerted (not its staff; the rice cooperative has no manager here).
    const alert = smtp.to("quanly@htx-che.vn")[0]!;
    expect(alert.subject).toBe(`Đơn hàng mới ${tea.reference} trên OCOP Trace`);
    expect(alert.text).toContain(`${PUBLIC_URL}/workspace/${teaSlug}/orders/${tea.reference}`);
    expect(alert.text).not.toContain(rice.reference);
    expect(smtp.to("nhanvien@htx-che.vn")).toHaveLength(0);

    // The queue remembers what it sent.
    const [row] = (await listOutbox(t.db, "mua.hang@example.vn")).filter((m) => m.kind === "order_confirmation");
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, subject: `Đã nhận đơn hàng ${order.number}` });
    expect(row!.sentAt).toBeInstanceOf(Date);
    // Nothing is sent twice.
    expect(await drain()).toMatchObject({ sent: 0, failed: 0 });
  });

  it("writes in the buyer's language at order time, and tells them of shipping, delivery, cancellation and refunds", async () => {
    smtp = await startTestSmtpServer();
    const order = await placeTestOrder(t.db, {
      method: "cash_on_delivery",
      today: "2026-11-25",
      now: NOW,
      lines: [{ productId: shop.tea.productId, quantity: 1 }],
      form: { email: "buyer.en@example.vn" },
    });
    await t.db.update(orders).set({ locale: "en" }).where(eq(orders.id, order.orderId));
    const sub = order.subOrders[0]!;
    const actor = { userId: managerId, role: "cooperative_manager" as const };
    const move = (form: Record<string, string>) => moveSubOrder(t.db, null, silentLogger, { organisationId: shop.teaCoop, reference: sub.reference, actor, form, now: NOW });
    expect(await move({ intent: "accept" })).toMatchObject({ ok: true });
    expect(await move({ intent: "pack" })).toMatchObject({ ok: true });
    expect(await move({ intent: "ship", carrier: "Viettel Post", trackingNumber: "VTP123456" })).toMatchObject({ ok: true });
    expect(await move({ intent: "deliver" })).toMatchObject({ ok: true });
    expect(await refundSubOrder(t.db, null, silentLogger, { subOrderId: sub.id, organisationId: shop.teaCoop, amountVnd: 20_000, actorUserId: managerId, reason: "Gói bị móp" }, NOW)).toMatchObject({ ok: true });
    await drain();
    const subjects = smtp.to("buyer.en@example.vn").map((m) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        `Order ${order.number}: HTX Chè Thử has shipped`,
        `Order ${order.number}: delivered`,
        expect.stringMatching(new RegExp(`^Order ${order.number}: ₫?20,000`)),
      ]),
    );
    const shipped = smtp.to("buyer.en@example.vn").find((m) => m.subject.includes("shipped"))!;
    expect(shipped.text).toContain("Carrier: Viettel Post · Tracking number: VTP123456");
    expect(shipped.text).toContain(`${PUBLIC_URL}/orders/${order.number}`);

    // A cancelled part is told too.
    const other = await placeTestOrder(t.db, { method: "cash_on_delivery", today: "2026-11-25", now: NOW, lines: [{ productId: shop.tea.productId, quantity: 1 }], form: { email: "buyer.en@example.vn" } });
    expect(
      await moveSubOrder(t.db, null, silentLogger, { organisationId: shop.teaCoop, reference: other.subOrders[0]!.reference, actor, form: { intent: "cancel", reason: "Hết hàng" }, now: NOW }),
    ).toMatchObject({ ok: true });
    await drain();
    const cancelled = smtp.to("buyer.en@example.vn").find((m) => m.subject.startsWith(`Đơn hàng ${other.number}`) && m.subject.includes("hủy"))!;
    expect(cancelled.text).toContain("Lý do: Hết hàng");
  });

  it("retries with exponential backoff when the mail server refuses, and sends once it accepts", async () => {
    smtp = await startTestSmtpServer({ refuse: (n) => (n <= 2 ? "4.3.0 Mail server temporarily unavailable" : null) });
    await drain(); // what earlier tests left (nothing due) goes first
    const attemptsBefore = smtp.attempts();
    await createOrder(t.db, { method: "cash_on_delivery", now: NOW, email: "retry@example.vn", lines: [{ productId: shop.rice.productId, quantity: 1 }] });
    const clock = new Date(Date.now() + 1_000);
    expect(await drain(clock)).toMatchObject({ sent: 0, failed: 1, givenUp: 0 });
    let [row] = await listOutbox(t.db, "retry@example.vn");
    expect(row).toMatchObject({ status: "pending", attempts: 1, sentAt: null });
    expect(row!.lastError).toContain("temporarily unavailable");
    expect(Math.abs(row!.nextAttemptAt.getTime() - (clock.getTime() + FIRST_RETRY_MS))).toBeLessThan(60_000);

    // Not due yet: nothing is tried.
    expect(await drain(new Date(clock.getTime() + FIRST_RETRY_MS / 2))).toMatchObject({ sent: 0, failed: 0 });
    // Second attempt fails too: the wait doubles.
    const second = new Date(row!.nextAttemptAt.getTime() + 1);
    expect(await drain(second)).toMatchObject({ failed: 1 });
    [row] = await listOutbox(t.db, "retry@example.vn");
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row!.nextAttemptAt.getTime() - second.getTime()).toBeGreaterThanOrEqual(2 * FIRST_RETRY_MS - 1_000);
    expect(row!.nextAttemptAt.getTime() - second.getTime()).toBeLessThan(CLAIM_LEASE_MS);
    // Third attempt is accepted.
    expect(await drain(new Date(row!.nextAttemptAt.getTime() + 1))).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.attempts() - attemptsBefore).toBe(3);
    expect(smtp.to("retry@example.vn")).toHaveLength(1);
    [row] = await listOutbox(t.db, "retry@example.vn");
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastError: null });
  });

  it("hands each message to one sender when two workers run at once (as two instances would)", async () => {
    smtp = await startTestSmtpServer();
    await drain();
    for (let i = 0; i < 6; i++) {
      await createOrder(t.db, { method: "cash_on_delivery", now: NOW, email: `twice${i}@example.vn`, lines: [{ productId: shop.rice.productId, quantity: 1 }] });
    }
    const [a, b] = await Promise.all([drain(), drain()]);
    expect(a!.sent + b!.sent).toBe(6);
    for (let i = 0; i < 6; i++) expect(smtp.to(`twice${i}@example.vn`)).toHaveLength(1);
  });

  it("leaves mail in the outbox while no mail server answers, without failing or holding up the order", async () => {
    // Nothing listens on this port: the order is placed all the same; its mail waits for a later attempt.
    const order = await createOrder(t.db, { method: "cash_on_delivery", now: NOW, email: "offline@example.vn", lines: [{ productId: shop.rice.productId, quantity: 1 }] });
    expect(order.number).toMatch(/^[A-Z0-9-]+$/);
    const channel = createSmtpChannel({ url: "smtp://127.0.0.1:9", from: FROM, timeoutMs: 2_000 });
    const report = await runMailQueue(t.db, { channels: [channel], publicUrl: PUBLIC_URL, logger: silentLogger, now: new Date(Date.now() + 1_000) });
    channel.close();
    expect(report.sent).toBe(0);
    const [row] = await listOutbox(t.db, "offline@example.vn");
    expect(row).toMatchObject({ status: "pending", attempts: 1, sentAt: null });
  });

  it("queues an order's mail in the order's transaction: an order rolled back queues nothing", async () => {
    const before = (await t.db.select().from(outboxMessages)).length;
    const ordersBefore = (await t.db.select().from(orders)).length;
    const outcome = await transact(t.db, systemActor, async (tx) => {
      await placeTestOrder(tx.db, { method: "bank_transfer", today: "2026-11-25", now: NOW, lines: [{ productId: shop.tea.productId, quantity: 1 }], form: { email: "rollback@example.vn" } });
      // Inside the transaction the order's mail is there...
      const queued = await tx.db.select().from(outboxMessages).where(eq(outboxMessages.to, "rollback@example.vn"));
      expect(queued.map((m) => m.kind)).toEqual(["order_confirmation"]);
      return { ok: false as const, reason: "rolled_back" };
    });
    expect(outcome).toMatchObject({ ok: false, reason: "rolled_back" });
    // ...and gone with it.
    expect((await t.db.select().from(orders)).length).toBe(ordersBefore);
    expect((await t.db.select().from(outboxMessages)).length).toBe(before);
    expect(await listOutbox(t.db, "rollback@example.vn")).toEqual([]);
    // A committed one has its confirmation and the tea cooperative's alert.
    await placeTestOrder(t.db, { method: "bank_transfer", today: "2026-11-25", now: NOW, lines: [{ productId: shop.tea.productId, quantity: 1 }], form: { email: "commit@example.vn" } });
    expect((await listOutbox(t.db, "commit@example.vn")).map((m) => m.kind)).toEqual(["order_confirmation"]);
    expect((await t.db.select().from(outboxMessages)).length).toBe(before + 2);
  });
});
