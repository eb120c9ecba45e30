import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { communes, householdIncomeSurveys, households, householdStatuses, orders, organisations, subOrders } from "#db/schema";
import { translator } from "~/lib/i18n";
import { buildImportWorker } from "../../tests/setup/import-worker-build";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { commitSupportImport, previewSupportImport } from "./import.server";
import { listLedger, recordSupportEntry } from "./ledger.server";
import { loadTransparency, resolveTransparencyScope, transparencyStamp } from "./publication.server";

const today = "2026-11-25";
const officer = { userId: null, organisationId: null };
const t = translator("vi");
const csv = (lines: string[]) => new TextEncoder().encode(lines.join("\r\n") + "\r\n");
const HEADER = "Chương trình,Dự án,Hình thức,Giá trị,Ngày,Xã/phường,Hợp tác xã,Người nhận,Mã hộ,Quay vòng";

describe("support import and the public transparency figures", () => {
  let db: TestDatabase;
  let coop: string;
  let tanCuong: number;
  let phucXuan: number;

  beforeAll(async () => {
    buildImportWorker();
    db = await createTestDatabase();
    const cs = await db.db
      .insert(communes)
      .values([
        { provinceCode: "19", nameVi: "Tân Cương", kind: "commune", slug: "tan-cuong-t" },
        { provinceCode: "19", nameVi: "Phúc Xuân", kind: "commune", slug: "phuc-xuan-t" },
      ])
      .returning();
    tanCuong = cs[0]!.id;
    phucXuan = cs[1]!.id;
    const [o] = await db.db.insert(organisations).values({ slug: "htx-che-hoa-binh", kind: "cooperative", name: "HTX Chè Hoà Bình", status: "active", communeId: tanCuong }).returning();
    coop = o!.id;
    // 12 households in Tân Cương (T01–T12) and 3 in Phúc Xuân (P01–P03), all surveyed in 2025 and 2026.
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => ({ code: `T${String(i + 1).padStart(2, "0")}`, communeId: tanCuong })),
      ...Array.from({ length: 3 }, (_, i) => ({ code: `P${String(i + 1).padStart(2, "0")}`, communeId: phucXuan })),
    ];
    const hs = await db.db
      .insert(households)
      .values(rows.map((r) => ({ organisationId: coop, code: r.code, headName: `Hộ ${r.code}`, headSex: "male" as const, memberCount: 4, ethnicityCode: "01", communeId: r.communeId, joinedOn: "2020-01-01" })))
      .returning();
    for (const [i, h] of hs.entries()) {
      const supported = h.code <= "T06" || h.code.startsWith("P");
      await db.db.insert(householdIncomeSurveys).values([
        { householdId: h.id, organisationId: coop, year: 2025, incomePerPersonVnd: 24_000_000, memberCount: 4, surveyedOn: "2025-12-01" },
        { householdId: h.id, organisationId: coop, year: 2026, incomePerPersonVnd: supported ? 30_000_000 : 25_000_000, memberCount: 4, surveyedOn: "2026-11-01" },
      ]);
      await db.db.insert(householdStatuses).values([
        { householdId: h.id, organisationId: coop, year: 2025, status: i < 8 ? "poor" : "not_poor", standard: "2022-2025" },
        { householdId: h.id, organisationId: coop, year: 2026, status: supported && i < 8 ? "newly_escaped" : i < 8 ? "poor" : "not_poor", standard: "2022-2025" },
      ]);
    }
    // Paid platform sales: 10 million in 2025, 25 million in 2026; an unpaid order does not count.
    const sale = async (number: string, at: string, amount: number, paid: boolean) => {
      const [order] = await db.db
        .insert(orders)
        .values({ number, status: "placed", paymentMethod: "cash_on_delivery", contactName: "Khách", phone: "0912345678", deliveryProvinceCode: "01", deliveryCommuneName: "Ba Đình", deliveryAddress: "1 Phố", subtotalVnd: amount, totalVnd: amount, createdAt: new Date(at) })
        .returning();
      await db.db.insert(subOrders).values({ orderId: order!.id, organisationId: coop, reference: `${number}-1`, status: "pending", paymentStatus: paid ? "paid" : "unpaid", subtotalVnd: amount, totalVnd: amount });
    };
    await sale("DH-00000001", "2025-06-01T03:00:00Z", 10_000_000, true);
    await sale("DH-00000002", "2026-06-01T03:00:00Z", 25_000_000, true);
    await sale("DH-00000003", "2026-07-01T03:00:00Z", 99_000_000, false);
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("previews a list row by row, writes nothing until confirmed, then writes every row once", async () => {
    const bad = csv([HEADER, "Giảm nghèo bền vững,Giống chè,Cây giống,abc,15/03/2026,Tân Cương,HTX Chè Hoà Bình,Hộ,T01,", "Xổ số,Giống chè,Cây giống,1.000.000,15/03/2026,Xã Mơ,HTX Không Có,HTX,,"]);
    const preview = await previewSupportImport(db.db, officer, { name: "sai.csv", bytes: bad }, { today });
    if (!preview.ok) throw new Error(JSON.stringify(preview));
    expect(preview).toMatchObject({ valid: 0, invalid: 2 });
    const [first, second] = preview.rows;
    expect(first).toMatchObject({ ok: false, errors: [{ field: "valueVnd", key: "sup.error.value" }] });
    if (second!.ok) throw new Error("expected a refused row");
    expect(second!.errors.map((e) => e.key).sort()).toEqual(["hh.import.error.unknownCommune", "sup.import.error.unknownCooperative", "sup.import.error.unknownProgramme"].sort());
    expect(await commitSupportImport(db.db, officer, preview.sha256, { today })).toMatchObject({ ok: false, key: "hh.import.fixFirst" });

    const good = csv([
      HEADER,
      "Giảm nghèo bền vững,Giống chè LDP1,Cây giống,\"30.000.000\",15/03/2026,Tân Cương,HTX Chè Hoà Bình,Hộ,\"T01,T02,T03,T04,T05,T06\",",
      "Giảm nghèo bền vững,Tập huấn VietGAP,Tập huấn,\"3.000.000\",2026-04-10,Phúc Xuân,htx-che-hoa-binh,Hộ,\"P01,P02,P03\",",
      "Nông thôn mới,Máy sao chè,Máy móc,\"120.000.000\",2026-05-20,Tân Cương,HTX Chè Hoà Bình,HTX,,có",
    ]);
    const ok = await previewSupportImport(db.db, officer, { name: "ho-tro-2026.csv", bytes: good }, { today });
    if (!ok.ok) throw new Error(JSON.stringify(ok));
    expect(ok).toMatchObject({ valid: 3, invalid: 0 });
    expect(await listLedger(db.db)).toHaveLength(0);
    expect(await commitSupportImport(db.db, officer, ok.sha256, { today })).toEqual({ ok: true, created: 3 });
    const ledger = await listLedger(db.db);
    expect(ledger.map((r) => [r.kind, r.valueVnd, r.households, r.revolving]).sort()).toEqual(
      [
        ["machinery", 120_000_000, 0, true],
        ["seedlings_livestock", 30_000_000, 6, false],
        ["training", 3_000_000, 3, false],
      ].sort(),
    );
    // The same list again: refused at the preview and at a replayed confirmation.
    expect(await previewSupportImport(db.db, officer, { name: "lai.csv", bytes: good }, { today })).toMatchObject({ ok: false, key: "sup.import.error.alreadyImported" });
    expect(await commitSupportImport(db.db, officer, ok.sha256, { today })).toMatchObject({ ok: false });
    const audit = rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from audit_events where entity_type = 'support_import'`));
    expect(audit[0]!.n).toBe(1);
  });

  it("publishes the commune's aggregates with its small groups hidden, and what followed", async () => {
    const scope = await resolveTransparencyScope(db.db, { province: "19", year: 2026 }, today);
    const view = await loadTransparency(db.db, scope, t);
    const byKind = view.tables.find((x) => x.id === "by-kind")!;
    const row = (kind: string) => byKind.rows.find((r) => r[0] === t(`sup.kind.${kind}` as "sup.kind.cash"))!;
    // 6 households got seedlings (shown); 3 got training (< 5, hidden); so the total 9 hides a second figure: "x".
    expect(row("training").slice(3)).toEqual(["< 5", "< 5"]);
    expect(row("machinery").slice(1, 3)).toEqual([1, 120_000_000]);
    expect([row("seedlings_livestock")[3], byKind.total![3]]).toContain("x");
    // The cooperative is named, with its paid sales before (2025) and after (2026); the unpaid order does not count.
    const coops = view.tables.find((x) => x.id === "cooperatives")!;
    expect(coops.rows[0]!.slice(0, 1)).toEqual(["HTX Chè Hoà Bình"]);
    expect(coops.rows[0]!.slice(6)).toEqual([10_000_000, 25_000_000]);
    // Phúc Xuân's 3 households: every figure about them hidden on its own page.
    const px = await loadTransparency(db.db, await resolveTransparencyScope(db.db, { province: "19", commune: phucXuan, year: 2026 }, today), t);
    const pxKinds = px.tables.find((x) => x.id === "by-kind")!;
    expect(pxKinds.total![3]).toBe("< 5");
    expect(px.tables.find((x) => x.id === "followed")!.rows[0]!.slice(1)).toEqual(["< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5"]);
    // The province: 9 supported and surveyed (24 → 30 million), 6 comparable unsupported households of the same
    // communes (24 → 25 million), 6 that left poverty. A comparison, stated as such in the note.
    const followed = view.tables.find((x) => x.id === "followed")!;
    expect(followed.rows[0]!.slice(1)).toEqual([9, 24_000_000, 30_000_000, 6, 24_000_000, 25_000_000, 6]);
    expect(followed.note).toContain("không phải bằng chứng");
    // Tân Cương is the province less Phúc Xuân's 3 households: with the province shown, every Tân Cương figure
    // that would give them away is hidden ("x").
    const tc = await loadTransparency(db.db, await resolveTransparencyScope(db.db, { province: "19", commune: tanCuong, year: 2026 }, today), t);
    const tcRow = tc.tables.find((x) => x.id === "followed")!.rows[0]!.slice(1);
    expect(tcRow.every((c) => typeof c !== "number")).toBe(true);
    expect(tcRow).toContain("x");
  });

  it("moves the pages' stamp with every ledger entry", async () => {
    const before = await transparencyStamp(db.db);
    const r = await recordSupportEntry(db.db, officer, { programme: "provincial_fund", project: "Hạ tầng nhà xưởng", kind: "infrastructure", valueVnd: "50.000.000", givenOn: "2026-09-01", communeId: String(tanCuong), beneficiary: "cooperative", organisationId: coop }, { today });
    expect(r.ok).toBe(true);
    expect(await transparencyStamp(db.db)).not.toBe(before);
  });
});
