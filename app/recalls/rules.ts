/**
 * The recall's rules as pure functions and the zod schemas of its forms (safe in the browser too): who may open a
 * recall of a lot, what a severity does to the lots, how a recall is numbered, which sub-order steps a hold stops.
 */
import { z } from "zod";
import { freeText } from "~/lib/form-values";

export const recallReasons = ["contamination", "lab_result", "mislabelling", "foreign_body", "quality", "other"] as const;
export type RecallReason = (typeof recallReasons)[number];

export const recallSeverities = ["serious", "moderate", "minor"] as const;
export type RecallSeverity = (typeof recallSeverities)[number];

export type RecallStatus = "draft" | "confirmed" | "closed";

/** A serious or possible health risk recalls the lots; a minor one withdraws them from sale. */
export function lotStatusFor(severity: RecallSeverity): "recalled" | "withdrawn" {
  return severity === "minor" ? "withdrawn" : "recalled";
}

/** The CBV 2.0 disposition the lots' chains record when the recall is confirmed. */
export function dispositionFor(severity: RecallSeverity): "recalled" | "non_sellable_other" {
  return lotStatusFor(severity) === "recalled" ? "recalled" : "non_sellable_other";
}

/** "TH-2026-0007": the seventh recall opened in 2026 (the year in Vietnam). */
export function recallNumber(year: number, sequence: number): string {
  return `TH-${String(year).padStart(4, "0")}-${String(sequence).padStart(4, "0")}`;
}

export const recallNumberSchema = z.string().regex(/^TH-\d{4}-\d{4,}$/);

/** Who is opening: a cooperative's manager (for its own lots) or a department officer (for any lot). */
export type RecallOpener = { kind: "cooperative"; organisationId: string; role: "cooperative_manager" | "cooperative_staff" } | { kind: "department"; organisationId: string };

export type OpenRefusalReason = "forbidden" | "lot_not_found";

/** Whether this opener may open a recall of a lot of `lotOrganisationId`. */
export function mayOpenRecall(opener: RecallOpener, lotOrganisationId: string): { ok: true } | { ok: false; reason: OpenRefusalReason } {
  if (opener.kind === "department") return { ok: true };
  // Another cooperative's lot reads as unknown: its existence is not confirmed.
  if (opener.organisationId !== lotOrganisationId) return { ok: false, reason: "lot_not_found" };
  if (opener.role !== "cooperative_manager") return { ok: false, reason: "forbidden" };
  return { ok: true };
}

/**
 * A lot already in an open recall (draft or confirmed, as a root or in its frozen scope) joins that recall instead of
 * opening another: the open recall that holds it, the oldest if several do.
 */
export function recallToJoin<R extends { id: string; status: RecallStatus; openedAt: Date }>(openRecallsOfLot: readonly R[]): R | null {
  const open = openRecallsOfLot.filter((r) => r.status !== "closed").sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  return open[0] ?? null;
}

/** Fulfilment steps a recall's hold stops until the cooperative decides; cancelling stays open. */
export const heldSteps: ReadonlySet<string> = new Set(["accept", "pack", "ship"]);

/** Sub-order statuses not yet shipped: such sub-orders are held when the recall is confirmed. */
export const holdableSubOrderStatuses = ["pending", "confirmed", "packed"] as const;

const text = (min: number, max: number) =>
  freeText(max, "validation.tooLong", "validation.required").min(1, { error: "validation.required" }).min(min, { error: "validation.tooShort" });

/** The form that opens a recall from a lot's page. */
export const openRecallFormSchema = z.object({
  reason: z.enum(recallReasons, { error: "validation.choice" }),
  severity: z.enum(recallSeverities, { error: "validation.choice" }),
  details: freeText(2000)
    .optional()
    .transform((v) => (v ? v : null)),
  messageVi: text(10, 1000),
  messageEn: text(10, 1000),
});
export type OpenRecallForm = z.output<typeof openRecallFormSchema>;

/** Units of a lot in scope that came back or were destroyed. */
export const dispositionFormSchema = z.object({
  batchId: z.guid({ error: "validation.choice" }).transform((v) => v.toLowerCase()),
  kind: z.enum(["returned", "destroyed"], { error: "validation.choice" }),
  units: z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^\d{1,7}$/, { error: "recall.v.units" })
    .transform(Number)
    .refine((n) => n > 0, { error: "recall.v.units" }),
  note: freeText(500)
    .optional()
    .transform((v) => (v ? v : null)),
});
export type DispositionForm = z.output<typeof dispositionFormSchema>;

/** Closing: what was done, in the words of whoever closes it (it goes into the report). */
export const closeRecallFormSchema = z.object({ summary: text(10, 4000) });

/** Units sold vs units accounted for (returned or destroyed), for the register and the report. */
export interface RecallTally {
  unitsSold: number;
  unitsReturned: number;
  unitsDestroyed: number;
}

/** Share of the units sold that came back or were destroyed, in whole percent (null when nothing was sold). */
export function accountedPercent(t: RecallTally): number | null {
  if (t.unitsSold <= 0) return null;
  return Math.min(100, Math.round(((t.unitsReturned + t.unitsDestroyed) * 100) / t.unitsSold));
}

/** Minutes from opening to confirmation (null while a draft). */
export function minutesToConfirm(openedAt: Date, confirmedAt: Date | null): number | null {
  if (!confirmedAt) return null;
  return Math.max(0, Math.round((confirmedAt.getTime() - openedAt.getTime()) / 60_000));
}
