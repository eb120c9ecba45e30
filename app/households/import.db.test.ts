import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, batches, communes, householdImportFiles, householdPayments, households, householdSupplies, organisations, products, users } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { csvText, encodeWindows1258, householdHeader, paymentHeader, supplyHeader, utf8, xlsxFile } from "../../tests/setup/household-import-fixtures";
import { buildImportWorker } from "../../tests/setup/import-worker-build";
import type * as ImportFile from "./import-file";
import { commitImport, previewImport } from "./import.server";

const today = "2026-11-25";

// Every file in these tests is read on the import worker: the server's own thread never parses one (reading a
// large file there used to freeze every other visitor's page for seconds).
vi.mock("./import-file", async (importOriginal) => ({
  ...(await importOriginal<typeof ImportFile>()),
  readSpreadsheet: () => {
    throw new Error("a spreadsheet was parsed on the server's main thread");
  },
}));

describe("households import: preview, all-or-nothing commit, idempotent re-import", () => {
  let t: TestDatabase;
  let coop: string;
  let other: string;
  let userId: string;

  const householdsFile = () =>
    encodeWindows1258(
      csvText([
        householdHeader,
        ["TC-001", "Nguyễn Thị Hoà", "Nữ", "4", "Kinh", "Tân Cương", "Xóm Hồng Thái 2", "15/01/2020", "2020", "18.000.000"],
        ["TC-002", "Đặng Văn Sáng", "Nam", "5", "Sán Dìu", "xã Tân Cương", "", "2020-03-01", "", ""],
        ["TC-003", "Lý Thị Mỹ", "Nữ", "3", "Dao", "Phan Đình Phùng", "", "43922", "2020", "15000000"],
      ]),
    );

  const preview = (kind: "households" | "supplies" | "payments", bytes: Uint8Array, organisationId = coop) =>
    previewImport(t.db, { userId, organisationId }, { kind }, { name: `${kind}.csv`, bytes }, { today });
  const commit = (kind: "households" | "supplies" | "payments", sha256: string, organisationId = coop) =>
    commitImport(t.db, { userId, organisationId }, { intent: "commit", kind, sha256 }, { today });

  beforeAll(async () => {
    // Files are read on the real worker thread, built from the source.
    buildImportWorker();
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
    await t.db.insert(communes).values([
      { provinceCode: "19", nameVi: "Tân Cương", kind: "commune", slug: "tan-cuong" },
      { provinceCode: "19", nameVi: "Phan Đình Phùng", kind: "ward", slug: "phan-dinh-phung" },
      { provinceCode: "01", nameVi: "Ba Đình", kind: "ward", slug: "ba-dinh" },
    ]);
    const [user] = await t.db.insert(users).values({ email: "ql@htx.vn", displayName: "Quản lý", passwordHash: "x" }).returning();
    userId = user!.id;
    await t.db
      .insert(products)
      .values({ organisationId: coop, slug: "che-bup-tuoi", nameVi: "Chè búp tươi", category: "tea", kind: "raw_material", unitVi: "kg", unitEn: "kg" });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("previews a Windows-1258 list without writing any household, then commits it", async () => {
    const p = await preview("households", householdsFile());
    if (!p.ok) throw new Error(p.key);
    expect(p.encoding).toBe("windows-1258");
    expect(p.rows.map((r) => (r.ok ? r.outcome : "error"))).toEqual(["new", "new", "new"]);
    expect(await t.db.select().from(households)).toHaveLength(0);
    const c = await commit("households", p.sha256);
    expect(c).toEqual({ ok: true, kind: "households", created: 3, updated: 0, unchanged: 0 });
    // One audit entry for the import, written by the manager, with what it did (no entry per household).
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.organisationId, coop));
    expect(audit.map((e) => [e.actorUserId, e.entityType, e.entityId, e.action, e.changes.after])).toEqual([
      [userId, "household_import", p.sha256, "import", { kind: "households", created: 3, updated: 0, unchanged: 0 }],
    ]);
    const rows = await t.db.select().from(households).where(eq(households.organisationId, coop)).orderBy(households.code);
    expect(rows.map((h) => [h.code, h.headName, h.ethnicityCode, h.joinedOn])).toEqual([
      ["TC-001", "Nguyễn Thị Hoà", "01", "2020-01-15"],
      ["TC-002", "Đặng Văn Sáng", "18", "2020-03-01"],
      ["TC-003", "Lý Thị Mỹ", "09", "2020-04-01"],
    ]);
    // The stored file is gone once committed; committing it again finds nothing.
    expect(await t.db.select().from(householdImportFiles)).toHaveLength(0);
    expect(await commit("households", p.sha256)).toMatchObject({ ok: false, reason: "file_changed", key: "hh.import.error.changed" });
  });

  it("changes nothing when the same file (or its UTF-8 twin, or an XLSX of it) is imported again", async () => {
    const before = await t.db.select().from(households).orderBy(households.code);
    for (const bytes of [
      householdsFile(),
      utf8(new TextDecoder("windows-1258").decode(householdsFile()), true),
      xlsxFile([
        householdHeader,
        ["TC-001", "Nguyễn Thị Hoà", "Nữ", 4, "Kinh", "Tân Cương", "Xóm Hồng Thái 2", new Date(Date.UTC(2020, 0, 15)), 2020, 18_000_000],
        ["TC-002", "Đặng Văn Sáng", "Nam", 5, "Sán Dìu", "Tân Cương", null, "01/03/2020", null, null],
        ["TC-003", "Lý Thị Mỹ", "Nữ", 3, "Dao", "Phan Đình Phùng", null, 43922, 2020, 15_000_000],
      ]),
    ]) {
      const p = await preview("households", bytes);
      if (!p.ok) throw new Error(p.key);
      expect(p.rows.map((r) => (r.ok ? r.outcome : JSON.stringify(r.errors)))).toEqual(["unchanged", "unchanged", "unchanged"]);
      expect(await commit("households", p.sha256)).toEqual({ ok: true, kind: "households", created: 0, updated: 0, unchanged: 3 });
    }
    expect(await t.db.select().from(households).orderBy(households.code)).toEqual(before);
  });

  it("refuses a file with any bad row and writes none of its good rows", async () => {
    const bytes = utf8(
      csvText([
        householdHeader,
        ["TC-004", "Hà Văn Bốn", "Nam", "4", "Tày", "Tân Cương", "", "01/01/2021", "", ""],
        ["TC-005", "Hà Văn Năm", "Nam", "4", "Tày", "Ba Đình", "", "01/01/2021", "", ""],
        ["TC-004", "Hà Văn Bốn", "Nam", "4", "Tày", "Tân Cương", "", "01/01/2021", "", ""],
      ]),
    );
    const p = await preview("households", bytes);
    if (!p.ok) throw new Error(p.key);
    expect(p.valid).toBe(1);
    expect(p.invalid).toBe(2);
    const c = await commit("households", p.sha256);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.key).toBe("hh.import.fixFirst");
    expect(await t.db.select().from(households).where(eq(households.code, "TC-004"))).toHaveLength(0);
  });

  it("rolls back rows already written when a later row is refused at commit", async () => {
    const bytes = utf8(
      csvText([
        householdHeader,
        ["TC-006", "Hà Thị Sáu", "Nữ", "2", "Kinh", "Tân Cương", "", "01/01/2021", "", ""],
        ["TC-007", "Hà Thị Bảy", "Nữ", "2", "Kinh", "Tân Cương", "", "01/01/2021", "", ""],
      ]),
    );
    const p = await preview("households", bytes);
    if (!p.ok) throw new Error(p.key);
    // Two deliveries that pass the check; the second is refused at commit (see below).
    const supplyBytes = utf8(csvText([supplyHeader, ["PN-900", "TC-001", "Chè búp tươi", "L-900", "5", "kg", "20/11/2026", "0"], ["PN-901", "TC-002", "Chè búp tươi", "L-900", "5", "kg", "21/11/2026", "0"]]));
    const sp = await preview("supplies", supplyBytes);
    if (!sp.ok) throw new Error(sp.key);
    expect(sp.invalid).toBe(0);
    // The commit re-reads the stored bytes, so tampering with the stored copy is detected, not trusted.
    await t.db
      .update(householdImportFiles)
      .set({ bytes: utf8("Mã hộ\nX\n") })
      .where(and(eq(householdImportFiles.organisationId, coop), eq(householdImportFiles.sha256, p.sha256)));
    expect(await commit("households", p.sha256)).toMatchObject({ ok: false, reason: "file_changed", key: "hh.import.error.changed" });
    expect(await t.db.select().from(households).where(eq(households.code, "TC-006"))).toHaveLength(0);

    // Make the second delivery fail inside the transaction: its household leaves before the date.
    await t.db.update(households).set({ leftOn: "2026-11-20" }).where(and(eq(households.organisationId, coop), eq(households.code, "TC-002")));
    const c = await commit("supplies", sp.sha256);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.rows?.flatMap((r) => (r.ok ? [] : r.errors.map((e) => `${r.line}:${e.field}:${e.key}`)))).toEqual(["3:suppliedOn:hh.error.notMember"]);
    // The first delivery (and the lot it started) were rolled back with it.
    expect(await t.db.select().from(householdSupplies)).toHaveLength(0);
    expect(await t.db.select().from(batches).where(eq(batches.lotCode, "L-900"))).toHaveLength(0);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, sp.sha256))).toHaveLength(0);
    await t.db.update(households).set({ leftOn: null }).where(and(eq(households.organisationId, coop), eq(households.code, "TC-002")));
  });

  it("imports deliveries (one new lot fed by three households) and payments, idempotently", async () => {
    const supplies = xlsxFile([
      supplyHeader,
      ["PN-101", "TC-001", "Chè búp tươi", "L-101", 12.5, "kg", new Date(Date.UTC(2026, 10, 20)), 250_000],
      ["PN-102", "TC-002", "Chè búp tươi", "L-101", 7.5, "kg", "21/11/2026", 150_000],
      ["PN-103", "TC-003", "Chè búp tươi", "L-101", 5, "kg", "2026-11-22", 0],
    ]);
    for (const expected of [{ created: 3, unchanged: 0 }, { created: 0, unchanged: 3 }]) {
      const p = await preview("supplies", supplies);
      if (!p.ok) throw new Error(p.key);
      expect(p.invalid).toBe(0);
      expect(await commit("supplies", p.sha256)).toEqual({ ok: true, kind: "supplies", updated: 0, ...expected });
    }
    const [lot] = await t.db.select().from(batches).where(eq(batches.lotCode, "L-101"));
    expect(Number(lot!.quantity)).toBe(25);
    expect(await t.db.select().from(householdSupplies).where(eq(householdSupplies.batchId, lot!.id))).toHaveLength(3);

    const payments = utf8(csvText([paymentHeader, ["PC-1", "TC-001", "Chia lãi", "01/11/2026", "2.000.000", "Chia lãi vụ thu"], ["PC-2", "TC-003", "Tiền công", "02/11/2026", "500000", ""]]), true);
    for (const expected of [{ created: 2, unchanged: 0 }, { created: 0, unchanged: 2 }]) {
      const p = await preview("payments", payments);
      if (!p.ok) throw new Error(p.key);
      expect(await commit("payments", p.sha256)).toEqual({ ok: true, kind: "payments", updated: 0, ...expected });
    }
    expect(await t.db.select().from(householdPayments)).toHaveLength(2);
  });

  it("keeps each cooperative's files and households apart", async () => {
    const p = await preview("households", householdsFile());
    if (!p.ok) throw new Error(p.key);
    // The other cooperative cannot commit this cooperative's stored file.
    expect(await commit("households", p.sha256, other)).toMatchObject({ ok: false, key: "hh.import.error.changed" });
    // Its own preview of the same list sees only its own (empty) registry: all rows are new to it.
    const q = await preview("households", householdsFile(), other);
    if (!q.ok) throw new Error(q.key);
    expect(q.rows.map((r) => (r.ok ? r.outcome : "error"))).toEqual(["new", "new", "new"]);
  });

  it("reports unreadable and column-less files", async () => {
    expect(await preview("households", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toMatchObject({ ok: false, key: "hh.import.error.unreadable" });
    const missing = await preview("payments", utf8(csvText([["Số phiếu", "Mã hộ"], ["1", "2"]])));
    expect(missing).toMatchObject({ ok: false, key: "hh.import.error.missingColumns", vars: { columns: "Khoản chi, Ngày chi, Số tiền" } });
    // A confirmation that names no stored file by its content address is not an import at all.
    expect(await commitImport(t.db, { userId, organisationId: coop }, { intent: "commit", kind: "households", sha256: "nope" }, { today })).toMatchObject({
      ok: false,
      reason: "invalid_input",
    });
  });
});
