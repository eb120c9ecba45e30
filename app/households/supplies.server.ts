/**
 * Deliveries of raw produce by households and payments to them. A delivery either starts a raw lot
 * (through the trace context's createBatch) or adds to an open raw lot of the cooperative; the
 * supply row is the household's link into the lineage (decision 0009).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { isUniqueViolation } from "#db/errors";
import { batches, householdPayments, householdSupplies, products, type HouseholdPayment, type HouseholdSupply } from "#db/schema";
import { listOrganisationProducts } from "~/catalog/products.server";
import { createBatch } from "~/trace/batches.server";
import { findHousehold } from "./registry.server";
import { fieldErrors, paymentFormSchema, supplyFormSchema } from "./schema";

export type SupplyResult =
  | { ok: true; supply: HouseholdSupply; batchCreated: boolean; unchanged?: boolean }
  | { ok: false; fieldErrors: Record<string, string> };

const refuse = (field: string, key: string) => ({ ok: false as const, fieldErrors: { [field]: key } });

/** Thrown inside the savepoint to undo a half-done delivery (lot created, supply refused). */
class Refused extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super("refused");
  }
}

/**
 * Records one delivery. `today` is the calendar date in Vietnam (no delivery in the future). A
 * reference already recorded with the same facts is "unchanged" (so re-imports change nothing); with
 * other facts it is refused.
 */
export async function recordSupply(
  db: Database,
  args: { organisationId: string; form: unknown; userId: string | null; today: string; isDemo?: boolean },
): Promise<SupplyResult> {
  const parsed = supplyFormSchema.safeParse(args.form);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  const input = parsed.data;
  if (input.suppliedOn > args.today) return refuse("suppliedOn", "hh.error.future");
  const household = await findHousehold(db, args.organisationId, input.householdId);
  if (!household) return refuse("householdId", "hh.error.household");
  if (input.suppliedOn < household.joinedOn || (household.leftOn && input.suppliedOn > household.leftOn)) {
    return refuse("suppliedOn", "hh.error.notMember");
  }

  const [existing] = await db
    .select()
    .from(householdSupplies)
    .where(and(eq(householdSupplies.organisationId, args.organisationId), eq(householdSupplies.reference, input.reference)));
  if (existing) {
    const [batch] = await db.select({ lotCode: batches.lotCode }).from(batches).where(eq(batches.id, existing.batchId));
    const same =
      existing.householdId === input.householdId &&
      Number(existing.quantity) === Number(input.quantity) &&
      existing.uom === input.uom &&
      existing.suppliedOn === input.suppliedOn &&
      existing.pricePaidVnd === input.pricePaidVnd &&
      (input.mode === "existing" ? existing.batchId === input.batchId : batch?.lotCode === input.lotCode);
    return same ? { ok: true, supply: existing, batchCreated: false, unchanged: true } : refuse("reference", "hh.error.referenceTaken");
  }

  const rawProducts = (await listOrganisationProducts(db, args.organisationId)).filter((p) => p.kind === "raw_material" && p.status === "active");
  try {
    return await db.transaction(async (root) => {
      const tx = root as unknown as Database;
      let batchId: string;
      let batchCreated = false;
      if (input.mode === "new") {
        if (!rawProducts.some((p) => p.id === input.productId)) throw new Refused({ productId: "hh.error.product" });
        const created = await createBatch(tx, {
          organisationId: args.organisationId,
          today: args.today,
          form: {
            productId: input.productId,
            lotCode: input.lotCode,
            quantity: input.quantity,
            uom: input.uom,
            producedOn: input.suppliedOn,
            originCommuneId: String(household.communeId),
          },
        });
        if (!created.ok) {
          const [field, key] = Object.entries(created.fieldErrors)[0] ?? ["_form", "hh.error.batch"];
          throw new Refused({ [field === "lotCode" ? "lotCode" : field === "uom" ? "uom" : "_form"]: key === "validation.lotTaken" ? "hh.error.lotTaken" : key });
        }
        batchId = created.batch.id;
        batchCreated = true;
      } else {
        // The lot grows by what was delivered; locked so two deliveries into one lot add up.
        const [batch] = await tx
          .select({ id: batches.id, productId: batches.productId, uom: batches.uom, status: batches.status })
          .from(batches)
          .where(and(eq(batches.id, input.batchId!), eq(batches.organisationId, args.organisationId)))
          .for("update");
        if (!batch || !rawProducts.some((p) => p.id === batch.productId)) throw new Refused({ batchId: "hh.error.batch" });
        if (batch.status !== "active") throw new Refused({ batchId: "hh.error.batchClosed" });
        if (batch.uom !== input.uom) throw new Refused({ uom: "hh.error.uomMismatch" });
        await tx.update(batches).set({ quantity: sql`${batches.quantity} + ${input.quantity}::numeric` }).where(eq(batches.id, batch.id));
        batchId = batch.id;
      }
      const [supply] = await tx
        .insert(householdSupplies)
        .values({
          organisationId: args.organisationId,
          householdId: household.id,
          batchId,
          reference: input.reference,
          quantity: input.quantity,
          uom: input.uom,
          suppliedOn: input.suppliedOn,
          pricePaidVnd: input.pricePaidVnd,
          recordedBy: args.userId,
          isDemo: args.isDemo ?? false,
        })
        .returning();
      return { ok: true as const, supply: supply!, batchCreated };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, fieldErrors: error.fieldErrors };
    if (isUniqueViolation(error, "household_supplies_organisation_reference_unique")) return refuse("reference", "hh.error.referenceTaken");
    throw error;
  }
}

export type PaymentResult =
  | { ok: true; payment: HouseholdPayment; unchanged?: boolean }
  | { ok: false; fieldErrors: Record<string, string> };

export async function recordPayment(
  db: Database,
  args: { organisationId: string; form: unknown; userId: string | null; today: string; isDemo?: boolean },
): Promise<PaymentResult> {
  const parsed = paymentFormSchema.safeParse(args.form);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  const input = parsed.data;
  if (input.paidOn > args.today) return refuse("paidOn", "hh.error.future");
  const household = await findHousehold(db, args.organisationId, input.householdId);
  if (!household) return refuse("householdId", "hh.error.household");
  const [existing] = await db
    .select()
    .from(householdPayments)
    .where(and(eq(householdPayments.organisationId, args.organisationId), eq(householdPayments.reference, input.reference)));
  if (existing) {
    const same =
      existing.householdId === input.householdId &&
      existing.kind === input.kind &&
      existing.paidOn === input.paidOn &&
      existing.amountVnd === input.amountVnd &&
      (existing.note ?? null) === input.note;
    return same ? { ok: true, payment: existing, unchanged: true } : refuse("reference", "hh.error.referenceTaken");
  }
  try {
    const [payment] = await db
      .insert(householdPayments)
      .values({ ...input, organisationId: args.organisationId, householdId: household.id, recordedBy: args.userId, isDemo: args.isDemo ?? false })
      .returning();
    return { ok: true, payment: payment! };
  } catch (error) {
    if (isUniqueViolation(error, "household_payments_organisation_reference_unique")) return refuse("reference", "hh.error.referenceTaken");
    throw error;
  }
}

/** What a delivery can go into: the cooperative's raw-material products and their open lots. */
export async function listSupplyTargets(db: Database, organisationId: string) {
  const rawProducts = (await listOrganisationProducts(db, organisationId))
    .filter((p) => p.kind === "raw_material" && p.status === "active")
    .map((p) => ({ id: p.id, nameVi: p.nameVi, nameEn: p.nameEn }));
  const openLots = await db
    .select({ id: batches.id, lotCode: batches.lotCode, uom: batches.uom, productNameVi: products.nameVi, productNameEn: products.nameEn })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(eq(batches.organisationId, organisationId), eq(products.kind, "raw_material"), eq(batches.status, "active")))
    .orderBy(desc(batches.producedOn), asc(batches.lotCode));
  return { rawProducts, openLots };
}
