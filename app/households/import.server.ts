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
import { parseInput } from "~/lib/field-errors";
import type { MessageKey } from "~/lib/i18n";
import { refuse, type Refusal } from "~/lib/result";
import { rollbackWith, transact } from "~/lib/transact.server";
import { importCommitSchema, importPreviewSchema } from "./import-columns";
import type { FileEncoding } from "./import-file";
import { readAndCheckImport, readImportFile, type ImportReadRefusal } from "./import-reader.server";
import { checkImport, type CheckedRow, type ImportContext, type ImportKind, type RowError } from "./import-rows";
import { listHouseholdCommunes, saveHousehold, type CooperativeActor } from "./registry.server";
import { writePayment, writeSupply } from "./supplies.server";

/**
 * A refused preview or commit: the message key shown above the form (every refusal here has one), its
 * values, the rows refused, and the kind of list to keep selected.
 */
export type ImportRefusal = Refusal & { key?: MessageKey; vars?: Record<string, string | number>; rows?: CheckedRow[]; kind?: ImportKind };

export type PreviewOutcome =
  | { ok: true; sha256: string; kind: ImportKind; fileName: string; encoding: FileEncoding; rows: CheckedRow[]; valid: number; invalid: number }
  | ImportRefusal;

export type CommitOutcome = { ok: true; kind: ImportKind; created: number; updated: number; unchanged: number } | ImportRefusal;

const importRefusal = (reason: string, key: MessageKey, more: Omit<ImportRefusal, "ok" | "reason" | "key"> = {}): ImportRefusal => ({ ...refuse(reason), key, ...more });

export const readErrors = {
  unreadable: "hh.import.error.unreadable",
  empty: "hh.import.error.empty",
  tooLarge: "hh.import.error.tooLarge",
  unpackedTooLarge: "hh.import.error.unpackedTooLarge",
  tooManyRows: "hh.import.error.tooManyRows",
  tooManyCells: "hh.import.error.tooManyCells",
  timeout: "hh.import.error.timeout",
  tooComplex: "hh.import.error.tooComplex",
  busy: "hh.import.error.busy",
} as const satisfies Record<ImportReadRefusal, MessageKey>;

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

/**
 * Reads and checks an uploaded file (`raw` is the upload form's other fields); nothing is written but
 * the file itself, by content address, so the commit can find it.
 */
export async function previewImport(
  db: Database,
  actor: CooperativeActor,
  raw: unknown,
  file: { name: string; bytes: Uint8Array } | null,
  options: { today: string },
): Promise<PreviewOutcome> {
  const parsed = parseInput(importPreviewSchema, raw);
  if (!parsed.ok) return importRefusal("invalid_input", "hh.import.kind");
  const kind = parsed.input.kind;
  if (!file) return importRefusal("no_file", "hh.import.error.noFile", { kind });
  // Read and checked on a worker thread, so the server keeps answering other visitors meanwhile.
  const read = await readAndCheckImport(file.bytes, kind, await loadImportContext(db, actor.organisationId, options.today));
  if (!read.ok) return importRefusal(read.reason, readErrors[read.reason], { kind });
  const { checked, encoding } = read;
  if (!checked.ok) return importRefusal("unusable", checked.key, { vars: checked.vars, kind });
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  await transact(db, actor, async (tx) => {
    // Files left unconfirmed for a day are dropped: they hold personal data.
    await tx.db.delete(householdImportFiles).where(lt(householdImportFiles.createdAt, sql`now() - interval '1 day'`));
    await tx.db
      .insert(householdImportFiles)
      .values({ organisationId: actor.organisationId, sha256, kind, fileName: file.name.slice(0, 200), bytes: file.bytes, uploadedBy: actor.userId })
      .onConflictDoNothing();
    return { ok: true as const };
  });
  return { ok: true, sha256, kind, fileName: file.name, encoding, rows: checked.rows, valid: checked.valid, invalid: checked.invalid };
}

const rowFailure = (row: CheckedRow, fieldErrors: Record<string, string> = {}, rename: Record<string, string>): CheckedRow => ({
  line: row.line,
  ok: false,
  display: row.display,
  errors: Object.entries(fieldErrors).map(([field, key]): RowError => ({ field: rename[field] ?? field, key: key as MessageKey })),
});

/**
 * Writes the file stored under the confirmed content address for this cooperative: all rows or none,
 * with one audit entry for the import. A row refused at this point (the data changed since the
 * preview) rolls everything back and is reported.
 */
export async function commitImport(db: Database, actor: CooperativeActor, raw: unknown, options: { today: string }): Promise<CommitOutcome> {
  const parsed = parseInput(importCommitSchema, raw);
  if (!parsed.ok) return parsed;
  const { kind, sha256 } = parsed.input;
  const organisationId = actor.organisationId;
  const changed = importRefusal("file_changed", "hh.import.error.changed", { kind });
  const storedFile = and(eq(householdImportFiles.organisationId, organisationId), eq(householdImportFiles.sha256, sha256), eq(householdImportFiles.kind, kind));
  // The stored bytes are read on a worker thread before the transaction opens: no transaction (nor, on PGlite, the
  // one connection) stays held while a file is parsed. They are immutable under their content address; the
  // transaction checks they are still there (not committed by someone else meanwhile).
  const [file] = await db.select({ bytes: householdImportFiles.bytes }).from(householdImportFiles).where(storedFile);
  if (!file) return changed;
  const bytes = new Uint8Array(file.bytes);
  if (createHash("sha256").update(bytes).digest("hex") !== sha256) return changed;
  const sheet = await readImportFile(bytes);
  if (!sheet.ok) return importRefusal(sheet.reason, readErrors[sheet.reason], { kind });
  return transact(db, actor, async (tx) => {
    const [stillStored] = await tx.db.select({ sha256: householdImportFiles.sha256 }).from(householdImportFiles).where(storedFile).for("update");
    if (!stillStored) return changed;
    const checked = checkImport(kind, sheet, await loadImportContext(tx.db, organisationId, options.today));
    if (!checked.ok) return importRefusal("unusable", checked.key, { vars: checked.vars, kind });
    const fixFirst = (rows: CheckedRow[]) => importRefusal("rows_refused", "hh.import.fixFirst", { rows, kind });
    if (checked.invalid > 0) return fixFirst(checked.rows);
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
        const result = await saveHousehold(tx.db, actor, value.input, value.existingId ?? undefined);
        if (!result.ok) rollbackWith(fixFirst([rowFailure(row, result.fieldErrors, { communeId: "commune", ethnicityCode: "ethnicity" })]));
        if (value.existingId) updated++;
        else created++;
      } else if (value.kind === "supplies") {
        // A lot started by an earlier row of this file is fed by the later ones.
        const [lot] = await tx.db
          .select({ id: batches.id })
          .from(batches)
          .where(and(eq(batches.organisationId, organisationId), eq(batches.productId, value.productId), eq(batches.lotCode, value.lotCode)));
        const input = lot ? { ...value.input, mode: "existing" as const, batchId: lot.id } : value.input;
        const result = await writeSupply(tx.db, actor, input, options.today);
        if (!result.ok) rollbackWith(fixFirst([rowFailure(row, result.fieldErrors, { householdId: "householdCode", productId: "product", batchId: "lotCode" })]));
        if (result.unchanged) unchanged++;
        else created++;
      } else {
        const result = await writePayment(tx.db, actor, value.input, options.today);
        if (!result.ok) rollbackWith(fixFirst([rowFailure(row, result.fieldErrors, { householdId: "householdCode" })]));
        if (result.unchanged) unchanged++;
        else created++;
      }
    }
    await tx.db.delete(householdImportFiles).where(storedFile);
    await tx.audit({ entityType: "household_import", entityId: sha256, action: "import", after: { kind, created, updated, unchanged } });
    return { ok: true as const, kind, created, updated, unchanged };
  });
}
