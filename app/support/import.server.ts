/**
 * Bulk entry of the support ledger from a CSV/XLSX list: a preview that reads (on a worker thread, as the
 * households' import does) and checks every row without writing any entry, then a commit of the stored file by its
 * content address that writes every row or none, each entry with its audit entry, and one for the import. A file
 * already imported is refused, so a second upload of the same list does not count its support twice.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { supportImportFiles } from "#db/schema";
import { readErrors } from "~/households/import.server";
import { readImportFile } from "~/households/import-reader.server";
import { DEFAULT_PROVINCE } from "~/insights/filters";
import type { MessageKey } from "~/lib/i18n";
import type { Refusal } from "~/lib/result";
import { rollbackWith, transact } from "~/lib/transact.server";
import { checkSupportImport, type SupportCheckedRow, type SupportImportContext } from "./import-rows";
import { insertEntry, outsideCommune, type SupportActor } from "./ledger.server";

export type SupportImportRefusal = Refusal & { key: MessageKey; vars?: Record<string, string | number>; rows?: SupportCheckedRow[] };

const refusal = (reason: string, key: MessageKey, extra: Omit<SupportImportRefusal, "ok" | "reason" | "key"> = {}): SupportImportRefusal => ({ ok: false, reason, key, ...extra });

export async function loadSupportImportContext(db: Database, today: string): Promise<SupportImportContext> {
  const communes = rowsOf<{ id: number; name_vi: string }>(await db.execute(sql`select id, name_vi from communes where province_code = ${DEFAULT_PROVINCE}`));
  const cooperatives = rowsOf<{ id: string; name: string; slug: string }>(await db.execute(sql`select id, name, slug from organisations where kind in ('cooperative', 'cooperative_group')`));
  const members = rowsOf<{ id: string; organisation_id: string; code: string; joined_on: string; left_on: string | null }>(
    await db.execute(sql`select h.id, h.organisation_id, h.code, h.joined_on::text as joined_on, h.left_on::text as left_on from households h
      join organisations o on o.id = h.organisation_id where o.kind in ('cooperative', 'cooperative_group')`),
  );
  const households: Record<string, { id: string; code: string; joinedOn: string; leftOn: string | null }[]> = {};
  for (const m of members) (households[m.organisation_id] ??= []).push({ id: m.id, code: m.code, joinedOn: m.joined_on, leftOn: m.left_on });
  return { today, communes: communes.map((c) => ({ id: Number(c.id), nameVi: c.name_vi })), cooperatives, households };
}

/** A commune officer's list: every row for another commune is refused, with the reason beside it. */
function withinCommune<C extends ReturnType<typeof checkSupportImport>>(actor: SupportActor, checked: C): C {
  if (!checked.ok) return checked;
  let invalid = checked.invalid;
  let valid = checked.valid;
  const rows = checked.rows.map((row) => {
    if (!row.ok || !outsideCommune(actor, row.value.input.communeId)) return row;
    invalid++;
    valid--;
    return { line: row.line, ok: false as const, display: row.display, errors: [{ field: "commune", key: "sup.error.outsideCommune" as const }] };
  });
  return { ...checked, rows, valid, invalid };
}

async function alreadyImported(db: Database, sha256: string): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(await db.execute(sql`select id from audit_events where entity_type = 'support_import' and entity_id = ${sha256} limit 1`));
  return rows.length > 0;
}

export type SupportPreview =
  | { ok: true; sha256: string; fileName: string; encoding: string; rows: SupportCheckedRow[]; valid: number; invalid: number }
  | SupportImportRefusal;

/** Reads and checks an uploaded list; nothing is written but the file itself, so the commit can find it. */
export async function previewSupportImport(db: Database, actor: SupportActor, file: { name: string; bytes: Uint8Array } | null, options: { today: string }): Promise<SupportPreview> {
  if (!file) return refusal("no_file", "hh.import.error.noFile");
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  if (await alreadyImported(db, sha256)) return refusal("already_imported", "sup.import.error.alreadyImported");
  // Read on a worker thread, so the server keeps answering other visitors meanwhile.
  const sheet = await readImportFile(file.bytes);
  if (!sheet.ok) return refusal(sheet.reason, readErrors[sheet.reason]);
  const checked = withinCommune(actor, checkSupportImport(sheet, await loadSupportImportContext(db, options.today)));
  if (!checked.ok) return refusal("unusable", checked.key, { vars: checked.vars });
  await transact(db, actor, async (tx) => {
    await tx.db.execute(sql`delete from support_import_files where created_at < now() - interval '1 day'`);
    await tx.db
      .insert(supportImportFiles)
      .values({ sha256, fileName: file.name.slice(0, 200), bytes: Buffer.from(file.bytes).toString("base64"), uploadedBy: actor.userId })
      .onConflictDoNothing();
    return { ok: true as const };
  });
  return { ok: true, sha256, fileName: file.name, encoding: sheet.encoding, rows: checked.rows, valid: checked.valid, invalid: checked.invalid };
}

/** Writes every row of the stored, previewed list, or none. */
export async function commitSupportImport(db: Database, actor: SupportActor, sha256: string, options: { today: string }): Promise<{ ok: true; created: number } | SupportImportRefusal> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return refusal("invalid_input", "hh.import.error.changed");
  const changed = refusal("file_changed", "hh.import.error.changed");
  const [file] = rowsOf<{ bytes: string }>(await db.execute(sql`select bytes_base64 as bytes from support_import_files where sha256 = ${sha256}`));
  if (!file) return changed;
  const bytes = new Uint8Array(Buffer.from(file.bytes, "base64"));
  if (createHash("sha256").update(bytes).digest("hex") !== sha256) return changed;
  const sheet = await readImportFile(bytes);
  if (!sheet.ok) return refusal(sheet.reason, readErrors[sheet.reason]);
  return transact(db, actor, async (tx) => {
    // The stored file is taken (row lock, then removed): two confirmations of one file write it once.
    const [still] = rowsOf<{ sha256: string }>(await tx.db.execute(sql`select sha256 from support_import_files where sha256 = ${sha256} for update`));
    if (!still) return changed;
    if (await alreadyImported(tx.db, sha256)) return refusal("already_imported", "sup.import.error.alreadyImported");
    const checked = withinCommune(actor, checkSupportImport(sheet, await loadSupportImportContext(tx.db, options.today)));
    if (!checked.ok) return refusal("unusable", checked.key, { vars: checked.vars });
    if (checked.invalid > 0) return refusal("rows_refused", "hh.import.fixFirst", { rows: checked.rows });
    let created = 0;
    for (const row of checked.rows) {
      if (!row.ok) rollbackWith(refusal("rows_refused", "hh.import.fixFirst", { rows: [row] }));
      if (outsideCommune(actor, row.value.input.communeId)) rollbackWith(refusal("outside_commune", "sup.error.outsideCommune"));
      const entry = await insertEntry(tx, actor, row.value.input, row.value.householdIds);
      await tx.audit({
        entityType: "support_entry",
        entityId: entry.id,
        action: "import",
        organisationId: row.value.input.organisationId,
        after: { ...row.value.input, householdCodes: undefined, households: row.value.householdIds.length, number: entry.number, file: sha256 },
      });
      created++;
    }
    await tx.db.execute(sql`delete from support_import_files where sha256 = ${sha256}`);
    await tx.audit({ entityType: "support_import", entityId: sha256, action: "import", organisationId: null, after: { created } });
    return { ok: true as const, created };
  });
}
