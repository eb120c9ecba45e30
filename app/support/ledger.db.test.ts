import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, communes, households, organisations, supportEntries, supportEntryHouseholds, supportRepayments } from "#db/schema";
import { rowsOf } from "#db/client.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { correctSupportEntry, getLedgerEntry, listLedger, recordRepayment, recordSupportEntry } from "./ledger.server";

const today = "2026-11-25";

/** The database's message for a refused statement (drizzle wraps it as the cause), or "ran". */
async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query;
    return "ran";
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
}
const officer = { userId: null, organisationId: null };

describe("the programme-support ledger", () => {
  let t: TestDatabase;
  let coop: string;
  let enterprise: string;
  let communeId: number;
  const entry = (over: Record<string, string> = {}) => ({
    programme: "poverty_reduction",
    project: "Hỗ trợ giống chè LDP1",
    kind: "seedlings_livestock",
    valueVnd: "12.000.000",
    givenOn: "2026-03-10",
    communeId: String(communeId),
    beneficiary: "cooperative",
    organisationId: coop,
    ...over,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    const orgs = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-che-tan-cuong", kind: "cooperative", name: "HTX Chè Tân Cương", status: "active" },
        { slug: "cong-ty-x", kind: "enterprise", name: "Công ty X", status: "active" },
      ])
      .returning();
    coop = orgs[0]!.id;
    enterprise = orgs[1]!.id;
    const [c] = await t.db.insert(communes).values({ provinceCode: "19", nameVi: "Tân Cương", kind: "commune", slug: "tan-cuong" }).returning();
    communeId = c!.id;
    await t.db.insert(households).values(
      ["H1", "H2", "H3"].map((code) => ({
        organisationId: coop,
        code,
        headName: `Hộ ${code}`,
        headSex: "female" as const,
        memberCount: 4,
        ethnicityCode: "01",
        communeId,
        joinedOn: code === "H3" ? "2026-06-01" : "2020-01-01",
      })),
    );
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("refuses bad input with message keys, and what only the database knows", async () => {
    const bad = await recordSupportEntry(t.db, officer, entry({ programme: "lottery", valueVnd: "-5", givenOn: "2026-02-30", kind: "" }), { today });
    expect(bad).toMatchObject({ ok: false, reason: "invalid_input" });
    if (bad.ok) throw new Error("expected a refusal");
    expect(bad.fieldErrors).toMatchObject({ programme: "sup.error.programme", valueVnd: "sup.error.value", givenOn: "sup.error.date", kind: "sup.error.kind" });
    expect(await recordSupportEntry(t.db, officer, entry({ givenOn: "2026-12-01" }), { today })).toMatchObject({ fieldErrors: { givenOn: "sup.error.future" } });
    expect(await recordSupportEntry(t.db, officer, entry({ organisationId: enterprise }), { today })).toMatchObject({ fieldErrors: { organisationId: "sup.error.cooperative" } });
    expect(await recordSupportEntry(t.db, officer, entry({ beneficiary: "households" }), { today })).toMatchObject({ fieldErrors: { householdCodes: "sup.error.householdsRequired" } });
    // H3 joined in June: not a member on 10 March.
    expect(await recordSupportEntry(t.db, officer, entry({ beneficiary: "households", householdCodes: "H1, H3" }), { today })).toMatchObject({
      fieldErrors: { householdCodes: "sup.error.unknownHousehold" },
    });
    expect(await t.db.select().from(supportEntries)).toHaveLength(0);
  });

  it("records an entry with its households and an audit entry", async () => {
    const r = await recordSupportEntry(t.db, officer, entry({ beneficiary: "households", householdCodes: "H1,H2" }), { today });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const row = await getLedgerEntry(t.db, r.id);
    expect(row).toMatchObject({ valueVnd: 12_000_000, households: 2, beneficiary: "households", organisationName: "HTX Chè Tân Cương", correctedByNumber: null });
    const audit = await t.db.select().from(auditEvents).where(sql`${auditEvents.entityId} = ${r.id}`);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "support_entry", action: "create", organisationId: coop });
  });

  it("is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused", async () => {
    const [row] = await t.db.select().from(supportEntries).limit(1);
    expect(await refusal(t.db.execute(sql`update support_entries set value_vnd = 1 where id = ${row!.id}`))).toMatch(/append-only/);
    expect(await refusal(t.db.execute(sql`delete from support_entries where id = ${row!.id}`))).toMatch(/append-only/);
    expect(await refusal(t.db.execute(sql`delete from support_entry_households`))).toMatch(/append-only/);
    expect(await refusal(t.db.execute(sql`truncate support_entries cascade`))).toMatch(/append-only/);
    const [again] = await t.db.select().from(supportEntries).where(sql`${supportEntries.id} = ${row!.id}`);
    expect(again!.valueVnd).toBe(12_000_000);
    expect(await t.db.select().from(supportEntryHouseholds)).toHaveLength(2);
  });

  it("corrects by a new entry that replaces the old one, once", async () => {
    const [old] = await listLedger(t.db);
    const fix = await correctSupportEntry(t.db, officer, { ...entry(), correctsId: old!.id, valueVnd: "10.000.000", reason: "Sai số tiền trên phiếu" }, { today });
    if (!fix.ok) throw new Error(JSON.stringify(fix));
    const current = await listLedger(t.db);
    expect(current.map((r) => r.id)).toEqual([fix.id]);
    expect(current[0]).toMatchObject({ valueVnd: 10_000_000, households: 2, correctsNumber: old!.number, reason: "Sai số tiền trên phiếu" });
    const all = await listLedger(t.db, { withCorrected: true });
    expect(all.find((r) => r.id === old!.id)).toMatchObject({ valueVnd: 12_000_000, correctedByNumber: current[0]!.number });
    // The old entry cannot be corrected again (the chain stays a line), nor without a reason.
    expect(await correctSupportEntry(t.db, officer, { ...entry(), correctsId: old!.id, reason: "Lần nữa" }, { today })).toMatchObject({ ok: false, reason: "already_corrected" });
    expect(await correctSupportEntry(t.db, officer, { ...entry(), correctsId: fix.id, reason: "" }, { today })).toMatchObject({ ok: false, fieldErrors: { reason: "sup.error.reason" } });
    // Two concurrent corrections of one entry: one wins.
    const both = await Promise.all([
      correctSupportEntry(t.db, officer, { ...entry(), correctsId: fix.id, valueVnd: "9.000.000", reason: "Điều chỉnh A" }, { today }),
      correctSupportEntry(t.db, officer, { ...entry(), correctsId: fix.id, valueVnd: "8.000.000", reason: "Điều chỉnh B" }, { today }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok)[0]).toMatchObject({ reason: "already_corrected" });
    const audit = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_events where entity_type = 'support_entry' and action = 'correct'`));
    expect(audit[0]!.n).toBe(2);
  });

  it("records repayments of revolving-fund support, never more than owed, carried across a correction", async () => {
    const plain = (await listLedger(t.db))[0]!;
    expect(await recordRepayment(t.db, officer, { entryId: plain.id, amountVnd: "1.000", paidOn: "2026-06-01" }, { today })).toMatchObject({ ok: false, reason: "not_revolving" });
    const r = await recordSupportEntry(t.db, officer, entry({ kind: "cash", valueVnd: "50.000.000", revolving: "on", project: "Quỹ quay vòng 2026" }), { today });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(await recordRepayment(t.db, officer, { entryId: r.id, amountVnd: "0", paidOn: "2026-06-01" }, { today })).toMatchObject({ fieldErrors: { amountVnd: "sup.error.valuePositive" } });
    expect(await recordRepayment(t.db, officer, { entryId: r.id, amountVnd: "1.000", paidOn: "2026-01-01" }, { today })).toMatchObject({ fieldErrors: { paidOn: "sup.error.beforeGiven" } });
    expect(await recordRepayment(t.db, officer, { entryId: r.id, amountVnd: "20.000.000", paidOn: "2026-06-01" }, { today })).toMatchObject({ ok: true, outstandingVnd: 30_000_000 });
    expect(await recordRepayment(t.db, officer, { entryId: r.id, amountVnd: "30.000.001", paidOn: "2026-07-01" }, { today })).toMatchObject({ ok: false, reason: "over_repaid" });
    // Corrected to 40 million: 20 million already repaid follow the entry, and the old one takes no more repayments.
    const fix = await correctSupportEntry(t.db, officer, { ...entry({ kind: "cash", project: "Quỹ quay vòng 2026" }), correctsId: r.id, valueVnd: "40.000.000", reason: "Giải ngân thiếu" }, { today });
    if (!fix.ok) throw new Error(JSON.stringify(fix));
    expect(await recordRepayment(t.db, officer, { entryId: r.id, amountVnd: "1.000", paidOn: "2026-08-01" }, { today })).toMatchObject({ ok: false, reason: "already_corrected" });
    expect(await getLedgerEntry(t.db, fix.id)).toMatchObject({ revolving: true, repaidVnd: 20_000_000 });
    expect(await recordRepayment(t.db, officer, { entryId: fix.id, amountVnd: "20.000.001", paidOn: "2026-08-01" }, { today })).toMatchObject({ ok: false, reason: "over_repaid" });
    expect(await recordRepayment(t.db, officer, { entryId: fix.id, amountVnd: "20.000.000", paidOn: "2026-08-01" }, { today })).toMatchObject({ ok: true, outstandingVnd: 0 });
    expect(await refusal(t.db.execute(sql`update support_repayments set amount_vnd = 1`))).toMatch(/append-only/);
    expect(await t.db.select().from(supportRepayments)).toHaveLength(2);
  });
});
