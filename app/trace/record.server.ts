import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, batchInputs, products, traceAttachments, type TraceEvent } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import type { Refusal } from "~/lib/result";
import { transact, type Actor, type Tx } from "~/lib/transact.server";
import { appendTraceEvent, recordTransformation, type TraceRejection } from "./events.server";
import { processingFormSchema, stepFormSchema } from "./schema";
import { steps } from "./steps";

/** A refused step: the messages to show by the fields (or "_form"). */
export type StepRefusal = Refusal<"invalid_input"> & { fieldErrors: Record<string, string> };
export type RecordResult = { ok: true; event: TraceEvent } | StepRefusal;

function refused(fieldErrors: Record<string, string>): StepRefusal {
  return { ok: false, reason: "invalid_input", fieldErrors };
}

// A few minutes of clock difference between a phone and the server is not "the future".
const CLOCK_SKEW_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);

function checkTime(eventTime: Date, now: Date): string | null {
  if (eventTime.getTime() > now.getTime() + CLOCK_SKEW_MS) return "validation.notInFuture";
  if (eventTime.getTime() < EARLIEST) return "validation.dateTime";
  return null;
}

/** Turns the trace domain's rejections into a message next to the field they are about. */
function rejectionToFields(rejection: TraceRejection, inputIndexOf?: (batchId: string) => number): Record<string, string> {
  const at = (field: "quantity" | "batchId") => {
    const index = rejection.batchId && inputIndexOf ? inputIndexOf(rejection.batchId) : -1;
    return index >= 0 ? { [`inputs.${index}.${field}`]: `trace.rejection.${rejection.reason}` } : null;
  };
  switch (rejection.reason) {
    case "insufficient_quantity":
    case "uom_mismatch":
      return at("quantity") ?? { inputs: `trace.rejection.${rejection.reason}` };
    case "input_is_output":
    case "duplicate_input":
    case "input_not_found":
    case "input_of_another_organisation":
    case "input_unavailable":
    case "lineage_cycle":
      return at("batchId") ?? { inputs: `trace.rejection.${rejection.reason}` };
    case "corrected_event_not_found":
      return { correctsEventId: "validation.choice" };
    case "commune_not_found":
      return { communeId: "validation.choice" };
    default:
      return { _form: `trace.rejection.${rejection.reason}` };
  }
}

/** Records one workspace step on a lot of the organisation, chained onto the lot's record. */
export interface EventAttachment {
  /** Content address of the stored file: its SHA-256, so the chain also protects the file itself. */
  key: string;
  contentType: string;
  size: number;
  name: string;
}

/** The audit entry of a recorded step: which lot, where in its chain, and the hash that seals it. */
async function auditEvent(tx: Tx, organisationId: string, action: "record_step" | "record_processing", event: TraceEvent) {
  await tx.audit({
    organisationId,
    entityType: "trace_event",
    entityId: event.id,
    action,
    after: { batchId: event.batchId, sequence: event.sequence, bizStep: event.bizStep, hash: event.hash },
  });
}

export async function recordStep(
  db: Database,
  actor: Actor,
  args: {
    organisationId: string;
    batchId: string;
    form: unknown;
    now: Date;
    attachment?: EventAttachment | null;
    /**
     * Whether anyone may read the attached file (the origin page links it, the public EPCIS export carries its
     * URL). Not part of the hashed details: it lives in trace_attachments. Private unless the cooperative says so.
     */
    attachmentPublic?: boolean;
  },
): Promise<RecordResult> {
  const parsed = parseInput(stepFormSchema, args.form);
  if (!parsed.ok) return refused(parsed.fieldErrors ?? {});
  const f = parsed.input;
  const timeProblem = checkTime(f.eventTime, args.now);
  if (timeProblem) return refused({ eventTime: timeProblem });

  const def = steps[f.step];
  const details: Record<string, unknown> = {};
  for (const field of def.fields) {
    const value = f[field];
    if (value === null) continue;
    details[field] = field === "preHarvestIntervalDays" ? Number(value) : value;
  }
  if (args.attachment) details.attachment = { ...args.attachment };
  const disposition = f.step === "inspecting" && f.result === "fail" ? "non_conformant" : def.disposition;

  const outcome = await transact(db, actor, async (tx): Promise<RecordResult> => {
    const result = await appendTraceEvent(tx.db, {
      organisationId: args.organisationId,
      batchId: args.batchId,
      eventType: "ObjectEvent",
      action: def.action,
      bizStep: def.bizStep,
      disposition,
      eventTime: f.eventTime,
      communeId: f.communeId,
      locationName: f.locationName,
      quantity: f.quantity,
      uom: f.quantity === null ? null : f.uom,
      details,
      correctsEventId: f.correctsEventId,
      recordedBy: actor.userId,
    });
    if (!result.ok) {
      if (result.reason === "batch_not_found" || result.reason === "batch_of_another_organisation") {
        return refused({ _form: "trace.rejection.batch_not_found" });
      }
      return refused(rejectionToFields(result));
    }
    if (args.attachment) {
      await tx.db.insert(traceAttachments).values({
        eventId: result.event.id,
        organisationId: args.organisationId,
        storageKey: args.attachment.key,
        public: args.attachmentPublic === true,
      });
    }
    await auditEvent(tx, args.organisationId, "record_step", result.event);
    return result;
  });
  return outcome as RecordResult;
}

/** Processing: input lots of the organisation are consumed into this output lot (lineage). */
export async function recordProcessing(
  db: Database,
  actor: Actor,
  args: { organisationId: string; outputBatchId: string; form: unknown; now: Date },
): Promise<RecordResult> {
  const parsed = parseInput(processingFormSchema, args.form);
  if (!parsed.ok) return refused(parsed.fieldErrors ?? {});
  const f = parsed.input;
  const timeProblem = checkTime(f.eventTime, args.now);
  if (timeProblem) return refused({ eventTime: timeProblem });

  const outcome = await transact(db, actor, async (tx): Promise<RecordResult> => {
    const [output] = await tx.db
      .select({ id: batches.id, quantity: batches.quantity, uom: batches.uom })
      .from(batches)
      .where(and(eq(batches.id, args.outputBatchId), eq(batches.organisationId, args.organisationId)));
    if (!output) return refused({ _form: "trace.rejection.batch_not_found" });

    // Each input is measured in its own lot's unit.
    const ids = f.inputs.map((i) => i.batchId);
    const inputLots = ids.length
      ? await tx.db
          .select({ id: batches.id, uom: batches.uom })
          .from(batches)
          .where(sql`${batches.id} in ${ids}`)
      : [];
    const uomOf = new Map(inputLots.map((b) => [b.id, b.uom]));
    const unknownIndex = f.inputs.findIndex((i) => !uomOf.has(i.batchId));
    if (unknownIndex >= 0) {
      return refused({ [`inputs.${unknownIndex}.batchId`]: "trace.rejection.input_not_found" });
    }

    const details: Record<string, unknown> = { process: f.process };
    if (f.equipment) details.equipment = f.equipment;
    if (f.notes) details.notes = f.notes;
    const result = await recordTransformation(tx.db, {
      organisationId: args.organisationId,
      outputBatchId: output.id,
      inputs: f.inputs.map((i) => ({ batchId: i.batchId, quantity: i.quantity, uom: uomOf.get(i.batchId)! })),
      event: {
        bizStep: "commissioning",
        disposition: "active",
        eventTime: f.eventTime,
        quantity: output.quantity,
        uom: output.uom,
        details,
        recordedBy: actor.userId,
      },
    });
    if (!result.ok) return refused(rejectionToFields(result, (id) => f.inputs.findIndex((i) => i.batchId === id)));
    await auditEvent(tx, args.organisationId, "record_processing", result.event);
    return { ok: true, event: result.event };
  });
  return outcome as RecordResult;
}

export interface InputCandidate {
  id: string;
  lotCode: string;
  productNameVi: string;
  uom: string;
  remaining: string;
}

/** Active lots of the organisation that still have quantity left to process into `outputBatchId`. */
export async function listInputCandidates(db: Database, organisationId: string, outputBatchId: string): Promise<InputCandidate[]> {
  const consumed = sql<string>`coalesce((select sum(${batchInputs.quantity}) from ${batchInputs} where ${batchInputs.inputBatchId} = ${batches.id}), 0)`;
  const rows = await db
    .select({
      id: batches.id,
      lotCode: batches.lotCode,
      productNameVi: products.nameVi,
      uom: batches.uom,
      remaining: sql<string>`(${batches.quantity} - ${consumed})::text`,
    })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(
      and(
        eq(batches.organisationId, organisationId),
        eq(batches.status, "active"),
        ne(batches.id, outputBatchId),
        sql`${batches.quantity} - ${consumed} > 0`,
      ),
    )
    .orderBy(asc(products.nameVi), asc(batches.lotCode));
  return rows;
}
