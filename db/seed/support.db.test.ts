import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { translator } from "~/lib/i18n";
import { loadTransparency, resolveTransparencyScope } from "~/support/publication.server";
import { listLedger } from "~/support/ledger.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { seedDemoData } from "./index";

const t = translator("vi");

describe("the demo's year of programme support", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoData(db.db);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it("seeds every programme once, a correction and revolving-fund repayments, and not twice", async () => {
    const ledger = await listLedger(db.db, { year: 2026 });
    expect(new Set(ledger.map((r) => r.programme))).toEqual(new Set(["new_rural", "poverty_reduction", "ethnic_minority", "provincial_fund"]));
    expect(ledger.find((r) => r.kind === "machinery")).toMatchObject({ valueVnd: 175_000_000, correctsNumber: expect.any(Number) });
    expect(ledger.find((r) => r.revolving)).toMatchObject({ repaidVnd: 80_000_000 });
    await seedDemoData(db.db);
    const [n] = rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int as n from support_entries`));
    expect(n!.n).toBe(10);
  });

  it("shows some household figures on the public pages and hides the small groups", async () => {
    const province = await loadTransparency(db.db, await resolveTransparencyScope(db.db, { province: "19", year: 2026 }, "2026-12-04"), t);
    const byKind = province.tables.find((x) => x.id === "by-kind")!;
    const households = byKind.rows.map((r) => r[3]);
    expect(households.some((v) => typeof v === "number" && v >= 5)).toBe(true);
    expect(byKind.rows.map((r) => r[1])).toContain(1);
    expect(province.tables.find((x) => x.id === "cooperatives")!.rows).toHaveLength(3);
    const [choMoi] = rowsOf<{ id: number }>(await db.db.execute(sql`select id from communes where slug = 'cho-moi' and province_code = '19'`));
    const commune = await loadTransparency(db.db, await resolveTransparencyScope(db.db, { province: "19", commune: choMoi!.id, year: 2026 }, "2026-12-04"), t);
    const training = commune.tables.find((x) => x.id === "by-kind")!.rows.find((r) => r[0] === t("sup.kind.training"))!;
    expect(training[3]).toBe("< 5");
  });
});
