/**
 * The programme-support ledger's commands and reads (issue 18). Every write is one `transact` with its audit
 * entry; the tables are append-only (a trigger refuses UPDATE/DELETE), so a correction is a new entry naming the
 * one it replaces, and a repayment of revolving-fund support is a new row. An entry "counts" while no correction
 * names it.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { supportEntries, supportEntryHouseholds, supportRepayments } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { refuse, refuseField, type Refusal } from "~/lib/result";
import { transact, type Actor } from "~/lib/transact.server";
import {
  supportCorrectionSchema,
  supportEntrySchema,
  supportRepaymentSchema,
  type SupportBeneficiary,
  type SupportEntryInput,
  type SupportKind,
  type SupportProgramme,
} from "./schema";

/** Organisation kinds that can receive support as a cooperative, or whose member households can. */
export const SUPPORTED_KINDS = ["cooperative", "cooperative_group"] as const;

export type SupportRefusal = Refusal<"invalid_input" | "not_found" | "already_corrected" | "not_revolving" | "over_repaid" | "outside_commune">;

/**
 * Who writes the ledger: a department officer or administrator (`communeId` absent or null: every commune), or a
 * commune officer appointed by the department (`communeId`: their commune only).
 */
export type SupportActor = Actor & { communeId?: number | null };

/** The rule of a commune officer: support given in their own commune only (a refusal, as a value, otherwise). */
export function outsideCommune(actor: SupportActor, communeId: number): Refusal<"outside_commune"> | null {
  if (actor.communeId === undefined || actor.communeId === null || actor.communeId === communeId) return null;
  return refuse("outside_commune", { field: "communeId", fieldErrors: { communeId: "sup.error.outsideCommune", _form: "sup.error.outsideCommune" } });
}

/** An entry is current when no later entry corrects it (SQL over `support_entries` aliased `alias`). */
export const currentEntry = (alias: string) =>
  sql.raw(`not exists (select 1 from support_entries c where c.corrects_id = ${/^[a-z_]+$/.test(alias) ? alias : "e"}.id)`);

interface EntryChecks {
  today: string;
}

/** Finds the cooperative's households by code, active on the day; unknown codes are named. */
async function householdsByCode(db: Database, organisationId: string, codes: readonly string[], on: string) {
  if (codes.length === 0) return { ids: [] as string[], unknown: [] as string[] };
  const rows = rowsOf<{ id: string; code: string }>(
    await db.execute(sql`select id, code from households where organisation_id = ${organisationId}
      and code in (${sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      )})
      and joined_on <= ${on}::date and (left_on is null or left_on >= ${on}::date)`),
  );
  const found = new Map(rows.map((r) => [r.code, r.id]));
  return { ids: codes.map((c) => found.get(c)).filter((id): id is string => Boolean(id)), unknown: codes.filter((c) => !found.has(c)) };
}

/** Checks what only the database knows about a new entry; the refusal or the households' ids. */
export async function checkEntry(db: Database, input: SupportEntryInput, checks: EntryChecks): Promise<{ ok: true; householdIds: string[] } | Refusal<"invalid_input">> {
  if (input.givenOn > checks.today) return refuseField("invalid_input", "givenOn", "sup.error.future");
  const [commune] = rowsOf<{ id: number }>(await db.execute(sql`select id from communes where id = ${input.communeId}`));
  if (!commune) return refuseField("invalid_input", "communeId", "sup.error.commune");
  const [org] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from organisations where id = ${input.organisationId} and kind in ('cooperative', 'cooperative_group')`),
  );
  if (!org) return refuseField("invalid_input", "organisationId", "sup.error.cooperative");
  const { ids, unknown } = await householdsByCode(db, input.organisationId, input.householdCodes, input.givenOn);
  if (unknown.length > 0) return refuseField("invalid_input", "householdCodes", "sup.error.unknownHousehold");
  return { ok: true, householdIds: ids };
}

/** Writes one checked entry (no transaction of its own: the caller's). */
export async function insertEntry(tx: { db: Database }, actor: Actor, input: SupportEntryInput, householdIds: readonly string[], isDemo = false) {
  const [row] = await tx.db
    .insert(supportEntries)
    .values({
      programme: input.programme,
      project: input.project,
      kind: input.kind,
      valueVnd: input.valueVnd,
      givenOn: input.givenOn,
      communeId: input.communeId,
      beneficiary: input.beneficiary,
      organisationId: input.organisationId,
      revolving: input.revolving,
      note: input.note,
      isDemo,
      recordedBy: actor.userId,
    })
    .returning({ id: supportEntries.id, number: supportEntries.number });
  if (!row) throw new Error("support entry was not written");
  if (householdIds.length > 0) await tx.db.insert(supportEntryHouseholds).values(householdIds.map((householdId) => ({ entryId: row.id, householdId })));
  return row;
}

/** Records support given (a department officer or an administrator). */
export async function recordSupportEntry(db: Database, actor: SupportActor, raw: unknown, options: EntryChecks): Promise<{ ok: true; id: string; number: number } | SupportRefusal> {
  const parsed = parseInput(supportEntrySchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.input;
  const outside = outsideCommune(actor, input.communeId);
  if (outside) return outside;
  return transact(db, actor, async (tx) => {
    const checked = await checkEntry(tx.db, input, options);
    if (!checked.ok) return checked;
    const row = await insertEntry(tx, actor, input, checked.householdIds);
    await tx.audit({
      entityType: "support_entry",
      entityId: row.id,
      action: "create",
      organisationId: input.organisationId,
      after: { ...input, householdCodes: undefined, households: checked.householdIds.length, number: row.number },
    });
    return { ok: true as const, id: row.id, number: row.number };
  });
}

/** Records a correction: a new entry replacing `correctsId`, which then no longer counts. */
export async function correctSupportEntry(db: Database, actor: SupportActor, raw: unknown, options: EntryChecks): Promise<{ ok: true; id: string; number: number } | SupportRefusal> {
  const parsed = parseInput(supportCorrectionSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.input;
  if (input.givenOn > options.today) return refuseField("invalid_input", "givenOn", "sup.error.future");
  const alreadyCorrected = refuse("already_corrected", { fieldErrors: { _form: "sup.error.alreadyCorrected" } });
  return transact(
    db,
    actor,
    async (tx) => {
      // The row lock (FOR UPDATE is no UPDATE: the append-only trigger lets it through) queues concurrent corrections.
      const [old] = await tx.db.select().from(supportEntries).where(sql`${supportEntries.id} = ${input.correctsId}`).for("update");
      if (!old) return refuse("not_found", { fieldErrors: { _form: "sup.error.entry" } });
      const outside = outsideCommune(actor, old.communeId);
      if (outside) return outside;
      const [later] = rowsOf<{ id: string }>(await tx.db.execute(sql`select id from support_entries where corrects_id = ${old.id}`));
      if (later) return alreadyCorrected;
      const households = await tx.db.select({ id: supportEntryHouseholds.householdId }).from(supportEntryHouseholds).where(sql`${supportEntryHouseholds.entryId} = ${old.id}`);
      const [row] = await tx.db
        .insert(supportEntries)
        .values({
          programme: input.programme,
          project: input.project,
          kind: input.kind,
          valueVnd: input.valueVnd,
          givenOn: input.givenOn,
          communeId: old.communeId,
          beneficiary: old.beneficiary,
          organisationId: old.organisationId,
          revolving: old.revolving,
          correctsId: old.id,
          reason: input.reason,
          note: input.note,
          isDemo: old.isDemo,
          recordedBy: actor.userId,
        })
        .returning({ id: supportEntries.id, number: supportEntries.number });
      if (!row) throw new Error("support correction was not written");
      if (households.length > 0) await tx.db.insert(supportEntryHouseholds).values(households.map((h) => ({ entryId: row.id, householdId: h.id })));
      await tx.audit({
        entityType: "support_entry",
        entityId: row.id,
        action: "correct",
        organisationId: old.organisationId,
        before: { number: old.number, programme: old.programme, project: old.project, kind: old.kind, valueVnd: old.valueVnd, givenOn: old.givenOn },
        after: { number: row.number, programme: input.programme, project: input.project, kind: input.kind, valueVnd: input.valueVnd, givenOn: input.givenOn, reason: input.reason },
      });
      return { ok: true as const, id: row.id, number: row.number };
    },
    { uniqueViolations: { support_entries_corrects_unique: alreadyCorrected } },
  );
}

/** What is left to repay on a current revolving entry: its value less every repayment along its corrections. */
async function outstanding(db: Database, entryId: string): Promise<number> {
  const [row] = rowsOf<{ value_vnd: string; repaid: string }>(
    await db.execute(sql`with recursive chain(id) as (
        select id from support_entries where id = ${entryId}
        union select e.corrects_id from support_entries e join chain on chain.id = e.id where e.corrects_id is not null)
      select (select value_vnd from support_entries where id = ${entryId})::text as value_vnd,
        coalesce((select sum(amount_vnd) from support_repayments r where r.entry_id in (select id from chain)), 0)::text as repaid`),
  );
  return Number(row?.value_vnd ?? 0) - Number(row?.repaid ?? 0);
}

/** Records money paid back to the revolving fund for a current entry; never more than is owed. */
export async function recordRepayment(db: Database, actor: SupportActor, raw: unknown, options: EntryChecks): Promise<{ ok: true; id: string; outstandingVnd: number } | SupportRefusal> {
  const parsed = parseInput(supportRepaymentSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.input;
  if (input.paidOn > options.today) return refuseField("invalid_input", "paidOn", "sup.error.future");
  return transact(db, actor, async (tx) => {
    const [entry] = await tx.db.select().from(supportEntries).where(sql`${supportEntries.id} = ${input.entryId}`).for("update");
    if (!entry) return refuse("not_found", { fieldErrors: { _form: "sup.error.entry" } });
    const outside = outsideCommune(actor, entry.communeId);
    if (outside) return outside;
    const [later] = rowsOf<{ id: string }>(await tx.db.execute(sql`select id from support_entries where corrects_id = ${entry.id}`));
    if (later) return refuse("already_corrected", { fieldErrors: { _form: "sup.error.repayCorrected" } });
    if (!entry.revolving) return refuse("not_revolving", { fieldErrors: { _form: "sup.error.notRevolving" } });
    if (input.paidOn < entry.givenOn) return refuseField("invalid_input", "paidOn", "sup.error.beforeGiven");
    const left = await outstanding(tx.db, entry.id);
    if (input.amountVnd > left) return refuseField("over_repaid", "amountVnd", "sup.error.overRepaid");
    const [row] = await tx.db
      .insert(supportRepayments)
      .values({ entryId: entry.id, amountVnd: input.amountVnd, paidOn: input.paidOn, note: input.note, recordedBy: actor.userId })
      .returning({ id: supportRepayments.id });
    if (!row) throw new Error("repayment was not written");
    await tx.audit({ entityType: "support_repayment", entityId: row.id, action: "create", organisationId: entry.organisationId, after: { entry: entry.number, ...input } });
    return { ok: true as const, id: row.id, outstandingVnd: left - input.amountVnd };
  });
}

export interface LedgerRow {
  id: string;
  number: number;
  programme: SupportProgramme;
  project: string;
  kind: SupportKind;
  valueVnd: number;
  givenOn: string;
  communeId: number;
  communeName: string;
  beneficiary: SupportBeneficiary;
  organisationName: string;
  organisationSlug: string;
  households: number;
  revolving: boolean;
  repaidVnd: number;
  correctsId: string | null;
  correctsNumber: number | null;
  correctedById: string | null;
  correctedByNumber: number | null;
  reason: string | null;
  note: string | null;
  recordedAt: string;
}

export interface LedgerFilter {
  year?: number;
  programme?: SupportProgramme;
  kind?: SupportKind;
  communeId?: number;
  organisationId?: string;
  /** Also list entries replaced by a correction (the department's full ledger). */
  withCorrected?: boolean;
  /** One entry, current or not. */
  id?: string;
  limit?: number;
}

/** Ledger rows, newest first: the department's list and a cooperative's own support. */
export async function listLedger(db: Database, filter: LedgerFilter = {}): Promise<LedgerRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select e.id, e.number, e.programme::text as programme, e.project, e.kind::text as kind, e.value_vnd::text as value_vnd,
        e.given_on::text as given_on, e.commune_id, c.name_vi as commune_name, e.beneficiary::text as beneficiary, o.name as organisation_name,
        o.slug as organisation_slug, e.revolving, e.reason, e.note, e.recorded_at,
        (select count(*) from support_entry_households h where h.entry_id = e.id)::int as households,
        coalesce((with recursive chain(id) as (select e.id union select p.corrects_id from support_entries p join chain on chain.id = p.id where p.corrects_id is not null)
          select sum(r.amount_vnd) from support_repayments r where r.entry_id in (select id from chain)), 0)::text as repaid_vnd,
        e.corrects_id, (select p.number from support_entries p where p.id = e.corrects_id) as corrects_number,
        (select n.id from support_entries n where n.corrects_id = e.id) as corrected_by_id,
        (select n.number from support_entries n where n.corrects_id = e.id) as corrected_by_number
      from support_entries e join communes c on c.id = e.commune_id join organisations o on o.id = e.organisation_id
      where true
        ${filter.year ? sql`and e.given_on between ${`${filter.year}-01-01`}::date and ${`${filter.year}-12-31`}::date` : sql``}
        ${filter.programme ? sql`and e.programme = ${filter.programme}` : sql``}
        ${filter.kind ? sql`and e.kind = ${filter.kind}` : sql``}
        ${filter.communeId ? sql`and e.commune_id = ${filter.communeId}` : sql``}
        ${filter.organisationId ? sql`and e.organisation_id = ${filter.organisationId}` : sql``}
        ${filter.id ? sql`and e.id = ${filter.id}` : sql``}
        ${filter.withCorrected || filter.id ? sql`` : sql`and ${currentEntry("e")}`}
      order by e.given_on desc, e.number desc
      limit ${filter.limit ?? 500}`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    number: Number(r.number),
    programme: r.programme as SupportProgramme,
    project: String(r.project),
    kind: r.kind as SupportKind,
    valueVnd: Number(r.value_vnd),
    givenOn: String(r.given_on),
    communeId: Number(r.commune_id),
    communeName: String(r.commune_name),
    beneficiary: r.beneficiary as SupportBeneficiary,
    organisationName: String(r.organisation_name),
    organisationSlug: String(r.organisation_slug),
    households: Number(r.households),
    revolving: Boolean(r.revolving),
    repaidVnd: Number(r.repaid_vnd),
    correctsId: r.corrects_id === null ? null : String(r.corrects_id),
    correctsNumber: r.corrects_number === null ? null : Number(r.corrects_number),
    correctedById: r.corrected_by_id === null ? null : String(r.corrected_by_id),
    correctedByNumber: r.corrected_by_number === null ? null : Number(r.corrected_by_number),
    reason: r.reason === null ? null : String(r.reason),
    note: r.note === null ? null : String(r.note),
    recordedAt: new Date(String(r.recorded_at)).toISOString(),
  }));
}

/** One entry of the ledger, whether or not a correction replaced it. */
export async function getLedgerEntry(db: Database, id: string): Promise<LedgerRow | null> {
  return (await listLedger(db, { id, limit: 1 }))[0] ?? null;
}

/** The households (codes and names) of an entry, for the cooperative's managers only. */
export async function entryHouseholds(db: Database, organisationId: string): Promise<Map<string, { code: string; headName: string }[]>> {
  const rows = rowsOf<{ entry_id: string; code: string; head_name: string }>(
    await db.execute(sql`select sh.entry_id, h.code, h.head_name from support_entry_households sh
      join support_entries e on e.id = sh.entry_id join households h on h.id = sh.household_id
      where e.organisation_id = ${organisationId} and h.organisation_id = ${organisationId} order by h.code`),
  );
  const out = new Map<string, { code: string; headName: string }[]>();
  for (const r of rows) {
    const list = out.get(r.entry_id) ?? [];
    list.push({ code: r.code, headName: r.head_name });
    out.set(r.entry_id, list);
  }
  return out;
}

/** What the officer's form offers: communes of the province and its cooperatives. */
export async function ledgerChoices(db: Database, provinceCode: string) {
  const communes = rowsOf<{ id: number; name_vi: string }>(await db.execute(sql`select id, name_vi from communes where province_code = ${provinceCode} order by name_vi`));
  const cooperatives = rowsOf<{ id: string; name: string; commune_id: number | null }>(
    await db.execute(sql`select o.id, o.name, o.commune_id from organisations o left join communes c on c.id = o.commune_id
      where o.kind in ('cooperative', 'cooperative_group') and (c.province_code = ${provinceCode} or o.commune_id is null) order by o.name`),
  );
  return {
    communes: communes.map((c) => ({ id: Number(c.id), nameVi: c.name_vi })),
    cooperatives: cooperatives.map((c) => ({ id: c.id, name: c.name, communeId: c.commune_id === null ? null : Number(c.commune_id) })),
  };
}

/**
 * The ledger's stamp for the page cache: append-only tables change only by new rows, so their counts and the
 * latest time a row was recorded move with every write.
 */
export async function ledgerStamp(db: Database): Promise<string> {
  const [row] = rowsOf<{ stamp: string }>(
    await db.execute(sql`select concat_ws(':', (select count(*) from support_entries), (select max(recorded_at) from support_entries),
      (select count(*) from support_repayments), (select max(recorded_at) from support_repayments)) as stamp`),
  );
  return row?.stamp ?? "";
}
