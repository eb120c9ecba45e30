/**
 * Zod schemas of the households forms, shared by the forms, the actions and the import (one rule for
 * a value however it arrives). Messages are keys of app/lib/messages/households.ts.
 */
import { z } from "zod";
import { freeText, isoDateField, isRealIsoDate, optionalIsoDateField } from "~/lib/form-values";
import { MAX_VND, parseVnd } from "~/lib/vnd";
import { isEthnicityCode } from "./ethnic-groups";
import { uomOfProduct } from "~/trace/form-defaults";

export const headSexes = ["female", "male"] as const;
export const povertyStatuses = ["poor", "near_poor", "newly_escaped", "not_poor"] as const;
export const paymentKinds = ["purchase", "wage", "profit_share"] as const;
export const supplyUoms = ["KGM", "TNE", "LTR", "H87"] as const;
export type SupplyUom = (typeof supplyUoms)[number];

/** The unit a delivery of this raw product is weighed or counted in: the product's own, as the delivery form offers it. */
export function supplyUomOf(product: { unitVi: string; unitEn: string }): SupplyUom {
  const uom = uomOfProduct(product);
  return (supplyUoms as readonly string[]).includes(uom) ? (uom as SupplyUom) : "KGM";
}

export const HOUSEHOLD_CODE_PATTERN = /^[A-Za-z0-9._-]{1,20}$/;
export const REFERENCE_PATTERN = /^[A-Za-z0-9./_-]{1,40}$/;

const isoDate = isoDateField("hh.error.date");

/** A real day of 1900–2100 (the app's one date reading, app/lib/form-values.ts). */
export const isRealDate = isRealIsoDate;

const optionalIsoDate = optionalIsoDateField("hh.error.date");

/** A whole number of VND as people type it, read by the app's one VND reader (app/lib/vnd.ts). */
export const vndAmount = (options: { allowZero: boolean }) =>
  z
    .string({ message: "hh.error.required" })
    .trim()
    .min(1, { message: "hh.error.required" })
    .transform((v, ctx) => {
      const parsed = parseVnd(v, MAX_VND);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.problem === "negative" ? "hh.error.negativeAmount" : "hh.error.amount" });
      return z.NEVER;
    })
    .refine((v) => options.allowZero || v > 0, { message: "hh.error.amountPositive" });

const optionalVnd = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const parsed = vndAmount({ allowZero: true }).safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "hh.error.amount" });
    return z.NEVER;
  });

const year = z
  .string({ message: "hh.error.year" })
  .trim()
  .refine((v) => /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= 2100, { message: "hh.error.year" })
  .transform(Number);

const memberCount = z
  .string({ message: "hh.error.required" })
  .trim()
  .refine((v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 30, { message: "hh.error.memberCount" })
  .transform(Number);

export const householdFormSchema = z
  .object({
    code: z
      .string({ message: "hh.error.required" })
      .trim()
      .min(1, { message: "hh.error.required" })
      .regex(HOUSEHOLD_CODE_PATTERN, { message: "hh.error.code" }),
    headName: freeText(120, "hh.error.tooLong", "hh.error.required")
      .min(2, { message: "hh.error.required" })
      .transform((v) => v.normalize("NFC").replace(/\s+/g, " ")),
    headSex: z.enum(headSexes, { message: "hh.error.sex" }),
    memberCount,
    ethnicityCode: z.string({ message: "hh.error.ethnicity" }).refine(isEthnicityCode, { message: "hh.error.ethnicity" }),
    communeId: z
      .string({ message: "hh.error.commune" })
      .trim()
      .refine((v) => /^\d{1,9}$/.test(v) && Number(v) > 0, { message: "hh.error.commune" })
      .transform(Number),
    village: freeText(120, "hh.error.tooLong")
      .optional()
      .transform((v) => (v ? v.normalize("NFC") : null)),
    joinedOn: isoDate,
    leftOn: optionalIsoDate,
    baselineYear: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        const parsed = year.safeParse(v);
        if (parsed.success) return parsed.data;
        ctx.addIssue({ code: "custom", message: "hh.error.year" });
        return z.NEVER;
      }),
    baselineIncomeVnd: optionalVnd,
  })
  .superRefine((h, ctx) => {
    if (h.leftOn && h.leftOn < h.joinedOn) ctx.addIssue({ code: "custom", path: ["leftOn"], message: "hh.error.leftBeforeJoined" });
    if ((h.baselineYear === null) !== (h.baselineIncomeVnd === null)) {
      ctx.addIssue({ code: "custom", path: [h.baselineYear === null ? "baselineYear" : "baselineIncomeVnd"], message: "hh.error.baselinePair" });
    }
  });
export type HouseholdInput = z.output<typeof householdFormSchema>;

export const statusFormSchema = z.object({
  year,
  status: z.enum(povertyStatuses, { message: "hh.error.status" }),
});

export const surveyFormSchema = z.object({
  year,
  incomePerPersonVnd: vndAmount({ allowZero: true }),
  memberCount,
  surveyedOn: isoDate,
});

export const supplyFormSchema = z
  .object({
    householdId: z.guid({ message: "hh.error.household" }),
    reference: z
      .string({ message: "hh.error.required" })
      .trim()
      .min(1, { message: "hh.error.required" })
      .regex(REFERENCE_PATTERN, { message: "hh.error.reference" }),
    /** "new": the delivery starts a raw lot; "existing": it adds to a raw lot already open. */
    mode: z.enum(["new", "existing"], { message: "hh.error.required" }),
    batchId: freeText(36, "hh.error.batch").optional(),
    productId: freeText(36, "hh.error.product").optional(),
    lotCode: freeText(20, "hh.error.lotCode").optional(),
    quantity: z
      .string({ message: "hh.error.quantity" })
      .trim()
      .transform((v) => v.replace(",", "."))
      .refine((v) => !v.startsWith("-"), { message: "hh.error.negativeQuantity" })
      .refine((v) => /^\d{1,9}(\.\d{1,3})?$/.test(v) && Number(v) > 0, { message: "hh.error.quantity" }),
    uom: z.enum(supplyUoms, { message: "hh.error.uom" }),
    suppliedOn: isoDate,
    pricePaidVnd: vndAmount({ allowZero: true }),
  })
  .superRefine((s, ctx) => {
    if (s.mode === "existing" && !z.guid().safeParse(s.batchId).success) {
      ctx.addIssue({ code: "custom", path: ["batchId"], message: "hh.error.batch" });
    }
    if (s.mode === "new") {
      if (!z.guid().safeParse(s.productId).success) ctx.addIssue({ code: "custom", path: ["productId"], message: "hh.error.product" });
      if (!s.lotCode || !/^[!"%-?A-Z_a-z]{1,20}$/.test(s.lotCode) || s.lotCode === "." || s.lotCode === "..") {
        ctx.addIssue({ code: "custom", path: ["lotCode"], message: "hh.error.lotCode" });
      }
    }
  });
export type SupplyInput = z.output<typeof supplyFormSchema>;

export const paymentFormSchema = z.object({
  householdId: z.guid({ message: "hh.error.household" }),
  reference: z
    .string({ message: "hh.error.required" })
    .trim()
    .min(1, { message: "hh.error.required" })
    .regex(REFERENCE_PATTERN, { message: "hh.error.reference" }),
  kind: z.enum(paymentKinds, { message: "hh.error.paymentKind" }),
  paidOn: isoDate,
  amountVnd: vndAmount({ allowZero: false }),
  note: freeText(200, "hh.error.tooLong")
    .optional()
    .transform((v) => (v ? v : null)),
});
export type PaymentInput = z.output<typeof paymentFormSchema>;
