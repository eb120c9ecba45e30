/**
 * Zod schemas of the support ledger's forms, shared by the forms, the commands and the import (one rule for a
 * value however it arrives). Messages are keys of app/lib/messages/support.ts. Safe on both sides.
 */
import { z } from "zod";
import { isoDateField } from "~/lib/form-values";
import { MAX_VND, parseVnd } from "~/lib/vnd";

export const supportProgrammes = ["new_rural", "poverty_reduction", "ethnic_minority", "provincial_fund"] as const;
export const supportKinds = ["cash", "seedlings_livestock", "machinery", "inputs", "training", "value_chain", "infrastructure"] as const;
export const supportBeneficiaries = ["cooperative", "households"] as const;
export type SupportProgramme = (typeof supportProgrammes)[number];
export type SupportKind = (typeof supportKinds)[number];
export type SupportBeneficiary = (typeof supportBeneficiaries)[number];

/** A household code as cooperatives write them (app/households/schema.ts). */
const HOUSEHOLD_CODE = /^[A-Za-z0-9._-]{1,20}$/;
/** Household codes per entry: a commune's list fits, a typo of a whole register does not. */
export const MAX_HOUSEHOLDS_PER_ENTRY = 500;

const vnd = (allowZero: boolean) =>
  z
    .string({ message: "sup.error.value" })
    .trim()
    .min(1, { message: "sup.error.value" })
    .transform((v, ctx) => {
      const parsed = parseVnd(v, MAX_VND);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: "sup.error.value" });
      return z.NEVER;
    })
    .refine((v) => allowZero || v > 0, { message: "sup.error.valuePositive" });

/** A checkbox: sent as "on" when ticked, absent when not. */
const checkbox = z
  .enum(["on", "true", "1", ""], { message: "sup.error.invalid" })
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");

/** "HD01, HD02; HD03" or one per line → distinct codes, in the order given. */
export const householdCodesField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const codes = [...new Set((v ?? "").split(/[\s,;]+/).filter((c) => c.length > 0))];
    if (codes.some((c) => !HOUSEHOLD_CODE.test(c))) {
      ctx.addIssue({ code: "custom", message: "sup.error.householdCode" });
      return z.NEVER;
    }
    if (codes.length > MAX_HOUSEHOLDS_PER_ENTRY) {
      ctx.addIssue({ code: "custom", message: "sup.error.tooManyHouseholds" });
      return z.NEVER;
    }
    return codes;
  });

const entryFields = {
  programme: z.enum(supportProgrammes, { message: "sup.error.programme" }),
  project: z.string({ message: "sup.error.project" }).trim().min(1, { message: "sup.error.project" }).max(200, { message: "sup.error.project" }),
  kind: z.enum(supportKinds, { message: "sup.error.kind" }),
  givenOn: isoDateField("sup.error.date"),
  note: z
    .string()
    .trim()
    .max(1000, { message: "sup.error.note" })
    .optional()
    .transform((v) => (v ? v : null)),
};

/** A new entry: where, to whom, what. */
export const supportEntrySchema = z
  .object({
    ...entryFields,
    valueVnd: vnd(false),
    communeId: z.coerce.number({ message: "sup.error.commune" }).int({ message: "sup.error.commune" }).positive({ message: "sup.error.commune" }),
    beneficiary: z.enum(supportBeneficiaries, { message: "sup.error.beneficiary" }),
    organisationId: z.string({ message: "sup.error.cooperative" }).uuid({ message: "sup.error.cooperative" }),
    householdCodes: householdCodesField,
    revolving: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.beneficiary === "households" && v.householdCodes.length === 0) {
      ctx.addIssue({ code: "custom", path: ["householdCodes"], message: "sup.error.householdsRequired" });
    }
    if (v.beneficiary === "cooperative" && v.householdCodes.length > 0) {
      ctx.addIssue({ code: "custom", path: ["householdCodes"], message: "sup.error.householdsForCooperative" });
    }
  });
export type SupportEntryInput = z.output<typeof supportEntrySchema>;

/**
 * A correction: the fields that can be wrong, and why. Where it went and to whom stays the corrected entry's
 * (a different beneficiary is a withdrawal — value 0 — and a new entry).
 */
export const supportCorrectionSchema = z.object({
  ...entryFields,
  correctsId: z.string({ message: "sup.error.entry" }).uuid({ message: "sup.error.entry" }),
  valueVnd: vnd(true),
  reason: z.string({ message: "sup.error.reason" }).trim().min(3, { message: "sup.error.reason" }).max(500, { message: "sup.error.reason" }),
});
export type SupportCorrectionInput = z.output<typeof supportCorrectionSchema>;

export const supportRepaymentSchema = z.object({
  entryId: z.string({ message: "sup.error.entry" }).uuid({ message: "sup.error.entry" }),
  amountVnd: vnd(false),
  paidOn: isoDateField("sup.error.date"),
  note: entryFields.note,
});
export type SupportRepaymentInput = z.output<typeof supportRepaymentSchema>;

/** The public pages' filters: every value is checked, anything else falls back to the default. */
export const transparencyFilterSchema = z.object({
  province: z.string().regex(/^[0-9]{2}$/).optional().catch(undefined),
  commune: z.coerce.number().int().positive().optional().catch(undefined),
  programme: z.enum(supportProgrammes).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});
export type TransparencyFilters = z.output<typeof transparencyFilterSchema>;
