/**
 * Zod schemas of the cart and checkout forms, shared by the page (live validation) and the actions.
 * Messages are translation keys (app/lib/messages/checkout.ts). No prices here: the server computes
 * every amount from the database.
 */
import { z } from "zod";
import { freeText } from "~/lib/form-values";

export const paymentMethods = ["card", "bank_transfer", "cash_on_delivery"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** Most units of one product a cart line may hold, whatever the stock (a guard against absurd input). */
export const CART_QUANTITY_MAX = 999;
export const CONTACT_NAME_MAX = 100;
export const ADDRESS_MAX = 300;
export const NOTE_MAX = 500;
export const EMAIL_MAX = 254;
export const COMMUNE_NAME_MAX = 100;

// Vietnamese mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x and 7 more digits.
const MOBILE = /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

/**
 * A Vietnamese mobile number in its national form (0xxxxxxxxx), from what a person typed: spaces,
 * dots, dashes and brackets ignored, +84 / 84 / 0084 read as the leading 0. Null when it is not one.
 */
export function normalizeVietnamesePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, "");
  if (!/^\+?\d+$/.test(compact)) return null;
  let national = compact;
  if (national.startsWith("+84")) national = `0${national.slice(3)}`;
  else if (national.startsWith("0084")) national = `0${national.slice(4)}`;
  else if (national.startsWith("84") && national.length === 11) national = `0${national.slice(2)}`;
  return MOBILE.test(national) ? national : null;
}

const optionalText = (max: number, tooLong: string) =>
  freeText(max, tooLong)
    .optional()
    .transform((v) => (v ? v : undefined));

export const phoneField = z
  .string({ message: "checkout.v.phoneRequired" })
  .trim()
  .min(1, { message: "checkout.v.phoneRequired" })
  .max(30, { message: "checkout.v.phoneInvalid" })
  .transform((value, ctx) => {
    const phone = normalizeVietnamesePhone(value);
    if (!phone) {
      ctx.addIssue({ code: "custom", message: "checkout.v.phoneInvalid" });
      return z.NEVER;
    }
    return phone;
  });

export const checkoutSchema = z
  .object({
    contactName: freeText(CONTACT_NAME_MAX, "checkout.v.nameTooLong", "checkout.v.nameRequired").min(1, { message: "checkout.v.nameRequired" }),
    phone: phoneField,
    email: z
      .string()
      .trim()
      .max(EMAIL_MAX, { message: "checkout.v.emailInvalid" })
      .optional()
      .transform((v) => (v ? v.toLowerCase() : undefined))
      .pipe(z.email({ message: "checkout.v.emailInvalid" }).optional()),
    provinceCode: z.string({ message: "checkout.v.provinceRequired" }).regex(/^\d{2}$/, { message: "checkout.v.provinceRequired" }),
    /** From the list, when the province's communes are known. */
    communeId: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        if (!/^\d{1,9}$/.test(v)) {
          ctx.addIssue({ code: "custom", message: "checkout.v.communeRequired" });
          return z.NEVER;
        }
        return Number(v);
      }),
    /** Typed, for provinces whose communes the app does not list. */
    communeName: optionalText(COMMUNE_NAME_MAX, "checkout.v.communeTooLong"),
    address: freeText(ADDRESS_MAX, "checkout.v.addressTooLong", "checkout.v.addressRequired").min(5, { message: "checkout.v.addressRequired" }),
    note: optionalText(NOTE_MAX, "checkout.v.noteTooLong"),
    paymentMethod: z.enum(paymentMethods, { message: "checkout.v.paymentRequired" }),
  })
  .superRefine((value, ctx) => {
    if (value.communeId === undefined && !value.communeName) {
      ctx.addIssue({ code: "custom", path: ["communeName"], message: "checkout.v.communeRequired" });
    }
  });

export type CheckoutInput = z.input<typeof checkoutSchema>;
export type CheckoutForm = z.output<typeof checkoutSchema>;

const uuid = z.uuid({ message: "cart.v.product" });
const quantity = z.coerce
  .number({ message: "cart.v.quantity" })
  .int({ message: "cart.v.quantity" })
  .min(0, { message: "cart.v.quantity" })
  .max(CART_QUANTITY_MAX, { message: "cart.v.quantity" });

/** The cart's POST intents: add from a product page, set a quantity (0 removes), remove. */
export const cartIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), productId: uuid, quantity: quantity.refine((n) => n >= 1, { message: "cart.v.quantity" }).default(1) }),
  z.object({
    intent: z.literal("update"),
    productId: uuid,
    quantity,
    /** The − and + buttons: one fewer or one more than the quantity shown. */
    adjust: z.coerce.number().int().min(-1).max(1).optional(),
  }),
  z.object({ intent: z.literal("remove"), productId: uuid }),
]);
export type CartIntent = z.output<typeof cartIntentSchema>;

