import { z } from "zod";
import { wholeVndDigits } from "~/lib/vnd";

/**
 * Forms of the workspace listings page, shared by the browser and the server. Messages are
 * translation keys (app/lib/messages/market.ts).
 */

/** Integer VND typed by a person: digits, optionally grouped by thousands ("85.000"); never a decimal part. */
function vndAmount(message: string) {
  return z
    .string({ message: "listings.error.priceRequired" })
    .trim()
    .min(1, { message: "listings.error.priceRequired" })
    .transform((v) => wholeVndDigits(v) ?? "")
    .refine((v) => /^\d{1,13}$/.test(v), { message })
    .transform((v) => Number(v))
    .refine((n) => n > 0, { message: "listings.error.pricePositive" });
}

const uuid = z.guid({ message: "listings.error.notFound" });

export const listingFormSchema = z.object({
  productId: uuid,
  priceVnd: vndAmount("listings.error.priceInteger"),
  maxPerOrder: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || /^\d{1,6}$/.test(v), { message: "listings.error.maxPerOrder" })
    .transform((v) => (v === null ? null : Number(v)))
    .refine((n) => n === null || n > 0, { message: "listings.error.maxPerOrder" }),
});
export type ListingInput = z.output<typeof listingFormSchema>;

export const listingStatusSchema = z.object({
  productId: uuid,
  status: z.enum(["listed", "paused"], { message: "validation.invalid" }),
});

export const batchStockFormSchema = z.object({
  batchId: uuid,
  unitsOnSale: z
    .string({ message: "listings.error.unitsRequired" })
    .trim()
    .min(1, { message: "listings.error.unitsRequired" })
    .refine((v) => /^-?\d{1,9}$/.test(v), { message: "listings.error.unitsInteger" })
    .transform((v) => Number(v))
    .refine((n) => n >= 0, { message: "listings.error.unitsNegative" }),
});
export type BatchStockInput = z.output<typeof batchStockFormSchema>;

export const listingsIntentSchema = z.enum(["save-listing", "set-status", "set-stock", "set-cash-hold"]);

/** How many hours a cash-on-delivery order waits for the cooperative's confirmation (organisations.cash_hold_hours). */
export const cashHoldSchema = z.object({
  cashHoldHours: z
    .string({ error: "orders.cashHold.invalid" })
    .trim()
    .regex(/^\d{1,3}$/, { error: "orders.cashHold.invalid" })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: "orders.cashHold.invalid" }).max(720, { error: "orders.cashHold.invalid" })),
});
