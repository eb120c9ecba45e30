/** The valid test criteria sheet (parts 40/25/35), alone so that Playwright specs can load it without the database schema. */
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

