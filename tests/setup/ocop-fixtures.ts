/**
 * Small, valid OCOP fixtures for database tests: a product set with a published sheet whose parts add up to 40/25/35,
 * and applications inserted directly at any status (the commands that move them are tested on their own).
 */
import { randomBytes } from "node:crypto";
import type { Database } from "#db/client.server";
import { ocopApplications, ocopCriteriaSheets, ocopProductSets, ocopRounds } from "#db/schema";
import type { CriteriaSheet } from "~/ocop/rules";

const t = (vi: string, en: string) => ({ vi, en });

/** Parts A 40 (20+20), B 25 (15+10), C 35 (20+15): every criterion has a 0 option. */
export const testSheet: CriteriaSheet = {
  criteria: [
    { code: "A1", part: "A", section: t("Tổ chức sản xuất", "Production organisation"), text: t("Nguồn nguyên liệu", "Raw material source"), options: [{ label: t("Không rõ", "Unknown"), points: 0 }, { label: t("Một phần", "Partly own"), points: 10 }, { label: t("Tự chủ", "Own"), points: 20 }], evidence: "platform_figure", platformEvidence: "traceability_coverage", required: false, checkAgainstAnnex: false },
    { code: "A2", part: "A", section: t("Tổ chức sản xuất", "Production organisation"), text: t("Sử dụng lao động địa phương", "Local labour"), options: [{ label: t("Không", "No"), points: 0 }, { label: t("Có", "Yes"), points: 20 }], evidence: "platform_figure", platformEvidence: "member_households", required: false, checkAgainstAnnex: false },
    { code: "B1", part: "B", section: t("Tiếp thị", "Marketing"), text: t("Câu chuyện sản phẩm", "Product story"), options: [{ label: t("Không có", "None"), points: 0 }, { label: t("Có", "Yes"), points: 15 }], evidence: "document", documentKind: "product_story", required: true, checkAgainstAnnex: false },
    { code: "B2", part: "B", section: t("Tiếp thị", "Marketing"), text: t("Kênh phân phối", "Distribution"), options: [{ label: t("Trong xã", "Commune"), points: 0 }, { label: t("Trong tỉnh", "Province"), points: 5 }, { label: t("Ngoài tỉnh", "Beyond"), points: 10 }], evidence: "platform_figure", platformEvidence: "buyer_provinces", required: false, checkAgainstAnnex: false },
    { code: "C1", part: "C", section: t("Chất lượng", "Quality"), text: t("Kiểm nghiệm", "Lab tests"), options: [{ label: t("Không", "None"), points: 0 }, { label: t("Đạt", "Passed"), points: 20 }], evidence: "lab_tested_lot", required: true, checkAgainstAnnex: false },
    { code: "C2", part: "C", section: t("Chất lượng", "Quality"), text: t("Tiêu chuẩn công bố", "Declared standard"), options: [{ label: t("Không", "No"), points: 0 }, { label: t("Có", "Yes"), points: 15 }], evidence: "document", documentKind: "standard", required: false, checkAgainstAnnex: true },
  ],
};

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/** A product set (a fresh code unless given) with a published version 1 of `testSheet`. */
export async function insertTestSheet(db: Database, productSetCode = `beverage.test_${uniqueSuffix()}`): Promise<{ productSetCode: string; sheetId: string }> {
  await db.insert(ocopProductSets).values({ code: productSetCode, productGroup: "beverage", nameVi: "Bộ thử", nameEn: "Test set" }).onConflictDoNothing();
  const [row] = await db
    .insert(ocopCriteriaSheets)
    .values({ productSetCode, version: 1, status: "published", criteria: testSheet, publishedAt: new Date() })
    .returning({ id: ocopCriteriaSheets.id });
  return { productSetCode, sheetId: row!.id };
}

let applicationCounter = 0;

/** An application inserted as is (status, round), numbered HS-2026-9xxxx so it never meets a real number. */
export async function insertTestApplication(
  db: Database,
  input: { organisationId: string; productId: string; sheetId: string; status?: (typeof ocopApplications.$inferInsert)["status"]; roundId?: string | null },
): Promise<string> {
  applicationCounter += 1;
  const number = `HS-2026-9${String(applicationCounter).padStart(3, "0")}${randomBytes(2).readUInt16BE(0) % 10}`;
  const [row] = await db
    .insert(ocopApplications)
    .values({ number, organisationId: input.organisationId, productId: input.productId, sheetId: input.sheetId, status: input.status ?? "draft", roundId: input.roundId ?? null })
    .returning({ id: ocopApplications.id });
  return row!.id;
}

/** A round of a department in a given status. */
export async function insertTestRound(db: Database, departmentId: string, status: "open" | "scoring" | "closed" = "scoring"): Promise<string> {
  const [row] = await db
    .insert(ocopRounds)
    .values({ departmentId, name: `Đợt thử ${uniqueSuffix()}`, year: 2026, status, closedAt: status === "closed" ? new Date() : null })
    .returning({ id: ocopRounds.id });
  return row!.id;
}
