import { z } from "zod";
import { freeText } from "~/lib/form-values";
import { isValidGln } from "./gtin";

/** The organisation profile form, shared by browser and server; messages are translation keys. */
export const organisationKinds = ["cooperative", "cooperative_group", "enterprise", "household_business"] as const;

const optionalText = (max: number) =>
  freeText(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : null));

export const organisationProfileSchema = z
  .object({
    name: freeText(200, "validation.tooLong", "validation.required").min(2, { message: "validation.required" }),
    nameEn: optionalText(200),
    kind: z.enum(organisationKinds, { message: "validation.choice" }),
    communeId: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), { message: "validation.choice" }),
    address: optionalText(300),
    phone: optionalText(20).refine((v) => v === null || /^\+?[0-9 .()-]{8,20}$/.test(v), { message: "validation.phone" }),
    email: optionalText(200).refine((v) => v === null || z.email().safeParse(v).success, { message: "validation.email" }),
    website: optionalText(300).refine((v) => v === null || /^https?:\/\/[^\s<>"]+\.[^\s<>"]+$/i.test(v), { message: "validation.website" }),
    gln: optionalText(13)
      .refine((v) => v === null || /^\d{13}$/.test(v), { message: "validation.gln" })
      .refine((v) => v === null || !/^\d{13}$/.test(v) || isValidGln(v), { message: "validation.glnCheckDigit" }),
    descriptionVi: optionalText(4000),
    descriptionEn: optionalText(4000),
    foundedYear: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v >= 1945 && v <= 2100), { message: "validation.year" }),
    memberCount: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 100000), { message: "validation.memberCount" }),
    bankBin: optionalText(6).refine((v) => v === null || /^\d{6}$/.test(v), { message: "validation.bankBin" }),
    bankAccountNumber: optionalText(19).refine((v) => v === null || /^\d{6,19}$/.test(v), { message: "validation.bankAccount" }),
    bankAccountName: optionalText(100).refine((v) => v === null || /^[A-Z0-9 .]+$/.test(v), { message: "validation.bankAccountName" }),
  })
  .superRefine((o, ctx) => {
    const bank = [o.bankBin, o.bankAccountNumber, o.bankAccountName];
    if (bank.some((v) => v !== null) && bank.some((v) => v === null)) {
      for (const [key, value] of [["bankBin", o.bankBin], ["bankAccountNumber", o.bankAccountNumber], ["bankAccountName", o.bankAccountName]] as const) {
        if (value === null) ctx.addIssue({ code: "custom", path: [key], message: "validation.bankComplete" });
      }
    }
  });

export type OrganisationProfileInput = z.output<typeof organisationProfileSchema>;

// The bank list lives in ./banks.ts (the profile picker, the payment page and the mails read it).
export { commonBanks } from "./banks";
