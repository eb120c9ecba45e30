import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, batchInputs, communes, products, traceEvents, type Batch, type TraceEvent } from "#db/schema";
import { batchFormSchema } from "~/catalog/schema";
import { parseInput } from "~/lib/field-errors";
import { refuseField, type Refusal } from "~/lib/result";
import { transact, type Actor } from "~/lib/transact.server";

/** A refusal of the lot form: always with the message to show by the field. */
export type InvalidBatch = Refusal<"invalid_input"> & { fieldErrors: Record<string, string> };
export type CreateBatchResult = { ok: true; batch: Batch } | InvalidBatch;

function invalid(field: string, key: string): InvalidBatch {
  return { ...refuseField("invalid_input", field, key), fieldErrors: { [field]: key } };
}

type CreateBatchArgs = { organisationId: string; form: unknown; today: string };

/**
 * Registers a lot of one of the organisation's own active products, with its audit entry. `today` is
 * the calendar date in Vietnam: a lot cannot be produced in the future.
 */
export async function createBatch(db: Database, actor: Actor, args: CreateBatchArgs): Promise<CreateBatchResult> {
  const parsed = parseInput(batchFormSchema, args.form);
  if (!parsed.ok) return { ...parsed, fieldErrors: parsed.fieldErrors ?? {} };
  const input = parsed.input;
  if (input.producedOn > args.today) return invalid("producedOn", "validation.notInFuture");

  const result = await transact(
    db,
    actor,
    async (tx) => {
      const [product] = await tx.db
        .select({ id: products.id, status: products.status })
        .from(products)
        .where(and(eq(products.id, input.productId), eq(products.organisationId, args.organisationId)));
      if (!product) return invalid("productId", "validation.choice");
      if (product.status === "retired") return invalid("productId", "validation.productRetired");

      if (input.originCommuneId !== null) {
        const [commune] = await tx.db.select({ id: communes.id }).from(communes).where(eq(communes.id, input.originCommuneId));
        if (!commune) return invalid("originCommuneId", "validation.choice");
      }

      const [batch] = await tx.db
        .insert(batches)
        .values({
          organisationId: args.organisationId,
          productId: product.id,
          lotCode: input.lotCode,
          quantity: input.quantity,
          uom: input.uom,
          producedOn: input.producedOn,
          bestBefore: input.bestBefore,
          expiresOn: input.expiresOn,
          originCommuneId: input.originCommuneId,
          farmPlot: input.farmPlot,
        })
        .returning();
      await tx.audit({ organisationId: args.organisationId, entityType: "batch", entityId: batch!.id, action: "create", after: batch });
      return { ok: true as const, batch: batch! };
    },
    { uniqueViolations: { batches_product_lot_unique: invalid("lotCode", "validation.lotTaken") } },
  );
  return result;
}

export interface WorkspaceBatchRow {
  id: string;
  lotCode: string;
  productId: string;
  productNameVi: string;
  productNameEn: string | null;
  quantity: string;
  uom: string;
  producedOn: string;
  bestBefore: string | null;
  status: Batch["status"];
  eventCount: number;
}

export async function listOrganisationBatches(db: Database, organisationId: string, limit = 200): Promise<WorkspaceBatchRow[]> {
  const rows = await db
    .select({
      id: batches.id,
      lotCode: batches.lotCode,
      productId: batches.productId,
      productNameVi: products.nameVi,
      productNameEn: products.nameEn,
      quantity: batches.quantity,
      uom: batches.uom,
      producedOn: batches.producedOn,
      bestBefore: batches.bestBefore,
      status: batches.status,
      eventCount: sql<number>`(select count(*)::int from ${traceEvents} where ${traceEvents.batchId} = ${batches.id})`,
    })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(eq(batches.organisationId, organisationId))
    .orderBy(desc(batches.producedOn), asc(batches.lotCode))
    .limit(limit);
  return rows.map((r) => ({ ...r, eventCount: Number(r.eventCount) }));
}

export interface LineageLink {
  batchId: string;
  lotCode: string;
  productNameVi: string;
  quantity: string;
  uom: string;
  sameOrganisation: boolean;
}

/** A batch of the organisation with its timeline and its direct lineage (inputs and outputs). */
export async function getOrganisationBatch(
  db: Database,
  organisationId: string,
  batchId: string,
): Promise<{
  batch: Batch;
  productNameVi: string;
  productNameEn: string | null;
  productUnitVi: string;
  productUnitEn: string;
  events: TraceEvent[];
  inputs: LineageLink[];
  outputs: LineageLink[];
} | null> {
  const [row] = await db
    .select({ batch: batches, productNameVi: products.nameVi, productNameEn: products.nameEn, productUnitVi: products.unitVi, productUnitEn: products.unitEn })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(eq(batches.id, batchId), eq(batches.organisationId, organisationId)));
  if (!row) return null;
  const events = await db
    .select()
    .from(traceEvents)
    .where(eq(traceEvents.batchId, batchId))
    .orderBy(asc(traceEvents.sequence));
  const link = (side: "input" | "output") =>
    db
      .select({
        batchId: batches.id,
        lotCode: batches.lotCode,
        productNameVi: products.nameVi,
        quantity: batchInputs.quantity,
        uom: batchInputs.uom,
        organisationId: batches.organisationId,
      })
      .from(batchInputs)
      .innerJoin(batches, eq(batches.id, side === "input" ? batchInputs.inputBatchId : batchInputs.outputBatchId))
      .innerJoin(products, eq(products.id, batches.productId))
      .where(eq(side === "input" ? batchInputs.outputBatchId : batchInputs.inputBatchId, batchId))
      .orderBy(asc(batches.lotCode));
  const [inputs, outputs] = await Promise.all([link("input"), link("output")]);
  const shape = (l: Awaited<ReturnType<typeof link>>[number]): LineageLink => ({
    batchId: l.batchId,
    lotCode: l.lotCode,
    productNameVi: l.productNameVi,
    quantity: l.quantity,
    uom: l.uom,
    sameOrganisation: l.organisationId === organisationId,
  });
  return { ...row, events, inputs: inputs.map(shape), outputs: outputs.map(shape) };
}
