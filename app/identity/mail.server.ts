import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { outboxMessages, type OutboxMessage } from "#db/schema";
import { errorFields, type Logger } from "~/lib/logger";

export interface MailMessage {
  to: string;
  subject: string;
  bodyText: string;
  /** What the message is for: "password_reset", "staff_invitation", ... */
  kind: string;
}

/** Sends one message; an SMTP or HTTP mail service plugs in here. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Development: no mail server, so the message (and the link in it) goes to the server log. */
export function createLogMailer(log: (fields: Record<string, string>) => void): Mailer {
  return {
    async send(message) {
      log({ to: message.to, kind: message.kind, subject: message.subject, body: message.bodyText });
    },
  };
}

/** Queues a message in the outbox; call it inside the transaction that causes the message. */
export async function queueMail(db: Database, message: MailMessage): Promise<string> {
  const [row] = await db.insert(outboxMessages).values(message).returning({ id: outboxMessages.id });
  if (!row) throw new Error("outbox message was not written");
  return row.id;
}

/**
 * Sends queued messages (after their transaction committed) and marks them sent; a failure leaves
 * the message unsent in the outbox for a later attempt, logged (without its body, which holds the link).
 */
export async function deliverQueuedMail(db: Database, mailer: Mailer, ids: readonly string[], logger: Logger): Promise<number> {
  if (ids.length === 0) return 0;
  const pending = await db
    .select()
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.id, [...ids]), isNull(outboxMessages.sentAt)));
  let sent = 0;
  for (const message of pending) {
    try {
      await mailer.send(message);
      await db.update(outboxMessages).set({ sentAt: new Date() }).where(eq(outboxMessages.id, message.id));
      sent += 1;
    } catch (error) {
      logger.log("error", "outbox: sending a message failed", { kind: message.kind, messageId: message.id, ...errorFields(error) });
    }
  }
  return sent;
}

/** The newest outbox messages to an address (tests and the development tools read links here). */
export async function listOutbox(db: Database, to: string): Promise<OutboxMessage[]> {
  const rows = await db.select().from(outboxMessages).where(eq(outboxMessages.to, to.toLowerCase()));
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
