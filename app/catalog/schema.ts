import { z } from "zod";
import { freeText, optionalIntegerIdField, optionalIsoDateField } from "~/lib/form-values";
import { toGtin14 } from "./gtin";
import { defaultCertificateExpiry, starsForScore } from "./ocop";

/**
 * Form schemas shared by the browser and the server. Messages are translation keys
 * (app/lib/messages/workspace.ts), translated where they are shown.
 */

export const productCategories = [
  "tea",
  "rice",
  "fruit",
  "vegetables",
  "honey",
  "noodles",
  "herbal",
  "meat",
  "seafood",
  "handicraft",
  "other",
] as const;
export const ocopGroups = ["food", "beverage", "herbal", "handicraft", "ornamental", "tourism_service"] as const;
export const netUoms = ["g", "kg", "ml", "l"] as const;

/** A form field that may be left empty: "" becomes null. */
function optionalText(max: number) {
  return freeText(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : null));
}

function requiredText(min: number, max: number) {
  return freeText(max, "validation.tooLong", "validation.required")
    .min(1, { message: "validation.required" })
    .min(min, { message: "validation.tooShort" });
}

/** A real day of 1900–2100, or null when left empty (the app's one date reading, app/lib/form-values.ts). */
const optionalDate = optionalIsoDateField("validation.date");

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v): v is T[number] | null => v === null || (values as readonly string[]).includes(v), {
      message: "validation.choice",
    });

export const productFormSchema = z
  .object({
    nameVi: requiredText(2, 200),
    nameEn: optionalText(200),
    descriptionVi: optionalText(4000),
    descriptionEn: optionalText(4000),
    category: z.enum(productCategories, { message: "validation.choice" }),
    kind: z.enum(["finished", "raw_material"], { message: "validation.choice" }).default("finished"),
    ocopGroup: optionalEnum(ocopGroups),
    ocopStars: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || v === 3 || v === 4 || v === 5, { message: "validation.ocopStars" }),
    ocopScore: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{1,3}$/.test(v), { message: "validation.ocopScore" })
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || v <= 100, { message: "validation.ocopScore" }),
    ocopCertificateNumber: optionalText(60).refine((v) => v === null || /^[\p{L}\p{N}/._ -]+$/u.test(v), {
      message: "validation.certificateNumber",
    }),
    ocopIssuedOn: optionalDate,
    ocopExpiresOn: optionalDate,
    keyProductLevel: optionalEnum(["province", "commune"] as const),
    gtin: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.replace(/\s+/g, "") : null))
      .refine((v) => v === null || /^\d+$/.test(v), { message: "validation.gtinDigits" })
      .refine((v) => v === null || /^(\d{8}|\d{12,14})$/.test(v), { message: "validation.gtinLength" })
      .refine((v) => v === null || toGtin14(v) !== null, { message: "validation.gtinCheckDigit" })
      .transform((v) => (v === null ? null : toGtin14(v))),
    unitVi: requiredText(1, 30),
    unitEn: requiredText(1, 30),
    netQuantity: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.replace(",", ".") : null))
      .refine((v) => v === null || (/^\d{1,9}(\.\d{1,3})?$/.test(v) && Number(v) > 0), {
        message: "validation.positiveQuantity",
      }),
    netUom: optionalEnum(netUoms),
    priceVnd: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.replace(/[.\s]/g, "") : null))
      .refine((v) => v === null || /^\d{1,10}$/.test(v), { message: "validation.priceVnd" })
      .transform((v) => (v === null ? null : Number(v)))
      .refine((v) => v === null || v <= 1_000_000_000, { message: "validation.priceVnd" }),
  })
  .superRefine((p, ctx) => {
    const ocopFields = [p.ocopGroup, p.ocopStars, p.ocopCertificateNumber, p.ocopIssuedOn];
    const anyOcop = ocopFields.some((v) => v !== null) || p.ocopExpiresOn !== null || p.ocopScore !== null;
    if (anyOcop) {
      if (p.ocopGroup === null) ctx.addIssue({ code: "custom", path: ["ocopGroup"], message: "validation.ocopRequired" });
      if (p.ocopStars === null) ctx.addIssue({ code: "custom", path: ["ocopStars"], message: "validation.ocopRequired" });
      if (p.ocopCertificateNumber === null) {
        ctx.addIssue({ code: "custom", path: ["ocopCertificateNumber"], message: "validation.ocopRequired" });
      }
      if (p.ocopIssuedOn === null) ctx.addIssue({ code: "custom", path: ["ocopIssuedOn"], message: "validation.ocopRequired" });
    }
    if (p.ocopIssuedOn && p.ocopExpiresOn && p.ocopExpiresOn <= p.ocopIssuedOn) {
      ctx.addIssue({ code: "custom", path: ["ocopExpiresOn"], message: "validation.expiryAfterIssue" });
    }
    // Field refinements do not stop this one: a score the field refused (abc, 101, -1) is not compared.
    const score = p.ocopScore;
    const scoreValid = score !== null && Number.isInteger(score) && score >= 0 && score <= 100;
    if (scoreValid && p.ocopStars !== null && starsForScore(score) !== p.ocopStars) {
      ctx.addIssue({ code: "custom", path: ["ocopScore"], message: "validation.scoreMatchesStars" });
    }
    if (p.kind === "raw_material" && (anyOcop || p.priceVnd !== null)) {
      ctx.addIssue({ code: "custom", path: ["kind"], message: "validation.rawMaterialNotListed" });
    }
    if (p.netQuantity !== null && p.netUom === null) {
      ctx.addIssue({ code: "custom", path: ["netUom"], message: "validation.required" });
    }
  })
  .transform((p) => ({
    ...p,
    ocopExpiresOn: p.ocopIssuedOn ? (p.ocopExpiresOn ?? defaultCertificateExpiry(p.ocopIssuedOn)) : null,
  }));

export type ProductFormInput = z.input<typeof productFormSchema>;
export type ProductInput = z.output<typeof productFormSchema>;

/** GS1 AI (10) lot: 1–20 characters of the GS1 82-character set. */
export const LOT_CODE_PATTERN = /^[!"%-?A-Z_a-z]{1,20}$/;
export const batchUoms = ["KGM", "GRM", "TNE", "LTR", "MLT", "H87"] as const;

export const batchFormSchema = z
  .object({
    productId: z.guid({ message: "validation.choice" }),
    lotCode: z
      .string({ message: "validation.required" })
      .trim()
      .min(1, { message: "validation.required" })
      .max(20, { message: "validation.lotTooLong" })
      .regex(LOT_CODE_PATTERN, { message: "validation.lotCharacters" })
      // "." and ".." are removed from URL paths by every parser, so they cannot appear in a Digital Link.
      .refine((v) => v !== "." && v !== "..", { message: "validation.lotCharacters" }),
    quantity: z
      .string()
      .trim()
      .transform((v) => v.replace(",", "."))
      .refine((v) => /^\d{1,9}(\.\d{1,3})?$/.test(v) && Number(v) > 0, { message: "validation.positiveQuantity" }),
    uom: z.enum(batchUoms, { message: "validation.choice" }),
    producedOn: optionalDate.refine((v) => v !== null, { message: "validation.required" }),
    bestBefore: optionalDate,
    expiresOn: optionalDate,
    originCommuneId: optionalIntegerIdField("validation.choice"),
    farmPlot: optionalText(200),
  })
  .superRefine((b, ctx) => {
    if (b.producedOn && b.bestBefore && b.bestBefore < b.producedOn) {
      ctx.addIssue({ code: "custom", path: ["bestBefore"], message: "validation.afterProduction" });
    }
    if (b.producedOn && b.expiresOn && b.expiresOn < b.producedOn) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "validation.afterProduction" });
    }
  })
  .transform((b) => ({ ...b, producedOn: b.producedOn as string }));

export type BatchFormInput = z.input<typeof batchFormSchema>;
export type BatchInput = z.output<typeof batchFormSchema>;

