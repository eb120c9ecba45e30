import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/market/payments/webhook.server";

// Stripe posts here; no page, no CSRF token (the signature over the raw body is the check).
export async function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  const card = context.payments.card;
  if (!card) return new Response(null, { status: 404 });
  const result = await handleStripeWebhook(context.db, card, context.logger, {
    payload: await request.text(),
    signature: request.headers.get("stripe-signature"),
  });
  return Response.json(result.status === 400 ? { error: result.reason } : { received: true, outcome: result.outcome }, {
    status: result.status,
    headers: { "Cache-Control": "no-store" },
  });
}
