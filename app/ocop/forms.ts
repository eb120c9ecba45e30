/**
 * The two forms of an OCOP dossier (Decision 148/QĐ-TTg of 2023, annex forms): the product idea (phiếu đăng ký ý
 * tưởng sản phẩm) and the business plan (phương án / kế hoạch sản xuất kinh doanh). Pure and safe in the browser:
 * the same schema checks the form in the action and describes its fields to the page.
 */
import { z } from "zod";
import { freeText } from "~/lib/form-values";
import { parseVnd } from "~/lib/vnd";

export type FormFieldKind = "text" | "textarea" | "count" | "vnd";

export interface FormField {
  name: string;
  kind: FormFieldKind;
  required: boolean;
}

const requiredText = (max: number) => freeText(max).min(1, { message: "validation.required" });
const optionalText = (max: number) =>
  freeText(max)
    .optional()
    .transform((v) => (v ? v : null));

/** A whole number of people or units typed into a form ("12"), 0 … 100,000. */
const count = (required: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (required) ctx.addIssue({ code: "custom", message: "validation.required" });
        return null;
      }
      if (!/^\d{1,6}$/.test(v) || Number(v) > 100_000) {
        ctx.addIssue({ code: "custom", message: "ocopApp.v.count" });
        return null;
      }
      return Number(v);
    });

/** Integer VND as typed ("1.250.000.000" or "1250000000"); blank is "not given". */
const vnd = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const parsed = parseVnd(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: "ocopApp.v.vnd" });
      return null;
    }
    return parsed.value;
  });

export const productIdeaFields: readonly FormField[] = [
  { name: "productName", kind: "text", required: true },
  { name: "rawMaterials", kind: "textarea", required: true },
  { name: "rawMaterialSource", kind: "textarea", required: true },
  { name: "productionScale", kind: "text", required: true },
  { name: "targetMarket", kind: "textarea", required: true },
  { name: "distinctiveness", kind: "textarea", required: true },
];

export const productIdeaSchema = z.object({
  productName: requiredText(200),
  rawMaterials: requiredText(1000),
  rawMaterialSource: requiredText(1000),
  productionScale: requiredText(300),
  targetMarket: requiredText(1000),
  distinctiveness: requiredText(2000),
});
export type ProductIdea = z.output<typeof productIdeaSchema>;

export const businessPlanFields: readonly FormField[] = [
  { name: "members", kind: "count", required: true },
  { name: "workers", kind: "count", required: true },
  { name: "capacityPerYear", kind: "text", required: true },
  { name: "revenueLastYearVnd", kind: "vnd", required: false },
  { name: "salesChannels", kind: "textarea", required: true },
  { name: "investmentPlan", kind: "textarea", required: false },
  { name: "threeYearPlan", kind: "textarea", required: true },
];

export const businessPlanSchema = z.object({
  /** Members of the cooperative (or of the household business). */
  members: count(true),
  /** People working on the product, members or hired. */
  workers: count(true),
  capacityPerYear: requiredText(300),
  revenueLastYearVnd: vnd,
  salesChannels: requiredText(1000),
  investmentPlan: optionalText(2000),
  threeYearPlan: requiredText(2000),
});
export type BusinessPlan = z.output<typeof businessPlanSchema>;

export const dossierForms = {
  productIdea: { schema: productIdeaSchema, fields: productIdeaFields },
  businessPlan: { schema: businessPlanSchema, fields: businessPlanFields },
} as const;
export type DossierFormName = keyof typeof dossierForms;
export const dossierFormNames = Object.keys(dossierForms) as DossierFormName[];

/**
 * The stored form (jsonb, as saved) back as the strings the page shows in its inputs; unknown or non-scalar
 * values are left out.
 */
export function formValues(stored: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!stored || typeof stored !== "object") return out;
  for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
    if (typeof value === "string") out[key] = value;
    else if (typeof value === "number" && Number.isFinite(value)) out[key] = String(value);
  }
  return out;
}

/** Is the stored form complete: does it still parse with its schema (the schema may have grown since)? */
export function formComplete(name: DossierFormName, stored: unknown): boolean {
  return dossierForms[name].schema.safeParse(formValues(stored)).success;
}
