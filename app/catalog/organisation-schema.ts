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

/** Vietnamese banks' six-digit NAPAS BINs for the VietQR picker (a subset; any 6-digit BIN is accepted). */
export const commonBanks = [
  { bin: "970405", name: "Agribank" },
  { bin: "970418", name: "BIDV" },
  { bin: "970415", name: "VietinBank" },
  { bin: "970436", name: "Vietcombank" },
  { bin: "970422", name: "MB Bank" },
  { bin: "970407", name: "Techcombank" },
  { bin: "970432", name: "VPBank" },
  { bin: "970416", name: "ACB" },
  { bin: "970403", name: "Sacombank" },
  { bin: "970423", name: "TPBank" },
  { bin: "970441", name: "VIB" },
  { bin: "970443", name: "SHB" },
  { bin: "970448", name: "OCB" },
  { bin: "970437", name: "HDBank" },
  { bin: "970431", name: "Eximbank" },
  { bin: "970426", name: "MSB" },
  { bin: "970440", name: "SeABank" },
  { bin: "970454", name: "Viet Capital Bank" },
] as const;
