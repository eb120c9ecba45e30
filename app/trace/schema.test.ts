import { describe, expect, it } from "vitest";
import { messages } from "~/lib/i18n";
import { fieldErrors } from "~/lib/field-errors";
import {
  instantToVietnamLocal,
  processingFormFromFormData,
  processingFormSchema,
  stepFormSchema,
  vietnamLocalToInstant,
} from "./schema";
import { stepKinds, steps, stepKindOf } from "./steps";

describe("Vietnam local time", () => {
  it("reads datetime-local text as UTC+7", () => {
    expect(vietnamLocalToInstant("2026-11-20T06:30")?.toISOString()).toBe("2026-11-19T23:30:00.000Z");
    expect(instantToVietnamLocal(new Date("2026-11-19T23:30:00Z"))).toBe("2026-11-20T06:30");
  });
  it("rejects impossible times", () => {
    for (const bad of ["2026-02-30T10:00", "2026-11-20T24:00", "2026-11-20 06:30", "hôm qua", "", "2026-13-01T08:30", "9999-12-31T08:30", "1899-12-31T08:30"]) {
      expect(vietnamLocalToInstant(bad)).toBeNull();
    }
  });
});

describe("step form", () => {
  const errors = (input: Record<string, unknown>) => {
    const r = stepFormSchema.safeParse(input);
    return r.success ? {} : fieldErrors(r.error);
  };

  it("asks for what each step cannot do without", () => {
    expect(errors({ step: "spraying", eventTime: "2026-11-01T07:00" })).toEqual({
      product: "validation.required",
      dose: "validation.required",
      preHarvestIntervalDays: "validation.required",
    });
    expect(errors({ step: "harvesting", eventTime: "2026-11-01T07:00" })).toEqual({ quantity: "validation.required" });
    expect(errors({ step: "harvesting", eventTime: "2026-11-01T07:00", quantity: "120" })).toEqual({ uom: "validation.required" });
    expect(errors({ step: "inspecting", eventTime: "2026-11-01T07:00", lab: "QUATEST 1", reportNumber: "KQ-1", result: "maybe" })).toEqual({
      result: "validation.choice",
    });
  });

  it("rejects bad values with specific messages", () => {
    const base = { step: "spraying", eventTime: "2026-11-01T07:00", product: "Abamectin", dose: "10 ml/bình" };
    expect(errors({ ...base, preHarvestIntervalDays: "-3" })).toEqual({ preHarvestIntervalDays: "validation.days" });
    expect(errors({ ...base, preHarvestIntervalDays: "7", notes: "x".repeat(501) })).toEqual({ notes: "validation.tooLong" });
    expect(errors({ ...base, preHarvestIntervalDays: "7", eventTime: "yesterday" })).toEqual({ eventTime: "validation.dateTime" });
    expect(errors({ ...base, preHarvestIntervalDays: "7", step: "dancing" })).toMatchObject({ step: "validation.choice" });
    expect(errors({ ...base, preHarvestIntervalDays: "7", correctsEventId: "6f1c2b1e-8a4b-4c36-9b7e-2d7c1e0f9a11" })).toEqual({
      notes: "validation.correctionReason",
    });
  });

  it("refuses an unknown step kind, a commune id that is not an id and an impossible time, without throwing", () => {
    const base = { step: "harvesting", eventTime: "2026-11-01T07:00", quantity: "120", uom: "KGM" };
    expect(errors({ ...base, step: "abc" })).toEqual({ step: "validation.choice" });
    expect(errors({ ...base, step: "" })).toEqual({ step: "validation.choice" });
    for (const id of ["1e23", "-1", "NaN", "99999999999999999999"]) {
      expect(errors({ ...base, communeId: id }), id).toEqual({ communeId: "validation.choice" });
    }
    expect(errors({ ...base, eventTime: "9999-12-31T08:30" })).toEqual({ eventTime: "validation.dateTime" });
  });

  it("has a label for every step and every fact it asks for", () => {
    for (const kind of stepKinds) {
      expect(messages.vi).toHaveProperty([`step.${kind}`]);
      for (const field of steps[kind].fields) expect(messages.en).toHaveProperty([`detail.${field}`]);
      expect(stepKindOf(steps[kind].bizStep)).toBe(kind);
    }
    expect(stepKindOf("commissioning")).toBeNull();
  });
});

describe("processing form", () => {
  it("reads the parallel input fields and ignores empty rows", () => {
    const data = new FormData();
    data.set("eventTime", "2026-11-02T08:00");
    data.set("process", "sao, vò");
    for (const [id, q] of [["6f1c2b1e-8a4b-4c36-9b7e-2d7c1e0f9a11", "12,5"], ["", ""]]) {
      data.append("inputBatchId", id!);
      data.append("inputQuantity", q!);
    }
    const parsed = processingFormSchema.parse(processingFormFromFormData(data));
    expect(parsed.inputs).toEqual([{ batchId: "6f1c2b1e-8a4b-4c36-9b7e-2d7c1e0f9a11", quantity: "12.5" }]);
  });

  it("needs at least one input and a quantity on each chosen lot", () => {
    const r = processingFormSchema.safeParse({ eventTime: "2026-11-02T08:00", process: "sao", inputs: [{ batchId: "", quantity: "" }] });
    expect(r.success ? {} : fieldErrors(r.error)).toEqual({ inputs: "validation.needInputs" });
    const r2 = processingFormSchema.safeParse({
      eventTime: "2026-11-02T08:00",
      process: "",
      inputs: [{ batchId: "6f1c2b1e-8a4b-4c36-9b7e-2d7c1e0f9a11", quantity: "-1" }, { batchId: "nope", quantity: "3" }],
    });
    expect(r2.success ? {} : fieldErrors(r2.error)).toEqual({
      process: "validation.required",
      "inputs.0.quantity": "validation.positiveQuantity",
      "inputs.1.batchId": "validation.choice",
    });
  });

  it("caps the number of input rows", () => {
    const data = new FormData();
    for (let i = 0; i < 20; i++) data.append("inputBatchId", "");
    expect((processingFormFromFormData(data).inputs as unknown[]).length).toBe(9);
    expect(processingFormSchema.safeParse(processingFormFromFormData(data)).success).toBe(false);
  });
});
