/**
 * Imports of households, deliveries and payments from a spreadsheet: the uploaded bytes are kept by
 * their content address (sha-256) between the preview and the commit; the commit re-reads and
 * re-checks those bytes (never rows sent back by a form) and writes every row in one transaction,
 * or nothing. Rows already recorded with the same facts are left alone, so re-importing a file
 * changes nothing.
 */
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, householdImportFiles, householdPayments, households, householdSupplies, products } from "#db/schema";
import { createHousehold, listHouseholdCommunes, updateHousehold } from "./registry.server";
import { recordPayment, recordSupply } from "./supplies.server";
import { readSpreadsheet, type FileEncoding } from "./import-file";
import { checkImport, type CheckedRow, type ImportContext, type ImportKind, type RowError } from "./import-rows";
import type { MessageKey } from "~/lib/i18n";

export type PreviewResult =
  | { ok: true; sha256: string; kind: ImportKind; fileName: string; encoding: FileEncoding; rows: CheckedRow[]; valid: number; invalid: number }
  | { ok: false; key: MessageKey; vars?: Record<string, string | number> };

export type CommitResult =
  | { ok: true; created: number; updated: number; unchanged: number }
  | { ok: false; key: MessageKey; vars?: Record<string, string | number>; rows?: CheckedRow[] };

const readErrors = {
  unreadable: "hh.import.error.unreadable",
  empty: "hh.import.error.empty",
  tooLarge: "hh.import.error.tooLarge",
  unpackedTooLarge: "hh.import.error.unpackedTooLarge",
  tooManyRows: "hh.import.error.tooManyRows",
} as const satisfies Record<string, MessageKey>;

/** What the checks need to know about the cooperative, read in one go. */
export async function loadImportContext(db: Database, organisationId: string, today: string): Promise<ImportContext> {
  const [communeList, householdRows, productRows, lotRows, supplyRows, paymentRows] = await Promise.all([
    listHouseholdCommunes(db, organisationId),
    db.select().from(households).where(eq(households.organisationId, organisationId)),
    db
      .select({ id: products.id, nameVi: products.nameVi, nameEn: products.nameEn, slug: products.slug })
      .from(products)
      .where(and(eq(products.organisationId, organisationId), eq(products.kind, "raw_material"), eq(products.status, "active"))),
    db
      .select({ id: batches.id, productId: batches.productId, lotCode: batches.lotCode, uom: batches.uom, status: batches.status })
      .from(batches)
      .where(eq(batches.organisationId, organisationId)),
    db
      .select({
        reference: householdSupplies.reference,
        householdId: householdSupplies.householdId,
        batchId: householdSupplies.batchId,
        quantity: householdSupplies.quantity,
        uom: householdSupplies.uom,
        suppliedOn: householdSupplies.suppliedOn,
        pricePaidVnd: householdSupplies.pricePaidVnd,
      })
      .from(householdSupplies)
      .where(eq(householdSupplies.organisationId, organisationId)),
    db
      .select({
        reference: householdPayments.reference,
        householdId: householdPayments.householdId,
        kind: householdPayments.kind,
        paidOn: householdPayments.paidOn,
        amountVnd: householdPayments.amountVnd,
        note: householdPayments.note,
      })
      .from(householdPayments)
      .where(eq(householdPayments.organisationId, organisationId)),
  ]);
  return {
    today,
    communes: communeList,
    households: householdRows.map((h) => ({
      id: h.id,
      code: h.code,
      headName: h.headName,
      headSex: h.headSex,
      memberCount: h.memberCount,
      ethnicityCode: h.ethnicityCode,
      communeId: h.communeId,
      village: h.village,
      joinedOn: h.joinedOn,
      leftOn: h.leftOn,
      baselineYear: h.baselineYear,
      baselineIncomeVnd: h.baselineIncomeVnd,
    })),
    rawProducts: productRows,
    lots: lotRows,
    supplies: supplyRows,
    payments: paymentRows,
  };
}

/** Reads and checks a file; nothing is written but the file itself (by content address). */
export async function previewImport(
  db: Database,
  args: { organisationId: string; userId: string | null; kind: ImportKind; fileName: string; bytes: Uint8Array; today: string },
): Promise<PreviewResult> {
  const sheet = readSpreadsheet(args.bytes);
  if (!sheet.ok) return { ok: false, key: readErrors[sheet.reason] };
  const checked = checkImport(args.kind, sheet, await loadImportContext(db, args.organisationId, args.today));
  if (!checked.ok) return checked;
  const sha256 = createHash("sha256").update(args.bytes).digest("hex");
  // Files left unconfirmed for a day are dropped: they hold personal data.
  await db.delete(householdImportFiles).where(lt(householdImportFiles.createdAt, sql`now() - interval '1 day'`));
  await db
    .insert(householdImportFiles)
    .values({ organisationId: args.organisationId, sha256, kind: args.kind, fileName: args.fileName.slice(0, 200), bytes: args.bytes, uploadedBy: args.userId })
    .onConflictDoNothing();
  return { ok: true, sha256, kind: args.kind, fileName: args.fileName, encoding: sheet.encoding, rows: checked.rows, valid: checked.valid, invalid: checked.invalid };
}

class Rollback extends Error {
  constructor(readonly result: CommitResult) {
    super("import rolled back");
  }
}

const rowFailure = (row: CheckedRow, fieldErrors: Record<string, string>, rename: Record<string, string>): CheckedRow => ({
  line: row.line,
  ok: false,
  display: row.display,
  errors: Object.entries(fieldErrors).map(([field, key]): RowError => ({ field: rename[field] ?? field, key: key as MessageKey })),
});

/**
 * Writes the file stored under `sha256` for this cooperative: all rows or none. A row refused at
 * this point (the data changed since the preview) rolls everything back and is reported.
 */
export async function commitImport(
  db: Database,
  args: { organisationId: string; userId: string; kind: ImportKind; sha256: string; today: string },
): Promise<CommitResult> {
  if (!/^[0-9a-f]{64}$/.test(args.sha256)) return { ok: false, key: "hh.import.error.changed" };
  const [file] = await db
    .select({ bytes: householdImportFiles.bytes })
    .from(householdImportFiles)
    .where(and(eq(householdImportFiles.organisationId, args.organisationId), eq(householdImportFiles.sha256, args.sha256), eq(householdImportFiles.kind, args.kind)));
  if (!file) return { ok: false, key: "hh.import.error.changed" };
  const bytes = new Uint8Array(file.bytes);
  if (createHash("sha256").update(bytes).digest("hex") !== args.sha256) return { ok: false, key: "hh.import.error.changed" };
  try {
    return await db.transaction(async (root) => {
      const tx = root as unknown as Database;
      const sheet = readSpreadsheet(bytes);
      if (!sheet.ok) throw new Rollback({ ok: false, key: readErrors[sheet.reason] });
      const checked = checkImport(args.kind, sheet, await loadImportContext(tx, args.organisationId, args.today));
      if (!checked.ok) throw new Rollback(checked);
      if (checked.invalid > 0) throw new Rollback({ ok: false, key: "hh.import.fixFirst", rows: checked.rows });
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      for (const row of checked.rows) {
        if (!row.ok) continue;
        if (row.outcome === "unchanged") {
          unchanged++;
          continue;
        }
        const value = row.value;
        if (value.kind === "households") {
          const result = value.existingId
            ? await updateHousehold(tx, { organisationId: args.organisationId, householdId: value.existingId, form: value.form })
            : await createHousehold(tx, { organisationId: args.organisationId, form: value.form });
          if (!result.ok) throw new Rollback({ ok: false, key: "hh.import.fixFirst", rows: [rowFailure(row, result.fieldErrors, { communeId: "commune", ethnicityCode: "ethnicity" })] });
          if (value.existingId) updated++;
          else created++;
        } else if (value.kind === "supplies") {
          // A lot started by an earlier row of this file is fed by the later ones.
          const [lot] = await tx
            .select({ id: batches.id })
            .from(batches)
            .where(and(eq(batches.organisationId, args.organisationId), eq(batches.productId, value.productId), eq(batches.lotCode, value.lotCode)));
          const form = lot ? { ...value.form, mode: "existing", batchId: lot.id } : value.form;
          const result = await recordSupply(tx, { organisationId: args.organisationId, form, userId: args.userId, today: args.today });
          if (!result.ok) throw new Rollback({ ok: false, key: "hh.import.fixFirst", rows: [rowFailure(row, result.fieldErrors, { householdId: "householdCode", productId: "product", batchId: "lotCode" })] });
          if (result.unchanged) unchanged++;
          else created++;
        } else {
          const result = await recordPayment(tx, { organisationId: args.organisationId, form: value.form, userId: args.userId, today: args.today });
          if (!result.ok) throw new Rollback({ ok: false, key: "hh.import.fixFirst", rows: [rowFailure(row, result.fieldErrors, { householdId: "householdCode" })] });
          if (result.unchanged) unchanged++;
          else created++;
        }
      }
      await tx
        .delete(householdImportFiles)
        .where(and(eq(householdImportFiles.organisationId, args.organisationId), eq(householdImportFiles.sha256, args.sha256), eq(householdImportFiles.kind, args.kind)));
      return { ok: true as const, created, updated, unchanged };
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
}
