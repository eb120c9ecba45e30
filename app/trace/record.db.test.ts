import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchInputs, organisations, traceEvents } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { Actor } from "~/lib/transact.server";
import { createProduct } from "../catalog/products.server";
import { createBatch } from "./batches.server";
import { verifyBatchChain } from "./events.server";
import { listInputCandidates, recordProcessing, recordStep } from "./record.server";

const now = new Date("2026-11-25T05:00:00Z");

/** Someone of the organisation acting, as a route passes them. */
const as = (organisationId: string): Actor => ({ userId: null, organisationId });

describe("recording steps and processing from the workspace", () => {
  let t: TestDatabase;
  let coop: string;
  let other: string;
  let leafA: string;
  let leafB: string;
  let packed: string;
  let foreign: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const orgs = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-che", kind: "cooperative", name: "HTX Chè", status: "active" },
        { slug: "htx-khac", kind: "cooperative", name: "HTX Khác", status: "active" },
      ])
      .returning();
    coop = orgs[0]!.id;
    other = orgs[1]!.id;
    const leaves = await createProduct(t.db, as(coop), {
      organisationId: coop,
      form: { nameVi: "Chè búp tươi", category: "tea", kind: "raw_material", unitVi: "kg", unitEn: "kg" },
    });
    const tea = await createProduct(t.db, as(coop), { organisationId: coop, form: { nameVi: "Chè khô", category: "tea", unitVi: "gói", unitEn: "pack" } });
    const otherTea = await createProduct(t.db, as(other), { organisationId: other, form: { nameVi: "Chè khác", category: "tea", unitVi: "gói", unitEn: "pack" } });
    if (!leaves.ok || !tea.ok || !otherTea.ok) throw new Error("fixture");
    const lot = async (organisationId: string, productId: string, lotCode: string, quantity: string, uom: string) => {
      const r = await createBatch(t.db, as(organisationId), { organisationId, form: { productId, lotCode, quantity, uom, producedOn: "2026-11-20" }, today: "2026-11-25" });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.batch.id;
    };
    leafA = await lot(coop, leaves.product.id, "LA-01", "100", "KGM");
    leafB = await lot(coop, leaves.product.id, "LA-02", "80", "KGM");
    packed = await lot(coop, tea.product.id, "TC-01", "180", "H87");
    foreign = await lot(other, otherTea.product.id, "K-01", "50", "KGM");
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("records a harvest and a spraying with its pre-harvest interval, chained in order", async () => {
    const harvest = await recordStep(t.db, as(coop), {
      organisationId: coop,
      batchId: leafA,
      form: { step: "harvesting", eventTime: "2026-11-20T06:30", quantity: "100", uom: "KGM", method: "1 tôm 2 lá" },
      now,
    });
    expect(harvest.ok).toBe(true);
    if (harvest.ok) {
      expect(harvest.event.bizStep).toBe("urn:ocoptrace:bizstep:harvesting");
      expect(harvest.event.eventTime.toISOString()).toBe("2026-11-19T23:30:00.000Z");
      expect(harvest.event.details).toEqual({ method: "1 tôm 2 lá" });
    }
    const spray = await recordStep(t.db, as(coop), {
      organisationId: coop,
      batchId: leafA,
      form: { step: "spraying", eventTime: "2026-11-10T07:00", product: "Chế phẩm sinh học", dose: "20 ml/bình", preHarvestIntervalDays: "7" },
      now,
    });
    expect(spray.ok && spray.event.details).toEqual({ product: "Chế phẩm sinh học", dose: "20 ml/bình", preHarvestIntervalDays: 7 });
    expect(spray.ok && spray.event.sequence).toBe(2);
    expect(await verifyBatchChain(t.db, leafA)).toMatchObject({ ok: true, length: 2 });
  });

  it("keeps an attached lab report inside the hashed record", async () => {
    const attachment = { key: `${"a".repeat(64)}.pdf`, contentType: "application/pdf", size: 1234, name: "ketqua.pdf" };
    const r = await recordStep(t.db, as(coop), {
      organisationId: coop,
      batchId: leafA,
      form: { step: "inspecting", eventTime: "2026-11-21T08:00", lab: "QUATEST 1", reportNumber: "KQ-1", result: "pass" },
      now,
      attachment,
    });
    expect(r.ok && r.event.details.attachment).toEqual(attachment);
    expect(await verifyBatchChain(t.db, leafA)).toMatchObject({ ok: true });
  });

  it("records a failed test as non-conformant", async () => {
    const r = await recordStep(t.db, as(coop), {
      organisationId: coop,
      batchId: leafB,
      form: { step: "inspecting", eventTime: "2026-11-21T09:00", lab: "QUATEST 1", reportNumber: "KQ-77", result: "fail" },
      now,
    });
    expect(r.ok && r.event.disposition).toBe("non_conformant");
  });

  it("refuses the future, another cooperative's lot, and a correction without a reason", async () => {
    expect(
      await recordStep(t.db, as(coop), { organisationId: coop, batchId: leafA, form: { step: "storing", eventTime: "2026-11-26T10:00" }, now }),
    ).toEqual({ ok: false, reason: "invalid_input", fieldErrors: { eventTime: "validation.notInFuture" } });
    expect(
      await recordStep(t.db, as(coop), { organisationId: coop, batchId: foreign, form: { step: "storing", eventTime: "2026-11-21T10:00" }, now }),
    ).toEqual({ ok: false, reason: "invalid_input", fieldErrors: { _form: "trace.rejection.batch_not_found" } });
    const count = (await t.db.select().from(traceEvents).where(eq(traceEvents.batchId, foreign))).length;
    expect(count).toBe(0);
  });

  it("processes two leaf lots into packed tea, within what is left of each", async () => {
    const candidates = await listInputCandidates(t.db, coop, packed);
    expect(candidates.map((c) => c.lotCode)).toEqual(["LA-01", "LA-02"]);
    const tooMuch = await recordProcessing(t.db, as(coop), {
      organisationId: coop,
      outputBatchId: packed,
      form: { eventTime: "2026-11-22T08:00", process: "sao, vò", inputs: [{ batchId: leafA, quantity: "60" }, { batchId: leafB, quantity: "81" }] },
      now,
    });
    expect(tooMuch).toEqual({ ok: false, reason: "invalid_input", fieldErrors: { "inputs.1.quantity": "trace.rejection.insufficient_quantity" } });
    expect(await t.db.select().from(batchInputs)).toHaveLength(0);

    const done = await recordProcessing(t.db, as(coop), {
      organisationId: coop,
      outputBatchId: packed,
      form: { eventTime: "2026-11-22T08:00", process: "sao, vò", inputs: [{ batchId: leafA, quantity: "60" }, { batchId: leafB, quantity: "80" }] },
      now,
    });
    expect(done.ok && done.event.eventType).toBe("TransformationEvent");
    expect(await t.db.select().from(batchInputs)).toHaveLength(2);
    const left = await listInputCandidates(t.db, coop, packed);
    expect(left.map((c) => [c.lotCode, Number(c.remaining)])).toEqual([["LA-01", 40]]);
  });

  it("refuses a lineage loop and another cooperative's input", async () => {
    const loop = await recordProcessing(t.db, as(coop), {
      organisationId: coop,
      outputBatchId: leafA,
      form: { eventTime: "2026-11-23T08:00", process: "trộn", inputs: [{ batchId: packed, quantity: "1" }] },
      now,
    });
    expect(loop).toEqual({ ok: false, reason: "invalid_input", fieldErrors: { inputs: "trace.rejection.lineage_cycle" } });
    const foreignInput = await recordProcessing(t.db, as(coop), {
      organisationId: coop,
      outputBatchId: packed,
      form: { eventTime: "2026-11-23T08:00", process: "trộn", inputs: [{ batchId: foreign, quantity: "1" }] },
      now,
    });
    expect(foreignInput).toEqual({ ok: false, reason: "invalid_input", fieldErrors: { "inputs.0.batchId": "trace.rejection.input_of_another_organisation" } });
  });
});
