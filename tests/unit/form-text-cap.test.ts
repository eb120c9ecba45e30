import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { batchFormSchema, productFormSchema } from "~/catalog/schema";
import { organisationProfileSchema } from "~/catalog/organisation-schema";
import { importCommitSchema, importPreviewSchema } from "~/households/import-columns";
import { householdFormSchema, paymentFormSchema, statusFormSchema, supplyFormSchema, surveyFormSchema } from "~/households/schema";
import {
  acceptInvitationSchema,
  approveOrganisationSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  inviteStaffSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
} from "~/identity/schema";
import { FREE_TEXT_MAX } from "~/lib/form-values";
import { cartIntentSchema, checkoutSchema } from "~/market/checkout-schema";
import { transferFormSchema } from "~/market/fulfilment.server";
import { fulfilmentFormSchema, orderLookupSchema, refundFormSchema } from "~/market/fulfilment-schema";
import { batchStockFormSchema, cashHoldSchema, listingFormSchema, listingStatusSchema } from "~/market/listings-schema";
import { apiKeyFormSchema } from "~/trace/api-keys.server";
import { processingFormSchema, stepFormSchema } from "~/trace/schema";

/**
 * Every field of every form schema that takes free text has a length cap no longer than FREE_TEXT_MAX: a field
 * that accepts a short text must refuse one character past the cap (issue #13 §9, "100 KB pasted into a name").
 */
const forms: Record<string, z.ZodType> = {
  productFormSchema,
  batchFormSchema,
  organisationProfileSchema,
  importPreviewSchema,
  importCommitSchema,
  householdFormSchema,
  paymentFormSchema,
  statusFormSchema,
  supplyFormSchema,
  surveyFormSchema,
  acceptInvitationSchema,
  approveOrganisationSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  inviteStaffSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
  cartIntentSchema,
  checkoutSchema,
  transferFormSchema,
  fulfilmentFormSchema,
  orderLookupSchema,
  refundFormSchema,
  batchStockFormSchema,
  cashHoldSchema,
  listingFormSchema,
  listingStatusSchema,
  apiKeyFormSchema,
  processingFormSchema,
  stepFormSchema,
};

type Def = { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[]; in?: z.ZodType; out?: z.ZodType; schema?: z.ZodType };

/** The field schemas of a form schema: an object's shape, a union's options', a pipe's input's (a preprocess's output's). */
function fieldsOf(schema: z.ZodType): [string, z.ZodType][] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type === "object") return Object.entries(def.shape!);
  if (def.type === "union") return def.options!.flatMap(fieldsOf);
  if (def.type === "pipe") {
    // z.preprocess(fn, schema) is a pipe from a transform to the schema that holds the fields.
    const inner = (def.in as unknown as { _zod: { def: Def } })._zod.def;
    return fieldsOf(inner.type === "transform" ? def.out! : def.in!);
  }
  throw new Error(`not a form schema: ${def.type}`);
}

describe("the free-text cap in every form schema", () => {
  it("knows the fields of every form", () => {
    for (const [name, schema] of Object.entries(forms)) expect(fieldsOf(schema).length, name).toBeGreaterThan(0);
  });

  for (const [name, schema] of Object.entries(forms)) {
    it(`${name}: every field that takes free text refuses text past the cap`, () => {
      const uncapped: string[] = [];
      for (const [field, fieldSchema] of fieldsOf(schema)) {
        // A field keeps text when what it parses still holds the text (an enum that falls back to nothing does not).
        const keeps = (text: string) => {
          const parsed = fieldSchema.safeParse(text);
          return parsed.success && JSON.stringify(parsed.data ?? null).includes(text);
        };
        if (!["Chè Tân Cương", "Fuzz text 12"].some(keeps)) continue;
        if (keeps("x".repeat(FREE_TEXT_MAX + 1))) uncapped.push(field);
      }
      expect(uncapped).toEqual([]);
    });
  }
});
