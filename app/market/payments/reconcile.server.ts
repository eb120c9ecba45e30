import type Stripe from "stripe";
import { and, eq, gte, inArray, isNotNull, or } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { orders, payments } from "#db/schema";
import type { Logger } from "~/lib/logger";
import { createCardPayments, type CardPayments, type CardPaymentsEnv } from "./card.server";
import { applyCheckoutSession, type SessionOutcome } from "./checkout-session.server";

export interface ReconcileReport {
  /** Sessions looked at (from Stripe's list and from our pending payments). */
  checked: number;
  changed: Partial<Record<SessionOutcome, number>>;
}

/** How far back sessions are looked at: Checkout Sessions live 24 hours at most. */
const WINDOW_MS = 48 * 3600_000;

/**
 * Heals what a lost webhook (or a crash between payment and order update) left behind: every
 * Checkout Session of the last two days that names one of our orders, and every session of an order
 * still awaiting payment or recently lapsed, is applied exactly as the webhook would apply it.
 */
export async function reconcileCardPayments(db: Database, card: CardPayments, logger: Logger, now: Date = new Date()): Promise<ReconcileReport> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const sessions = new Map<string, Stripe.Checkout.Session>();
  for await (const session of card.stripe.checkout.sessions.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 })) {
    if (session.metadata?.order_id || session.client_reference_id) sessions.set(session.id, session);
  }
  const ours = await db
    .select({ sessionId: payments.stripeCheckoutSessionId })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(payments.provider, "stripe"),
        isNotNull(payments.stripeCheckoutSessionId),
        or(eq(orders.status, "awaiting_payment"), and(inArray(orders.status, ["lapsed", "cancelled"]), gte(orders.updatedAt, since))),
      ),
    );
  for (const { sessionId } of ours) {
    if (sessionId && !sessions.has(sessionId)) sessions.set(sessionId, await card.stripe.checkout.sessions.retrieve(sessionId));
  }
  const report: ReconcileReport = { checked: 0, changed: {} };
  for (const session of [...sessions.values()].sort((a, b) => a.created - b.created)) {
    report.checked += 1;
    const outcome = await applyCheckoutSession(db, card, logger, session, now);
    if (outcome !== "unchanged" && outcome !== "not_ours") report.changed[outcome] = (report.changed[outcome] ?? 0) + 1;
  }
  return report;
}

/**
 * The `stripe:reconcile` job (run by `node build/db.js stripe:reconcile`, e.g. from a timer): Stripe
 * configured from the environment, then every recent session applied. Refuses to run without a key.
 */
export async function runCardReconciliation(db: Database, env: CardPaymentsEnv, logger: Logger): Promise<ReconcileReport> {
  const card = createCardPayments(env);
  if (!card) throw Object.assign(new Error("STRIPE_SECRET_KEY is not set: nothing to reconcile"), { name: "ConfigError" });
  return reconcileCardPayments(db, card, logger);
}
