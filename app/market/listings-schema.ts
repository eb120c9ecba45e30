import { z } from "zod";
import { parseVnd } from "~/lib/vnd";

/**
 * Forms of the workspace listings page, shared by the browser and the server. Messages are
 * translation keys (app/lib/messages/market.ts).
 */

/** Integer VND typed by a person through the one reader (app/lib/vnd.ts): each problem has its own message. */
const priceVnd = z
  .string({ message: "listings.error.priceRequired" })
  .transform((text, ctx) => {
    const parsed = parseVnd(text);
    if (parsed.ok) return parsed.value;
    const message = {
      empty: "listings.error.priceRequired",
      negative: "listings.error.priceNegative",
      not_whole: "listings.error.priceInteger",
      too_large: "listings.error.priceTooLarge",
    }[parsed.problem];
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  })
  .refine((n) => n > 0, { message: "listings.error.pricePositive" });

const uuid = z.guid({ message: "listings.error.notFound" });

/** Empty: no limit. Otherwise a whole number of at least 1; a negative or zero limit each say what is wrong. */
const maxPerOrder = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const v = (text ?? "").trim();
    if (v === "") return null;
    if (/^[-−]\s*\d+$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "listings.error.maxPerOrderNegative" });
      return z.NEVER;
    }
    if (!/^\d{1,6}$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "listings.error.maxPerOrder" });
      return z.NEVER;
    }
    const n = Number(v);
    if (n === 0) {
      ctx.addIssue({ code: "custom", message: "listings.error.maxPerOrderZero" });
      return z.NEVER;
    }
    return n;
  });

/** Units typed for one lot: a whole number, 0 or more. */
const unitsOnSale = z
  .string({ message: "listings.error.unitsRequired" })
  .trim()
  .min(1, { message: "listings.error.unitsRequired" })
  .refine((v) => /^[-−]?\d{1,9}$/.test(v), { message: "listings.error.unitsInteger" })
  .refine((v) => !/^[-−]/.test(v), { message: "listings.error.unitsNegative" })
  .transform((v) => Number(v));

/** The form field that carries the units to open from one lot: `units.<batch id>`. */
export const UNITS_FIELD_PREFIX = "units.";
export function unitsFieldName(batchId: string): string {
  return `${UNITS_FIELD_PREFIX}${batchId}`;
}

/** Gathers the flat `units.<batch id>` fields of a posted form into one record (objects pass through). */
function gatherUnits(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const source = raw as Record<string, unknown>;
  if (source.units !== undefined) return raw;
  const units: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith(UNITS_FIELD_PREFIX)) units[key.slice(UNITS_FIELD_PREFIX.length)] = value;
  }
  return { ...source, units };
}

/**
 * The one listing form: the price, the per-order limit and the units to open from each lot, saved together.
 * Field errors are keyed by the form's field names (`priceVnd`, `maxPerOrder`, `units.<batch id>`).
 */
export const listingFormSchema = z.preprocess(
  gatherUnits,
  z.object({
    productId: uuid,
    priceVnd,
    maxPerOrder,
    units: z.record(uuid, unitsOnSale).default({}),
  }),
);
export type ListingInput = z.output<typeof listingFormSchema>;

export const listingStatusSchema = z.object({
  productId: uuid,
  status: z.enum(["listed", "paused"], { message: "validation.invalid" }),
});

export const batchStockFormSchema = z.object({
  batchId: uuid,
  unitsOnSale,
});
export type BatchStockInput = z.output<typeof batchStockFormSchema>;

export const listingsIntentSchema = z.enum(["save-listing", "set-status", "set-cash-hold"]);

/** How many hours a cash-on-delivery order waits for the cooperative's confirmation (organisations.cash_hold_hours). */
export const cashHoldSchema = z.object({
  cashHoldHours: z
    .string({ error: "orders.cashHold.invalid" })
    .trim()
    .regex(/^\d{1,3}$/, { error: "orders.cashHold.invalid" })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: "orders.cashHold.invalid" }).max(720, { error: "orders.cashHold.invalid" })),
});
