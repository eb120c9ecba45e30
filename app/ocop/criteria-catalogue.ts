/**
 * The OCOP product sets and the criteria sheets every installation starts with (reference data, not demo data):
 * the six product groups of Decision 148/QĐ-TTg (2023) with their product sets, and version 1 of the sheets used by
 * the Thái Nguyên products (tea, rice, honey, dong-riềng vermicelli, persimmon, herbal tea). Pure data, safe in the
 * browser. `ensureOcopCriteria` (criteria.server.ts) inserts what is missing.
 *
 * Honesty about the source: the part maxima (A 40, B 25, C 35, total 100) and the star classes follow the decision.
 * The split of each part into criteria, their points and their wording are written in the spirit of the annex but
 * could not be checked against its text here, so every criterion carries `checkAgainstAnnex: true` and every set
 * whose name or boundary is uncertain carries `checkAgainstDecision: true`. The department checks and publishes a
 * corrected version through /admin/ocop/criteria; applications keep the version they started with.
 */
import type { Criterion, CriteriaSheet, OcopPart } from "./rules";

export type OcopProductGroup = "food" | "beverage" | "herbal" | "handicraft" | "ornamental" | "tourism_service";

export const OCOP_PRODUCT_GROUPS: readonly OcopProductGroup[] = ["food", "beverage", "herbal", "handicraft", "ornamental", "tourism_service"];

export interface CatalogueProductSet {
  /** "<group>.<set>", e.g. "beverage.tea". */
  code: string;
  productGroup: OcopProductGroup;
  nameVi: string;
  nameEn: string;
  position: number;
  /** The set's name or boundary (which products it holds) is from memory of the decision, to be checked. */
  checkAgainstDecision: boolean;
}

const set = (code: string, nameVi: string, nameEn: string, position: number, checkAgainstDecision = true): CatalogueProductSet => ({
  code,
  productGroup: code.split(".")[0] as OcopProductGroup,
  nameVi,
  nameEn,
  position,
  checkAgainstDecision,
});

export const ocopProductSetCatalogue: readonly CatalogueProductSet[] = [
  set("food.fresh_produce", "Rau, củ, quả, hạt tươi", "Fresh vegetables, tubers, fruit and nuts", 10),
  set("food.fresh_meat_eggs_milk", "Thịt, trứng, sữa tươi", "Fresh meat, eggs and milk", 11),
  set("food.grain", "Gạo, ngũ cốc", "Rice and cereals", 12),
  set("food.honey", "Mật ong, sản phẩm từ mật ong", "Honey and honey products", 13),
  set("food.processed_grain", "Sản phẩm chế biến từ gạo, ngũ cốc, củ (bún, miến, phở, bánh)", "Processed rice, cereal and tuber products (noodles, vermicelli, cakes)", 14),
  set("food.processed_meat_fish", "Thịt, thủy sản chế biến", "Processed meat and fish", 15),
  set("food.spices", "Gia vị (nước mắm, tương, tinh bột nghệ…)", "Condiments and spices (fish sauce, soy paste, turmeric…)", 16),
  set("beverage.tea", "Chè và sản phẩm từ chè", "Tea and tea products", 20),
  set("beverage.coffee_cocoa", "Cà phê, ca cao", "Coffee and cocoa", 21),
  set("beverage.alcoholic", "Đồ uống có cồn", "Alcoholic drinks", 22),
  set("beverage.non_alcoholic", "Đồ uống không cồn (nước ép, nước giải khát)", "Non-alcoholic drinks (juices, soft drinks)", 23),
  set("herbal.herbal_tea", "Trà thảo dược và sản phẩm khác từ thảo dược", "Herbal teas and other herbal products", 30),
  set("herbal.supplements", "Thực phẩm bảo vệ sức khỏe, thuốc từ dược liệu", "Health supplements and herbal medicines", 31),
  set("herbal.cosmetics", "Mỹ phẩm có thành phần từ thảo dược", "Cosmetics with herbal ingredients", 32),
  set("herbal.essential_oils", "Tinh dầu", "Essential oils", 33),
  set("handicraft.textiles", "Vải, may mặc", "Textiles and garments", 40),
  set("handicraft.souvenirs", "Lưu niệm, nội thất, trang trí (gỗ, mây tre, gốm)", "Souvenirs, furniture and decoration (wood, rattan and bamboo, pottery)", 41),
  set("ornamental.flowers", "Hoa", "Flowers", 50),
  set("ornamental.plants", "Cây cảnh", "Ornamental plants", 51),
  set("ornamental.animals", "Động vật cảnh", "Ornamental animals", 52),
  set("tourism_service.community_tourism", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism, eco-tourism and tourist sites", 60),
];

export const SOURCE_NOTE =
  "Cấu trúc (phần A 40 điểm, B 25 điểm, C 35 điểm) và thang hạng sao theo Quyết định 148/QĐ-TTg năm 2023. Cách chia tiêu chí, điểm từng tiêu chí và câu chữ được soạn theo tinh thần Phụ lục của Quyết định, cần đối chiếu với văn bản gốc trước khi dùng để đánh giá chính thức. — Structure (part A 40, B 25, C 35 points) and star classes follow Decision 148/QĐ-TTg of 2023; the criteria, their points and their wording follow the spirit of the decision's annex and must be checked against its text before official use.";

type L = { vi: string; en: string };
const l = (vi: string, en: string): L => ({ vi, en });
const opt = (vi: string, en: string, points: number) => ({ label: l(vi, en), points });
type Option = ReturnType<typeof opt>;

const sections: Record<string, L> = {
  A1: l("Tổ chức sản xuất", "Production organisation"),
  A2: l("Quản trị và kinh doanh", "Management and business"),
  A3: l("Sức mạnh cộng đồng", "Community strength"),
  B1: l("Câu chuyện và hình ảnh sản phẩm", "Product story and presentation"),
  B2: l("Tiếp thị và phân phối", "Marketing and distribution"),
  C1: l("Chất lượng sản phẩm", "Product quality"),
  C2: l("Tiêu chuẩn và an toàn thực phẩm", "Standards and food safety"),
  C3: l("Thị trường và khả năng xuất khẩu", "Market reach and exportability"),
};

function criterion(
  code: string,
  text: L,
  options: Option[],
  evidence: Pick<Criterion, "evidence" | "platformEvidence" | "documentKind"> & { required?: boolean },
): Criterion {
  const part = code[0] as OcopPart;
  const section = sections[code.split(".")[0]!]!;
  return {
    code,
    part,
    section,
    text,
    options,
    evidence: evidence.evidence,
    ...(evidence.platformEvidence ? { platformEvidence: evidence.platformEvidence } : {}),
    ...(evidence.documentKind ? { documentKind: evidence.documentKind } : {}),
    required: evidence.required ?? false,
    checkAgainstAnnex: true,
  };
}

/** What differs between product sets: the raw material, the local value added, how the council judges quality. */
interface ProductSpecifics {
  rawMaterial: { text: L; options: Option[] };
  localValue: { text: L; options: Option[] };
  sensory: { text: L; options: Option[] };
  distinct: { text: L; options: Option[] };
  labTest: { text: L; options: Option[] };
  keeping: { text: L; options: Option[] };
}

/** The shared skeleton of a food or drink sheet: A 40 (23 + 8 + 9), B 25 (10 + 15), C 35 (17 + 10 + 8). */
function foodSheet(p: ProductSpecifics): CriteriaSheet {
  const none = { evidence: "none" } as const;
  return {
    criteria: [
      // Part A — production organisation and community (40)
      criterion("A1.1", p.rawMaterial.text, p.rawMaterial.options, { evidence: "platform_figure", platformEvidence: "traceability_coverage" }),
      criterion("A1.2", p.localValue.text, p.localValue.options, none),
      criterion(
        "A1.3",
        l("Sử dụng lao động địa phương", "Use of local labour"),
        [opt("Dưới 50% lao động là người địa phương", "Under 50% of workers are local", 0), opt("Từ 50% đến dưới 80%", "50% to under 80%", 2), opt("Từ 80% trở lên", "80% or more", 3)],
        { evidence: "platform_figure", platformEvidence: "member_households" },
      ),
      criterion(
        "A1.4",
        l("Công nghệ, thiết bị sản xuất", "Production technology and equipment"),
        [opt("Thủ công, không cải tiến", "Manual, no improvement", 0), opt("Có cải tiến, cơ giới hóa một phần", "Improved, partly mechanised", 2), opt("Cơ giới hóa, tự động hóa các khâu chính", "Key steps mechanised or automated", 3)],
        none,
      ),
      criterion(
        "A1.5",
        l("Quy trình sản xuất được ghi chép, kiểm soát", "Written and controlled production process"),
        [opt("Không có quy trình", "No written process", 0), opt("Có quy trình, chưa ghi chép đầy đủ", "Process written, records incomplete", 1), opt("Có quy trình và nhật ký sản xuất đầy đủ", "Process and complete production records", 2)],
        { evidence: "document", documentKind: "other" },
      ),
      criterion(
        "A1.6",
        l("Bảo vệ môi trường trong sản xuất", "Environmental protection in production"),
        [opt("Chưa có biện pháp", "No measures", 0), opt("Có cam kết / kế hoạch bảo vệ môi trường", "Environmental commitment or plan", 2), opt("Có biện pháp xử lý chất thải đạt yêu cầu", "Waste treatment meets requirements", 3)],
        { evidence: "document", documentKind: "other" },
      ),
      criterion(
        "A1.7",
        l("Hình thức tổ chức sản xuất", "Form of production organisation"),
        [opt("Hộ sản xuất chưa đăng ký kinh doanh", "Unregistered household", 0), opt("Hộ kinh doanh, tổ hợp tác", "Household business or cooperative group", 2), opt("Doanh nghiệp", "Enterprise", 3), opt("Hợp tác xã hoạt động theo Luật HTX", "Cooperative under the Cooperative Law", 4)],
        { evidence: "document", documentKind: "business_registration", required: true },
      ),
      criterion(
        "A2.1",
        l("Kế hoạch kinh doanh sản phẩm", "Business plan for the product"),
        [opt("Không có", "None", 0), opt("Có kế hoạch, chưa có phân tích thị trường", "A plan without market analysis", 1), opt("Kế hoạch đầy đủ, khả thi, có phân tích thị trường", "A complete, feasible plan with market analysis", 3)],
        none,
      ),
      criterion(
        "A2.2",
        l("Công tác kế toán", "Accounting"),
        [opt("Không có sổ sách kế toán", "No accounts kept", 0), opt("Có sổ theo dõi thu chi", "Income and expense book", 1), opt("Có kế toán theo quy định", "Accounts kept as the law requires", 2)],
        { evidence: "document", documentKind: "other" },
      ),
      criterion(
        "A2.3",
        l("Vốn góp của cộng đồng và liên kết sản xuất", "Community capital and production linkage"),
        [opt("Không có", "None", 0), opt("Có liên kết với hộ sản xuất, chưa có hợp đồng", "Linked with households, no contract", 1), opt("Liên kết theo chuỗi có hợp đồng", "Contract-based value-chain linkage", 3)],
        { evidence: "platform_figure", platformEvidence: "member_households" },
      ),
      criterion(
        "A3.1",
        l("Phụ nữ, người dân tộc thiểu số tham gia quản lý", "Women and ethnic-minority members in management"),
        [opt("Không có", "None", 0), opt("Có tham gia", "Some take part", 2), opt("Giữ vị trí lãnh đạo chủ chốt", "Hold key leadership posts", 3)],
        { evidence: "platform_figure", platformEvidence: "member_households" },
      ),
      criterion(
        "A3.2",
        l("Hộ nghèo, cận nghèo được hưởng lợi", "Poor and near-poor households benefiting"),
        [opt("Không có", "None", 0), opt("Có hộ nghèo, cận nghèo tham gia", "Poor or near-poor households take part", 2), opt("Từ 30% thành viên trở lên là hộ nghèo, cận nghèo hoặc dân tộc thiểu số", "30% or more of members are poor, near-poor or ethnic-minority households", 3)],
        { evidence: "platform_figure", platformEvidence: "member_households" },
      ),
      criterion(
        "A3.3",
        l("Số hộ thành viên tham gia sản xuất", "Member households taking part in production"),
        [opt("Dưới 5 hộ", "Fewer than 5 households", 0), opt("Từ 5 đến 20 hộ", "5 to 20 households", 2), opt("Trên 20 hộ", "More than 20 households", 3)],
        { evidence: "platform_figure", platformEvidence: "member_households" },
      ),
      // Part B — marketing and product story (25)
      criterion(
        "B1.1",
        l("Câu chuyện về sản phẩm", "Product story"),
        [opt("Không có", "None", 0), opt("Có câu chuyện, chưa gắn với địa phương", "A story not tied to the place", 1), opt("Câu chuyện gắn với lịch sử, văn hóa địa phương, được in trên bao bì hoặc tài liệu", "A story of local history and culture, printed on the pack or leaflets", 3)],
        { evidence: "document", documentKind: "product_story" },
      ),
      criterion(
        "B1.2",
        l("Bao bì và nhãn hàng hóa", "Packaging and label"),
        [opt("Nhãn chưa đúng quy định", "Label not as the law requires", 0), opt("Nhãn đúng quy định, bao bì đơn giản", "Label as required, plain packaging", 2), opt("Bao bì đẹp, phù hợp, thân thiện môi trường", "Attractive, suitable, environment-friendly packaging", 4)],
        { evidence: "document", documentKind: "photo" },
      ),
      criterion(
        "B1.3",
        l("Truy xuất nguồn gốc sản phẩm", "Product traceability"),
        [opt("Chưa truy xuất được", "Not traceable", 0), opt("Truy xuất được một phần lô hàng", "Some lots traceable", 2), opt("Mọi lô hàng truy xuất được đến vùng nguyên liệu (mã QR)", "Every lot traceable to its growing area (QR code)", 3)],
        { evidence: "platform_figure", platformEvidence: "traceability_coverage" },
      ),
      criterion(
        "B2.1",
        l("Nhãn hiệu, sở hữu trí tuệ", "Trademark and intellectual property"),
        [opt("Chưa nộp đơn", "Not filed", 0), opt("Đã nộp đơn đăng ký nhãn hiệu", "Trademark application filed", 1), opt("Có giấy chứng nhận đăng ký nhãn hiệu", "Registered trademark", 3)],
        { evidence: "document", documentKind: "trademark" },
      ),
      criterion(
        "B2.2",
        l("Kênh phân phối và thương mại điện tử", "Distribution channels and e-commerce"),
        [opt("Chỉ bán tại chỗ", "Sold locally only", 0), opt("Có đại lý, cửa hàng", "Agents or shops", 2), opt("Có bán qua sàn thương mại điện tử hoặc kênh hiện đại, doanh số đều hằng tháng", "Sold on an e-commerce platform or modern channels with monthly sales", 4)],
        { evidence: "platform_figure", platformEvidence: "sales_by_month" },
      ),
      criterion(
        "B2.3",
        l("Phạm vi thị trường tiêu thụ", "Markets reached"),
        [opt("Trong xã", "Within the commune", 0), opt("Trong tỉnh", "Within the province", 2), opt("Từ 3 tỉnh, thành phố trở lên", "Three or more provinces", 4)],
        { evidence: "platform_figure", platformEvidence: "buyer_provinces" },
      ),
      criterion(
        "B2.4",
        l("Khách hàng mua lặp lại", "Repeat buyers"),
        [opt("Không có số liệu", "No figures", 0), opt("Có khách hàng quay lại", "Some repeat buyers", 1), opt("Từ 20% khách hàng mua lặp lại trở lên", "20% or more buyers repeat", 2)],
        { evidence: "platform_figure", platformEvidence: "repeat_buyers" },
      ),
      criterion(
        "B2.5",
        l("Quảng bá sản phẩm", "Promotion"),
        [opt("Không có", "None", 0), opt("Tham gia hội chợ, triển lãm trong tỉnh", "Fairs and exhibitions in the province", 1), opt("Có kế hoạch quảng bá, tham gia hội chợ toàn quốc, người tiêu dùng quét mã", "Promotion plan, national fairs, consumers scan the codes", 2)],
        { evidence: "platform_figure", platformEvidence: "scans" },
      ),
      // Part C — quality, standards, exportability (35)
      criterion("C1.1", p.sensory.text, p.sensory.options, none),
      criterion("C1.2", p.distinct.text, p.distinct.options, none),
      criterion("C1.3", p.labTest.text, p.labTest.options, { evidence: "lab_tested_lot", required: true }),
      criterion("C1.4", p.keeping.text, p.keeping.options, none),
      criterion(
        "C2.1",
        l("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hoặc cam kết theo quy định)", "Food-safety certificate of the premises (or the commitment the law allows)"),
        [opt("Không có", "None", 0), opt("Có bản cam kết an toàn thực phẩm", "Signed food-safety commitment", 2), opt("Có giấy chứng nhận còn hiệu lực", "Valid certificate", 4)],
        { evidence: "document", documentKind: "food_safety", required: true },
      ),
      criterion(
        "C2.2",
        l("Công bố tiêu chuẩn, tự công bố sản phẩm", "Declared standard or self-declaration of the product"),
        [opt("Không có", "None", 0), opt("Có tiêu chuẩn cơ sở", "In-house standard", 1), opt("Đã tự công bố / công bố phù hợp quy chuẩn", "Self-declared or declared conformity", 3)],
        { evidence: "document", documentKind: "standard" },
      ),
      criterion(
        "C2.3",
        l("Hệ thống quản lý chất lượng (VietGAP, hữu cơ, HACCP, ISO 22000…)", "Quality management system (VietGAP, organic, HACCP, ISO 22000…)"),
        [opt("Không có", "None", 0), opt("Đang áp dụng, chưa chứng nhận", "Applied, not certified", 1), opt("Được chứng nhận một hệ thống", "One system certified", 2), opt("Được chứng nhận hữu cơ hoặc HACCP / ISO 22000", "Certified organic or HACCP / ISO 22000", 3)],
        { evidence: "document", documentKind: "standard" },
      ),
      criterion(
        "C3.1",
        l("Quy mô thị trường", "Market size"),
        [opt("Trong tỉnh", "Within the province", 0), opt("Từ 3 tỉnh trở lên", "Three or more provinces", 2), opt("Toàn quốc", "Nationwide", 4)],
        { evidence: "platform_figure", platformEvidence: "buyer_provinces" },
      ),
      criterion(
        "C3.2",
        l("Xuất khẩu", "Export"),
        [opt("Chưa xuất khẩu", "Not exported", 0), opt("Có hợp đồng hoặc lô hàng xuất khẩu", "Export contract or shipment", 2), opt("Xuất khẩu thường xuyên", "Exported regularly", 4)],
        { evidence: "document", documentKind: "other" },
      ),
    ],
  };
}

const rawMaterialOptions = (own: L, partly: L): Option[] => [
  opt("Mua ngoài tỉnh, không rõ nguồn gốc", "Bought outside the province, origin unknown", 0),
  opt("Mua trong tỉnh, có nguồn gốc rõ ràng", "Bought in the province, origin known", 2),
  { label: partly, points: 3 },
  { label: own, points: 5 },
];

const localValueOptions = (full: L): Option[] => [
  opt("Không chế biến tại địa phương", "Not processed locally", 0),
  opt("Sơ chế, đóng gói tại địa phương", "Sorted and packed locally", 2),
  { label: full, points: 3 },
];

const distinctOptions = (unique: L): Option[] => [
  opt("Không có nét đặc trưng", "Nothing distinctive", 0),
  opt("Có nét đặc trưng của vùng", "Some regional character", 2),
  { label: unique, points: 3 },
];

const keepingOptions: Option[] = [
  opt("Không ghi hạn sử dụng / không có hướng dẫn bảo quản", "No use-by date or storage instructions", 0),
  opt("Có hạn sử dụng và hướng dẫn bảo quản", "Use-by date and storage instructions", 1),
  opt("Hạn sử dụng được kiểm chứng, bảo quản phù hợp", "Use-by date verified, suitable storage", 2),
];

const sensoryOptions = (good: L, excellent: L): Option[] => [
  opt("Có lỗi cảm quan", "Sensory faults", 0),
  opt("Đạt, không nổi bật", "Acceptable, unremarkable", 2),
  { label: good, points: 4 },
  { label: excellent, points: 6 },
];

const labOptions = (indicators: L): Option[] => [
  opt("Không có phiếu kiểm nghiệm hoặc không đạt", "No lab test, or failed", 0),
  opt("Có phiếu kiểm nghiệm đạt chỉ tiêu cơ bản", "Lab test passing the basic indicators", 3),
  { label: indicators, points: 6 },
];


export interface CatalogueSheet {
  productSetCode: string;
  sourceNote: string;
  sheet: CriteriaSheet;
}

const teaSheet = foodSheet({
  rawMaterial: {
    text: l("Nguồn nguyên liệu chè búp tươi", "Source of the fresh tea leaves"),
    options: rawMaterialOptions(l("Từ vùng chè của chính hợp tác xã và hộ thành viên", "From the cooperative's and its members' own tea gardens"), l("Phần lớn từ vùng chè liên kết có hợp đồng", "Mostly from contracted tea gardens")),
  },
  localValue: { text: l("Chế biến chè tại địa phương", "Tea processed locally"), options: localValueOptions(l("Sao, vò, đóng gói thành phẩm tại địa phương", "Withered, rolled, fired and packed locally")) },
  sensory: {
    text: l("Chất lượng cảm quan của chè (ngoại hình, màu nước, hương, vị, bã)", "Sensory quality of the tea (appearance, liquor colour, aroma, taste, infused leaf)"),
    options: sensoryOptions(l("Ngoại hình đẹp, nước xanh trong, hương cốm", "Fine appearance, clear green liquor, young-rice aroma"), l("Đặc sắc: móc câu đều, vị chát dịu, hậu ngọt sâu", "Outstanding: even hooked leaves, mild astringency, long sweet aftertaste")),
  },
  distinct: { text: l("Tính đặc trưng vùng chè", "Character of the tea-growing area"), options: distinctOptions(l("Đặc sản vùng chè nổi tiếng (chỉ dẫn địa lý)", "A renowned area's speciality (geographical indication)")) },
  labTest: {
    text: l("Kết quả kiểm nghiệm lô chè (dư lượng thuốc bảo vệ thực vật, kim loại nặng)", "Lab test of a tea lot (pesticide residues, heavy metals)"),
    options: labOptions(l("Kiểm nghiệm đạt đầy đủ chỉ tiêu an toàn và chất lượng (tanin, chất hòa tan)", "Passes every safety and quality indicator (tannin, soluble solids)")),
  },
  keeping: { text: l("Hạn sử dụng và bảo quản chè", "Shelf life and storage of the tea"), options: keepingOptions },
});

const riceSheet = foodSheet({
  rawMaterial: {
    text: l("Nguồn lúa nguyên liệu", "Source of the paddy"),
    options: rawMaterialOptions(l("Từ cánh đồng của hợp tác xã và hộ thành viên", "From the cooperative's and its members' own fields"), l("Phần lớn từ cánh đồng liên kết có hợp đồng", "Mostly from contracted fields")),
  },
  localValue: { text: l("Xay xát, chế biến gạo tại địa phương", "Rice milled and processed locally"), options: localValueOptions(l("Sấy, xay xát, phân loại, đóng gói tại địa phương", "Dried, milled, graded and packed locally")) },
  sensory: {
    text: l("Chất lượng cảm quan của gạo và cơm (hạt, màu, mùi, độ dẻo)", "Sensory quality of the rice and cooked rice (grain, colour, aroma, stickiness)"),
    options: sensoryOptions(l("Hạt đều, cơm dẻo, thơm", "Even grains, soft fragrant cooked rice"), l("Đặc sắc: hạt trong, cơm dẻo thơm lâu, vị đậm", "Outstanding: translucent grains, lasting aroma, rich taste")),
  },
  distinct: { text: l("Tính đặc trưng của giống lúa, vùng trồng", "Character of the variety and growing area"), options: distinctOptions(l("Giống lúa đặc sản của vùng (chỉ dẫn địa lý, nhãn hiệu tập thể)", "A local speciality variety (geographical indication, collective mark)")) },
  labTest: {
    text: l("Kết quả kiểm nghiệm lô gạo (kim loại nặng, độc tố vi nấm, dư lượng thuốc bảo vệ thực vật)", "Lab test of a rice lot (heavy metals, mycotoxins, pesticide residues)"),
    options: labOptions(l("Kiểm nghiệm đạt đầy đủ chỉ tiêu an toàn và chất lượng (amylose, độ ẩm)", "Passes every safety and quality indicator (amylose, moisture)")),
  },
  keeping: { text: l("Hạn sử dụng và bảo quản gạo", "Shelf life and storage of the rice"), options: keepingOptions },
});

const honeySheet = foodSheet({
  rawMaterial: {
    text: l("Nguồn mật: đàn ong và nguồn hoa", "Honey source: the bee colonies and their flowers"),
    options: rawMaterialOptions(l("Đàn ong của hợp tác xã và hộ thành viên, nguồn hoa tại địa phương", "The cooperative's and its members' own colonies on local flowers"), l("Phần lớn từ đàn ong liên kết có hợp đồng", "Mostly from contracted beekeepers")),
  },
  localValue: { text: l("Sơ chế, chế biến mật ong tại địa phương", "Honey processed locally"), options: localValueOptions(l("Lọc, hạ thủy phần, đóng chai tại địa phương", "Filtered, dried and bottled locally")) },
  sensory: {
    text: l("Chất lượng cảm quan của mật ong (màu, mùi, vị, trạng thái)", "Sensory quality of the honey (colour, aroma, taste, texture)"),
    options: sensoryOptions(l("Màu, mùi đặc trưng nguồn hoa, sánh", "Colour and aroma typical of the flowers, thick"), l("Đặc sắc: hương hoa rõ, vị ngọt thanh, không lên men", "Outstanding: clear floral aroma, clean sweetness, no fermentation")),
  },
  distinct: { text: l("Tính đặc trưng của nguồn hoa", "Character of the floral source"), options: distinctOptions(l("Mật ong đặc sản (hoa rừng, hoa bạc hà…) được công nhận", "A recognised speciality honey (wild flowers, mint flowers…)")) },
  labTest: {
    text: l("Kết quả kiểm nghiệm lô mật ong (HMF, độ ẩm, đường khử, dư lượng kháng sinh)", "Lab test of a honey lot (HMF, moisture, reducing sugars, antibiotic residues)"),
    options: labOptions(l("Kiểm nghiệm đạt đầy đủ chỉ tiêu theo TCVN về mật ong", "Passes every indicator of the national honey standard")),
  },
  keeping: { text: l("Hạn sử dụng và bảo quản mật ong", "Shelf life and storage of the honey"), options: keepingOptions },
});

const vermicelliSheet = foodSheet({
  rawMaterial: {
    text: l("Nguồn củ dong riềng, tinh bột nguyên liệu", "Source of the canna tubers and starch"),
    options: rawMaterialOptions(l("Củ dong riềng từ vùng trồng của hợp tác xã và hộ thành viên", "Canna grown by the cooperative and its members"), l("Phần lớn từ vùng trồng liên kết có hợp đồng", "Mostly from contracted growers")),
  },
  localValue: { text: l("Chế biến miến tại địa phương", "Vermicelli made locally"), options: localValueOptions(l("Lọc tinh bột, tráng, phơi, đóng gói tại địa phương", "Starch extracted, sheeted, dried and packed locally")) },
  sensory: {
    text: l("Chất lượng cảm quan của miến (sợi, màu, độ dai khi nấu)", "Sensory quality of the vermicelli (strands, colour, chewiness when cooked)"),
    options: sensoryOptions(l("Sợi đều, không vón, dai khi nấu", "Even strands, no clumps, chewy when cooked"), l("Đặc sắc: sợi trong, dai, không nát, mùi dong đặc trưng", "Outstanding: clear, chewy, does not break, typical canna aroma")),
  },
  distinct: { text: l("Tính đặc trưng của sản phẩm miến vùng", "Character of the local vermicelli"), options: distinctOptions(l("Miến dong đặc sản vùng được công nhận (nhãn hiệu tập thể)", "A recognised local speciality (collective mark)")) },
  labTest: {
    text: l("Kết quả kiểm nghiệm lô miến (vi sinh, hàn the, chất tẩy trắng, kim loại nặng)", "Lab test of a vermicelli lot (microbes, borax, bleaching agents, heavy metals)"),
    options: labOptions(l("Kiểm nghiệm đạt đầy đủ chỉ tiêu an toàn và chất lượng", "Passes every safety and quality indicator")),
  },
  keeping: { text: l("Hạn sử dụng và bảo quản miến", "Shelf life and storage of the vermicelli"), options: keepingOptions },
});

const persimmonSheet = foodSheet({
  rawMaterial: {
    text: l("Nguồn quả hồng", "Source of the persimmons"),
    options: rawMaterialOptions(l("Từ vườn hồng của hợp tác xã và hộ thành viên", "From the cooperative's and its members' own orchards"), l("Phần lớn từ vườn liên kết có hợp đồng", "Mostly from contracted orchards")),
  },
  localValue: { text: l("Sơ chế, bảo quản sau thu hoạch tại địa phương", "Post-harvest handling done locally"), options: localValueOptions(l("Khử chát, phân loại, đóng gói, bảo quản lạnh tại địa phương", "De-astringed, graded, packed and cold-stored locally")) },
  sensory: {
    text: l("Chất lượng cảm quan của quả (kích cỡ, màu vỏ, độ giòn, vị ngọt, không chát)", "Sensory quality of the fruit (size, skin colour, crispness, sweetness, no astringency)"),
    options: sensoryOptions(l("Quả đều, giòn, ngọt", "Even, crisp, sweet fruit"), l("Đặc sắc: quả đều cỡ, vỏ mịn, giòn ngọt, không hạt hoặc ít hạt", "Outstanding: even size, smooth skin, crisp and sweet, few or no seeds")),
  },
  distinct: { text: l("Tính đặc trưng của giống hồng, vùng trồng", "Character of the persimmon variety and growing area"), options: distinctOptions(l("Giống hồng đặc sản của vùng (hồng không hạt, chỉ dẫn địa lý)", "A local speciality variety (seedless persimmon, geographical indication)")) },
  labTest: {
    text: l("Kết quả kiểm nghiệm lô quả (dư lượng thuốc bảo vệ thực vật, kim loại nặng)", "Lab test of a fruit lot (pesticide residues, heavy metals)"),
    options: labOptions(l("Kiểm nghiệm đạt đầy đủ chỉ tiêu an toàn và chất lượng (độ Brix)", "Passes every safety and quality indicator (Brix)")),
  },
  keeping: { text: l("Thời gian bảo quản và hướng dẫn bảo quản quả tươi", "Keeping time and storage instructions of the fresh fruit"), options: keepingOptions },
});

const herbalTeaSheet = foodSheet({
  rawMaterial: {
    text: l("Nguồn dược liệu nguyên liệu", "Source of the herbs"),
    options: rawMaterialOptions(l("Dược liệu trồng hoặc khai thác bền vững tại địa phương, theo GACP", "Herbs grown or sustainably gathered locally, to GACP"), l("Phần lớn từ vùng dược liệu liên kết có hợp đồng", "Mostly from contracted herb growers")),
  },
  localValue: { text: l("Chế biến trà thảo dược tại địa phương", "Herbal tea processed locally"), options: localValueOptions(l("Sấy, phối trộn, đóng túi lọc tại địa phương", "Dried, blended and packed in tea bags locally")) },
  sensory: {
    text: l("Chất lượng cảm quan của trà thảo dược (màu, mùi, vị khi pha)", "Sensory quality of the herbal tea (colour, aroma, taste when brewed)"),
    options: sensoryOptions(l("Màu nước đẹp, mùi thảo mộc dễ chịu", "Pleasant colour and herbal aroma"), l("Đặc sắc: hương vị hài hòa, rõ đặc tính dược liệu", "Outstanding: balanced taste showing the herbs' character")),
  },
  distinct: { text: l("Tính đặc trưng của bài thuốc, dược liệu vùng", "Character of the recipe and local herbs"), options: distinctOptions(l("Bài phối trộn truyền thống của đồng bào địa phương, dược liệu bản địa", "A traditional local recipe of native herbs")) },
  labTest: {
    text: l("Kết quả kiểm nghiệm lô trà (vi sinh, kim loại nặng, dư lượng thuốc bảo vệ thực vật)", "Lab test of a herbal tea lot (microbes, heavy metals, pesticide residues)"),
    options: labOptions(l("Kiểm nghiệm đạt đầy đủ chỉ tiêu an toàn và định tính dược liệu", "Passes every safety indicator and the herb identification")),
  },
  keeping: { text: l("Hạn sử dụng và bảo quản trà thảo dược", "Shelf life and storage of the herbal tea"), options: keepingOptions },
});

export const ocopSheetCatalogue: readonly CatalogueSheet[] = [
  { productSetCode: "beverage.tea", sourceNote: SOURCE_NOTE, sheet: teaSheet },
  { productSetCode: "food.grain", sourceNote: SOURCE_NOTE, sheet: riceSheet },
  { productSetCode: "food.honey", sourceNote: SOURCE_NOTE, sheet: honeySheet },
  { productSetCode: "food.processed_grain", sourceNote: SOURCE_NOTE, sheet: vermicelliSheet },
  { productSetCode: "food.fresh_produce", sourceNote: SOURCE_NOTE, sheet: persimmonSheet },
  { productSetCode: "herbal.herbal_tea", sourceNote: SOURCE_NOTE, sheet: herbalTeaSheet },
];

/** The catalogue's entry for a set, if it has one (names and whether its boundary is to be checked). */
export function catalogueSet(code: string): CatalogueProductSet | undefined {
  return ocopProductSetCatalogue.find((s) => s.code === code);
}
