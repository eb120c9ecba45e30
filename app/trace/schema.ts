import { z } from "zod";
import { batchUoms } from "~/catalog/schema";
import { freeText, MAX_YEAR, MIN_YEAR, optionalIntegerIdField } from "~/lib/form-values";
import { fromVietnamLocal, VIETNAM_OFFSET_MS } from "~/lib/vietnam-time";
import { detailFields, stepKinds, steps, type DetailField } from "./steps";

/**
 * The "record a step" and "record processing" forms, shared by browser and server. Times are typed
 * in Vietnam's local time (datetime-local) and stored as UTC instants with offset +07:00.
 */

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** "2026-11-20T06:30" (what datetime-local sends, to the minute) in Vietnam → the UTC instant. */
export function vietnamLocalToInstant(value: string): Date | null {
  if (!localDateTime.test(value)) return null;
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR ? fromVietnamLocal(value) : null;
}

/** The instant as datetime-local text in Vietnam, for a form's default value. */
export function instantToVietnamLocal(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}

const optionalDetail = freeText(500, "validation.tooLong")
  .optional()
  .transform((v) => (v ? v : null));

const localEventTime = z
  .string({ message: "validation.required" })
  .trim()
  .min(1, { message: "validation.required" })
  .refine((v) => vietnamLocalToInstant(v) !== null, { message: "validation.dateTime" })
  .transform((v) => vietnamLocalToInstant(v) as Date);

const detailShape = Object.fromEntries(detailFields.map((f) => [f, optionalDetail])) as Record<
  DetailField,
  typeof optionalDetail
>;

export const stepFormSchema = z
  .object({
    step: z.enum(stepKinds, { message: "validation.choice" }),
    eventTime: localEventTime,
    communeId: optionalIntegerIdField("validation.choice"),
    locationName: optionalDetail,
    quantity: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.replace(",", ".") : null))
      .refine((v) => v === null || (/^\d{1,9}(\.\d{1,3})?$/.test(v) && Number(v) > 0), {
        message: "validation.positiveQuantity",
      }),
    uom: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || (batchUoms as readonly string[]).includes(v), { message: "validation.choice" }),
    correctsEventId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || z.guid().safeParse(v).success, { message: "validation.choice" }),
    ...detailShape,
  })
  .superRefine((f, ctx) => {
    const def = steps[f.step];
    for (const field of def.required) {
      if (f[field] === null) ctx.addIssue({ code: "custom", path: [field], message: "validation.required" });
    }
    if (def.quantityRequired && f.quantity === null) {
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "validation.required" });
    }
    if (f.quantity !== null && f.uom === null) ctx.addIssue({ code: "custom", path: ["uom"], message: "validation.required" });
    if (f.preHarvestIntervalDays !== null) {
      const days = Number(f.preHarvestIntervalDays);
      if (!/^\d{1,3}$/.test(f.preHarvestIntervalDays) || days > 365) {
        ctx.addIssue({ code: "custom", path: ["preHarvestIntervalDays"], message: "validation.days" });
      }
    }
    if (f.result !== null && f.result !== "pass" && f.result !== "fail") {
      ctx.addIssue({ code: "custom", path: ["result"], message: "validation.choice" });
    }
    if (f.correctsEventId !== null && f.notes === null) {
      ctx.addIssue({ code: "custom", path: ["notes"], message: "validation.correctionReason" });
    }
  });

export type StepFormInput = z.input<typeof stepFormSchema>;
export type StepForm = z.output<typeof stepFormSchema>;

export const MAX_PROCESSING_INPUTS = 8;

/** Processing: up to eight input lots with the quantity taken from each, into this (output) lot. */
export const processingFormSchema = z
  .object({
    eventTime: localEventTime,
    process: optionalDetail.refine((v) => v !== null, { message: "validation.required" }),
    equipment: optionalDetail,
    notes: optionalDetail,
    inputs: z
      .array(
        z.object({
          batchId: z.string().transform((v) => (v ? v : null)),
          quantity: z
            .string()
            .trim()
            .transform((v) => (v ? v.replace(",", ".") : null)),
        }),
      )
      .max(MAX_PROCESSING_INPUTS),
  })
  .superRefine((f, ctx) => {
    let used = 0;
    f.inputs.forEach((row, index) => {
      if (row.batchId === null && row.quantity === null) return;
      used++;
      if (row.batchId === null || !z.guid().safeParse(row.batchId).success) {
        ctx.addIssue({ code: "custom", path: ["inputs", index, "batchId"], message: "validation.choice" });
      }
      if (row.quantity === null || !/^\d{1,9}(\.\d{1,3})?$/.test(row.quantity) || Number(row.quantity) <= 0) {
        ctx.addIssue({ code: "custom", path: ["inputs", index, "quantity"], message: "validation.positiveQuantity" });
      }
    });
    if (used === 0) ctx.addIssue({ code: "custom", path: ["inputs"], message: "validation.needInputs" });
  })
  .transform((f) => ({
    ...f,
    inputs: f.inputs
      .filter((r) => r.batchId !== null || r.quantity !== null)
      .map((r) => ({ batchId: r.batchId as string, quantity: r.quantity as string })),
  }));

export type ProcessingForm = z.output<typeof processingFormSchema>;

/** Reads the processing form's parallel `inputBatchId` / `inputQuantity` fields into rows. */
export function processingFormFromFormData(data: FormData): Record<string, unknown> {
  const ids = data.getAll("inputBatchId").map(String);
  const quantities = data.getAll("inputQuantity").map(String);
  const rows = Array.from({ length: Math.min(Math.max(ids.length, quantities.length), MAX_PROCESSING_INPUTS + 1) }, (_, i) => ({
    batchId: ids[i] ?? "",
    quantity: quantities[i] ?? "",
  }));
  return {
    eventTime: String(data.get("eventTime") ?? ""),
    process: String(data.get("process") ?? ""),
    equipment: String(data.get("equipment") ?? ""),
    notes: String(data.get("notes") ?? ""),
    inputs: rows,
  };
}
