import Stripe from "stripe";
import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { orderLines, orders, payments, subOrders } from "#db/schema";
import { localized, translate, type Locale } from "~/lib/i18n";
import { errorFields, type Logger } from "~/lib/logger";

/** The Stripe client and the webhook signing secret; null in the load context when Stripe is not configured. */
export interface CardPayments {
  stripe: Stripe;
  webhookSecret: string;
}

export interface CardPaymentsEnv {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_API_URL?: string | undefined;
}

/**
 * The official SDK, pointed at STRIPE_API_URL when set (tests and local runs use the fake in
 * tests/mocks/stripe-fake.ts). Null without a secret key: the card option is then hidden.
 */
export function createCardPayments(env: CardPaymentsEnv): CardPayments | null {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return null;
  const config: ConstructorParameters<typeof Stripe>[1] = { maxNetworkRetries: 2, timeout: 20_000 };
  if (env.STRIPE_API_URL) {
    const url = new URL(env.STRIPE_API_URL);
    config.protocol = url.protocol === "http:" ? "http" : "https";
    config.host = url.hostname;
    config.port = url.port || (url.protocol === "http:" ? 80 : 443);
  }
  return { stripe: new Stripe(env.STRIPE_SECRET_KEY, config), webhookSecret: env.STRIPE_WEBHOOK_SECRET };
}

export interface StartCardCheckoutInput {
  orderId: string;
  /** Origin the success and cancel URLs point back to, e.g. "https://ocoptrace.vn". */
  baseUrl: string;
  locale: Locale;
}

export type StartCardCheckoutResult = { ok: true; url: string } | { ok: false; reason: "unavailable" };

/** Stripe refuses a Checkout Session that expires sooner than 30 minutes after its creation. */
const STRIPE_MIN_SESSION_MS = 30 * 60_000;
/** The session of a fresh order expires this long after the order was made (and so does its reservation). */
export const CARD_SESSION_MS = 35 * 60_000;

/**
 * When the session (and so the stock reservation) ends. Derived from the order, not from the clock,
 * so a retry after a crash sends Stripe the same parameters under the same idempotency key; a
 * much later retry gets a fresh deadline (and a different key).
 */
export function sessionDeadline(order: { createdAt: Date; reservedUntil: Date | null }, now: Date): Date {
  const base = Math.max(order.reservedUntil?.getTime() ?? 0, order.createdAt.getTime() + CARD_SESSION_MS);
  const earliest = now.getTime() + STRIPE_MIN_SESSION_MS + 60_000;
  const deadline = base >= earliest ? base : Math.ceil(earliest / 60_000) * 60_000;
  return new Date(Math.ceil(deadline / 1000) * 1000);
}

export function orderPageUrl(baseUrl: string, number: string, card: "success" | "cancelled"): string {
  return `${baseUrl.replace(/\/+$/, "")}/orders/${encodeURIComponent(number)}?card=${card}`;
}

/**
 * Opens (or reopens) the hosted Stripe Checkout Session of an order awaiting card payment and
 * records its `payments` row. See docs/decisions/0008-payments-stripe-and-vietqr.md.
 */
export async function startCardCheckout(
  db: Database,
  card: CardPayments,
  logger: Logger,
  input: StartCardCheckoutInput,
  now: Date = new Date(),
): Promise<StartCardCheckoutResult> {
  const [order] = await db.select().from(orders).where(eq(orders.id, input.orderId)).limit(1);
  if (!order || order.status !== "awaiting_payment" || order.paymentMethod !== "card") return { ok: false, reason: "unavailable" };

  try {
    // A session already recorded for this order: send the buyer back to it while it is open.
    const existing = await db
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, order.id), eq(payments.provider, "stripe"), eq(payments.status, "pending")));
    for (const payment of existing) {
      const session = await card.stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId!);
      if (session.status === "open" && session.url) return { ok: true, url: session.url };
    }

    const lines = await db
      .select({
        nameVi: orderLines.productNameVi,
        nameEn: orderLines.productNameEn,
        unitVi: orderLines.unitVi,
        unitEn: orderLines.unitEn,
        unitPriceVnd: orderLines.unitPriceVnd,
        quantity: orderLines.quantity,
        lineTotalVnd: orderLines.lineTotalVnd,
      })
      .from(orderLines)
      .innerJoin(subOrders, eq(subOrders.id, orderLines.subOrderId))
      .where(eq(subOrders.orderId, order.id))
      .orderBy(orderLines.productNameVi, orderLines.id);
    const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = lines.map((line) => ({
      quantity: line.quantity,
      price_data: {
        currency: "vnd",
        // VND is zero-decimal at Stripe: the amount is whole đồng.
        unit_amount: line.unitPriceVnd,
        product_data: {
          name: `${localized(input.locale, line.nameVi, line.nameEn)} (${localized(input.locale, line.unitVi, line.unitEn)})`,
        },
      },
    }));
    if (order.shippingVnd > 0) {
      lineItems.push({
        quantity: 1,
        price_data: { currency: "vnd", unit_amount: order.shippingVnd, product_data: { name: translate(input.locale, "pay.card.shippingLine") } },
      });
    }
    const charged = lines.reduce((sum, line) => sum + line.lineTotalVnd, 0) + order.shippingVnd;
    if (lines.length === 0 || charged !== order.totalVnd) {
      throw new Error(`order ${order.number}: lines add up to ${charged} VND, the order says ${order.totalVnd} VND`);
    }

    const deadline = sessionDeadline(order, now);
    // The reservation lasts exactly as long as the session that pays for it.
    await db.update(orders).set({ reservedUntil: deadline, updatedAt: now }).where(and(eq(orders.id, order.id), eq(orders.status, "awaiting_payment")));

    const expiresAt = Math.floor(deadline.getTime() / 1000);
    const session = await card.stripe.checkout.sessions.create(
      {
        mode: "payment",
        currency: "vnd",
        line_items: lineItems,
        client_reference_id: order.id,
        metadata: { order_id: order.id, order_number: order.number },
        payment_intent_data: { metadata: { order_id: order.id, order_number: order.number } },
        success_url: orderPageUrl(input.baseUrl, order.number, "success"),
        cancel_url: orderPageUrl(input.baseUrl, order.number, "cancelled"),
        expires_at: expiresAt,
        locale: input.locale,
        ...(order.email ? { customer_email: order.email } : {}),
      },
      { idempotencyKey: `checkout-session:${order.id}:${expiresAt}` },
    );
    if (!session.url) throw new Error(`Stripe returned session ${session.id} without a URL`);
    await db
      .insert(payments)
      .values({
        orderId: order.id,
        provider: "stripe",
        status: "pending",
        amountVnd: order.totalVnd,
        stripeCheckoutSessionId: session.id,
      })
      .onConflictDoNothing({ target: payments.stripeCheckoutSessionId });
    return { ok: true, url: session.url };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      logger.log("error", "stripe checkout session not created", { orderId: order.id, type: error.type, ...errorFields(error) });
      return { ok: false, reason: "unavailable" };
    }
    throw error;
  }
}
