import { BizStep, Disposition } from "./cbv";

/**
 * The steps a cooperative records from its workspace, each mapped to an EPCIS ObjectEvent
 * (action, bizStep, disposition) and the facts the form asks for. Pure: the form and the server share it.
 */
export const stepKinds = [
  "planting",
  "fertilising",
  "spraying",
  "harvesting",
  "processing",
  "inspecting",
  "packing",
  "storing",
  "shipping",
  "receiving",
] as const;
export type StepKind = (typeof stepKinds)[number];

export const detailFields = [
  "variety",
  "product",
  "dose",
  "method",
  "target",
  "preHarvestIntervalDays",
  "process",
  "equipment",
  "lab",
  "reportNumber",
  "standard",
  "result",
  "packaging",
  "conditions",
  "carrier",
  "destination",
  "source",
  "notes",
] as const;
export type DetailField = (typeof detailFields)[number];

interface StepDefinition {
  action: "ADD" | "OBSERVE";
  bizStep: string;
  disposition: string;
  fields: readonly DetailField[];
  /** Fields the step cannot be recorded without. */
  required: readonly DetailField[];
  quantityRequired: boolean;
}

export const steps: Record<StepKind, StepDefinition> = {
  planting: { action: "OBSERVE", bizStep: BizStep.planting, disposition: Disposition.inProgress, fields: ["variety", "method", "notes"], required: [], quantityRequired: false },
  fertilising: { action: "OBSERVE", bizStep: BizStep.fertilising, disposition: Disposition.inProgress, fields: ["product", "dose", "method", "notes"], required: ["product", "dose"], quantityRequired: false },
  spraying: { action: "OBSERVE", bizStep: BizStep.spraying, disposition: Disposition.inProgress, fields: ["product", "dose", "target", "preHarvestIntervalDays", "notes"], required: ["product", "dose", "preHarvestIntervalDays"], quantityRequired: false },
  harvesting: { action: "ADD", bizStep: BizStep.harvesting, disposition: Disposition.active, fields: ["method", "notes"], required: [], quantityRequired: true },
  processing: { action: "OBSERVE", bizStep: BizStep.processing, disposition: Disposition.inProgress, fields: ["process", "equipment", "notes"], required: ["process"], quantityRequired: false },
  inspecting: { action: "OBSERVE", bizStep: BizStep.inspecting, disposition: Disposition.conformant, fields: ["lab", "reportNumber", "standard", "result", "notes"], required: ["lab", "reportNumber", "result"], quantityRequired: false },
  packing: { action: "ADD", bizStep: BizStep.packing, disposition: Disposition.active, fields: ["packaging", "notes"], required: ["packaging"], quantityRequired: false },
  storing: { action: "OBSERVE", bizStep: BizStep.storing, disposition: Disposition.sellableAccessible, fields: ["conditions", "notes"], required: [], quantityRequired: false },
  shipping: { action: "OBSERVE", bizStep: BizStep.shipping, disposition: Disposition.inTransit, fields: ["carrier", "destination", "notes"], required: ["destination"], quantityRequired: false },
  receiving: { action: "OBSERVE", bizStep: BizStep.receiving, disposition: Disposition.active, fields: ["source", "notes"], required: [], quantityRequired: false },
};

const bizStepToKind = new Map<string, StepKind>(stepKinds.map((k) => [steps[k].bizStep, k]));

/** The step kind of a stored bizStep, for labels; commissioning (transformations) and others return null. */
export function stepKindOf(bizStep: string): StepKind | null {
  return bizStepToKind.get(bizStep) ?? null;
}

/** A lab result as the app records it ("pass"/"fail" from the form, "đạt"/"không đạt" in older data); null otherwise. */
export function labResultOf(value: unknown): "pass" | "fail" | null {
  if (typeof value !== "string") return null;
  const v = value.trim().toLowerCase().normalize("NFC");
  if (v === "pass" || v === "đạt" || v === "dat") return "pass";
  if (v === "fail" || v === "không đạt" || v === "khong dat") return "fail";
  return null;
}
