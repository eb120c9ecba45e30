/**
 * The mail queue (the outbox table): messages are written in the transaction of the change that causes them and
 * sent afterwards by the worker, over their channel, outside any order's transaction. A failed send is retried with
 * exponential backoff (./backoff.ts); several app instances share the queue safely: each claims due rows with
 * `FOR UPDATE SKIP LOCKED` and leases them, so a message is handed to one sender at a time.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { outboxMessages, type OutboxMessage } from "#db/schema";
import type { Locale } from "~/lib/i18n";
import { errorFields, type Logger } from "~/lib/logger";
import { afterFailure, CLAIM_LEASE_MS } from "./backoff";
import type { Channel, ChannelName } from "./channel";
import { textToHtml } from "./html";
import { loadOrderFacts } from "./facts.server";
import {
  isTemplateName,
  renderCooperativeNewOrder,
  renderOrderConfirmation,
  renderOrderStatus,
  templateData,
  type RenderedMessage,
  type TemplateData,
  type TemplateName,
} from "./templates";

export interface MailMessage {
  to: string;
  subject: string;
  bodyText: string;
  /** What the message is for: "password_reset", "staff_invitation", ... */
  kind: string;
  locale?: Locale;
}

/** Queues a message whose text is written now; call it inside the transaction that causes the message. */
export async function queueMail(db: Database, message: MailMessage): Promise<string> {
  const [row] = await db
    .insert(outboxMessages)
    .values({ to: message.to.toLowerCase(), kind: message.kind, subject: message.subject, bodyText: message.bodyText, locale: message.locale ?? "vi" })
    .returning({ id: outboxMessages.id });
  if (!row) throw new Error("outbox message was not written");
  return row.id;
}

/**
 * Queues many messages whose text is written now in one statement (a recall reaches thousands of buyers at once);
 * inside the transaction that causes them. The rows go as one JSON parameter: binding six parameters a row costs
 * more than the insert. Returns their ids in the order given.
 */
export async function queueMails(db: Database, messages: readonly MailMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((m) => ({ id: randomUUID(), to: m.to.toLowerCase(), kind: m.kind, subject: m.subject, body_text: m.bodyText, locale: m.locale ?? "vi" }));
  await db.execute(sql`insert into outbox_messages (id, "to", kind, subject, body_text, locale)
    select x.id, x."to", x.kind, x.subject, x.body_text, x.locale
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, "to" text, kind text, subject text, body_text text, locale text)`);
  return rows.map((r) => r.id);
}

/** Queues a message rendered from a template when it is sent; call it inside the transaction that causes it. */
export async function queueTemplate<T extends TemplateName>(
  db: Database,
  message: { to: string; template: T; data: TemplateData<T>; locale: Locale },
): Promise<string> {
  const [row] = await db
    .insert(outboxMessages)
    .values({ to: message.to.toLowerCase(), kind: message.template, template: message.template, data: message.data, locale: message.locale })
    .returning({ id: outboxMessages.id });
  if (!row) throw new Error("outbox message was not written");
  return row.id;
}

/**
 * The statements that queue a placed order's mail: the buyer's confirmation (when an address was given) and one
 * new-order alert per manager of each cooperative (in the manager's language). Plain SQL, so checkout can run them
 * inside its one write statement.
 */
export function orderPlacedMailSql(order: {
  orderId: string;
  email: string | null;
  locale: Locale;
  subOrders: readonly { id: string; organisationId: string }[];
}): SQL[] {
  const statements: SQL[] = [];
  if (order.email) {
    statements.push(sql`insert into outbox_messages (channel, "to", kind, locale, template, data)
      values ('email', ${order.email.toLowerCase()}, 'order_confirmation', ${order.locale}, 'order_confirmation',
        jsonb_build_object('orderId', ${order.orderId}::text))`);
  }
  if (order.subOrders.length > 0) {
    const parts = sql.join(
      order.subOrders.map((s) => sql`(${s.id}::uuid, ${s.organisationId}::uuid)`),
      sql`, `,
    );
    statements.push(sql`insert into outbox_messages (channel, "to", kind, locale, template, data)
      select 'email', u.email, 'cooperative_new_order', u.locale::text, 'cooperative_new_order', jsonb_build_object('subOrderId', s.id::text)
      from (values ${parts}) as s(id, organisation_id)
      join memberships m on m.organisation_id = s.organisation_id and m.role = 'cooperative_manager'
      join users u on u.id = m.user_id`);
  }
  return statements;
}

/** Queues a placed order's mail (a card order's, once it is paid); inside the transaction that places or pays it. */
export async function queueOrderPlacedMail(db: Database, orderId: string): Promise<void> {
  const rows = rowsOf<{ email: string | null; locale: string; sub_id: string | null; organisation_id: string | null }>(
    await db.execute(sql`select o.email, o.locale, s.id as sub_id, s.organisation_id
      from orders o left join sub_orders s on s.order_id = o.id where o.id = ${orderId}::uuid order by s.reference`),
  );
  const [first] = rows;
  if (!first) return;
  const statements = orderPlacedMailSql({
    orderId,
    email: first.email,
    locale: first.locale === "en" ? "en" : "vi",
    subOrders: rows.filter((r) => r.sub_id && r.organisation_id).map((r) => ({ id: r.sub_id!, organisationId: r.organisation_id! })),
  });
  for (const statement of statements) await db.execute(statement);
}

/** Tells the buyer (when the order has an address) that one cooperative's part changed; inside that change's transaction. */
export async function queueOrderStatusMail(db: Database, change: TemplateData<"order_status">): Promise<string | null> {
  const rows = rowsOf<{ email: string | null; locale: string }>(
    await db.execute(sql`select o.email, o.locale from sub_orders s join orders o on o.id = s.order_id where s.id = ${change.subOrderId}::uuid`),
  );
  const order = rows[0];
  if (!order?.email) return null;
  return queueTemplate(db, { to: order.email, template: "order_status", data: change, locale: order.locale === "en" ? "en" : "vi" });
}

class UnrenderableMessage extends Error {
  override name = "UnrenderableMessage";
}

async function render(db: Database, row: OutboxMessage, publicUrl: string): Promise<RenderedMessage> {
  const locale: Locale = row.locale === "en" ? "en" : "vi";
  if (!row.template) {
    if (row.subject === null || row.bodyText === null) throw new UnrenderableMessage("message has neither text nor template");
    return { subject: row.subject, text: row.bodyText, html: row.bodyHtml ?? textToHtml(row.bodyText, locale) };
  }
  const name = row.template;
  if (!isTemplateName(name)) throw new UnrenderableMessage(`unknown template ${name}`);
  const data = templateData[name].safeParse(row.data);
  if (!data.success) throw new UnrenderableMessage(`template ${name}: data does not match`);
  const loaded = await loadOrderFacts(db, "orderId" in data.data ? { orderId: data.data.orderId } : { subOrderId: data.data.subOrderId });
  if (!loaded) throw new UnrenderableMessage(`template ${name}: order not found`);
  if (name === "order_confirmation") return renderOrderConfirmation(loaded.facts, locale, publicUrl);
  const subId = (data.data as { subOrderId: string }).subOrderId;
  const sub = loaded.facts.subOrders[loaded.subOrderIds.indexOf(subId)];
  if (!sub) throw new UnrenderableMessage(`template ${name}: sub-order not found`);
  if (name === "cooperative_new_order") return renderCooperativeNewOrder(loaded.facts, sub, locale, publicUrl);
  return renderOrderStatus(loaded.facts, sub, data.data as TemplateData<"order_status">, locale, publicUrl);
}

export interface RunQueueOptions {
  /** The senders by channel; rows of a channel without one wait. */
  channels: readonly Channel[];
  /** The configured public address: template links start with it. */
  publicUrl: string;
  logger: Logger;
  now?: Date;
  /** Most messages handled in one run. */
  limit?: number;
}

export interface RunQueueReport {
  sent: number;
  failed: number;
  /** Of the failures, those that will not be tried again. */
  givenUp: number;
}

/** Claims due messages, then sends each outside any transaction; failures wait their backoff (./backoff.ts). */
export async function runMailQueue(db: Database, options: RunQueueOptions): Promise<RunQueueReport> {
  const report: RunQueueReport = { sent: 0, failed: 0, givenUp: 0 };
  const byName = new Map<ChannelName, Channel>(options.channels.map((c) => [c.name, c]));
  if (byName.size === 0) return report;
  const now = options.now ?? new Date();
  const names = sql.join(
    [...byName.keys()].map((n) => sql`${n}`),
    sql`, `,
  );
  const claimed = await db
    .update(outboxMessages)
    .set({ attempts: sql`${outboxMessages.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) })
    .where(
      sql`${outboxMessages.id} in (select id from outbox_messages
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz and channel in (${names})
        order by next_attempt_at limit ${options.limit ?? 50} for update skip locked)`,
    )
    .returning();
  claimed.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  for (const row of claimed) {
    const mine = and(eq(outboxMessages.id, row.id), eq(outboxMessages.status, "pending"), eq(outboxMessages.attempts, row.attempts));
    let rendered: RenderedMessage | null = null;
    try {
      rendered = await render(db, row, options.publicUrl);
      await byName.get(row.channel as ChannelName)!.send({ id: row.id, to: row.to, kind: row.kind, subject: rendered.subject, text: rendered.text, html: rendered.html });
      await db
        .update(outboxMessages)
        .set({ status: "sent", sentAt: options.now ?? new Date(), lastError: null, subject: rendered.subject, bodyText: rendered.text, bodyHtml: rendered.html })
        .where(mine);
      report.sent += 1;
    } catch (error) {
      const giveUp = error instanceof UnrenderableMessage;
      const next = giveUp ? { status: "failed" as const, nextAttemptAt: now } : afterFailure(row.attempts, options.now ?? new Date());
      const fields = errorFields(error);
      await db
        .update(outboxMessages)
        .set({ status: next.status, nextAttemptAt: next.nextAttemptAt, lastError: String(fields.error ?? "").slice(0, 500) })
        .where(mine);
      report.failed += 1;
      if (next.status === "failed") report.givenUp += 1;
      // Without the body: it may hold a one-time link.
      options.logger.log(next.status === "failed" ? "error" : "warn", "mail: sending a message failed", {
        kind: row.kind,
        messageId: row.id,
        attempts: row.attempts,
        willRetry: next.status === "pending",
        ...fields,
      });
    }
  }
  return report;
}

/** The newest outbox messages to an address (tests and the development tools read links here). */
export async function listOutbox(db: Database, to: string): Promise<OutboxMessage[]> {
  const rows = await db.select().from(outboxMessages).where(eq(outboxMessages.to, to.toLowerCase()));
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
