import { describe, expect, it } from "vitest";
import { tableToCsv } from "~/insights/export.server";
import { translate } from "~/lib/i18n";
import { buildKdeRows, cteOfStep, kdeTable, vietnamStamp, type KdeInput } from "./kde";

const tVi = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("vi", key, vars);
const tEn = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("en", key, vars);

const input: KdeInput = {
  lots: [
    { batchId: "r", lotCode: "R1", gtin: null, productNameVi: "Chè búp tươi", productNameEn: "Fresh tea leaves", organisationName: "HTX A", uom: "KGM" },
    { batchId: "p", lotCode: "P1", gtin: "08930000000019", productNameVi: "Chè Tân Cương", productNameEn: null, organisationName: "HTX A", uom: "H87" },
  ],
  events: [
    { eventId: "e3", batchId: "p", kind: "packing", eventTime: "2026-04-05T03:00:00.000Z", communeName: "Tân Cương", provinceName: "Thái Nguyên", locationName: "Xưởng", quantity: 500, uom: "H87", details: { packaging: "gói 200 g" } },
    { eventId: "e1", batchId: "r", kind: "spraying", eventTime: "2026-03-20T00:00:00.000Z", communeName: null, provinceName: null, locationName: "Đồi Nam Thái", quantity: null, uom: null, details: { product: "Abamectin", preHarvestIntervalDays: "7" } },
    { eventId: "e2", batchId: "r", kind: "harvesting", eventTime: "2026-03-24T00:00:00.000Z", communeName: "Tân Cương", provinceName: null, locationName: null, quantity: 100, uom: "KGM", details: {} },
    { eventId: "e4", batchId: "r", kind: "storing", eventTime: "2026-03-25T00:00:00.000Z", communeName: null, provinceName: null, locationName: null, quantity: null, uom: null, details: {} },
    { eventId: "e5", batchId: "elsewhere", kind: "harvesting", eventTime: "2026-03-25T00:00:00.000Z", communeName: null, provinceName: null, locationName: null, quantity: null, uom: null, details: {} },
  ],
  deliveries: [
    { batchId: "r", reference: "PN-1", quantity: 60, uom: "KGM", suppliedOn: "2026-03-24", householdName: "Nguyễn Thị Lan" },
    { batchId: "r", reference: "PN-2", quantity: 40, uom: "KGM", suppliedOn: "2026-03-24", householdName: null },
  ],
  sales: [
    { batchId: "p", orderNumber: "DH-7K3M9QX2", subOrderReference: "DH-7K3M9QX2-1", subOrderStatus: "shipped", quantity: 3, orderedAt: "2026-04-06T10:00:00.000Z", provinceNameVi: "Hà Nội", provinceNameEn: "Ha Noi", communeName: "Phường Ba Đình" },
  ],
};

describe("buildKdeRows", () => {
  it("makes one row per critical tracking event, sorted by time, and skips steps that are none or lots outside the trace", () => {
    const rows = buildKdeRows(input, "vi", tVi);
    expect(rows.map((r) => [r.cte, r.lotCode])).toEqual([
      ["growing", "R1"],
      ["harvesting", "R1"],
      ["receiving", "R1"],
      ["receiving", "R1"],
      ["packing", "P1"],
      ["selling", "P1"],
    ]);
    expect(rows[0]).toMatchObject({ product: "Chè búp tươi", location: "Đồi Nam Thái", reference: "Sự kiện e1; Tên vật tư, thuốc: Abamectin; Thời gian cách ly (ngày): 7" });
    expect(rows[4]).toMatchObject({ quantity: 500, unit: "H87", gtin: "08930000000019", location: "Xưởng, Tân Cương, Thái Nguyên" });
    expect(rows[5]).toMatchObject({ quantity: 3, location: "Phường Ba Đình, Hà Nội", reference: "Đơn DH-7K3M9QX2, phần đơn DH-7K3M9QX2-1" });
  });

  it("names a household only when given its name", () => {
    const rows = buildKdeRows(input, "en", tEn).filter((r) => r.cte === "receiving");
    expect(rows.map((r) => r.description)).toEqual(["Household Nguyễn Thị Lan delivered produce", "A member household delivered produce"]);
  });

  it("uses the English product name where there is one, the Vietnamese one otherwise", () => {
    const rows = buildKdeRows(input, "en", tEn);
    expect(rows.find((r) => r.lotCode === "R1")!.product).toBe("Fresh tea leaves");
    expect(rows.find((r) => r.lotCode === "P1")!.product).toBe("Chè Tân Cương");
  });
});

describe("kdeTable", () => {
  it("writes column names in the reader's language and times in Vietnam, sortable as text", () => {
    const vi = kdeTable(buildKdeRows(input, "vi", tVi), "R1", tVi);
    const en = kdeTable(buildKdeRows(input, "en", tEn), "R1", tEn);
    expect(vi.columns.map((c) => c.label).slice(0, 3)).toEqual(["Sự kiện theo dõi", "Ngày giờ (giờ Việt Nam)", "Mã lô truy xuất"]);
    expect(en.columns.map((c) => c.label).slice(0, 3)).toEqual(["Critical tracking event", "Date and time (Vietnam)", "Traceability lot code"]);
    expect(vi.rows[0]!.slice(0, 3)).toEqual(["Trồng trọt", "2026-03-20 07:00", "R1"]);
    const csv = tableToCsv(en);
    expect(csv.split("\r\n")[1]).toBe(
      `Growing,2026-03-20 07:00,R1,,Fresh tea leaves,,,Đồi Nam Thái,HTX A,${tEn("step.spraying")},Event e1; ${tEn("detail.product")}: Abamectin; ${tEn("detail.preHarvestIntervalDays")}: 7`,
    );
  });

  it("maps steps to critical tracking events", () => {
    expect(["planting", "fertilising", "spraying", "harvesting", "receiving", "transformation", "processing", "packing", "shipping", "storing", null].map(cteOfStep)).toEqual([
      "growing",
      "growing",
      "growing",
      "harvesting",
      "receiving",
      "transforming",
      "transforming",
      "packing",
      "shipping",
      null,
      null,
    ]);
    expect(vietnamStamp("2026-12-31T17:30:00.000Z")).toBe("2027-01-01 00:30");
  });
});
