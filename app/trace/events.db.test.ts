import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "#db/client.server";
import { batches, batchInputs, communes, organisations, products, traceEvents } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { BizStep } from "./cbv";
import {
  appendObjectEvents,
  appendTraceEvent,
  listBatchEvents,
  recordTransformation,
  verifyBatchChain,
  type AppendTraceEventInput,
} from "./events.server";

let t: TestDatabase;
let db: Database;
let communeId: number;
let orgId: string;
let otherOrgId: string;
let leafProductId: string;
let teaProductId: string;
let lotCounter = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const [commune] = await db
    .insert(communes)
    .values({ provinceCode: "19", nameVi: "Tân Cương", kind: "commune", slug: "tan-cuong-test" })
    .returning();
  communeId = commune!.id;
  const [org, other] = await db
    .insert(organisations)
    .values([
      { slug: "htx-test-a", kind: "cooperative", name: "HTX Thử A", status: "active" },
      { slug: "htx-test-b", kind: "cooperative", name: "HTX Thử B", status: "active" },
    ])
    .returning();
  orgId = org!.id;
  otherOrgId = other!.id;
  const [leaf, tea] = await db
    .insert(products)
    .values([
      { organisationId: orgId, slug: "che-bup-tuoi-test", kind: "raw_material", nameVi: "Chè búp tươi", category: "tea", unitVi: "kg", unitEn: "kg" },
      { organisationId: orgId, slug: "che-kho-test", nameVi: "Chè Tân Cương", category: "tea", unitVi: "gói", unitEn: "pack" },
    ])
    .returning();
  leafProductId = leaf!.id;
  teaProductId = tea!.id;
});

afterAll(async () => {
  await t?.dispose();
});

async function newBatch(
  options: { quantity?: string; uom?: string; organisationId?: string; productId?: string; status?: "active" | "recalled" } = {},
): Promise<string> {
  lotCounter += 1;
  const organisationId = options.organisationId ?? orgId;
  let productId = options.productId ?? leafProductId;
  if (organisationId !== orgId && !options.productId) {
    const [p] = await db
      .insert(products)
      .values({ organisationId, slug: `other-${lotCounter}`, nameVi: "Khác", category: "tea", unitVi: "kg", unitEn: "kg" })
      .returning();
    productId = p!.id;
  }
  const [batch] = await db
    .insert(batches)
    .values({
      organisationId,
      productId,
      lotCode: `T${String(lotCounter).padStart(4, "0")}`,
      quantity: options.quantity ?? "100",
      uom: options.uom ?? "KGM",
      producedOn: "2026-04-02",
      status: options.status ?? "active",
    })
    .returning();
  return batch!.id;
}

function harvest(batchId: string, day: number, overrides: Partial<AppendTraceEventInput> = {}): AppendTraceEventInput {
  return {
    organisationId: orgId,
    batchId,
    eventType: "ObjectEvent",
    action: "OBSERVE",
    bizStep: BizStep.harvesting,
    disposition: "active",
    eventTime: new Date(`2026-04-${String(day).padStart(2, "0")}T06:30:00+07:00`),
    communeId,
    locationName: "Đồi chè xóm Nam Thái",
    quantity: "120.500",
    uom: "KGM",
    details: { picker: "Tổ 3", standard: "1 tôm 2 lá" },
    isDemo: false,
    ...overrides,
  };
}

async function rowCounts() {
  const [events] = await db.select({ n: count() }).from(traceEvents);
  const [edges] = await db.select({ n: count() }).from(batchInputs);
  return { events: events!.n, edges: edges!.n };
}

describe("appendTraceEvent", () => {
  it("numbers events from 1 and links each to the previous hash", async () => {
    const batchId = await newBatch();
    for (const day of [1, 2, 3]) {
      const result = await appendTraceEvent(db, harvest(batchId, day));
      expect(result.ok).toBe(true);
    }
    const events = await listBatchEvents(db, batchId);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(events[0]!.prevHash).toBeNull();
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events[2]!.prevHash).toBe(events[1]!.hash);
    for (const e of events) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[0]!.eventTime.toISOString()).toBe("2026-03-31T23:30:00.000Z");
    expect(events[0]!.eventTimeZoneOffset).toBe("+07:00");
    expect(await verifyBatchChain(db, batchId)).toEqual({ ok: true, length: 3, lastHash: events[2]!.hash });
  });

  it("stores details as a JSON object that verifies after the round trip", async () => {
    const batchId = await newBatch();
    const details = { input: "Phân hữu cơ vi sinh", dose: { value: 1.5, unit: "tấn/ha" }, list: [3, 1, 2], ok: true, none: null };
    const result = await appendTraceEvent(db, harvest(batchId, 4, { bizStep: BizStep.fertilising, details }));
    expect(result.ok).toBe(true);
    const typed = await db.execute(sql`select jsonb_typeof(details) as kind from trace_events where batch_id = ${batchId}::uuid`);
    expect(rowsOf<{ kind: string }>(typed)[0]?.kind).toBe("object");
    const [stored] = await listBatchEvents(db, batchId);
    expect(stored!.details).toEqual(details);
    expect((await verifyBatchChain(db, batchId)).ok).toBe(true);
  });

  it("accepts upper-case ids and still verifies", async () => {
    const batchId = await newBatch();
    const result = await appendTraceEvent(db, harvest(batchId.toUpperCase(), 5, { organisationId: orgId.toUpperCase() }));
    expect(result.ok).toBe(true);
    expect((await verifyBatchChain(db, batchId)).ok).toBe(true);
  });

  it("detects a row edited after writing", async () => {
    const batchId = await newBatch();
    for (const day of [6, 7, 8]) await appendTraceEvent(db, harvest(batchId, day));
    expect((await verifyBatchChain(db, batchId)).ok).toBe(true);

    await db.execute(sql`update trace_events set quantity = 150 where batch_id = ${batchId}::uuid and sequence = 2`);
    expect(await verifyBatchChain(db, batchId)).toEqual({ ok: false, brokenAtSequence: 2, reason: "hash_mismatch" });
  });

  it("detects an edited detail and a deleted event", async () => {
    const batchId = await newBatch();
    for (const day of [9, 10, 11]) await appendTraceEvent(db, harvest(batchId, day));
    await db.execute(
      sql`update trace_events set details = details || '{"picker":"Tổ 9"}'::jsonb where batch_id = ${batchId}::uuid and sequence = 1`,
    );
    expect(await verifyBatchChain(db, batchId)).toEqual({ ok: false, brokenAtSequence: 1, reason: "hash_mismatch" });

    const other = await newBatch();
    for (const day of [9, 10, 11]) await appendTraceEvent(db, harvest(other, day));
    await db.execute(sql`delete from trace_events where batch_id = ${other}::uuid and sequence = 2`);
    expect(await verifyBatchChain(db, other)).toEqual({ ok: false, brokenAtSequence: 2, reason: "sequence_gap" });
  });

  it("links a correction to the event it corrects in the same batch", async () => {
    const batchId = await newBatch();
    const first = await appendTraceEvent(db, harvest(batchId, 12));
    if (!first.ok) throw new Error(first.reason);
    const fix = await appendTraceEvent(db, harvest(batchId, 12, { quantity: "118", correctsEventId: first.event.id }));
    expect(fix.ok && fix.event.correctsEventId).toBe(first.event.id);

    const elsewhere = await newBatch();
    const wrong = await appendTraceEvent(db, harvest(elsewhere, 12, { correctsEventId: first.event.id }));
    expect(wrong).toMatchObject({ ok: false, reason: "corrected_event_not_found" });
  });

  it("returns user-fixable problems as values", async () => {
    const batchId = await newBatch();
    const cases: [Partial<AppendTraceEventInput>, string][] = [
      [{ quantity: "1,5" }, "invalid_input"],
      [{ quantity: "-3" }, "invalid_input"],
      [{ quantity: "10", uom: null }, "invalid_input"],
      [{ bizStep: "pakcing" }, "invalid_input"],
      [{ disposition: "fine" }, "invalid_input"],
      [{ eventTime: new Date("not a date") }, "invalid_input"],
      [{ eventTimeZoneOffset: "GMT+7" }, "invalid_input"],
      [{ action: null }, "invalid_input"],
      [{ batchId: "not-a-uuid" }, "invalid_input"],
      [{ batchId: "6c0a5c39-5b7b-4c38-9a55-1f0a6f2b9d11" }, "batch_not_found"],
      [{ organisationId: otherOrgId }, "batch_of_another_organisation"],
      [{ communeId: 999_999 }, "commune_not_found"],
      [{ eventType: "TransformationEvent", action: null }, "transformation_needs_inputs"],
    ];
    for (const [overrides, reason] of cases) {
      const result = await appendTraceEvent(db, harvest(batchId, 13, overrides));
      expect(result, JSON.stringify(overrides)).toMatchObject({ ok: false, reason });
    }
    const invalid = await appendTraceEvent(db, harvest(batchId, 13, { quantity: "abc" }));
    expect(!invalid.ok && invalid.issues?.[0]?.path).toBe("quantity");
    expect(await listBatchEvents(db, batchId)).toEqual([]);
  });

  it("joins the caller's transaction and rolls back with it", async () => {
    const batchId = await newBatch();
    await expect(
      db.transaction(async (inner) => {
        expect((await appendTraceEvent(inner, harvest(batchId, 14))).ok).toBe(true);
        // A rejection inside the caller's transaction leaves it usable.
        expect((await appendTraceEvent(inner, harvest(batchId, 14, { organisationId: otherOrgId }))).ok).toBe(false);
        expect((await appendTraceEvent(inner, harvest(batchId, 15))).ok).toBe(true);
        expect((await listBatchEvents(inner, batchId)).map((e) => e.sequence)).toEqual([1, 2]);
        throw new Error("caller gives up");
      }),
    ).rejects.toThrow("caller gives up");
    expect(await listBatchEvents(db, batchId)).toEqual([]);
  });

  it("keeps one gap-free chain under concurrent appends", async () => {
    const batchId = await newBatch();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => appendTraceEvent(db, harvest(batchId, 16, { details: { n: i } }))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const events = await listBatchEvents(db, batchId);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await verifyBatchChain(db, batchId)).toMatchObject({ ok: true, length: 12 });
  });

  it("lists nothing for an id that is not a uuid", async () => {
    expect(await listBatchEvents(db, "nope")).toEqual([]);
  });
});

describe("appendObjectEvents", () => {
  it("appends one event to each batch's chain, linked to its head, and every chain still verifies", async () => {
    const a = await newBatch();
    const b = await newBatch();
    const fresh = await newBatch();
    for (const [id, day] of [[a, 3], [a, 4], [b, 5]] as const) expect((await appendTraceEvent(db, harvest(id, day))).ok).toBe(true);
    const held = (batchId: string) => harvest(batchId, 20, { bizStep: BizStep.holding, disposition: "recalled", communeId: null, quantity: null, uom: null, details: { recall: "TH-2026-0001" } });
    const result = await appendObjectEvents(db, [held(b), held(a), held(fresh)].map((e) => ({ ...e, eventType: "ObjectEvent" as const })));
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.eventIds.size).toBe(3);
    const sequences = rowsOf<{ batch_id: string; sequence: number; id: string }>(
      await db.execute(sql`select batch_id, sequence, id from trace_events where details->>'recall' = 'TH-2026-0001' order by sequence`),
    );
    expect(Object.fromEntries(sequences.map((r) => [r.batch_id, Number(r.sequence)]))).toEqual({ [a]: 3, [b]: 2, [fresh]: 1 });
    for (const r of sequences) expect(result.eventIds.get(r.batch_id)).toBe(r.id);
    for (const id of [a, b, fresh]) expect(await verifyBatchChain(db, id)).toMatchObject({ ok: true });
  });

  it("writes nothing when one batch is another organisation's, missing or repeated", async () => {
    const mine = await newBatch();
    const theirs = await newBatch({ organisationId: otherOrgId });
    const before = await rowCounts();
    const event = (batchId: string) => ({ ...harvest(batchId, 21), eventType: "ObjectEvent" as const });
    expect(await appendObjectEvents(db, [event(mine), event(theirs)])).toMatchObject({ ok: false, reason: "batch_of_another_organisation", batchId: theirs });
    expect(await appendObjectEvents(db, [event(mine), event("00000000-0000-4000-8000-000000000000")])).toMatchObject({ ok: false, reason: "batch_not_found" });
    expect(await appendObjectEvents(db, [event(mine), event(mine)])).toMatchObject({ ok: false, reason: "duplicate_input" });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("recordTransformation", () => {
  const event = {
    bizStep: "commissioning",
    disposition: "in_progress",
    eventTime: new Date("2026-04-20T08:00:00+07:00"),
    communeId: null,
    locationName: "Xưởng sao chè",
    details: { method: "sao suốt" },
  };

  it("appends a TransformationEvent and one lineage edge per input", async () => {
    const a = await newBatch({ quantity: "80" });
    const b = await newBatch({ quantity: "45.5" });
    const out = await newBatch({ quantity: "24", productId: teaProductId });
    await appendTraceEvent(db, harvest(out, 19, { bizStep: BizStep.processing, quantity: null, uom: null }));
    const result = await recordTransformation(db, {
      organisationId: orgId,
      outputBatchId: out,
      inputs: [
        { batchId: a, quantity: "80.000", uom: "KGM" },
        { batchId: b, quantity: "40.25", uom: "KGM" },
      ],
      event,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.event).toMatchObject({ eventType: "TransformationEvent", action: null, sequence: 2, bizStep: "commissioning" });
    expect(result.event.quantity).toMatch(/^24(\.0+)?$/);
    expect(result.event.uom).toBe("KGM");
    expect(result.event.details).toMatchObject({
      method: "sao suốt",
      inputs: [
        { batchId: a, quantity: "80", uom: "KGM" },
        { batchId: b, quantity: "40.25", uom: "KGM" },
      ],
    });
    expect(result.inputs.map((i) => i.inputBatchId).sort()).toEqual([a, b].sort());
    expect(result.inputs.every((i) => i.transformationEventId === result.event.id && i.outputBatchId === out)).toBe(true);
    expect(await verifyBatchChain(db, out)).toMatchObject({ ok: true, length: 2 });
  });

  it("allows consuming exactly what is left and nothing more, compared as decimals", async () => {
    const input = await newBatch({ quantity: "0.3" });
    const consume = async (quantity: string) =>
      recordTransformation(db, {
        organisationId: orgId,
        outputBatchId: await newBatch({ productId: teaProductId }),
        inputs: [{ batchId: input, quantity, uom: "KGM" }],
        event,
      });
    expect((await consume("0.1")).ok).toBe(true);
    expect((await consume("0.2")).ok).toBe(true);
    const before = await rowCounts();
    expect(await consume("0.001")).toMatchObject({ ok: false, reason: "insufficient_quantity", batchId: input });
    expect(await rowCounts()).toEqual(before);
  });

  it("rejects a cycle in the lineage and writes nothing", async () => {
    const a = await newBatch();
    const b = await newBatch();
    const c = await newBatch();
    const edge = (from: string, to: string) =>
      recordTransformation(db, {
        organisationId: orgId,
        outputBatchId: to,
        inputs: [{ batchId: from, quantity: "10", uom: "KGM" }],
        event,
      });
    expect((await edge(a, b)).ok).toBe(true);
    expect((await edge(b, c)).ok).toBe(true);
    const before = await rowCounts();
    const eventsOfA = (await listBatchEvents(db, a)).length;
    expect(await edge(c, a)).toMatchObject({ ok: false, reason: "lineage_cycle" });
    expect(await edge(b, a)).toMatchObject({ ok: false, reason: "lineage_cycle" });
    expect(await rowCounts()).toEqual(before);
    expect(await listBatchEvents(db, a)).toHaveLength(eventsOfA);
  });

  it("rejects an input that is the output, and writes nothing", async () => {
    const a = await newBatch();
    const before = await rowCounts();
    const result = await recordTransformation(db, {
      organisationId: orgId,
      outputBatchId: a,
      inputs: [{ batchId: a, quantity: "1", uom: "KGM" }],
      event,
    });
    expect(result).toMatchObject({ ok: false, reason: "input_is_output", batchId: a });
    expect(await rowCounts()).toEqual(before);
  });

  it("writes nothing when a later input fails", async () => {
    const fine = await newBatch({ quantity: "50" });
    const short = await newBatch({ quantity: "5" });
    const out = await newBatch({ productId: teaProductId });
    const before = await rowCounts();
    const result = await recordTransformation(db, {
      organisationId: orgId,
      outputBatchId: out,
      inputs: [
        { batchId: fine, quantity: "50", uom: "KGM" },
        { batchId: short, quantity: "5.001", uom: "KGM" },
      ],
      event,
    });
    expect(result).toMatchObject({ ok: false, reason: "insufficient_quantity", batchId: short });
    expect(await rowCounts()).toEqual(before);
    expect(await db.select().from(batchInputs).where(eq(batchInputs.outputBatchId, out))).toEqual([]);
  });

  it("rejects inputs of another organisation, in another unit, repeated, recalled or missing", async () => {
    const out = await newBatch({ productId: teaProductId });
    const foreign = await newBatch({ organisationId: otherOrgId });
    const pieces = await newBatch({ uom: "H87" });
    const recalled = await newBatch({ status: "recalled" });
    const fine = await newBatch();
    const before = await rowCounts();
    const attempt = (inputs: { batchId: string; quantity: string; uom: string }[]) =>
      recordTransformation(db, { organisationId: orgId, outputBatchId: out, inputs, event });
    expect(await attempt([{ batchId: foreign, quantity: "1", uom: "KGM" }])).toMatchObject({
      ok: false,
      reason: "input_of_another_organisation",
    });
    expect(await attempt([{ batchId: pieces, quantity: "1", uom: "KGM" }])).toMatchObject({ reason: "uom_mismatch" });
    expect(await attempt([{ batchId: recalled, quantity: "1", uom: "KGM" }])).toMatchObject({ reason: "input_unavailable" });
    expect(
      await attempt([
        { batchId: fine, quantity: "1", uom: "KGM" },
        { batchId: fine, quantity: "2", uom: "KGM" },
      ]),
    ).toMatchObject({ reason: "duplicate_input" });
    expect(await attempt([{ batchId: "6c0a5c39-5b7b-4c38-9a55-1f0a6f2b9d11", quantity: "1", uom: "KGM" }])).toMatchObject({
      reason: "input_not_found",
    });
    expect(await attempt([])).toMatchObject({ reason: "invalid_input" });
    expect(await attempt([{ batchId: fine, quantity: "0", uom: "KGM" }])).toMatchObject({ reason: "invalid_input" });
    expect(
      await recordTransformation(db, { organisationId: otherOrgId, outputBatchId: out, inputs: [{ batchId: fine, quantity: "1", uom: "KGM" }], event }),
    ).toMatchObject({ reason: "batch_of_another_organisation" });
    expect(await rowCounts()).toEqual(before);
  });

  it("does not overdraw an input under concurrent transformations", async () => {
    const input = await newBatch({ quantity: "10" });
    const outputs = await Promise.all(Array.from({ length: 6 }, () => newBatch({ productId: teaProductId })));
    const results = await Promise.all(
      outputs.map((out) =>
        recordTransformation(db, {
          organisationId: orgId,
          outputBatchId: out,
          inputs: [{ batchId: input, quantity: "3", uom: "KGM" }],
          event,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const used = await db.execute(
      sql`select coalesce(sum(quantity), 0)::text as used from batch_inputs where input_batch_id = ${input}::uuid`,
    );
    expect(Number(rowsOf<{ used: string }>(used)[0]?.used)).toBe(9);
  });
});
