import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ocopCertificates, ocopDecisionItems, ocopDecisions, ocopProductSets } from "#db/schema";
import { translator } from "~/lib/i18n";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { addCommune, addOrder, addOrganisation, addProduct } from "../../tests/setup/insights-data";
import { insertTestApplication, insertTestSheet } from "../../tests/setup/ocop-fixtures";
import { silentLogger } from "../lib/logger";
import { tableToCsv } from "./export.server";
import type { DashboardFilters } from "./filters";
import { getOcopDashboard } from "./ocop-dashboard.server";
import { resolveScope } from "./scope.server";
import { loadDashboard } from "./views.server";

const TODAY = "2026-11-25";
const YEAR: DashboardFilters = { province: "19", from: "2026-01", to: "2026-11" };

describe("the department's OCOP dashboard", () => {
  let t: TestDatabase;
  let communeA: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.db;
    communeA = await addCommune(db, "19", "xa-a", "Xã A");
    const communeB = await addCommune(db, "19", "xa-b", "Xã B");
    const communeHanoi = await addCommune(db, "01", "xa-hn", "Xã HN");
    const department = await addOrganisation(db, { slug: "so-nn", kind: "department", communeId: null, name: "Sở NN&MT" });
    const coopA = await addOrganisation(db, { slug: "htx-a", kind: "cooperative", communeId: communeA, name: "HTX A" });
    const coopB = await addOrganisation(db, { slug: "htx-b", kind: "cooperative", communeId: communeB, name: "HTX B" });
    const coopHn = await addOrganisation(db, { slug: "htx-hn", kind: "cooperative", communeId: communeHanoi, name: "HTX HN" });
    const teaA = await addProduct(db, { organisationId: coopA, slug: "che-a" });
    const riceA = await addProduct(db, { organisationId: coopA, slug: "gao-a" });
    const honeyB = await addProduct(db, { organisationId: coopB, slug: "mat-ong-b" });
    const hnProduct = await addProduct(db, { organisationId: coopHn, slug: "sp-hn" });

    const tea = await insertTestSheet(db, "beverage.dash_tea");
    await db.insert(ocopProductSets).values({ code: "food.dash_food", productGroup: "food", nameVi: "Thực phẩm thử", nameEn: "Test food" });
    const food = await insertTestSheet(db, "food.dash_food");

    const app = async (organisationId: string, productId: string, sheetId: string, status: "draft" | "decided" | "certificate_issued" | "under_evaluation", createdAt: string) => {
      const id = await insertTestApplication(db, { organisationId, productId, sheetId, status });
      await db.execute(sql`update ocop_applications set created_at = ${createdAt}::timestamptz where id = ${id}`);
      return id;
    };
    const app1 = await app(coopA, teaA, tea.sheetId, "certificate_issued", "2026-03-10T03:00:00Z");
    const app2 = await app(coopB, honeyB, food.sheetId, "decided", "2026-04-02T03:00:00Z");
    const app3 = await app(coopA, riceA, food.sheetId, "decided", "2026-04-20T03:00:00Z");
    // 30 April 23:30 in Vietnam is still April there, though it is 16:30 UTC.
    await app(coopA, teaA, tea.sheetId, "draft", "2026-11-01T02:00:00Z");
    await app(coopHn, hnProduct, tea.sheetId, "under_evaluation", "2026-04-05T03:00:00Z");
    const appLateApril = await app(coopB, honeyB, food.sheetId, "draft", "2026-04-30T16:30:00Z");
    expect(appLateApril).toBeTruthy();

    const [decision] = await db
      .insert(ocopDecisions)
      .values({ departmentId: department, number: "1234/QĐ-UBND", signedOn: "2026-06-01", signerName: "Nguyễn Văn A", signerTitle: "Phó Chủ tịch" })
      .returning();
    const [oldDecision] = await db
      .insert(ocopDecisions)
      .values({ departmentId: department, number: "99/QĐ-UBND", signedOn: "2025-06-01", signerName: "Nguyễn Văn B", signerTitle: "Phó Chủ tịch" })
      .returning();
    await db.insert(ocopDecisionItems).values([
      { decisionId: decision!.id, applicationId: app1, score: 75.5, stars: 4 },
      { decisionId: decision!.id, applicationId: app2, score: 45, stars: null },
      { decisionId: decision!.id, applicationId: app3, score: 62, stars: 3 },
    ]);
    expect(oldDecision).toBeDefined();

    await db.insert(ocopCertificates).values([
      { number: "OCOP-A-4", productId: teaA, organisationId: coopA, productGroup: "beverage", stars: 4, score: 75.5, issuedOn: "2026-06-01", expiresOn: "2029-05-31", origin: "evaluation", decisionId: decision!.id, applicationId: app1 },
      {
        number: "OCOP-A-3",
        productId: riceA,
        organisationId: coopA,
        productGroup: "food",
        stars: 3,
        score: 62,
        issuedOn: "2026-06-01",
        expiresOn: "2029-05-31",
        origin: "evaluation",
        decisionId: decision!.id,
        applicationId: app3,
        status: "revoked",
        statusReason: "Thu hồi sau hậu kiểm",
        statusChangedAt: new Date("2026-09-15T03:00:00Z"),
      },
      { number: "OCOP-B-3", productId: honeyB, organisationId: coopB, productGroup: "food", stars: 3, issuedOn: "2023-07-01", expiresOn: "2027-03-31", origin: "recorded_without_evaluation" },
      { number: "OCOP-A-OLD", productId: teaA, organisationId: coopA, productGroup: "beverage", stars: 3, issuedOn: "2022-01-01", expiresOn: "2026-02-15", origin: "recorded_without_evaluation" },
      { number: "OCOP-HN-5", productId: hnProduct, organisationId: coopHn, productGroup: "beverage", stars: 5, issuedOn: "2025-01-01", expiresOn: "2027-01-31", origin: "recorded_without_evaluation" },
    ]);

    // coopA sold (paid) in May; coopB only has an unpaid order now and a paid one 13 months ago; coopHn sells but is elsewhere.
    const line = (organisationId: string, productId: string) => [{ organisationId, lines: [{ productId, quantity: 1, unitPriceVnd: 100_000 }] }];
    await addOrder(db, { createdAt: "2026-05-05T03:00:00Z", province: "01", parts: line(coopA, teaA) });
    await addOrder(db, { createdAt: "2026-11-20T03:00:00Z", province: "01", parts: [{ ...line(coopB, honeyB)[0]!, unpaid: true }] });
    await addOrder(db, { createdAt: "2025-10-20T03:00:00Z", province: "01", parts: line(coopB, honeyB) });
    await addOrder(db, { createdAt: "2026-10-20T03:00:00Z", province: "19", parts: line(coopHn, hnProduct) });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("counts applications by month started (Vietnam time) and current stage, in the place only", async () => {
    const { scope } = await resolveScope(t.db, YEAR);
    const d = await getOcopDashboard(t.db, scope, TODAY);
    expect(d.stages).toHaveLength(11);
    const byMonth = Object.fromEntries(d.stages.map((s) => [s.month, Object.fromEntries(Object.entries(s.counts).filter(([, n]) => n > 0))]));
    expect(byMonth).toMatchObject({ "2026-03": { certificate_issued: 1 }, "2026-04": { decided: 2, draft: 1 }, "2026-05": {}, "2026-11": { draft: 1 } });
    expect(d.places).toEqual([
      { communeVi: "Xã A", group: "beverage", applications: 2, decided: 1, ranked: 1, meanScore: 75.5 },
      { communeVi: "Xã A", group: "food", applications: 1, decided: 1, ranked: 1, meanScore: 62 },
      { communeVi: "Xã B", group: "food", applications: 2, decided: 1, ranked: 0, meanScore: 45 },
    ]);
  });

  it("gives pass rates and mean scores from decisions signed in the period", async () => {
    const { scope } = await resolveScope(t.db, YEAR);
    const d = await getOcopDashboard(t.db, scope, TODAY);
    expect(d.results).toEqual([
      { group: "beverage", decided: 1, ranked: 1, stars3: 0, stars4: 1, stars5: 0, proposedFive: 0, meanScore: 75.5 },
      { group: "food", decided: 2, ranked: 1, stars3: 1, stars4: 0, stars5: 0, proposedFive: 0, meanScore: 53.5 },
    ]);
  });

  it("lists valid certificates expiring within six months, and counts stars at month ends from the register only", async () => {
    const { scope } = await resolveScope(t.db, YEAR);
    const d = await getOcopDashboard(t.db, scope, TODAY);
    expect(d.expiring).toEqual([{ number: "OCOP-B-3", slug: "mat-ong-b", nameVi: "Sản phẩm mat-ong-b", nameEn: null, producer: "HTX B", stars: 3, expiresOn: "2027-03-31", daysLeft: 126 }]);
    const stars = Object.fromEntries(d.starsOverTime.map((s) => [s.day, [s.stars3, s.stars4, s.stars5]]));
    expect(stars).toEqual({
      "2026-01-31": [2, 0, 0],
      "2026-02-28": [1, 0, 0],
      "2026-03-31": [1, 0, 0],
      "2026-04-30": [1, 0, 0],
      "2026-05-31": [1, 0, 0],
      "2026-06-30": [2, 1, 0],
      "2026-07-31": [2, 1, 0],
      "2026-08-31": [2, 1, 0],
      // Revoked on 15 September: it stops counting from then.
      "2026-09-30": [1, 1, 0],
      "2026-10-31": [1, 1, 0],
      "2026-11-25": [1, 1, 0],
    });
  });

  it("measures OCOP producers selling through the storefront (paid, last 12 months) against the target", async () => {
    const { scope } = await resolveScope(t.db, YEAR);
    expect((await getOcopDashboard(t.db, scope, TODAY)).storefront).toEqual({ producers: 2, selling: 1, since: "2025-11-25" });
    const { scope: inA } = await resolveScope(t.db, { ...YEAR, commune: communeA });
    const a = await getOcopDashboard(t.db, inA, TODAY);
    expect(a.storefront).toEqual({ producers: 1, selling: 1, since: "2025-11-25" });
    expect(a.places.every((p) => p.communeVi === "Xã A")).toBe(true);
  });

  it("builds the page's tables and their CSV, totals included", async () => {
    const search = new URLSearchParams({ province: "19", from: "2026-01", to: "2026-11" });
    const data = await loadDashboard(t.db, { view: "ocop", search, today: TODAY, locale: "en", logger: silentLogger });
    expect(data.tables.map((x) => x.id)).toEqual(["stages", "places", "results", "expiring", "stars", "storefront"]);
    const results = data.tables.find((x) => x.id === "results")!;
    expect(results.total).toEqual(["Total", 3, 2, 66.7, 1, 1, 0, 0, 60.83]);
    const storefront = data.tables.find((x) => x.id === "storefront")!;
    expect(storefront.rows.map((r) => r[1])).toEqual([2, 1, 50, 50, translator("en")("ocopd.storefront.yes")]);
    const csv = tableToCsv(data.tables.find((x) => x.id === "expiring")!);
    expect(csv).toContain("OCOP-B-3");
    expect(csv).toContain("2027-03-31");
  });
});
