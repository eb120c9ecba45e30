import type Stripe from "stripe";
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { stripeEvents } from "#db/schema";
import { errorFields, type Logger } from "~/lib/logger";
import type { CardPayments } from "./card.server";
import { applyCheckoutSession, failSessionPayment, type SessionOutcome } from "./checkout-session.server";

export type WebhookResult =
  | { status: 400; reason: "bad_signature" }
  | { status: 200; eventId: string; outcome: SessionOutcome | "duplicate" | "ignored" };

/** Seconds a signature may be older (Stripe's default) or, here, newer than the receiving clock. */
export const SIGNATURE_TOLERANCE_S = 300;

/** The `t=` timestamp of a Stripe-Signature header (seconds), or null when there is none. */
export function signatureTimestamp(header: string | null): number | null {
  const match = /(?:^|,)\s*t=(\d{1,12})\s*(?:,|$)/.exec(header ?? "");
  return match ? Number(match[1]) : null;
}

const HANDLED = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
]);

/**
 * One Stripe webhook delivery: the signature is checked over the raw body, an event handled before
 * is acknowledged without effect, and the event is recorded only after its change committed (a
 * failure answers 500 and Stripe delivers it again). Thrown errors are not the sender's fault.
 */
export async function handleStripeWebhook(
  db: Database,
  card: CardPayments,
  logger: Logger,
  delivery: { payload: string; signature: string | null },
  now: Date = new Date(),
): Promise<WebhookResult> {
  let event: Stripe.Event;
  try {
    event = card.stripe.webhooks.constructEvent(delivery.payload, delivery.signature ?? "", card.webhookSecret, SIGNATURE_TOLERANCE_S);
  } catch (error) {
    logger.log("warn", "stripe webhook refused: bad signature", errorFields(error));
    return { status: 400, reason: "bad_signature" };
  }
  // The SDK refuses a signature older than the tolerance but not one from the future: a header signed
  // ahead of time (a leaked secret, a skewed clock) would stay replayable for as long as it is dated ahead.
  const signedAt = signatureTimestamp(delivery.signature);
  if (signedAt === null || signedAt > Math.floor(Date.now() / 1000) + SIGNATURE_TOLERANCE_S) {
    logger.log("warn", "stripe webhook refused: signed in the future", { signedAt: signedAt ?? "none" });
    return { status: 400, reason: "bad_signature" };
  }
  const [seen] = await db.select({ id: stripeEvents.eventId }).from(stripeEvents).where(eq(stripeEvents.eventId, event.id));
  if (seen) return { status: 200, eventId: event.id, outcome: "duplicate" };
  if (!HANDLED.has(event.type)) return { status: 200, eventId: event.id, outcome: "ignored" };

  const session = event.data.object as Stripe.Checkout.Session;
  const outcome =
    event.type === "checkout.session.async_payment_failed"
      ? await failSessionPayment(db, session.id, now)
      : await applyCheckoutSession(db, card, logger, session, now);
  await db
    .insert(stripeEvents)
    .values({ eventId: event.id, type: event.type, objectId: session.id, receivedAt: now })
    .onConflictDoNothing({ target: stripeEvents.eventId });
  return { status: 200, eventId: event.id, outcome };
}
