/**
 * Fulfilment of a sub-order as pure rules (safe in the browser too): which step may follow which,
 * and the zod schemas of the forms that move a sub-order or refund it.
 */
import { z } from "zod";
import { freeText } from "~/lib/form-values";

export const subOrderStatuses = ["pending", "confirmed", "packed", "shipped", "delivered", "cancelled"] as const;
export type SubOrderStatus = (typeof subOrderStatuses)[number];

export type PaymentMethod = "card" | "bank_transfer" | "cash_on_delivery";
export type PaymentState = "unpaid" | "paid" | "refunded";

/** What a cooperative member can do to a sub-order. */
export const fulfilmentIntents = ["accept", "pack", "ship", "deliver", "cancel"] as const;
export type FulfilmentIntent = (typeof fulfilmentIntents)[number];

/** The status each step starts from and leads to. Cancelling is possible until the parcel leaves. */
export const fulfilmentSteps: Record<FulfilmentIntent, { from: readonly SubOrderStatus[]; to: SubOrderStatus }> = {
  accept: { from: ["pending"], to: "confirmed" },
  pack: { from: ["confirmed"], to: "packed" },
  ship: { from: ["packed"], to: "shipped" },
  deliver: { from: ["shipped"], to: "delivered" },
  cancel: { from: ["pending", "confirmed", "packed"], to: "cancelled" },
};

export interface SubOrderState {
  status: SubOrderStatus;
  paymentStatus: PaymentState;
  paymentMethod: PaymentMethod;
  /** The whole order's status: a card order awaiting payment cannot be worked on yet. */
  orderStatus: "awaiting_payment" | "placed" | "lapsed" | "cancelled";
}

export type CooperativeRole = "cooperative_manager" | "cooperative_staff";

export type StepRefusal = "invalid_transition" | "forbidden";

/**
 * Whether `role` may apply `intent` to a sub-order in `state`. Only a cash-on-delivery order is
 * accepted by the cooperative (card and transfer orders are confirmed by their payment); cancelling
 * a paid sub-order refunds it, which only managers may do.
 */
export function checkStep(intent: FulfilmentIntent, state: SubOrderState, role: CooperativeRole): { ok: true } | { ok: false; reason: StepRefusal } {
  if (state.orderStatus !== "placed") return { ok: false, reason: "invalid_transition" };
  if (!fulfilmentSteps[intent].from.includes(state.status)) return { ok: false, reason: "invalid_transition" };
  if (intent === "accept" && state.paymentMethod !== "cash_on_delivery") return { ok: false, reason: "invalid_transition" };
  if (intent === "cancel" && state.paymentStatus === "paid" && role !== "cooperative_manager") return { ok: false, reason: "forbidden" };
  return { ok: true };
}

/** The steps to offer as buttons for a sub-order in `state`. */
export function availableSteps(state: SubOrderState, role: CooperativeRole): FulfilmentIntent[] {
  return fulfilmentIntents.filter((intent) => checkStep(intent, state, role).ok);
}

/** A transfer is confirmed by the cooperative when the money shows up in its account. */
export function canConfirmTransfer(state: SubOrderState): boolean {
  return state.orderStatus === "placed" && state.paymentMethod === "bank_transfer" && state.paymentStatus === "unpaid" && state.status === "pending";
}

/** Refunds are the managers'; only money received and not yet returned can go back. */
export function canRefund(state: SubOrderState, role: CooperativeRole): boolean {
  return role === "cooperative_manager" && state.paymentStatus === "paid";
}

const trimmed = (min: number, max: number) =>
  freeText(max, "validation.tooLong", "validation.required")
    .min(1, { error: "validation.required" })
    .min(min, { error: "validation.tooShort" });

/** The form that moves a sub-order one step (intent names the step). */
export const fulfilmentFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("accept") }),
    z.object({ intent: z.literal("pack") }),
    z.object({
      intent: z.literal("ship"),
      carrier: trimmed(2, 80),
      trackingNumber: trimmed(4, 40).regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, { error: "orders.validation.tracking" }),
    }),
    z.object({ intent: z.literal("deliver") }),
    z.object({ intent: z.literal("cancel"), reason: trimmed(3, 300) }),
  ],
  { error: "validation.invalid" },
);
export type FulfilmentForm = z.infer<typeof fulfilmentFormSchema>;

/** A refund in whole VND, with the reason the consumer will see. */
export const refundFormSchema = z.object({
  amountVnd: z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .regex(/^\d{1,12}$/, { error: "orders.validation.amount" })
    .transform(Number)
    .refine((n) => n > 0, { error: "orders.validation.amount" }),
  reason: trimmed(3, 300),
});
export type RefundForm = z.infer<typeof refundFormSchema>;

/** Sub-order references as checkout writes them: order number plus a suffix per cooperative. */
export const subOrderReferenceSchema = z.string().regex(/^DH-[0-9A-HJKMNP-TV-Z]{8}-\d{1,2}$/);
/** Order numbers as consumers type them; lower case and spaces are forgiven. */
export const orderNumberSchema = z
  .string({ error: "validation.required" })
  .transform((s) => s.replace(/\s+/g, "").toUpperCase())
  .pipe(z.string().min(1, { error: "validation.required" }).regex(/^DH-[0-9A-HJKMNP-TV-Z]{8}$/, { error: "orders.validation.number" }));


/** The look-up form: order number and the phone given at checkout. */
export const orderLookupSchema = z.object({
  number: orderNumberSchema,
  phone: z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .max(20, { error: "orders.validation.phone" })
    .regex(/^\+?[0-9 .\-()]{9,}$/, { error: "orders.validation.phone" }),
});
