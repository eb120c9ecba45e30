import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, uuidArray, type Database } from "#db/client.server";
import { batches, batchInputs, communes, traceEvents, type BatchInput, type TraceEvent } from "#db/schema";
import { rollbackWith, systemActor, transact } from "~/lib/transact.server";
import { VIETNAM_OFFSET } from "~/lib/vietnam-time";
import { isRecordableBizStep, isRecordableDisposition } from "./cbv";
import { canonicalDecimal, computeEventHash, verifyChain, type ChainVerdict, type HashableEvent } from "./chain.server";

/** Problems a user can fix; anything else is thrown. */
export type TraceRejectionReason =
  | "invalid_input"
  | "batch_not_found"
  | "batch_of_another_organisation"
  | "corrected_event_not_found"
  | "commune_not_found"
  | "transformation_needs_inputs"
  | "input_is_output"
  | "duplicate_input"
  | "input_not_found"
  | "input_of_another_organisation"
  | "input_unavailable"
  | "uom_mismatch"
  | "lineage_cycle"
  | "insufficient_quantity";

export interface TraceRejection {
  ok: false;
  reason: TraceRejectionReason;
  /** The batch the problem is about, when it is one of several. */
  batchId?: string;
  /** Field-level problems for `invalid_input`. */
  issues?: { path: string; message: string }[];
}

export type AppendTraceEventResult = { ok: true; event: TraceEvent } | TraceRejection;
export type RecordTransformationResult = { ok: true; event: TraceEvent; inputs: BatchInput[] } | TraceRejection;

// numeric(14,3): up to 11 integer digits and 3 decimals, no sign, no exponent.
const decimalString = z.string().trim().regex(/^\d{1,11}(\.\d{1,3})?$/, "Expected a decimal number such as 12.5");
const positiveDecimal = decimalString.refine((v) => canonicalDecimal(v) !== "0", "Must be more than zero");
// UN/ECE Recommendation 20 codes as EPCIS uses them (KGM, LTR, H87).
const uomCode = z.string().regex(/^[A-Z0-9]{2,3}$/, "Expected a UN/ECE Rec 20 unit code such as KGM");
// Lower-case so that the stored value, the hashed value and what the database returns are the same string.
// z.guid accepts every id PostgreSQL's uuid type does, not only RFC 9562 versions.
const uuidString = z.guid().transform((v) => v.toLowerCase());
// Details go to jsonb and into the hash: only plain JSON survives both unchanged.
const jsonDetails = z
  .record(z.string(), z.unknown())
  .default({})
  .transform((value, ctx) => {
    try {
      return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    } catch {
      ctx.addIssue({ code: "custom", message: "Details must be plain JSON" });
      return z.NEVER;
    }
  });

const eventFields = {
  action: z.enum(["ADD", "OBSERVE", "DELETE"]).nullable().optional(),
  bizStep: z.string().refine(isRecordableBizStep, "Unknown business step: use a CBV 2.0 name or a URI"),
  disposition: z
    .string()
    .refine(isRecordableDisposition, "Unknown disposition: use a CBV 2.0 name or a URI")
    .nullable()
    .default(null),
  eventTime: z.date().refine((d) => !Number.isNaN(d.getTime()), "Invalid date"),
  eventTimeZoneOffset: z
    .string()
    .regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, "Expected an offset such as +07:00")
    .default(VIETNAM_OFFSET),
  communeId: z.number().int().positive().nullable().default(null),
  locationName: z.string().trim().min(1).max(200).nullable().default(null),
  quantity: decimalString.nullable().default(null),
  uom: uomCode.nullable().default(null),
  details: jsonDetails,
  correctsEventId: uuidString.nullable().default(null),
  recordedBy: uuidString.nullable().default(null),
  isDemo: z.boolean().default(false),
};

const appendSchema = z
  .object({
    organisationId: uuidString,
    batchId: uuidString,
    eventType: z.enum(["ObjectEvent", "AggregationEvent", "TransformationEvent", "AssociationEvent"]),
    ...eventFields,
  })
  .superRefine((e, ctx) => {
    if ((e.quantity === null) !== (e.uom === null)) {
      ctx.addIssue({ code: "custom", path: ["uom"], message: "A quantity needs a unit, and a unit a quantity" });
    }
    // EPCIS: TransformationEvent has no action, the other event types must have one.
    if (e.eventType === "TransformationEvent" ? e.action != null : e.action == null) {
      ctx.addIssue({ code: "custom", path: ["action"], message: "Action does not fit the event type" });
    }
  });

export type AppendTraceEventInput = z.input<typeof appendSchema>;
type ParsedEvent = z.output<typeof appendSchema>;

const transformationSchema = z.object({
  organisationId: uuidString,
  outputBatchId: uuidString,
  inputs: z
    .array(z.object({ batchId: uuidString, quantity: positiveDecimal, uom: uomCode }))
    .min(1, "A transformation needs at least one input")
    .max(50),
  event: z
    .object({ ...eventFields, action: z.undefined().optional(), bizStep: eventFields.bizStep.default("commissioning") })
    .refine((e) => (e.quantity === null) === (e.uom === null), {
      path: ["uom"],
      message: "A quantity needs a unit, and a unit a quantity",
    }),
});

export type RecordTransformationInput = z.input<typeof transformationSchema>;

/** Ends the work with this rejection: `transact` rolls back what it wrote and answers it as a value. */
function reject(reason: TraceRejectionReason, batchId?: string): never {
  return rollbackWith<TraceRejection>(batchId ? { ok: false, reason, batchId } : { ok: false, reason });
}

function invalid(error: z.ZodError): TraceRejection {
  return {
    ok: false,
    reason: "invalid_input",
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  };
}

// On the root db this opens a transaction; on a transaction a savepoint, so a rejection undoes exactly
// this call's writes either way. These steps write no audit entry: the command that calls them does.
async function inTransaction<T extends { ok: true }>(db: Database, work: (tx: Database) => Promise<T>): Promise<T | TraceRejection> {
  return (await transact(db, systemActor, (tx) => work(tx.db))) as T | TraceRejection;
}

/**
 * Appends an event to a batch's hash chain. The batch row lock makes concurrent appends to one batch
 * take turns, so sequences stay gap-free and each event links to the one before it.
 */
export async function appendTraceEvent(db: Database, input: AppendTraceEventInput): Promise<AppendTraceEventResult> {
  const parsed = appendSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (parsed.data.eventType === "TransformationEvent") {
    return { ok: false, reason: "transformation_needs_inputs" };
  }
  const event = parsed.data;
  return inTransaction(db, async (tx) => ({ ok: true as const, event: await appendLocked(tx, event) }));
}

async function appendLocked(tx: Database, e: ParsedEvent): Promise<TraceEvent> {
  const [batch] = await tx
    .select({ id: batches.id, organisationId: batches.organisationId })
    .from(batches)
    .where(eq(batches.id, e.batchId))
    .for("update");
  if (!batch) reject("batch_not_found", e.batchId);
  if (batch.organisationId !== e.organisationId) reject("batch_of_another_organisation", e.batchId);

  if (e.correctsEventId) {
    const [corrected] = await tx
      .select({ id: traceEvents.id })
      .from(traceEvents)
      .where(and(eq(traceEvents.id, e.correctsEventId), eq(traceEvents.batchId, batch.id)));
    if (!corrected) reject("corrected_event_not_found", e.batchId);
  }

  if (e.communeId !== null) {
    const [commune] = await tx.select({ id: communes.id }).from(communes).where(eq(communes.id, e.communeId));
    if (!commune) reject("commune_not_found", e.batchId);
  }

  const [last] = await tx
    .select({ sequence: traceEvents.sequence, hash: traceEvents.hash })
    .from(traceEvents)
    .where(eq(traceEvents.batchId, batch.id))
    .orderBy(desc(traceEvents.sequence))
    .limit(1);
  const sequence = (last?.sequence ?? 0) + 1;
  const prevHash = last?.hash ?? null;

  const hashable = {
    batchId: batch.id,
    sequence,
    eventType: e.eventType,
    action: e.action ?? null,
    bizStep: e.bizStep,
    disposition: e.disposition,
    eventTime: e.eventTime,
    eventTimeZoneOffset: e.eventTimeZoneOffset,
    communeId: e.communeId,
    locationName: e.locationName,
    quantity: e.quantity,
    uom: e.uom,
    details: e.details,
    correctsEventId: e.correctsEventId,
  } satisfies HashableEvent;
  const [row] = await tx
    .insert(traceEvents)
    .values({
      ...hashable,
      organisationId: e.organisationId,
      recordedBy: e.recordedBy,
      isDemo: e.isDemo,
      prevHash,
      hash: computeEventHash(hashable, prevHash),
    })
    .returning();
  if (!row) throw new Error(`Inserting event ${sequence} of batch ${batch.id} returned no row`);
  return row;
}

/**
 * Appends one ObjectEvent to each of many batches' chains in a few statements (a recall confirms ~1,000 lots at
 * once): the batches locked in id order in one `FOR UPDATE` (the order single appends and transformations lock
 * them), every chain's head read in one query, the hashes computed here, the rows written in one insert.
 * All or nothing; one event per batch (a repeated batch id is refused). Returns the new event ids by batch id.
 */
export async function appendObjectEvents(
  db: Database,
  inputs: readonly (AppendTraceEventInput & { eventType: "ObjectEvent" })[],
): Promise<{ ok: true; eventIds: Map<string, string> } | TraceRejection> {
  const events: ParsedEvent[] = [];
  for (const input of inputs) {
    const parsed = appendSchema.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    if (parsed.data.correctsEventId) {
      return { ok: false, reason: "invalid_input", batchId: parsed.data.batchId, issues: [{ path: "correctsEventId", message: "Corrections are appended one at a time" }] };
    }
    events.push(parsed.data);
  }
  if (events.length === 0) return { ok: true, eventIds: new Map() };
  const ids = [...new Set(events.map((e) => e.batchId))].sort();
  if (ids.length !== events.length) return { ok: false, reason: "duplicate_input" };
  return inTransaction(db, async (tx) => {
    const locked = await tx
      .select({ id: batches.id, organisationId: batches.organisationId })
      .from(batches)
      .where(inArray(batches.id, ids))
      .orderBy(asc(batches.id))
      .for("update");
    const ownerOf = new Map(locked.map((b) => [b.id, b.organisationId]));
    for (const e of events) {
      const owner = ownerOf.get(e.batchId);
      if (!owner) reject("batch_not_found", e.batchId);
      if (owner !== e.organisationId) reject("batch_of_another_organisation", e.batchId);
    }
    const communeIds = [...new Set(events.map((e) => e.communeId).filter((c): c is number => c !== null))];
    if (communeIds.length > 0) {
      const found = await tx.select({ id: communes.id }).from(communes).where(inArray(communes.id, communeIds));
      if (found.length !== communeIds.length) reject("commune_not_found");
    }
    const heads = rowsOf<{ batch_id: string; sequence: number; hash: string }>(
      await tx.execute(sql`select distinct on (batch_id) batch_id, sequence, hash from trace_events
        where batch_id = any(${uuidArray(ids)}) order by batch_id, sequence desc`),
    );
    const headOf = new Map(heads.map((h) => [h.batch_id, { sequence: Number(h.sequence), hash: h.hash }]));
    const rows = events.map((e) => {
      const head = headOf.get(e.batchId);
      const prevHash = head?.hash ?? null;
      const hashable = {
        batchId: e.batchId,
        sequence: (head?.sequence ?? 0) + 1,
        eventType: e.eventType,
        action: e.action ?? null,
        bizStep: e.bizStep,
        disposition: e.disposition,
        eventTime: e.eventTime,
        eventTimeZoneOffset: e.eventTimeZoneOffset,
        communeId: e.communeId,
        locationName: e.locationName,
        quantity: e.quantity,
        uom: e.uom,
        details: e.details,
        correctsEventId: null,
      } satisfies HashableEvent;
      return { ...hashable, organisationId: e.organisationId, recordedBy: e.recordedBy, isDemo: e.isDemo, prevHash, hash: computeEventHash(hashable, prevHash) };
    });
    // One JSON parameter for all rows: binding ~18 parameters a row is the slow part at a thousand rows.
    const json = rows.map((r) => ({
      id: randomUUID(),
      organisation_id: r.organisationId,
      batch_id: r.batchId,
      sequence: r.sequence,
      event_type: r.eventType,
      action: r.action,
      biz_step: r.bizStep,
      disposition: r.disposition,
      event_time: r.eventTime.toISOString(),
      event_time_zone_offset: r.eventTimeZoneOffset,
      commune_id: r.communeId,
      location_name: r.locationName,
      quantity: r.quantity,
      uom: r.uom,
      details: r.details,
      recorded_by: r.recordedBy,
      prev_hash: r.prevHash,
      hash: r.hash,
      is_demo: r.isDemo,
    }));
    await tx.execute(sql`insert into trace_events (id, organisation_id, batch_id, sequence, event_type, action, biz_step, disposition, event_time,
        event_time_zone_offset, commune_id, location_name, quantity, uom, details, recorded_by, prev_hash, hash, is_demo)
      select x.id, x.organisation_id, x.batch_id, x.sequence, x.event_type::epcis_event_type, x.action::epcis_action, x.biz_step, x.disposition,
        x.event_time, x.event_time_zone_offset, x.commune_id, x.location_name, x.quantity, x.uom, x.details, x.recorded_by, x.prev_hash, x.hash, x.is_demo
      from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(id uuid, organisation_id uuid, batch_id uuid, sequence integer, event_type text,
        action text, biz_step text, disposition text, event_time timestamptz, event_time_zone_offset text, commune_id integer, location_name text,
        quantity numeric, uom text, details jsonb, recorded_by uuid, prev_hash text, hash text, is_demo boolean)`);
    const eventIds = new Map(json.map((r) => [r.batch_id, r.id]));
    return { ok: true as const, eventIds };
  });
}

/**
 * Records that input batches were consumed to make an output batch: a TransformationEvent on the
 * output's chain plus one lineage edge per input, all or nothing.
 */
export async function recordTransformation(
  db: Database,
  input: RecordTransformationInput,
): Promise<RecordTransformationResult> {
  const parsed = transformationSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { organisationId, outputBatchId, inputs, event } = parsed.data;

  const seen = new Set<string>();
  for (const i of inputs) {
    if (i.batchId === outputBatchId) return { ok: false, reason: "input_is_output", batchId: i.batchId };
    if (seen.has(i.batchId)) return { ok: false, reason: "duplicate_input", batchId: i.batchId };
    seen.add(i.batchId);
  }

  return inTransaction(db, async (tx) => {
    // Lineage checks read other batches' edges: one transformation per organisation at a time keeps
    // two concurrent ones from closing a cycle or overdrawing an input that neither sees alone.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ocoptrace:lineage:${organisationId}`}, 0))`);

    const ids = [outputBatchId, ...inputs.map((i) => i.batchId)];
    // Lock in id order so that appends and transformations touching the same batches cannot deadlock.
    const locked = await tx
      .select({
        id: batches.id,
        organisationId: batches.organisationId,
        quantity: batches.quantity,
        uom: batches.uom,
        status: batches.status,
      })
      .from(batches)
      .where(inArray(batches.id, ids))
      .orderBy(asc(batches.id))
      .for("update");
    const byId = new Map(locked.map((b) => [b.id, b]));

    const output = byId.get(outputBatchId);
    if (!output) reject("batch_not_found", outputBatchId);
    if (output.organisationId !== organisationId) reject("batch_of_another_organisation", outputBatchId);
    for (const i of inputs) {
      const batch = byId.get(i.batchId);
      if (!batch) reject("input_not_found", i.batchId);
      if (batch.organisationId !== organisationId) reject("input_of_another_organisation", i.batchId);
      if (batch.status === "recalled" || batch.status === "withdrawn") reject("input_unavailable", i.batchId);
      if (batch.uom !== i.uom) reject("uom_mismatch", i.batchId);
    }

    const inputList = sql.join(
      inputs.map((i) => sql`${i.batchId}::uuid`),
      sql`, `,
    );
    const cycle = await tx.execute(sql`
      with recursive ancestors(id) as (
        select input_batch_id from batch_inputs where output_batch_id in (${inputList})
        union
        select bi.input_batch_id from batch_inputs bi join ancestors a on bi.output_batch_id = a.id
      )
      select exists (select 1 from ancestors where id = ${outputBatchId}::uuid) as found`);
    if (rowsOf<{ found: boolean }>(cycle)[0]?.found) reject("lineage_cycle", outputBatchId);

    for (const i of inputs) {
      // Compared as numeric in SQL: decimal quantities must not go through binary floats.
      const left = await tx.execute(sql`
        select (b.quantity - coalesce(sum(bi.quantity), 0)) >= ${i.quantity}::numeric as enough
        from batches b left join batch_inputs bi on bi.input_batch_id = b.id
        where b.id = ${i.batchId}::uuid
        group by b.id, b.quantity`);
      if (!rowsOf<{ enough: boolean }>(left)[0]?.enough) reject("insufficient_quantity", i.batchId);
    }

    // The inputs go into the hashed details too, so the chain also guards the lineage it records.
    const row = await appendLocked(tx, {
      organisationId,
      batchId: outputBatchId,
      eventType: "TransformationEvent",
      ...event,
      action: null,
      // Without a stated quantity the event covers the whole output batch.
      quantity: event.quantity ?? output.quantity,
      uom: event.uom ?? output.uom,
      details: {
        ...event.details,
        inputs: inputs.map((i) => ({ batchId: i.batchId, quantity: canonicalDecimal(i.quantity), uom: i.uom })),
      },
    });
    const edges = await tx
      .insert(batchInputs)
      .values(
        inputs.map((i) => ({
          transformationEventId: row.id,
          inputBatchId: i.batchId,
          outputBatchId,
          quantity: i.quantity,
          uom: i.uom,
        })),
      )
      .returning();
    return { ok: true as const, event: row, inputs: edges };
  });
}

/** A batch's events in chain order. */
export async function listBatchEvents(db: Database, batchId: string): Promise<TraceEvent[]> {
  const id = uuidString.safeParse(batchId);
  if (!id.success) return [];
  return db.select().from(traceEvents).where(eq(traceEvents.batchId, id.data)).orderBy(asc(traceEvents.sequence));
}

/** Recomputes a batch's chain from what is stored: any edit since writing shows up here. */
export async function verifyBatchChain(db: Database, batchId: string): Promise<ChainVerdict> {
  return verifyChain(await listBatchEvents(db, batchId));
}
