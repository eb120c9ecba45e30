/**
 * Deliveries of raw produce by households and payments to them. A delivery either starts a raw lot
 * (through the trace context's createBatch) or is received into an open raw lot of the cooperative: the
 * lot grows and a receiving step is chained onto its record (timeline, hash chain, EPCIS export). A lot
 * already processed into another lot or sold takes no more deliveries. The supply row is the household's
 * link into the lineage (decision 0009).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, batchInputs, householdPayments, householdSupplies, orderLineAllocations, products, type HouseholdPayment, type HouseholdSupply } from "#db/schema";
import { listOrganisationProducts } from "~/catalog/products.server";
import { parseInput } from "~/lib/field-errors";
import { refuseField, type Outcome, type Refusal } from "~/lib/result";
import { transact } from "~/lib/transact.server";
import { fromVietnamLocal } from "~/lib/vietnam-time";
import { createBatch } from "~/trace/batches.server";
import { appendTraceEvent } from "~/trace/events.server";
import { steps } from "~/trace/steps";
import { findHousehold, type CooperativeActor } from "./registry.server";
import { paymentFormSchema, supplyFormSchema, supplyUomOf, type PaymentInput, type SupplyInput } from "./schema";

export type SupplyOutcome = Outcome<{ supply: HouseholdSupply; batchCreated: boolean; unchanged?: boolean }>;
export type PaymentOutcome = Outcome<{ payment: HouseholdPayment; unchanged?: boolean }>;

const referenceTaken = () => refuseField("reference_taken", "reference", "hh.error.referenceTaken");
const inFuture = (field: string) => refuseField("in_future", field, "hh.error.future");
const householdMissing = () => refuseField("household_not_found", "householdId", "hh.error.household");

/**
 * Records one delivery from the form, with its audit entry. `today` is the calendar date in Vietnam
 * (no delivery in the future). A reference already recorded with the same facts is "unchanged" (so
 * re-imports change nothing, and nothing is audited); with other facts it is refused.
 */
export async function recordSupply(db: Database, actor: CooperativeActor, raw: unknown, options: { today: string }): Promise<SupplyOutcome> {
  const parsed = parseInput(supplyFormSchema, raw);
  if (!parsed.ok) return parsed;
  return transact(db, actor, async (tx) => {
    const result = await writeSupply(tx.db, actor, parsed.input, options.today);
    if (result.ok && !result.unchanged) {
      const { supply, batchCreated } = result;
      await tx.audit({ entityType: "household_supply", entityId: supply.id, action: "create", after: { reference: supply.reference, batchId: supply.batchId, batchCreated } });
    }
    return result;
  });
}

/**
 * Writes one delivery without an audit entry (the calling command writes it: the form's, or the
 * import's), in its own savepoint: a refusal undoes a lot it started (and a lot code already taken,
 * which aborts the statement, leaves the caller's transaction usable).
 */
export async function writeSupply(db: Database, actor: CooperativeActor, input: SupplyInput, today: string): Promise<SupplyOutcome> {
  const organisationId = actor.organisationId;
  if (input.suppliedOn > today) return inFuture("suppliedOn");
  return transact(
    db,
    actor,
    async (tx) => {
      const household = await findHousehold(tx.db, organisationId, input.householdId);
      if (!household) return householdMissing();
      if (input.suppliedOn < household.joinedOn || (household.leftOn && input.suppliedOn > household.leftOn)) {
        return refuseField("not_member", "suppliedOn", "hh.error.notMember");
      }

      const [existing] = await tx.db
        .select()
        .from(householdSupplies)
        .where(and(eq(householdSupplies.organisationId, organisationId), eq(householdSupplies.reference, input.reference)));
      if (existing) {
        const [batch] = await tx.db.select({ lotCode: batches.lotCode }).from(batches).where(eq(batches.id, existing.batchId));
        const same =
          existing.householdId === input.householdId &&
          Number(existing.quantity) === Number(input.quantity) &&
          existing.uom === input.uom &&
          existing.suppliedOn === input.suppliedOn &&
          existing.pricePaidVnd === input.pricePaidVnd &&
          (input.mode === "existing" ? existing.batchId === input.batchId : batch?.lotCode === input.lotCode);
        return same ? { ok: true as const, supply: existing, batchCreated: false, unchanged: true } : referenceTaken();
      }

      const rawProducts = (await listOrganisationProducts(tx.db, organisationId)).filter((p) => p.kind === "raw_material" && p.status === "active");
      let batchId: string;
      let batchCreated = false;
      if (input.mode === "new") {
        if (!rawProducts.some((p) => p.id === input.productId)) return refuseField("product", "productId", "hh.error.product");
        const created = await createBatch(tx.db, actor, {
          organisationId,
          today,
          form: {
            productId: input.productId,
            lotCode: input.lotCode,
            quantity: input.quantity,
            uom: input.uom,
            producedOn: input.suppliedOn,
            originCommuneId: String(household.communeId),
          },
        });
        if (!created.ok) return lotRefusal(created.fieldErrors);
        batchId = created.batch.id;
        batchCreated = true;
      } else {
        // The lot grows by what was delivered; locked so two deliveries into one lot add up.
        const [batch] = await tx.db
          .select({ id: batches.id, productId: batches.productId, uom: batches.uom, status: batches.status })
          .from(batches)
          .where(and(eq(batches.id, input.batchId!), eq(batches.organisationId, organisationId)))
          .for("update");
        if (!batch || !rawProducts.some((p) => p.id === batch.productId)) return refuseField("batch", "batchId", "hh.error.batch");
        if (batch.status !== "active") return refuseField("batch_closed", "batchId", "hh.error.batchClosed");
        if (batch.uom !== input.uom) return refuseField("uom_mismatch", "uom", "hh.error.uomMismatch");
        // Its record already says how much went on: adding now would change what was processed or sold.
        const [used] = await tx.db.select({ id: batchInputs.inputBatchId }).from(batchInputs).where(eq(batchInputs.inputBatchId, batch.id)).limit(1);
        if (used) return refuseField("batch_processed", "batchId", "hh.error.batchProcessed");
        const [sold] = await tx.db.select({ id: orderLineAllocations.batchId }).from(orderLineAllocations).where(eq(orderLineAllocations.batchId, batch.id)).limit(1);
        if (sold) return refuseField("batch_sold", "batchId", "hh.error.batchSold");
        const [grown] = await tx.db
          .update(batches)
          .set({ quantity: sql`${batches.quantity} + ${input.quantity}::numeric` })
          .where(eq(batches.id, batch.id))
          .returning({ quantity: batches.quantity });
        // The receiving step: no household name (the export is public), the cooperative's delivery reference only.
        const receiving = steps.receiving;
        const received = await appendTraceEvent(tx.db, {
          organisationId,
          batchId: batch.id,
          eventType: "ObjectEvent",
          action: receiving.action,
          bizStep: receiving.bizStep,
          disposition: receiving.disposition,
          eventTime: input.suppliedOn === today ? new Date() : (fromVietnamLocal(`${input.suppliedOn}T12:00`) ?? new Date()),
          quantity: input.quantity,
          uom: input.uom,
          details: { deliveryReference: input.reference, lotQuantityAfter: String(Number(grown!.quantity)) },
          recordedBy: actor.userId,
        });
        if (!received.ok) throw new Error(`receiving step of batch ${batch.id} refused: ${received.reason}`);
        batchId = batch.id;
      }
      const [supply] = await tx.db
        .insert(householdSupplies)
        .values({
          organisationId,
          householdId: household.id,
          batchId,
          reference: input.reference,
          quantity: input.quantity,
          uom: input.uom,
          suppliedOn: input.suppliedOn,
          pricePaidVnd: input.pricePaidVnd,
          recordedBy: actor.userId,
        })
        .returning();
      return { ok: true as const, supply: supply!, batchCreated };
    },
    { uniqueViolations: { household_supplies_organisation_reference_unique: referenceTaken() } },
  );
}

/** The trace context's refusal of a new lot, shown on the delivery form's fields. */
function lotRefusal(fieldErrors: Record<string, string> = {}): Refusal {
  const [field, key] = Object.entries(fieldErrors)[0] ?? ["_form", "hh.error.batch"];
  const shownOn = field === "lotCode" || field === "uom" ? field : "_form";
  return refuseField("lot_refused", shownOn, key === "validation.lotTaken" ? "hh.error.lotTaken" : key);
}

/** Records one payment to a household from the form, with its audit entry (none when unchanged). */
export async function recordPayment(db: Database, actor: CooperativeActor, raw: unknown, options: { today: string }): Promise<PaymentOutcome> {
  const parsed = parseInput(paymentFormSchema, raw);
  if (!parsed.ok) return parsed;
  return transact(db, actor, async (tx) => {
    const result = await writePayment(tx.db, actor, parsed.input, options.today);
    if (result.ok && !result.unchanged) {
      await tx.audit({ entityType: "household_payment", entityId: result.payment.id, action: "create", after: { reference: result.payment.reference, kind: result.payment.kind } });
    }
    return result;
  });
}

/** Writes one payment without an audit entry (the calling command writes it), in its own savepoint. */
export async function writePayment(db: Database, actor: CooperativeActor, input: PaymentInput, today: string): Promise<PaymentOutcome> {
  const organisationId = actor.organisationId;
  if (input.paidOn > today) return inFuture("paidOn");
  return transact(
    db,
    actor,
    async (tx) => {
      const household = await findHousehold(tx.db, organisationId, input.householdId);
      if (!household) return householdMissing();
      const [existing] = await tx.db
        .select()
        .from(householdPayments)
        .where(and(eq(householdPayments.organisationId, organisationId), eq(householdPayments.reference, input.reference)));
      if (existing) {
        const same =
          existing.householdId === input.householdId &&
          existing.kind === input.kind &&
          existing.paidOn === input.paidOn &&
          existing.amountVnd === input.amountVnd &&
          (existing.note ?? null) === input.note;
        return same ? { ok: true as const, payment: existing, unchanged: true } : referenceTaken();
      }
      const [payment] = await tx.db
        .insert(householdPayments)
        .values({ ...input, organisationId, householdId: household.id, recordedBy: actor.userId })
        .returning();
      return { ok: true as const, payment: payment! };
    },
    { uniqueViolations: { household_payments_organisation_reference_unique: referenceTaken() } },
  );
}

/** What a delivery can go into: the cooperative's raw-material products and their open lots. */
export async function listSupplyTargets(db: Database, organisationId: string) {
  const rawProducts = (await listOrganisationProducts(db, organisationId))
    .filter((p) => p.kind === "raw_material" && p.status === "active")
    .map((p) => ({ id: p.id, nameVi: p.nameVi, nameEn: p.nameEn, uom: supplyUomOf(p) }));
  const openLots = await db
    .select({ id: batches.id, lotCode: batches.lotCode, uom: batches.uom, productNameVi: products.nameVi, productNameEn: products.nameEn })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(
      and(
        eq(batches.organisationId, organisationId),
        eq(products.kind, "raw_material"),
        eq(batches.status, "active"),
        // Lots already processed or sold take no more deliveries (writeSupply refuses them too).
        sql`not exists (select 1 from ${batchInputs} where ${batchInputs.inputBatchId} = ${batches.id})`,
        sql`not exists (select 1 from ${orderLineAllocations} where ${orderLineAllocations.batchId} = ${batches.id})`,
      ),
    )
    .orderBy(desc(batches.producedOn), asc(batches.lotCode));
  return { rawProducts, openLots };
}
