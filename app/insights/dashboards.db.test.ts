import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSafe } from "~/households/suppression";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import type { DashboardFilters } from "./filters";
import { departmentReportPdf } from "./report.server";
import { refreshInsights } from "./rollups.server";
import { resolveScope } from "./scope.server";
import { householdTables, SUPPRESSED, valueChainTables } from "./tables";
import { getHouseholdTargets } from "./targets.server";
import {
  addBatch,
  addCommune,
  addHousehold,
  addOrder,
  addOrganisation,
  addProduct,
  addSupply,
  addTransformation,
  allocate,
} from "../../tests/setup/insights-data";
import { getValueChain } from "./value-chain.server";
import { loadDashboard } from "./views.server";
import { silentLogger } from "../lib/logger";
import { translator } from "~/lib/i18n";

const NOW = new Date("2026-11-25T05:00:00Z");
const YEAR: DashboardFilters = { province: "19", from: "2026-01", to: "2026-11" };
const t = translator("en");

let db: TestDatabase;
let f: { communeA: number; communeB: number; coop: string; tea: string; other: string; hanoiProduct: string };

beforeAll(async () => {
  db = await createTestDatabase();
  const communeA = await addCommune(db.db, "19", "xa-a", "Xã A");
  const communeB = await addCommune(db.db, "19", "xa-b", "Xã B");
  const communeHanoi = await addCommune(db.db, "01", "xa-hn", "Xã HN");
  const coop = await addOrganisation(db.db, { slug: "htx-che", kind: "cooperative", communeId: communeA, name: "HTX Chè" });
  const coopHanoi = await addOrganisation(db.db, { slug: "htx-hn", kind: "cooperative", communeId: communeHanoi });
  const leaves = await addProduct(db.db, { organisationId: coop, slug: "bup-tuoi", kind: "raw_material" });
  const tea = await addProduct(db.db, { organisationId: coop, slug: "che-say" });
  const other = await addProduct(db.db, { organisationId: coop, slug: "che-khac" });
  const hanoiProduct = await addProduct(db.db, { organisationId: coopHanoi, slug: "sp-hn" });
  await db.db.execute(sql`update products set key_product_level = 'province' where id = ${tea}`);

  // 80 kg of fresh leaves from 8 households (6 in Xã A, 2 in Xã B) → 100 packs of dried tea.
  const raw = await addBatch(db.db, { organisationId: coop, productId: leaves, lot: "RAW1", producedOn: "2026-02-01", quantity: "80", uom: "KGM" });
  const packed = await addBatch(db.db, { organisationId: coop, productId: tea, lot: "PACK1", producedOn: "2026-02-03", quantity: "100" });
  await addTransformation(db.db, { organisationId: coop, outputBatchId: packed, inputs: [{ batchId: raw, quantity: "80" }], process: "sao chè", at: "2026-02-03T02:00:00Z" });
  for (let i = 0; i < 8; i++) {
    const household = await addHousehold(db.db, { organisationId: coop, communeId: i < 6 ? communeA : communeB, code: `S${i}` });
    await addSupply(db.db, { organisationId: coop, householdId: household, batchId: raw, reference: `PN-${i}`, quantity: "10", paidVnd: 100_000, on: "2026-02-01" });
  }
  // Sold: 4 packs to Hà Nội (200,000) and 2 to Thái Nguyên (100,000); a cancelled order does not count.
  const a = await addOrder(db.db, { createdAt: "2026-03-05T03:00:00Z", province: "01", phone: "0911111111", parts: [{ organisationId: coop, lines: [{ productId: tea, quantity: 4, unitPriceVnd: 50_000 }] }] });
  const b = await addOrder(db.db, { createdAt: "2026-04-05T03:00:00Z", province: "19", phone: "0922222222", parts: [{ organisationId: coop, lines: [{ productId: tea, quantity: 2, unitPriceVnd: 50_000 }] }] });
  const c = await addOrder(db.db, { createdAt: "2026-04-06T03:00:00Z", status: "cancelled", province: "19", parts: [{ organisationId: coop, lines: [{ productId: tea, quantity: 9, unitPriceVnd: 50_000 }] }] });
  for (const o of [a, b, c]) await allocate(db.db, o.subOrderIds[0]!, packed);

  // Households for the targets: 20 Tày households in Xã A with a 2020 baseline, 2 Kinh ones in Xã B.
  for (let i = 0; i < 20; i++) {
    await addHousehold(db.db, {
      organisationId: coop,
      communeId: communeA,
      code: `T${i}`,
      sex: i % 2 === 0 ? "female" : "male",
      ethnicity: "02",
      baseline: { year: 2020, incomeVnd: 20_000_000 },
      surveys: { 2026: i < 10 ? 60_000_000 : 50_000_000 },
      statuses: { 2025: i < 10 ? "poor" : "near_poor", 2026: i < 5 ? "poor" : i < 10 ? "near_poor" : "not_poor" },
    });
  }
  for (let i = 0; i < 2; i++) {
    await addHousehold(db.db, {
      organisationId: coop,
      communeId: communeB,
      code: `K${i}`,
      baseline: { year: 2019, incomeVnd: 30_000_000 },
      surveys: { 2026: 31_000_000 },
      statuses: { 2025: "not_poor", 2026: "not_poor" },
    });
  }
  await refreshInsights(db.db, NOW);
  f = { communeA, communeB, coop, tea, other, hanoiProduct };
});

afterAll(async () => {
  await db?.dispose();
});

const scopeOf = async (filters: DashboardFilters) => (await resolveScope(db.db, filters)).scope;

describe("value chain", () => {
  it("carries the period's sales from household communes through the cooperative and its processing to buyer provinces", async () => {
    const chain = await getValueChain(db.db, await scopeOf(YEAR), { product: f.tea });
    expect(chain.outOfScope).toBe(false);
    expect(chain.salesValueVnd).toBe(300_000);
    expect(chain.unitsSold).toBe(6);
    const byStage = (stage: string) => chain.links.filter((l) => l.stage === stage);
    expect(byStage("market").map((l) => [l.source, l.target, l.valueVnd, l.units])).toEqual([
      ["step:sao chè", "province:01", 200_000, 4],
      ["step:sao chè", "province:19", 100_000, 2],
    ]);
    expect(byStage("processing").map((l) => [l.source, l.target, l.valueVnd])).toEqual([[`coop:${f.coop}`, "step:sao chè", 300_000]]);
    const supply = byStage("supply");
    // Xã A's six households delivered 60 of the 80 kg: three quarters of the value. Xã B's two are not shown.
    const communeA = supply.find((l) => l.source === `commune:${f.communeA}`);
    expect(communeA).toMatchObject({ valueVnd: 225_000, households: 6, delivered: [{ uom: "KGM", quantity: 60 }], paidVnd: 600_000 });
    expect(supply.find((l) => l.source === `commune:${f.communeB}`)).toBeUndefined();
    const hidden = supply.find((l) => l.source.startsWith("hidden:"));
    expect(hidden?.valueVnd).toBe(75_000);
    // Every stage carries the same total.
    for (const stage of ["supply", "processing", "market"]) expect(byStage(stage).reduce((n, l) => n + l.valueVnd, 0)).toBe(300_000);
    expect(chain.attributedVnd).toBe(225_000);

    const tables = valueChainTables(chain, t);
    const flows = tables.find((x) => x.id === "flows")!;
    expect(flows.rows.find((r) => r[1] === "Households in Xã A")?.[3]).toBe(6);
  });

  it("selects key products by level, narrows to a period, and reports a product of another place", async () => {
    const key = await getValueChain(db.db, await scopeOf(YEAR), { key: "province" });
    expect(key.covered).toBe(1);
    expect(key.salesValueVnd).toBe(300_000);
    expect((await getValueChain(db.db, await scopeOf(YEAR), { key: "commune" })).covered).toBe(0);
    const march = await getValueChain(db.db, await scopeOf({ province: "19", from: "2026-03", to: "2026-03" }), { product: f.tea });
    expect(march.salesValueVnd).toBe(200_000);
    const none = await getValueChain(db.db, await scopeOf(YEAR), { product: f.other });
    expect(none).toMatchObject({ outOfScope: false, nodes: [], salesValueVnd: 0 });
    const elsewhere = await getValueChain(db.db, await scopeOf(YEAR), { product: f.hanoiProduct });
    expect(elsewhere.outOfScope).toBe(true);
    // The commune filter is the producers' place: Xã B has none.
    expect((await getValueChain(db.db, await scopeOf({ ...YEAR, commune: f.communeB }), { product: f.tea })).outOfScope).toBe(true);
  });

  it("answers bad selections in the URL with a message and the default view", async () => {
    const bad = await loadDashboard(db.db, { view: "value-chains", search: new URLSearchParams("product=x'; drop table orders&from=2026-01&to=2026-11"), today: "2026-11-25", locale: "vi", logger: silentLogger });
    expect(bad.filterErrors.product).toBe("ins.chain.badProduct");
    expect(bad.view === "value-chains" && bad.chain.selection).toEqual({ key: "any" });
    const level = await loadDashboard(db.db, { view: "value-chains", search: new URLSearchParams("key=district"), today: "2026-11-25", locale: "vi", logger: silentLogger });
    expect(level.filterErrors.key).toBe("ins.chain.badKey");
    const foreign = await loadDashboard(db.db, { view: "value-chains", search: new URLSearchParams(`product=${f.hanoiProduct}`), today: "2026-11-25", locale: "vi", logger: silentLogger });
    expect(foreign.filterErrors.product).toBe("ins.chain.productOutOfScope");
  });
});

describe("households against the targets", () => {
  it("computes the income multiple, poverty rates and transitions with small cells suppressed", async () => {
    // Primary suppression alone here: the figures themselves (complementary cells: decision 0016 and its attack test).
    const h = await getHouseholdTargets(db.db, await scopeOf(YEAR), "rollups", { complementary: false });
    expect(h.year).toBe(2026);
    // 10 × 60M and 10 × 50M over 20M: 2.75×. The Kinh group (2 households, baseline 2019) is not published.
    expect(h.income.all).toEqual({ households: 20, baselineMeanVnd: 20_000_000, currentMeanVnd: 55_000_000, multiple: 2.75, why: "shown" });
    expect(h.income.minority.multiple).toBe(2.75);
    expect(h.income.kinh).toEqual({ households: null, baselineMeanVnd: null, currentMeanVnd: null, multiple: null, why: "small" });
    expect(h.otherBaselines).toBeNull(); // 2 households: fewer than 5
    expect(h.minorityPoverty.previousRatePercent).toBe(50);
    expect(h.minorityPoverty.ratePercent).toBe(25);
    expect(h.minorityPoverty.reductionPoints).toBe(25);
    // poor → poor 5, poor → near-poor 5, near-poor → not poor 10; Kinh not poor → not poor 2 (hidden).
    // Rows and columns: poor, near-poor, newly escaped, not poor, not recorded.
    expect(h.transitions.cells[0]).toEqual([5, 5, null, null, null]);
    expect(h.transitions.cells[1]![3]).toBe(10);
    expect(h.transitions.cells[3]![3]).toBeNull();
    expect(h.transitions.cells[4]![4]).toBe(8); // the supplying households: no status either year
    expect(h.growthByEthnicity.cells[0]).toEqual([null, null]);
    // With complementary suppression (the page's): safe tables, and every shown figure the same as above.
    const page = await getHouseholdTargets(db.db, await scopeOf(YEAR));
    for (const table of [page.transitions, page.aggregates.statusByEthnicity, page.growthByEthnicity]) expect(isSafe(table)).toBe(true);
    page.transitions.cells.forEach((row, r) => row.forEach((v, c) => v !== null && expect(v).toBe(h.transitions.cells[r]![c])));
    expect(page.income.all.multiple).toBe(2.75);
    expect(h.minorityPoverty.years.map((y) => [y.year, y.poor, y.total])).toEqual([
      [2025, 10, 20],
      [2026, 5, 20],
    ]);

    const tables = householdTables(page, t);
    const ethnicity = tables.find((x) => x.id === "status-ethnicity")!;
    expect(ethnicity.rows.flat()).toContain(SUPPRESSED);
    for (const table of tables) expect(table.note).toBeTruthy();
  });

  it("narrows to where households live; a commune with two households shows nothing but “< 5”", async () => {
    const b = await getHouseholdTargets(db.db, await scopeOf({ ...YEAR, commune: f.communeB }));
    expect(b.aggregates.statusBySex.total).toBeNull();
    expect(b.minorityPoverty.ratePercent).toBeNull();
    expect(b.income.all.multiple).toBeNull();
    // Xã A holds every ethnic-minority household: showing its rate and the province's would say the other
    // communes have none (a zero group), so at most one of them is shown, hidden as "protected".
    const a = await getHouseholdTargets(db.db, await scopeOf({ ...YEAR, commune: f.communeA }));
    const province = await getHouseholdTargets(db.db, await scopeOf(YEAR));
    const rates = [a, province].map((x) => x.minorityPoverty);
    expect(rates.filter((r) => r.ratePercent !== null).length).toBeLessThanOrEqual(1);
    for (const r of rates) {
      if (r.ratePercent !== null) expect(r.ratePercent).toBe(25);
      else expect(Object.values(r.years[1].why)).toContain("protected");
    }
  });

  it("uses the year of the period's last month", async () => {
    const h = await getHouseholdTargets(db.db, await scopeOf({ province: "19", from: "2025-01", to: "2025-12" }));
    expect(h.year).toBe(2025);
    expect(h.income.all.multiple).toBeNull(); // no survey in 2025
    expect(h.minorityPoverty.ratePercent).toBe(50);
  });
});

describe("report", () => {
  it("draws every row of the dashboards' tables, on as many A4 pages as they need", async () => {
    const data = await loadDashboard(db.db, { view: "households", search: new URLSearchParams("from=2026-01&to=2026-11"), today: "2026-11-25", locale: "vi", logger: silentLogger });
    const pdf = await departmentReportPdf({
      title: "Báo cáo",
      lines: ["Địa bàn: Thái Nguyên"],
      sections: data.tables.map((table) => ({ heading: table.title, table })),
      footer: "…",
      format: (v) => String(v),
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(1);
    const dir = mkdtempSync(join(tmpdir(), "dashboards-pdf-"));
    writeFileSync(join(dir, "r.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-raw", join(dir, "r.pdf"), "-"]).toString();
    rmSync(dir, { recursive: true, force: true });
    const rowLabels = data.tables.flatMap((table) => table.rows.map((r) => String(r[0] ?? "")).filter((label) => label.length > 0 && label.length < 40));
    expect(rowLabels.length).toBeGreaterThan(10);
    for (const label of rowLabels) expect(text, label).toContain(label);
  });
});
