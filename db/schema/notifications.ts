import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The outgoing-message queue (the outbox). A row is written in the same transaction as the change that causes it
 * and sent afterwards by the worker (app/notifications/worker.server.ts) over its channel, with retries and
 * exponential backoff. A row either carries its text (subject, body) or names a template with its data, rendered
 * when it is sent (the links in it then come from the sending server's public address).
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** How it goes out: "email" today (SMS and Zalo can be added as channels). */
    channel: text("channel").notNull().default("email"),
    /** The address on that channel (an e-mail address for "email"). */
    to: text("to").notNull(),
    /** What the message is for: "password_reset", "order_confirmation", ... */
    kind: text("kind").notNull(),
    /** The language it is written in. */
    locale: text("locale").notNull().default("vi"),
    /** Null until a template row is rendered (on sending). */
    subject: text("subject"),
    bodyText: text("body_text"),
    bodyHtml: text("body_html"),
    /** A template (app/notifications/templates) and its facts, rendered when the message is sent. */
    template: text("template"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    /** pending → sent, or failed once every attempt is spent. */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When the worker may (try to) send it next: now, after a failure's backoff, or after a claim's lease. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_messages_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_messages_to_idx").on(t.to),
    check("outbox_messages_status", sql`${t.status} in ('pending', 'sent', 'failed')`),
    check("outbox_messages_channel", sql`${t.channel} in ('email')`),
    check("outbox_messages_locale", sql`${t.locale} in ('vi', 'en')`),
    check("outbox_messages_content", sql`${t.template} is not null or (${t.subject} is not null and ${t.bodyText} is not null)`),
    check("outbox_messages_sent_at", sql`(${t.status} = 'sent') = (${t.sentAt} is not null)`),
  ],
);

export type OutboxMessage = typeof outboxMessages.$inferSelect;
