/**
 * Demo data for Thái Nguyên: producers, products, lots and what happened to each lot. Every name,
 * number and certificate here is illustrative; rows are written with `is_demo = true`.
 */
import { gtinCheckDigit } from "~/catalog/gtin";
import { BizStep, Disposition } from "~/trace/cbv";
import type { AppendTraceEventInput, RecordTransformationInput } from "~/trace/events.server";
import { startOfVietnamDay, VIETNAM_OFFSET } from "~/lib/vietnam-time";
import type { DemoCommuneSlug } from "./communes";

/** Demo events never lie after this day (the data describes a past up to late November 2026). */
export const DEMO_TODAY = "2026-11-25";
const DEMO_CUTOFF = startOfVietnamDay(DEMO_TODAY);

type OrganisationKind = "cooperative" | "enterprise" | "household_business" | "department" | "platform";
type OcopGroup = "food" | "beverage" | "herbal" | "handicraft";

export interface DemoOrganisation {
  slug: string;
  kind: OrganisationKind;
  name: string;
  nameEn: string;
  commune: DemoCommuneSlug | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website?: string;
  descriptionVi: string;
  descriptionEn: string;
  foundedYear: number | null;
  memberCount: number | null;
  bank: { bin: string; account: string; holder: string } | null;
  /** Where the organisation processes and packs, for event locations. */
  site: string;
  /** A fictional GS1 company prefix (8 digits, Vietnam's 893 range) for demo GTINs. */
  gs1Prefix?: string;
}

export interface DemoProduct {
  slug: string;
  organisation: string;
  kind: "finished" | "raw_material";
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  descriptionEn: string;
  category: "tea" | "rice" | "fruit" | "honey" | "noodles" | "herbal" | "handicraft";
  ocop?: { group: OcopGroup; stars: 3 | 4 | 5; score: number; certificate: string; issuedOn: string };
  keyProductLevel?: "province" | "commune";
  /** Item reference within the organisation's GS1 prefix (4 digits); the GTIN-14 is computed. */
  gtinItem?: string;
  unitVi: string;
  unitEn: string;
  netQuantity?: string;
  netUom?: string;
  priceVnd?: number;
  featured?: boolean;
  shelfLife?: { months?: number; days?: number };
  profile: Profile;
}

/** How a lot of this kind comes to be: which steps its timeline holds. */
export type Profile =
  | "tea_leaf"
  | "tea"
  | "paddy"
  | "rice"
  | "fruit"
  | "fruit_raw"
  | "dried_fruit"
  | "starch"
  | "noodles"
  | "honey"
  | "herbal"
  | "extract"
  | "handicraft";

export interface DemoBatch {
  product: string;
  lot: string;
  quantity: string;
  /** UN/ECE Rec 20: KGM kilogram, H87 piece. */
  uom: "KGM" | "H87";
  producedOn: string;
  commune: DemoCommuneSlug;
  farmPlot?: string;
  status?: "active" | "consumed" | "recalled" | "withdrawn";
  /** Made from other lots of the same organisation: recorded as a TransformationEvent. */
  madeFrom?: { product: string; lot: string; quantity: string }[];
  incident?: "recall" | "withdrawal";
}

// --- organisations -------------------------------------------------------------------------

const demoNoteVi = " (dữ liệu minh hoạ)";
const demoNoteEn = " (demo data)";

export const demoOrganisations: DemoOrganisation[] = [
  {
    slug: "htx-che-tan-cuong-xanh",
    kind: "cooperative",
    name: "Hợp tác xã Chè Tân Cương Xanh",
    nameEn: "Tan Cuong Green Tea Cooperative",
    commune: "tan-cuong",
    address: "Xóm Hồng Thái 2, xã Tân Cương, tỉnh Thái Nguyên",
    phone: "0208 3855 216",
    email: "htx.tancuongxanh@example.vn",
    descriptionVi:
      "Hợp tác xã trồng và chế biến chè trung du theo VietGAP trên 32 ha đồi chè quanh hồ Núi Cốc; sao chè thủ công bằng tôn quay, đóng gói tại xưởng của hợp tác xã." +
      demoNoteVi,
    descriptionEn:
      "Cooperative growing and processing midland tea under VietGAP on 32 ha of hills near Nui Coc lake; pan-fired by hand and packed in its own workshop." +
      demoNoteEn,
    foundedYear: 2012,
    memberCount: 28,
    bank: { bin: "970405", account: "8506205102416", holder: "HTX CHE TAN CUONG XANH" },
    site: "Xưởng sao chè HTX Tân Cương Xanh",
    gs1Prefix: "89360411",
  },
  {
    slug: "htx-che-suoi-kem-la-bang",
    kind: "cooperative",
    name: "Hợp tác xã Chè Suối Kẹm La Bằng",
    nameEn: "Suoi Kem La Bang Tea Cooperative",
    commune: "la-bang",
    address: "Xóm Lau Sau, xã La Bằng, tỉnh Thái Nguyên",
    phone: "0208 3824 517",
    email: "chesuoikem@example.vn",
    descriptionVi:
      "Vùng chè dưới chân dãy Tam Đảo, nước suối Kẹm trong mát; hợp tác xã liên kết với 60 hộ, trong đó nhiều hộ người Dao và Sán Dìu." +
      demoNoteVi,
    descriptionEn:
      "Tea grown below the Tam Dao range along the Kem stream; the cooperative works with 60 households, many of them Dao and San Diu." +
      demoNoteEn,
    foundedYear: 2015,
    memberCount: 19,
    bank: { bin: "970418", account: "39010000872214", holder: "HTX CHE SUOI KEM LA BANG" },
    site: "Xưởng chế biến chè HTX Suối Kẹm",
    gs1Prefix: "89360412",
  },
  {
    slug: "htx-tra-trai-cai",
    kind: "cooperative",
    name: "Hợp tác xã Trà Trại Cài",
    nameEn: "Trai Cai Tea Cooperative",
    commune: "dong-hy",
    address: "Xóm Trại Cài, xã Đồng Hỷ, tỉnh Thái Nguyên",
    phone: "0208 3820 339",
    email: "tratraicai@example.vn",
    descriptionVi:
      "Chè Trại Cài búp nhỏ, cánh săn, nước xanh vàng; hợp tác xã giữ giống chè trung du lâu năm và làm chè đinh theo lứa hái đầu vụ xuân." +
      demoNoteVi,
    descriptionEn:
      "Small, tightly rolled Trai Cai tea with a green-gold liquor; the cooperative keeps old midland tea bushes and makes 'dinh' tea from the first spring flush." +
      demoNoteEn,
    foundedYear: 2017,
    memberCount: 15,
    bank: { bin: "970415", account: "108002946731", holder: "HTX TRA TRAI CAI" },
    site: "Xưởng chè HTX Trại Cài",
    gs1Prefix: "89360413",
  },
  {
    slug: "htx-nong-nghiep-bao-thai-dinh-hoa",
    kind: "cooperative",
    name: "Hợp tác xã Nông nghiệp Bao Thai Định Hóa",
    nameEn: "Dinh Hoa Bao Thai Rice Cooperative",
    commune: "dinh-hoa",
    address: "Thôn Nà Mòn, xã Định Hóa, tỉnh Thái Nguyên",
    phone: "0208 3878 145",
    email: null,
    descriptionVi:
      "Gạo Bao Thai trồng trên chân ruộng ATK Định Hóa, một vụ chính mỗi năm; hợp tác xã tự xay xát và đóng túi hút chân không." +
      demoNoteVi,
    descriptionEn:
      "Bao Thai rice from the fields of the Dinh Hoa ATK area, one main crop a year; milled and vacuum-packed by the cooperative." +
      demoNoteEn,
    foundedYear: 2010,
    memberCount: 42,
    bank: { bin: "970405", account: "8508201006653", holder: "HTX NONG NGHIEP BAO THAI DINH HOA" },
    site: "Xưởng xay xát HTX Bao Thai",
    gs1Prefix: "89360414",
  },
  {
    slug: "htx-hong-khong-hat-bach-thong",
    kind: "cooperative",
    name: "Hợp tác xã Hồng Không Hạt Bạch Thông",
    nameEn: "Bach Thong Seedless Persimmon Cooperative",
    commune: "bach-thong",
    address: "Thôn Nà Phầy, xã Bạch Thông, tỉnh Thái Nguyên",
    phone: "0209 3850 628",
    email: null,
    descriptionVi:
      "Hồng không hạt Bắc Kạn (cũ) giòn, ngọt, thu hoạch tháng 9–10; quả loại hai được sấy dẻo để bán quanh năm." +
      demoNoteVi,
    descriptionEn:
      "Crisp, sweet seedless persimmons of former Bac Kan province, picked in September and October; second-grade fruit is dried for sale all year." +
      demoNoteEn,
    foundedYear: 2016,
    memberCount: 23,
    bank: { bin: "970405", account: "8400205093318", holder: "HTX HONG KHONG HAT BACH THONG" },
    site: "Nhà sơ chế và lò sấy HTX Bạch Thông",
    gs1Prefix: "89360415",
  },
  {
    slug: "htx-mien-dong-na-ri",
    kind: "cooperative",
    name: "Hợp tác xã Miến Dong Na Rì",
    nameEn: "Na Ri Dong-Rieng Vermicelli Cooperative",
    commune: "na-ri",
    address: "Thôn Nà Làng, xã Na Rì, tỉnh Thái Nguyên",
    phone: "0209 3884 071",
    email: "miendongnari@example.vn",
    descriptionVi:
      "Miến làm từ tinh bột củ dong riềng của các hộ người Tày trong xã, tráng và phơi nắng tự nhiên, không chất tẩy trắng." +
      demoNoteVi,
    descriptionEn:
      "Vermicelli from the starch of dong-rieng (edible canna) grown by Tay households of the commune, sheeted and sun-dried, with no bleaching agents." +
      demoNoteEn,
    foundedYear: 2014,
    memberCount: 31,
    bank: { bin: "970418", account: "85010000451207", holder: "HTX MIEN DONG NA RI" },
    site: "Xưởng miến HTX Na Rì",
    gs1Prefix: "89360416",
  },
  {
    slug: "htx-mat-ong-ba-be",
    kind: "cooperative",
    name: "Hợp tác xã Mật Ong Ba Bể",
    nameEn: "Ba Be Honey Cooperative",
    commune: "ba-be",
    address: "Thôn Pác Ngòi, xã Ba Bể, tỉnh Thái Nguyên",
    phone: "0209 3894 352",
    email: null,
    descriptionVi:
      "Đàn ong nội nuôi trong rừng quanh hồ Ba Bể, quay mật mỗi năm hai vụ; mật được lọc và hạ thủy phần trước khi đóng chai." +
      demoNoteVi,
    descriptionEn:
      "Native bee colonies kept in the forest around Ba Be lake, harvested twice a year; honey is filtered and its moisture lowered before bottling." +
      demoNoteEn,
    foundedYear: 2018,
    memberCount: 12,
    bank: { bin: "970436", account: "1031208845", holder: "HTX MAT ONG BA BE" },
    site: "Nhà sơ chế mật ong HTX Ba Bể",
    gs1Prefix: "89360417",
  },
  {
    slug: "htx-cam-quyt-cho-don",
    kind: "cooperative",
    name: "Hợp tác xã Cam Quýt Chợ Đồn",
    nameEn: "Cho Don Citrus Cooperative",
    commune: "cho-don",
    address: "Thôn Bản Tàn, xã Chợ Đồn, tỉnh Thái Nguyên",
    phone: "0209 3882 190",
    email: null,
    descriptionVi:
      "Cam sành và quýt trồng trên đất đồi Chợ Đồn theo quy trình VietGAP, thu hoạch từ tháng 11 đến tháng 1." +
      demoNoteVi,
    descriptionEn: "King oranges and mandarins from the hills of Cho Don, grown under VietGAP and picked from November to January." + demoNoteEn,
    foundedYear: 2019,
    memberCount: 17,
    bank: { bin: "970405", account: "8403205041129", holder: "HTX CAM QUYT CHO DON" },
    site: "Nhà đóng gói HTX Chợ Đồn",
  },
  {
    slug: "htx-na-vo-nhai",
    kind: "cooperative",
    name: "Hợp tác xã Na Võ Nhai",
    nameEn: "Vo Nhai Custard Apple Cooperative",
    commune: "vo-nhai",
    address: "Xóm Tân Thành, xã Võ Nhai, tỉnh Thái Nguyên",
    phone: "0208 3827 604",
    email: null,
    descriptionVi: "Na dai trồng trên núi đá vôi Võ Nhai, quả to, múi dày, thu hoạch tháng 7–9." + demoNoteVi,
    descriptionEn: "Custard apples grown on the limestone hills of Vo Nhai: large fruit with thick flesh, picked July to September." + demoNoteEn,
    foundedYear: 2013,
    memberCount: 36,
    bank: { bin: "970422", account: "0351001278834", holder: "HTX NA VO NHAI" },
    site: "Điểm thu mua và đóng gói HTX Na Võ Nhai",
  },
  {
    slug: "hkd-may-tre-dan-phu-binh",
    kind: "household_business",
    name: "Hộ kinh doanh Mây Tre Đan Phú Bình",
    nameEn: "Phu Binh Bamboo and Rattan Weaving (household business)",
    commune: "phu-binh",
    address: "Xóm Đồng Quan, xã Phú Bình, tỉnh Thái Nguyên",
    phone: "0208 3867 225",
    email: null,
    descriptionVi: "Hộ làm nghề đan giỏ, khay tre và mây theo lối truyền thống, thuê thêm thợ trong xóm vào mùa cao điểm." + demoNoteVi,
    descriptionEn: "A household weaving bamboo and rattan baskets and trays the traditional way, hiring neighbours in the busy season." + demoNoteEn,
    foundedYear: 2008,
    memberCount: 6,
    bank: { bin: "970405", account: "8510205077402", holder: "HO KINH DOANH MAY TRE DAN PHU BINH" },
    site: "Xưởng đan hộ kinh doanh Phú Bình",
  },
  {
    slug: "cong-ty-duoc-lieu-xanh-bac-kan",
    kind: "enterprise",
    name: "Công ty TNHH Dược liệu Xanh Bắc Kạn",
    nameEn: "Bac Kan Green Herbs Co., Ltd.",
    commune: "bac-kan",
    address: "Tổ 7, phường Bắc Kạn, tỉnh Thái Nguyên",
    phone: "0209 3871 456",
    email: "lienhe@duoclieuxanh.example.vn",
    website: "https://duoclieuxanh.example.vn",
    descriptionVi:
      "Doanh nghiệp thu mua giảo cổ lam năm lá từ các hộ trồng dưới tán rừng, sấy và chiết xuất tại nhà máy đạt GMP thực phẩm bảo vệ sức khỏe." +
      demoNoteVi,
    descriptionEn:
      "Buys five-leaf gynostemma grown under forest cover by local households, and dries and extracts it in a health-supplement GMP plant." +
      demoNoteEn,
    foundedYear: 2016,
    memberCount: 48,
    bank: { bin: "970407", account: "19036624581018", holder: "CONG TY TNHH DUOC LIEU XANH BAC KAN" },
    site: "Nhà máy chế biến dược liệu Xanh Bắc Kạn",
    gs1Prefix: "89360418",
  },
  {
    slug: "so-nong-nghiep-va-moi-truong-thai-nguyen",
    kind: "department",
    name: "Sở Nông nghiệp và Môi trường Thái Nguyên",
    nameEn: "Thai Nguyen Department of Agriculture and Environment",
    commune: "phan-dinh-phung",
    address: "Phường Phan Đình Phùng, tỉnh Thái Nguyên",
    phone: null,
    email: null,
    descriptionVi: "Cơ quan theo dõi chương trình OCOP và truy xuất nguồn gốc nông sản của tỉnh." + demoNoteVi,
    descriptionEn: "Oversees the province's OCOP programme and farm-produce traceability." + demoNoteEn,
    foundedYear: null,
    memberCount: null,
    bank: null,
    site: "Sở Nông nghiệp và Môi trường Thái Nguyên",
  },
  {
    slug: "ocop-trace",
    kind: "platform",
    name: "OCOP Trace",
    nameEn: "OCOP Trace",
    commune: null,
    address: null,
    phone: null,
    email: null,
    descriptionVi: "Nền tảng truy xuất nguồn gốc và giới thiệu sản phẩm OCOP." + demoNoteVi,
    descriptionEn: "Traceability and showcase platform for OCOP products." + demoNoteEn,
    foundedYear: 2026,
    memberCount: null,
    bank: null,
    site: "OCOP Trace",
  },
];

// --- products ------------------------------------------------------------------------------

const tc = "htx-che-tan-cuong-xanh";
const lb = "htx-che-suoi-kem-la-bang";
const trc = "htx-tra-trai-cai";
const bt = "htx-nong-nghiep-bao-thai-dinh-hoa";
const hk = "htx-hong-khong-hat-bach-thong";
const md = "htx-mien-dong-na-ri";
const mo = "htx-mat-ong-ba-be";
const cq = "htx-cam-quyt-cho-don";
const na = "htx-na-vo-nhai";
const mt = "hkd-may-tre-dan-phu-binh";
const dl = "cong-ty-duoc-lieu-xanh-bac-kan";

export const demoProducts: DemoProduct[] = [
  // Tân Cương tea, several grades.
  {
    slug: "che-tan-cuong-dac-biet",
    organisation: tc,
    kind: "finished",
    nameVi: "Chè Tân Cương đặc biệt",
    nameEn: "Tan Cuong special green tea",
    descriptionVi: "Búp một tôm một lá hái sáng sớm, sao tay; nước xanh trong, hương cốm, vị chát dịu, hậu ngọt sâu.",
    descriptionEn: "One bud and one leaf picked at dawn and pan-fired by hand: clear green liquor, a young-rice aroma and a long sweet finish.",
    category: "tea",
    ocop: { group: "beverage", stars: 5, score: 92, certificate: "QG-OCOP5-2024-017", issuedOn: "2024-09-12" },
    keyProductLevel: "province",
    gtinItem: "0001",
    unitVi: "hộp",
    unitEn: "box",
    netQuantity: "200",
    netUom: "g",
    priceVnd: 450_000,
    featured: true,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  {
    slug: "che-tan-cuong-tom-non",
    organisation: tc,
    kind: "finished",
    nameVi: "Chè Tân Cương tôm nõn",
    nameEn: "Tan Cuong young-bud tea",
    descriptionVi: "Búp tôm và lá non, cánh nhỏ săn, hợp pha ấm nhỏ tiếp khách.",
    descriptionEn: "Buds and young leaves, small and tightly rolled; suited to a small teapot for guests.",
    category: "tea",
    ocop: { group: "beverage", stars: 4, score: 84, certificate: "TN-OCOP-2025-0112", issuedOn: "2025-03-20" },
    gtinItem: "0002",
    unitVi: "gói",
    unitEn: "pack",
    netQuantity: "200",
    netUom: "g",
    priceVnd: 220_000,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  {
    slug: "che-tan-cuong-moc-cau",
    organisation: tc,
    kind: "finished",
    nameVi: "Chè Tân Cương móc câu",
    nameEn: "Tan Cuong hook-shaped tea",
    descriptionVi: "Cánh chè cong như lưỡi câu, vị đậm, dùng hằng ngày.",
    descriptionEn: "Leaves curled like fish hooks with a strong taste, for every day.",
    category: "tea",
    ocop: { group: "beverage", stars: 3, score: 66, certificate: "TN-OCOP-2023-0087", issuedOn: "2023-06-15" },
    unitVi: "gói",
    unitEn: "pack",
    netQuantity: "500",
    netUom: "g",
    priceVnd: 250_000,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  {
    slug: "tra-xanh-tan-cuong-tui-loc",
    organisation: tc,
    kind: "finished",
    nameVi: "Trà xanh Tân Cương túi lọc",
    nameEn: "Tan Cuong green tea bags",
    descriptionVi: "Hộp 25 túi lọc 2 g, tiện mang đi làm, đi du lịch.",
    descriptionEn: "A box of 25 two-gram tea bags, handy at work and on the road.",
    category: "tea",
    ocop: { group: "beverage", stars: 3, score: 61, certificate: "TN-OCOP-2025-0241", issuedOn: "2025-11-05" },
    gtinItem: "0003",
    unitVi: "hộp",
    unitEn: "box",
    netQuantity: "50",
    netUom: "g",
    priceVnd: 85_000,
    shelfLife: { months: 18 },
    profile: "tea",
  },
  {
    slug: "che-bup-tuoi-tan-cuong",
    organisation: tc,
    kind: "raw_material",
    nameVi: "Chè búp tươi Tân Cương",
    nameEn: "Fresh tea shoots, Tan Cuong",
    descriptionVi: "Búp chè tươi thu hái từ đồi chè của xã viên, đưa về xưởng trong ngày.",
    descriptionEn: "Fresh tea shoots picked on members' hills and brought to the workshop the same day.",
    category: "tea",
    unitVi: "kg",
    unitEn: "kg",
    profile: "tea_leaf",
  },
  // La Bằng tea.
  {
    slug: "che-la-bang-non-tom",
    organisation: lb,
    kind: "finished",
    nameVi: "Chè La Bằng nõn tôm",
    nameEn: "La Bang bud tea",
    descriptionVi: "Nõn tôm chè trung du vùng La Bằng, hương thơm tự nhiên, nước xanh vàng sánh.",
    descriptionEn: "Midland tea buds from La Bang: natural fragrance and a thick green-gold liquor.",
    category: "tea",
    ocop: { group: "beverage", stars: 4, score: 78, certificate: "TN-OCOP-2024-0019", issuedOn: "2024-01-20" },
    gtinItem: "0001",
    unitVi: "gói",
    unitEn: "pack",
    netQuantity: "200",
    netUom: "g",
    priceVnd: 180_000,
    featured: true,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  {
    slug: "che-la-bang-moc-cau",
    organisation: lb,
    kind: "finished",
    nameVi: "Chè La Bằng móc câu",
    nameEn: "La Bang hook-shaped tea",
    descriptionVi: "Chè móc câu sao củi, vị chát đậm hậu ngọt.",
    descriptionEn: "Hook-shaped tea fired over wood: strong, then sweet.",
    category: "tea",
    ocop: { group: "beverage", stars: 3, score: 63, certificate: "TN-OCOP-2023-0142", issuedOn: "2023-10-09" },
    unitVi: "gói",
    unitEn: "pack",
    netQuantity: "500",
    netUom: "g",
    priceVnd: 200_000,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  {
    slug: "che-bup-la-bang-truyen-thong",
    organisation: lb,
    kind: "finished",
    nameVi: "Chè búp La Bằng truyền thống",
    nameEn: "La Bang traditional tea",
    descriptionVi: "Sản phẩm chủ lực cấp xã, làm theo cách sao chè của các hộ lâu năm trong vùng.",
    descriptionEn: "A commune key product, fired the way long-standing tea households of the area do it.",
    category: "tea",
    keyProductLevel: "commune",
    unitVi: "gói",
    unitEn: "pack",
    netQuantity: "500",
    netUom: "g",
    priceVnd: 160_000,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  {
    slug: "che-bup-tuoi-la-bang",
    organisation: lb,
    kind: "raw_material",
    nameVi: "Chè búp tươi La Bằng",
    nameEn: "Fresh tea shoots, La Bang",
    descriptionVi: "Búp chè tươi của các hộ liên kết.",
    descriptionEn: "Fresh tea shoots from partner households.",
    category: "tea",
    unitVi: "kg",
    unitEn: "kg",
    profile: "tea_leaf",
  },
  // Trại Cài tea.
  {
    slug: "che-trai-cai-dinh",
    organisation: trc,
    kind: "finished",
    nameVi: "Chè đinh Trại Cài",
    nameEn: "Trai Cai 'dinh' bud tea",
    descriptionVi: "Chỉ hái phần tôm non nhất như chiếc đinh, mỗi cân chè đinh cần gần sáu cân búp tươi.",
    descriptionEn: "Only the finest nail-like buds are picked: almost six kilograms of fresh shoots for each kilogram.",
    category: "tea",
    ocop: { group: "beverage", stars: 4, score: 81, certificate: "TN-OCOP-2025-0168", issuedOn: "2025-06-18" },
    gtinItem: "0001",
    unitVi: "hộp",
    unitEn: "box",
    netQuantity: "100",
    netUom: "g",
    priceVnd: 350_000,
    featured: true,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  {
    slug: "che-trai-cai-moc-cau",
    organisation: trc,
    kind: "finished",
    nameVi: "Chè Trại Cài móc câu",
    nameEn: "Trai Cai hook-shaped tea",
    descriptionVi: "Chè móc câu vụ thu, nước xanh, vị đậm.",
    descriptionEn: "Autumn-flush hook-shaped tea, green liquor and a full taste.",
    category: "tea",
    ocop: { group: "beverage", stars: 3, score: 68, certificate: "TN-OCOP-2026-0031", issuedOn: "2026-02-10" },
    unitVi: "gói",
    unitEn: "pack",
    netQuantity: "500",
    netUom: "g",
    priceVnd: 180_000,
    shelfLife: { months: 24 },
    profile: "tea",
  },
  // Định Hóa rice.
  {
    slug: "gao-bao-thai-dinh-hoa",
    organisation: bt,
    kind: "finished",
    nameVi: "Gạo Bao Thai Định Hóa",
    nameEn: "Dinh Hoa Bao Thai rice",
    descriptionVi: "Hạt nhỏ, trong, cơm mềm dẻo và thơm; xay xát trong tuần trước khi giao.",
    descriptionEn: "Small translucent grains that cook soft and fragrant; milled within a week of delivery.",
    category: "rice",
    ocop: { group: "food", stars: 4, score: 80, certificate: "TN-OCOP-2023-0198", issuedOn: "2023-12-27" },
    keyProductLevel: "province",
    gtinItem: "0001",
    unitVi: "túi",
    unitEn: "bag",
    netQuantity: "5",
    netUom: "kg",
    priceVnd: 125_000,
    featured: true,
    shelfLife: { months: 12 },
    profile: "rice",
  },
  {
    slug: "gao-lut-bao-thai",
    organisation: bt,
    kind: "finished",
    nameVi: "Gạo lứt Bao Thai",
    nameEn: "Bao Thai brown rice",
    descriptionVi: "Gạo lứt xay một lần, giữ lớp cám giàu chất xơ.",
    descriptionEn: "Brown rice hulled once, keeping the fibre-rich bran.",
    category: "rice",
    ocop: { group: "food", stars: 3, score: 58, certificate: "TN-OCOP-2025-0203", issuedOn: "2025-08-14" },
    unitVi: "túi",
    unitEn: "bag",
    netQuantity: "2",
    netUom: "kg",
    priceVnd: 70_000,
    shelfLife: { months: 6 },
    profile: "rice",
  },
  {
    slug: "gao-nep-dinh-hoa",
    organisation: bt,
    kind: "finished",
    nameVi: "Gạo nếp Định Hóa",
    nameEn: "Dinh Hoa glutinous rice",
    descriptionVi: "Sản phẩm chủ lực cấp xã, nếp dẻo thơm dùng đồ xôi, gói bánh chưng.",
    descriptionEn: "A commune key product: sticky, fragrant rice for xoi and banh chung.",
    category: "rice",
    keyProductLevel: "commune",
    unitVi: "túi",
    unitEn: "bag",
    netQuantity: "2",
    netUom: "kg",
    priceVnd: 80_000,
    shelfLife: { months: 12 },
    profile: "rice",
  },
  {
    slug: "thoc-bao-thai",
    organisation: bt,
    kind: "raw_material",
    nameVi: "Thóc Bao Thai",
    nameEn: "Bao Thai paddy",
    descriptionVi: "Thóc phơi khô của xã viên, nhập kho hợp tác xã.",
    descriptionEn: "Members' sun-dried paddy, stored in the cooperative's barn.",
    category: "rice",
    unitVi: "kg",
    unitEn: "kg",
    profile: "paddy",
  },
  // Bắc Kạn seedless persimmons.
  {
    slug: "hong-khong-hat-bac-kan",
    organisation: hk,
    kind: "finished",
    nameVi: "Hồng không hạt Bắc Kạn",
    nameEn: "Bac Kan seedless persimmon",
    descriptionVi: "Quả hồng không hạt đã khử chát, giòn ngọt, đóng thùng 5 kg hoặc bán lẻ theo cân.",
    descriptionEn: "Seedless persimmons with the astringency removed, crisp and sweet; sold by the kilogram.",
    category: "fruit",
    ocop: { group: "food", stars: 4, score: 85, certificate: "BK-OCOP-2024-0046", issuedOn: "2024-05-22" },
    keyProductLevel: "province",
    unitVi: "kg",
    unitEn: "kg",
    netQuantity: "1",
    netUom: "kg",
    priceVnd: 60_000,
    featured: true,
    shelfLife: { days: 14 },
    profile: "fruit",
  },
  {
    slug: "hong-say-deo-bac-kan",
    organisation: hk,
    kind: "finished",
    nameVi: "Hồng sấy dẻo Bắc Kạn",
    nameEn: "Bac Kan soft-dried persimmon",
    descriptionVi: "Hồng không hạt gọt vỏ, sấy dẻo ở nhiệt độ thấp, không đường, không chất bảo quản.",
    descriptionEn: "Peeled seedless persimmons dried soft at low heat, with no added sugar or preservatives.",
    category: "fruit",
    ocop: { group: "food", stars: 3, score: 64, certificate: "TN-OCOP-2026-0077", issuedOn: "2026-04-08" },
    gtinItem: "0001",
    unitVi: "hộp",
    unitEn: "box",
    netQuantity: "500",
    netUom: "g",
    priceVnd: 180_000,
    shelfLife: { months: 6 },
    profile: "dried_fruit",
  },
  {
    slug: "hong-tuoi-nguyen-lieu",
    organisation: hk,
    kind: "raw_material",
    nameVi: "Hồng tươi nguyên liệu sấy",
    nameEn: "Fresh persimmons for drying",
    descriptionVi: "Quả hồng loại hai dùng làm hồng sấy.",
    descriptionEn: "Second-grade persimmons kept for drying.",
    category: "fruit",
    unitVi: "kg",
    unitEn: "kg",
    profile: "fruit_raw",
  },
  // Na Rì dong-riềng vermicelli.
  {
    slug: "mien-dong-na-ri",
    organisation: md,
    kind: "finished",
    nameVi: "Miến dong Na Rì",
    nameEn: "Na Ri dong-rieng vermicelli",
    descriptionVi: "Sợi miến dai, trong, không bở khi nấu; làm từ 100% tinh bột dong riềng.",
    descriptionEn: "Chewy, translucent strands that hold when cooked, made from pure dong-rieng starch.",
    category: "noodles",
    ocop: { group: "food", stars: 4, score: 82, certificate: "BK-OCOP-2024-0103", issuedOn: "2024-11-15" },
    keyProductLevel: "province",
    gtinItem: "0001",
    unitVi: "gói",
    unitEn: "pack",
    netQuantity: "500",
    netUom: "g",
    priceVnd: 45_000,
    featured: true,
    shelfLife: { months: 12 },
    profile: "noodles",
  },
  {
    slug: "mien-dong-na-ri-dac-biet",
    organisation: md,
    kind: "finished",
    nameVi: "Miến dong Na Rì loại đặc biệt",
    nameEn: "Na Ri dong-rieng vermicelli, special grade",
    descriptionVi: "Sợi nhỏ, tráng mỏng, đóng túi 1 kg cho nhà hàng và quà Tết.",
    descriptionEn: "Fine, thinly sheeted strands in 1 kg bags for restaurants and Tet gifts.",
    category: "noodles",
    ocop: { group: "food", stars: 3, score: 69, certificate: "BK-OCOP-2025-0012", issuedOn: "2025-01-10" },
    unitVi: "túi",
    unitEn: "bag",
    netQuantity: "1",
    netUom: "kg",
    priceVnd: 95_000,
    shelfLife: { months: 12 },
    profile: "noodles",
  },
  {
    slug: "tinh-bot-dong-rieng",
    organisation: md,
    kind: "raw_material",
    nameVi: "Tinh bột dong riềng",
    nameEn: "Dong-rieng starch",
    descriptionVi: "Tinh bột lọc từ củ dong riềng của xã viên.",
    descriptionEn: "Starch washed from members' dong-rieng roots.",
    category: "noodles",
    unitVi: "kg",
    unitEn: "kg",
    profile: "starch",
  },
  // Honey.
  {
    slug: "mat-ong-rung-ba-be",
    organisation: mo,
    kind: "finished",
    nameVi: "Mật ong rừng Ba Bể",
    nameEn: "Ba Be forest honey",
    descriptionVi: "Mật ong hoa rừng của đàn ong nội, màu hổ phách, vị ngọt thanh hơi chua nhẹ.",
    descriptionEn: "Wild-flower honey from native bees: amber, lightly sweet with a faint tang.",
    category: "honey",
    ocop: { group: "food", stars: 4, score: 76, certificate: "TN-OCOP-2025-0125", issuedOn: "2025-04-25" },
    gtinItem: "0001",
    unitVi: "chai",
    unitEn: "bottle",
    netQuantity: "500",
    netUom: "ml",
    priceVnd: 350_000,
    featured: true,
    shelfLife: { months: 24 },
    profile: "honey",
  },
  // Chợ Đồn citrus.
  {
    slug: "cam-sanh-cho-don",
    organisation: cq,
    kind: "finished",
    nameVi: "Cam sành Chợ Đồn",
    nameEn: "Cho Don king orange",
    descriptionVi: "Cam vỏ sần, mọng nước, ngọt đậm; hái khi quả chín cây.",
    descriptionEn: "Rough-skinned, juicy, deeply sweet oranges picked ripe from the tree.",
    category: "fruit",
    ocop: { group: "food", stars: 3, score: 62, certificate: "BK-OCOP-2024-0031", issuedOn: "2024-03-14" },
    unitVi: "kg",
    unitEn: "kg",
    netQuantity: "1",
    netUom: "kg",
    priceVnd: 35_000,
    shelfLife: { days: 30 },
    profile: "fruit",
  },
  {
    slug: "quyt-cho-don",
    organisation: cq,
    kind: "finished",
    nameVi: "Quýt Chợ Đồn",
    nameEn: "Cho Don mandarin",
    descriptionVi: "Sản phẩm chủ lực cấp tỉnh; quýt vỏ mỏng, thơm, chín vào dịp cuối năm.",
    descriptionEn: "A provincial key product: thin-skinned, fragrant mandarins that ripen at the end of the year.",
    category: "fruit",
    keyProductLevel: "province",
    unitVi: "kg",
    unitEn: "kg",
    netQuantity: "1",
    netUom: "kg",
    priceVnd: 40_000,
    shelfLife: { days: 30 },
    profile: "fruit",
  },
  // Võ Nhai custard apples.
  {
    slug: "na-vo-nhai",
    organisation: na,
    kind: "finished",
    nameVi: "Na Võ Nhai",
    nameEn: "Vo Nhai custard apple",
    descriptionVi: "Na dai núi đá, quả từ 300 g, thu hoạch khi mở mắt.",
    descriptionEn: "Limestone-hill custard apples of 300 g and up, picked as the segments open.",
    category: "fruit",
    ocop: { group: "food", stars: 4, score: 79, certificate: "TN-OCOP-2025-0219", issuedOn: "2025-09-05" },
    unitVi: "kg",
    unitEn: "kg",
    netQuantity: "1",
    netUom: "kg",
    priceVnd: 70_000,
    shelfLife: { days: 7 },
    profile: "fruit",
  },
  // Herbal products.
  {
    slug: "tra-giao-co-lam-bac-kan",
    organisation: dl,
    kind: "finished",
    nameVi: "Trà giảo cổ lam Bắc Kạn",
    nameEn: "Bac Kan gynostemma herbal tea",
    descriptionVi: "Giảo cổ lam năm lá trồng dưới tán rừng, sấy lạnh và đóng túi lọc 2 g.",
    descriptionEn: "Five-leaf gynostemma grown under forest cover, cold-dried and packed in 2 g bags.",
    category: "herbal",
    ocop: { group: "herbal", stars: 4, score: 88, certificate: "BK-OCOP-2024-0072", issuedOn: "2024-07-30" },
    gtinItem: "0001",
    unitVi: "hộp",
    unitEn: "box",
    netQuantity: "100",
    netUom: "g",
    priceVnd: 120_000,
    featured: true,
    shelfLife: { months: 24 },
    profile: "herbal",
  },
  {
    slug: "cao-giao-co-lam",
    organisation: dl,
    kind: "finished",
    nameVi: "Cao giảo cổ lam",
    nameEn: "Gynostemma extract",
    descriptionVi: "Cao đặc chiết xuất từ giảo cổ lam năm lá, lọ thủy tinh 100 g.",
    descriptionEn: "Thick extract of five-leaf gynostemma in a 100 g glass jar.",
    category: "herbal",
    ocop: { group: "herbal", stars: 3, score: 60, certificate: "TN-OCOP-2025-0262", issuedOn: "2025-12-02" },
    gtinItem: "0002",
    unitVi: "lọ",
    unitEn: "jar",
    netQuantity: "100",
    netUom: "g",
    priceVnd: 250_000,
    shelfLife: { months: 36 },
    profile: "extract",
  },
  // Handicrafts.
  {
    slug: "gio-may-tre-dan",
    organisation: mt,
    kind: "finished",
    nameVi: "Giỏ mây tre đan",
    nameEn: "Woven bamboo and rattan basket",
    descriptionVi: "Giỏ đan tay từ tre bánh tẻ và mây rừng, hun khói chống mốc mọt.",
    descriptionEn: "Hand-woven from mature bamboo and forest rattan, smoked against mould and borers.",
    category: "handicraft",
    ocop: { group: "handicraft", stars: 3, score: 57, certificate: "TN-OCOP-2024-0188", issuedOn: "2024-10-21" },
    unitVi: "chiếc",
    unitEn: "piece",
    priceVnd: 150_000,
    profile: "handicraft",
  },
  {
    slug: "khay-tre-dan",
    organisation: mt,
    kind: "finished",
    nameVi: "Bộ khay tre đan",
    nameEn: "Woven bamboo tray set",
    descriptionVi: "Bộ ba khay tre đan nan mỏng, dùng bày bánh kẹo, hoa quả.",
    descriptionEn: "A set of three finely woven bamboo trays for sweets and fruit.",
    category: "handicraft",
    ocop: { group: "handicraft", stars: 3, score: 55, certificate: "TN-OCOP-2026-0094", issuedOn: "2026-05-19" },
    unitVi: "bộ",
    unitEn: "set",
    netQuantity: "3",
    netUom: "chiếc",
    priceVnd: 220_000,
    profile: "handicraft",
  },
];

// --- batches -------------------------------------------------------------------------------

export const demoBatches: DemoBatch[] = [
  // Tân Cương: fresh shoots, three of them made into one lot of the special tea.
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2604-021", quantity: "180", uom: "KGM", producedOn: "2026-04-08", commune: "tan-cuong", farmPlot: "Đồi chè xóm Hồng Thái 2, lô 3", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2604-022", quantity: "150", uom: "KGM", producedOn: "2026-04-08", commune: "tan-cuong", farmPlot: "Đồi chè xóm Nam Thái, lô 1", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2604-023", quantity: "120", uom: "KGM", producedOn: "2026-04-08", commune: "tan-cuong", farmPlot: "Đồi chè xóm Soi Mít, lô 2", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2609-031", quantity: "200", uom: "KGM", producedOn: "2026-09-15", commune: "tan-cuong", farmPlot: "Đồi chè xóm Hồng Thái 1, lô 5" },
  // Member households deliver the shoots of these lots (db/seed/activity.ts), so sales trace back to them.
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2504-011", quantity: "170", uom: "KGM", producedOn: "2025-04-11", commune: "tan-cuong", farmPlot: "Đồi chè xóm Hồng Thái 2, lô 1", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2504-012", quantity: "130", uom: "KGM", producedOn: "2025-04-11", commune: "dai-tu", farmPlot: "Đồi chè hộ liên kết Đại Từ, thửa 52", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2505-014", quantity: "220", uom: "KGM", producedOn: "2025-05-19", commune: "tan-cuong", farmPlot: "Đồi chè xóm Soi Mít, lô 1", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2505-015", quantity: "180", uom: "KGM", producedOn: "2025-05-19", commune: "dong-hy", farmPlot: "Đồi chè hộ liên kết Đồng Hỷ, thửa 17", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2507-018", quantity: "400", uom: "KGM", producedOn: "2025-07-21", commune: "tan-cuong", farmPlot: "Đồi chè xóm Hồng Thái 1, lô 2", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2507-019", quantity: "225", uom: "KGM", producedOn: "2025-07-21", commune: "dai-tu", farmPlot: "Đồi chè hộ liên kết Đại Từ, thửa 61", status: "consumed" },
  { product: "che-bup-tuoi-tan-cuong", lot: "BT2603-007", quantity: "150", uom: "KGM", producedOn: "2026-03-16", commune: "tan-cuong", farmPlot: "Đồi chè xóm Nam Thái, lô 4", status: "consumed" },
  {
    product: "che-tan-cuong-dac-biet",
    lot: "TCDB2504-007",
    quantity: "300",
    uom: "H87",
    producedOn: "2025-04-12",
    commune: "tan-cuong",
    madeFrom: [
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2504-011", quantity: "170" },
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2504-012", quantity: "130" },
    ],
  },
  { product: "che-tan-cuong-dac-biet", lot: "TCDB2510-019", quantity: "260", uom: "H87", producedOn: "2025-10-03", commune: "tan-cuong", farmPlot: "Đồi chè xóm Nam Thái, lô 4" },
  {
    product: "che-tan-cuong-dac-biet",
    lot: "TCDB2604-012",
    quantity: "450",
    uom: "H87",
    producedOn: "2026-04-09",
    commune: "tan-cuong",
    madeFrom: [
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2604-021", quantity: "180" },
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2604-022", quantity: "150" },
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2604-023", quantity: "120" },
    ],
  },
  {
    product: "che-tan-cuong-tom-non",
    lot: "TCTN2505-011",
    quantity: "400",
    uom: "H87",
    producedOn: "2025-05-20",
    commune: "tan-cuong",
    madeFrom: [
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2505-014", quantity: "220" },
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2505-015", quantity: "180" },
    ],
  },
  { product: "che-tan-cuong-tom-non", lot: "TCTN2509-024", quantity: "380", uom: "H87", producedOn: "2025-09-08", commune: "tan-cuong", farmPlot: "Đồi chè xóm Nam Thái, lô 2", status: "withdrawn", incident: "withdrawal" },
  { product: "che-tan-cuong-tom-non", lot: "TCTN2606-009", quantity: "420", uom: "H87", producedOn: "2026-06-14", commune: "tan-cuong", farmPlot: "Đồi chè xóm Hồng Thái 2, lô 3" },
  {
    product: "che-tan-cuong-moc-cau",
    lot: "TCMC2507-015",
    quantity: "250",
    uom: "H87",
    producedOn: "2025-07-22",
    commune: "tan-cuong",
    madeFrom: [
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2507-018", quantity: "400" },
      { product: "che-bup-tuoi-tan-cuong", lot: "BT2507-019", quantity: "225" },
    ],
  },
  { product: "che-tan-cuong-moc-cau", lot: "TCMC2608-006", quantity: "300", uom: "H87", producedOn: "2026-08-19", commune: "tan-cuong", farmPlot: "Đồi chè xóm Soi Mít, lô 3" },
  {
    product: "tra-xanh-tan-cuong-tui-loc",
    lot: "TCTL2603-004",
    quantity: "600",
    uom: "H87",
    producedOn: "2026-03-17",
    commune: "tan-cuong",
    madeFrom: [{ product: "che-bup-tuoi-tan-cuong", lot: "BT2603-007", quantity: "150" }],
  },

  // La Bằng: shoots from two communes made into bud tea.
  { product: "che-bup-tuoi-la-bang", lot: "LBT2605-003", quantity: "200", uom: "KGM", producedOn: "2026-05-06", commune: "la-bang", farmPlot: "Đồi chè xóm Lau Sau, thửa 41", status: "consumed" },
  { product: "che-bup-tuoi-la-bang", lot: "LBT2605-004", quantity: "160", uom: "KGM", producedOn: "2026-05-06", commune: "dai-tu", farmPlot: "Đồi chè hộ liên kết, thửa 112", status: "consumed" },
  { product: "che-bup-tuoi-la-bang", lot: "LBT2510-01", quantity: "180", uom: "KGM", producedOn: "2025-10-13", commune: "la-bang", farmPlot: "Đồi chè xóm Lau Sau, thửa 38", status: "consumed" },
  { product: "che-bup-tuoi-la-bang", lot: "LBT2510-02", quantity: "140", uom: "KGM", producedOn: "2025-10-13", commune: "dai-tu", farmPlot: "Đồi chè hộ liên kết, thửa 87", status: "consumed" },
  {
    product: "che-la-bang-non-tom",
    lot: "LBNT2510-008",
    quantity: "320",
    uom: "H87",
    producedOn: "2025-10-14",
    commune: "la-bang",
    madeFrom: [
      { product: "che-bup-tuoi-la-bang", lot: "LBT2510-01", quantity: "180" },
      { product: "che-bup-tuoi-la-bang", lot: "LBT2510-02", quantity: "140" },
    ],
  },
  {
    product: "che-la-bang-non-tom",
    lot: "LBNT2605-005",
    quantity: "360",
    uom: "H87",
    producedOn: "2026-05-07",
    commune: "la-bang",
    madeFrom: [
      { product: "che-bup-tuoi-la-bang", lot: "LBT2605-003", quantity: "200" },
      { product: "che-bup-tuoi-la-bang", lot: "LBT2605-004", quantity: "160" },
    ],
  },
  { product: "che-la-bang-moc-cau", lot: "LBMC2508-010", quantity: "240", uom: "H87", producedOn: "2025-08-26", commune: "la-bang", farmPlot: "Đồi chè xóm Khuôn Năm, thửa 7" },
  { product: "che-la-bang-moc-cau", lot: "LBMC2609-013", quantity: "260", uom: "H87", producedOn: "2026-09-22", commune: "dai-tu", farmPlot: "Đồi chè hộ liên kết, thửa 96" },
  { product: "che-bup-la-bang-truyen-thong", lot: "LBTT2611-002", quantity: "150", uom: "H87", producedOn: "2026-11-06", commune: "la-bang", farmPlot: "Đồi chè xóm Lau Sau, thửa 44" },

  // Trại Cài.
  { product: "che-trai-cai-dinh", lot: "TCD2504-003", quantity: "200", uom: "H87", producedOn: "2025-04-18", commune: "dong-hy", farmPlot: "Đồi chè xóm Trại Cài, lô 6" },
  { product: "che-trai-cai-dinh", lot: "TCD2604-006", quantity: "240", uom: "H87", producedOn: "2026-04-15", commune: "dong-hy", farmPlot: "Đồi chè xóm Trại Cài, lô 2" },
  { product: "che-trai-cai-moc-cau", lot: "TCM2609-011", quantity: "300", uom: "H87", producedOn: "2026-09-10", commune: "phu-luong", farmPlot: "Đồi chè hộ liên kết Phú Lương, thửa 23" },

  // Định Hóa rice: two paddy lots milled into one lot of rice.
  { product: "thoc-bao-thai", lot: "TBT2510-01", quantity: "3000", uom: "KGM", producedOn: "2025-10-12", commune: "dinh-hoa", farmPlot: "Cánh đồng Nà Mòn, thửa 15–22", status: "consumed" },
  { product: "thoc-bao-thai", lot: "TBT2510-02", quantity: "2500", uom: "KGM", producedOn: "2025-10-14", commune: "dinh-hoa", farmPlot: "Cánh đồng Nà Lùng, thửa 3–9", status: "consumed" },
  { product: "thoc-bao-thai", lot: "TBT2511-03", quantity: "1000", uom: "KGM", producedOn: "2025-11-06", commune: "phu-luong", farmPlot: "Ruộng hộ liên kết Phú Lương, thửa 40–44", status: "consumed" },
  { product: "thoc-bao-thai", lot: "TBT2606-01", quantity: "2800", uom: "KGM", producedOn: "2026-06-20", commune: "dinh-hoa", farmPlot: "Cánh đồng Nà Mòn, thửa 30–36", status: "consumed" },
  { product: "thoc-bao-thai", lot: "TBT2606-02", quantity: "1100", uom: "KGM", producedOn: "2026-06-22", commune: "cho-moi", farmPlot: "Ruộng hộ liên kết Chợ Mới, thửa 8–12", status: "consumed" },
  {
    product: "gao-bao-thai-dinh-hoa",
    lot: "GBT2510-05",
    quantity: "700",
    uom: "H87",
    producedOn: "2025-10-20",
    commune: "dinh-hoa",
    madeFrom: [
      { product: "thoc-bao-thai", lot: "TBT2510-01", quantity: "3000" },
      { product: "thoc-bao-thai", lot: "TBT2510-02", quantity: "2500" },
    ],
  },
  {
    product: "gao-bao-thai-dinh-hoa",
    lot: "GBT2607-02",
    quantity: "500",
    uom: "H87",
    producedOn: "2026-07-02",
    commune: "dinh-hoa",
    madeFrom: [
      { product: "thoc-bao-thai", lot: "TBT2606-01", quantity: "2800" },
      { product: "thoc-bao-thai", lot: "TBT2606-02", quantity: "1100" },
    ],
  },
  {
    product: "gao-lut-bao-thai",
    lot: "GLBT2511-01",
    quantity: "400",
    uom: "H87",
    producedOn: "2025-11-10",
    commune: "dinh-hoa",
    madeFrom: [{ product: "thoc-bao-thai", lot: "TBT2511-03", quantity: "1000" }],
  },
  { product: "gao-nep-dinh-hoa", lot: "GN2511-01", quantity: "300", uom: "H87", producedOn: "2025-11-18", commune: "phu-luong", farmPlot: "Ruộng hộ liên kết Phú Lương, thửa 61" },

  // Persimmons: second-grade fruit dried.
  { product: "hong-tuoi-nguyen-lieu", lot: "HTN2510-01", quantity: "800", uom: "KGM", producedOn: "2025-10-02", commune: "bach-thong", farmPlot: "Vườn hồng thôn Nà Phầy, 1,2 ha", status: "consumed" },
  { product: "hong-tuoi-nguyen-lieu", lot: "HTN2510-02", quantity: "600", uom: "KGM", producedOn: "2025-10-04", commune: "cho-moi", farmPlot: "Vườn hồng hộ liên kết Chợ Mới, 0,8 ha", status: "consumed" },
  { product: "hong-khong-hat-bac-kan", lot: "HKH2509-03", quantity: "1200", uom: "KGM", producedOn: "2025-09-25", commune: "bach-thong", farmPlot: "Vườn hồng thôn Nà Phầy, 2 ha" },
  { product: "hong-khong-hat-bac-kan", lot: "HKH2609-02", quantity: "1500", uom: "KGM", producedOn: "2026-09-28", commune: "bach-thong", farmPlot: "Vườn hồng thôn Khuổi Chủ, 1,5 ha" },
  {
    product: "hong-say-deo-bac-kan",
    lot: "HSD2510-01",
    quantity: "700",
    uom: "H87",
    producedOn: "2025-10-10",
    commune: "bach-thong",
    madeFrom: [
      { product: "hong-tuoi-nguyen-lieu", lot: "HTN2510-01", quantity: "800" },
      { product: "hong-tuoi-nguyen-lieu", lot: "HTN2510-02", quantity: "600" },
    ],
  },

  // Vermicelli: part of one starch lot made into vermicelli.
  { product: "tinh-bot-dong-rieng", lot: "TBD2512-01", quantity: "1500", uom: "KGM", producedOn: "2025-12-05", commune: "na-ri", farmPlot: "Nương dong riềng thôn Nà Làng, 3 ha" },
  { product: "tinh-bot-dong-rieng", lot: "TBD2601-02", quantity: "1000", uom: "KGM", producedOn: "2026-01-08", commune: "ba-be", farmPlot: "Nương dong riềng hộ liên kết Ba Bể, 2 ha" },
  {
    product: "mien-dong-na-ri",
    lot: "MD2512-04",
    quantity: "2200",
    uom: "H87",
    producedOn: "2025-12-12",
    commune: "na-ri",
    madeFrom: [{ product: "tinh-bot-dong-rieng", lot: "TBD2512-01", quantity: "1200" }],
  },
  { product: "mien-dong-na-ri", lot: "MD2601-07", quantity: "1800", uom: "H87", producedOn: "2026-01-15", commune: "na-ri", farmPlot: "Nương dong riềng thôn Nà Làng, 2 ha" },
  { product: "mien-dong-na-ri-dac-biet", lot: "MDDB2602-01", quantity: "600", uom: "H87", producedOn: "2026-02-03", commune: "na-ri", farmPlot: "Nương dong riềng thôn Nà Làng, 1 ha" },

  // Honey: one lot recalled after a post-market test.
  { product: "mat-ong-rung-ba-be", lot: "MO2504-02", quantity: "400", uom: "H87", producedOn: "2025-04-22", commune: "ba-be", farmPlot: "Trại ong rừng Pác Ngòi, 40 đàn" },
  { product: "mat-ong-rung-ba-be", lot: "MO2505-03", quantity: "350", uom: "H87", producedOn: "2025-05-18", commune: "ba-be", farmPlot: "Trại ong rừng Bó Lù, 35 đàn", status: "recalled", incident: "recall" },
  { product: "mat-ong-rung-ba-be", lot: "MO2604-01", quantity: "380", uom: "H87", producedOn: "2026-04-20", commune: "ba-be", farmPlot: "Trại ong rừng Pác Ngòi, 42 đàn" },

  // Citrus.
  { product: "cam-sanh-cho-don", lot: "CAM2511-06", quantity: "2500", uom: "KGM", producedOn: "2025-11-20", commune: "cho-don", farmPlot: "Vườn cam thôn Bản Tàn, 3 ha" },
  { product: "cam-sanh-cho-don", lot: "CAM2611-02", quantity: "2000", uom: "KGM", producedOn: "2026-11-12", commune: "cho-don", farmPlot: "Vườn cam thôn Bản Tàn, lô B" },
  { product: "quyt-cho-don", lot: "QUYT2512-03", quantity: "1800", uom: "KGM", producedOn: "2025-12-06", commune: "cho-don", farmPlot: "Vườn quýt thôn Nà Pài, 2,5 ha" },

  // Custard apples.
  { product: "na-vo-nhai", lot: "NA2508-11", quantity: "1500", uom: "KGM", producedOn: "2025-08-12", commune: "vo-nhai", farmPlot: "Vườn na xóm Tân Thành, 2 ha" },
  { product: "na-vo-nhai", lot: "NA2608-07", quantity: "1700", uom: "KGM", producedOn: "2026-08-20", commune: "vo-nhai", farmPlot: "Vườn na xóm Cây Thị, 2,4 ha" },

  // Herbal products.
  { product: "tra-giao-co-lam-bac-kan", lot: "GCL2506-02", quantity: "800", uom: "H87", producedOn: "2025-06-10", commune: "bac-kan", farmPlot: "Vùng trồng giảo cổ lam dưới tán rừng Ba Bể, 4 ha" },
  { product: "tra-giao-co-lam-bac-kan", lot: "GCL2603-05", quantity: "900", uom: "H87", producedOn: "2026-03-24", commune: "bac-kan", farmPlot: "Vùng trồng giảo cổ lam Chợ Đồn, 3 ha" },
  { product: "cao-giao-co-lam", lot: "CGCL2601-01", quantity: "300", uom: "H87", producedOn: "2026-01-20", commune: "bac-kan", farmPlot: "Vùng trồng giảo cổ lam dưới tán rừng Ba Bể, 4 ha" },

  // Handicrafts.
  { product: "gio-may-tre-dan", lot: "MTD2508-01", quantity: "120", uom: "H87", producedOn: "2025-08-05", commune: "phu-binh" },
  { product: "gio-may-tre-dan", lot: "MTD2605-02", quantity: "150", uom: "H87", producedOn: "2026-05-12", commune: "phu-binh" },
  { product: "khay-tre-dan", lot: "KTD2606-01", quantity: "80", uom: "H87", producedOn: "2026-06-25", commune: "phu-binh" },
];

// --- derived values ------------------------------------------------------------------------

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar months later; the 29th–31st of a shorter target month rolls back to its last day. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, day] = isoDate.split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** OCOP certificates run 36 months from issue (Decision 148/QĐ-TTg). */
export function ocopExpiry(issuedOn: string): string {
  return addMonths(issuedOn, 36);
}

export function demoGtin(organisation: DemoOrganisation, item: string): string {
  if (!organisation.gs1Prefix) throw new Error(`${organisation.slug} has no GS1 prefix for item ${item}`);
  const body = `0${organisation.gs1Prefix}${item}`;
  return `${body}${gtinCheckDigit(body)}`;
}

export function bestBefore(product: DemoProduct, producedOn: string): string | null {
  if (!product.shelfLife) return null;
  const { months = 0, days = 0 } = product.shelfLife;
  return addDays(addMonths(producedOn, months), days);
}

// --- timelines -----------------------------------------------------------------------------

/** One step of a demo timeline: an event to append, or the transformation that makes the lot. */
export type DemoStep =
  | { kind: "event"; event: Omit<AppendTraceEventInput, "organisationId" | "batchId" | "isDemo" | "communeId"> & { commune: DemoCommuneSlug | null } }
  | { kind: "transformation"; event: Omit<RecordTransformationInput["event"], "isDemo" | "communeId"> & { commune: DemoCommuneSlug | null } };

const at = (date: string, time: string) => new Date(`${date}T${time}:00${VIETNAM_OFFSET}`);
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

const labs = [
  { name: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Thái Nguyên", code: "TĐC" },
  { name: "Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm Thái Nguyên", code: "KN" },
] as const;
const carriers = ["Viettel Post", "Bưu điện tỉnh Thái Nguyên (VNPost)", "Giao Hàng Tiết Kiệm", "Xe tải của hợp tác xã"] as const;
const destinations = [
  "Điểm bán sản phẩm OCOP, phường Phan Đình Phùng",
  "Nhà phân phối nông sản sạch tại Hà Nội",
  "Siêu thị tại phường Phổ Yên",
  "Gian hàng hội chợ OCOP khu vực miền núi phía Bắc",
] as const;

function portion(quantity: string, share: number): string {
  return String(Math.max(1, Math.floor(Number(quantity) * share)));
}

/** Kilograms of product in a lot of packs, from the pack's net quantity (tea, herbs). */
function packedKilograms(product: DemoProduct, quantity: string): number {
  const net = Number(product.netQuantity ?? "1");
  const perPack = product.netUom === "g" ? net / 1000 : product.netUom === "kg" ? net : 1;
  return Number(quantity) * perPack;
}

/** The steps of a lot's timeline, in time order, none after DEMO_TODAY. */
export function demoTimeline(batch: DemoBatch, product: DemoProduct, organisation: DemoOrganisation, index: number): DemoStep[] {
  const d = batch.producedOn;
  const origin = batch.commune;
  const home = organisation.commune;
  const site = organisation.site;
  const q = batch.quantity;
  const uom = batch.uom;
  const steps: DemoStep[] = [];
  const event = (e: Extract<DemoStep, { kind: "event" }>["event"]) => steps.push({ kind: "event", event: e });
  const lab = pick(labs, index);
  const yymm = d.slice(2, 4) + d.slice(5, 7);

  const fertilising = (days: number, product_: string, dose: string, method: string) =>
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.fertilising,
      disposition: Disposition.active,
      eventTime: at(addDays(d, days), "07:00"),
      commune: origin,
      locationName: batch.farmPlot ?? null,
      details: { product: product_, dose, method },
    });
  const spraying = (days: number, product_: string, dose: string, target: string, preHarvestIntervalDays: number) =>
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.spraying,
      disposition: Disposition.active,
      eventTime: at(addDays(d, days), "16:30"),
      commune: origin,
      locationName: batch.farmPlot ?? null,
      details: { product: product_, dose, target, preHarvestIntervalDays },
    });
  const harvesting = (days: number, quantity: string, details: Record<string, unknown>) =>
    event({
      eventType: "ObjectEvent",
      action: "ADD",
      bizStep: BizStep.harvesting,
      disposition: Disposition.active,
      eventTime: at(addDays(d, days), "06:30"),
      commune: origin,
      locationName: batch.farmPlot ?? null,
      quantity,
      uom: "KGM",
      details,
    });
  const processing = (days: number, details: Record<string, unknown>, quantity: string | null = null) =>
    event({
      eventType: "ObjectEvent",
      action: quantity ? "ADD" : "OBSERVE",
      bizStep: BizStep.processing,
      disposition: Disposition.inProgress,
      eventTime: at(addDays(d, days), "08:00"),
      commune: home,
      locationName: site,
      quantity,
      uom: quantity ? "KGM" : null,
      details,
    });
  const transformation = (details: Record<string, unknown>) =>
    steps.push({
      kind: "transformation",
      event: {
        bizStep: BizStep.commissioning,
        disposition: Disposition.inProgress,
        eventTime: at(d, "07:30"),
        commune: home,
        locationName: site,
        details,
      },
    });
  const inspecting = (days: number, parameters: string[], standard: string) =>
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.inspecting,
      disposition: Disposition.conformant,
      eventTime: at(addDays(d, days), "14:00"),
      commune: home,
      locationName: lab.name,
      details: {
        lab: lab.name,
        reportNumber: `${lab.code}-${yymm}-${String(100 + index * 7).padStart(4, "0")}`,
        sampledOn: addDays(d, Math.max(0, days - 4)),
        parameters,
        standard,
        result: "đạt",
      },
    });
  const packing = (days: number, packaging: string) =>
    event({
      eventType: "ObjectEvent",
      action: "ADD",
      bizStep: BizStep.packing,
      disposition: Disposition.active,
      eventTime: at(addDays(d, days), "09:00"),
      commune: home,
      locationName: site,
      quantity: q,
      uom,
      details: { packaging, labelled: true, lot: batch.lot },
    });
  const storing = (days: number, conditions: string) =>
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.storing,
      disposition: Disposition.sellableAccessible,
      eventTime: at(addDays(d, days), "17:00"),
      commune: home,
      locationName: `Kho ${site.charAt(0).toLowerCase()}${site.slice(1)}`,
      quantity: q,
      uom,
      details: { conditions },
    });
  const receiving = (days: number, details: Record<string, unknown>) =>
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.receiving,
      disposition: Disposition.inProgress,
      eventTime: at(addDays(d, days), "17:30"),
      commune: home,
      locationName: site,
      quantity: q,
      uom,
      details,
    });
  const shipping = (days: number, share: number) =>
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.shipping,
      disposition: Disposition.inTransit,
      eventTime: at(addDays(d, days), "10:00"),
      commune: home,
      locationName: site,
      quantity: portion(q, share),
      uom,
      details: { carrier: pick(carriers, index), destination: pick(destinations, index + 1) },
    });
  const residues = ["dư lượng thuốc bảo vệ thực vật", "kim loại nặng (Pb, Cd, As)", "vi sinh vật"];
  const residueStandard = "TT 50/2016/TT-BYT; QCVN 8-2:2011/BYT";

  switch (product.profile) {
    case "tea_leaf":
      fertilising(-35, pick(["Phân hữu cơ vi sinh", "Phân chuồng ủ hoai với chế phẩm Trichoderma"], index), pick(["1.200 kg/ha", "10 tấn/ha"], index), "Bón rạch theo hàng chè, lấp đất");
      spraying(-12, pick(["Chế phẩm sinh học Bt (Bacillus thuringiensis)", "Chế phẩm thảo mộc Matrine 0,5%"], index), "0,5 kg/ha", "rầy xanh, bọ cánh tơ", 7);
      harvesting(0, q, { standard: "1 tôm 2 lá", pickers: "Tổ hái số " + ((index % 4) + 1) });
      receiving(0, { check: "búp tươi không dập, không lẫn lá già", weighedAt: site });
      break;
    case "tea": {
      const leaves = String(Math.round(packedKilograms(product, q) * (product.slug.includes("dinh") ? 6 : 5)));
      if (batch.madeFrom) {
        transformation({ process: "làm héo, diệt men, vò, sao khô, lên hương", equipment: "tôn quay điện", yield: "5 kg búp tươi / 1 kg chè khô" });
      } else {
        harvesting(-1, leaves, { standard: product.slug.includes("dinh") ? "chỉ lấy tôm" : "1 tôm 2 lá" });
        processing(0, { process: "làm héo, diệt men, vò, sao khô, lên hương", equipment: pick(["tôn quay điện", "chảo gang sao tay"], index), durationHours: 6 });
      }
      inspecting(5, residues, residueStandard);
      packing(7, `${product.unitVi} ${product.netQuantity ?? ""} ${product.netUom ?? ""}, túi trong hút chân không`.replace(/\s+/g, " "));
      storing(7, "khô ráo, dưới 25 °C, tránh ánh nắng");
      shipping(12, 0.5);
      break;
    }
    case "paddy":
      event({
        eventType: "ObjectEvent",
        action: "OBSERVE",
        bizStep: BizStep.planting,
        disposition: Disposition.active,
        eventTime: at(addDays(d, -115), "07:00"),
        commune: origin,
        locationName: batch.farmPlot ?? null,
        details: { variety: "Bao Thai", method: "cấy mạ 20 ngày tuổi", density: "40 khóm/m²" },
      });
      fertilising(-95, "Phân NPK 5-10-3", "400 kg/ha", "Bón lót và thúc đẻ nhánh");
      spraying(-40, "Chế phẩm nấm xanh Metarhizium", "1 kg/ha", "rầy nâu", 14);
      harvesting(0, q, { method: "gặt máy", moistureAtHarvest: "22%" });
      storing(3, "phơi khô còn 14% ẩm, bảo quản trong kho hợp tác xã");
      break;
    case "rice":
      if (batch.madeFrom) {
        transformation(
          product.slug.includes("lut")
            ? { process: "xay tách trấu, giữ cám", yield: "80 kg gạo lứt / 100 kg thóc" }
            : { process: "xay xát, tách trấu, xát trắng nhẹ", yield: "64 kg gạo / 100 kg thóc" },
        );
      } else {
        processing(0, { process: product.slug.includes("lut") ? "xay tách trấu, giữ cám" : "xay xát, xát trắng nhẹ", paddy: "thóc vụ mùa của xã viên" });
      }
      inspecting(3, ["dư lượng thuốc bảo vệ thực vật", "kim loại nặng (Cd, Pb)", "độ ẩm"], residueStandard);
      packing(4, `túi hút chân không ${product.netQuantity ?? ""} ${product.netUom ?? ""}`.trim());
      shipping(10, 0.6);
      break;
    case "fruit": {
      const phi = product.slug.startsWith("na-") ? 10 : 14;
      fertilising(-60, pick(["Phân hữu cơ vi sinh", "Phân NPK 12-5-10 + phân chuồng hoai"], index), pick(["3 kg/gốc", "2 kg/gốc"], index), "Bón quanh tán, tưới ẩm");
      spraying(-30, pick(["Dầu khoáng 98,8 EC", "Chế phẩm sinh học Bt (Bacillus thuringiensis)"], index), "0,5 lít/100 lít nước", pick(["nhện đỏ, rệp sáp", "sâu đục quả"], index), phi);
      harvesting(0, q, { method: "hái tay, cắt cuống", grade: "loại 1" });
      packing(0, product.slug.startsWith("hong-") ? "khử chát, phân loại, thùng carton 5 kg" : "phân loại, thùng carton 10 kg có lót");
      shipping(1, 0.8);
      break;
    }
    case "fruit_raw":
      fertilising(-60, "Phân hữu cơ vi sinh", "3 kg/gốc", "Bón quanh tán, tưới ẩm");
      harvesting(0, q, { method: "hái tay", grade: "loại 2 (dùng sấy)" });
      receiving(0, { check: "quả chín đều, không dập nát" });
      break;
    case "dried_fruit":
      transformation({ process: "gọt vỏ, sấy dẻo 55–60 °C trong 48 giờ", yield: "4 kg quả tươi / 1 kg hồng sấy" });
      inspecting(4, ["vi sinh vật", "độ ẩm", "chất bảo quản"], "QCVN 8-3:2012/BYT");
      packing(5, "hộp giấy 500 g, túi zip bên trong");
      storing(5, "khô ráo, dưới 20 °C");
      break;
    case "starch":
      event({
        eventType: "ObjectEvent",
        action: "OBSERVE",
        bizStep: BizStep.planting,
        disposition: Disposition.active,
        eventTime: at(addDays(d, -290), "07:00"),
        commune: origin,
        locationName: batch.farmPlot ?? null,
        details: { variety: "dong riềng đỏ địa phương", method: "trồng bằng hom củ", density: "2 tấn hom/ha" },
      });
      harvesting(-10, String(Number(q) * 6), { method: "đào củ thủ công", yield: "6 kg củ / 1 kg tinh bột" });
      processing(0, { process: "rửa, nghiền, lọc, lắng và phơi tinh bột", water: "nước giếng khoan đã lọc" }, q);
      storing(2, "bao dứa hai lớp, kê cao, khô ráo");
      break;
    case "noodles":
      if (batch.madeFrom) {
        transformation({ process: "tráng bánh, phơi, cắt sợi, phơi khô", yield: "0,92 kg miến / 1 kg tinh bột" });
      } else {
        processing(0, { process: "tráng bánh, phơi, cắt sợi, phơi khô", drying: "phơi nắng tự nhiên trên giàn tre" });
      }
      inspecting(3, ["hàn the", "chất tẩy trắng", "vi sinh vật"], "QCVN 8-3:2012/BYT");
      packing(4, `${product.unitVi} ${product.netQuantity ?? ""} ${product.netUom ?? ""}`.trim());
      shipping(9, 0.7);
      break;
    case "honey":
      harvesting(0, String(Math.round(Number(q) * 0.7)), {
        method: "quay mật",
        flora: "hoa rừng",
        hives: Number(/(\d+) đàn/.exec(batch.farmPlot ?? "")?.[1] ?? 0) || null,
      });
      processing(2, { process: "lọc, hạ thủy phần bằng máy", moistureAfter: "19,5%" });
      inspecting(6, ["độ ẩm", "HMF", "dư lượng kháng sinh"], "CXS 12-1981 (Codex)");
      packing(8, "chai thủy tinh 500 ml");
      shipping(14, 0.6);
      break;
    case "herbal":
      harvesting(-2, String(Math.round(packedKilograms(product, q) * 5)), { part: "thân lá giảo cổ lam năm lá", grower: "hộ trồng dưới tán rừng" });
      processing(0, { process: "rửa, cắt đoạn, sấy lạnh 45 °C, nghiền thô, đóng túi lọc" });
      inspecting(5, ["dư lượng thuốc bảo vệ thực vật", "kim loại nặng", "vi sinh vật"], residueStandard);
      packing(7, "hộp 50 túi lọc 2 g");
      storing(7, "khô ráo, dưới 25 °C");
      break;
    case "extract":
      harvesting(-3, String(Number(q) * 2), { part: "thân lá giảo cổ lam năm lá", grower: "hộ trồng dưới tán rừng" });
      processing(0, { process: "chiết nóng, lọc, cô đặc chân không", ratio: "20 kg dược liệu / 1 kg cao" });
      inspecting(6, ["kim loại nặng", "vi sinh vật", "saponin toàn phần"], "QCVN 8-2:2011/BYT");
      packing(8, "lọ thủy tinh 100 g");
      break;
    case "handicraft":
      event({
        eventType: "ObjectEvent",
        action: "OBSERVE",
        bizStep: BizStep.receiving,
        disposition: Disposition.inProgress,
        eventTime: at(addDays(d, -10), "08:00"),
        commune: batch.commune,
        locationName: site,
        details: { materials: ["tre bánh tẻ", "mây rừng"], supplier: "hộ khai thác xã Chợ Mới" },
      });
      processing(0, { process: "chẻ nan, đan tay, hun khói chống mốc, phủ dầu" });
      event({
        eventType: "ObjectEvent",
        action: "OBSERVE",
        bizStep: BizStep.inspecting,
        disposition: Disposition.conformant,
        eventTime: at(d, "15:00"),
        commune: home,
        locationName: site,
        details: { check: "nan đều, không mốc, không dằm", result: "đạt" },
      });
      packing(1, "bọc giấy, thùng carton");
      shipping(4, 0.5);
      break;
  }

  if (batch.incident === "recall") {
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.inspecting,
      disposition: Disposition.nonConformant,
      eventTime: at(addDays(d, 35), "14:00"),
      commune: home,
      locationName: lab.name,
      details: {
        lab: lab.name,
        reportNumber: `${lab.code}-${yymm}-0417`,
        sampling: "lấy mẫu hậu kiểm tại điểm bán",
        parameter: "độ ẩm",
        measured: "23,5%",
        limit: "≤ 20% (CXS 12-1981)",
        result: "không đạt",
      },
    });
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.holding,
      disposition: Disposition.recalled,
      eventTime: at(addDays(d, 37), "08:00"),
      commune: home,
      locationName: site,
      quantity: q,
      uom,
      details: { reason: "Độ ẩm vượt giới hạn, có nguy cơ lên men", notice: "Thông báo thu hồi số 03/TB-HTX", scope: "toàn bộ lô" },
    });
  } else if (batch.incident === "withdrawal") {
    event({
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.holding,
      disposition: Disposition.nonSellableOther,
      eventTime: at(addDays(d, 20), "08:00"),
      commune: home,
      locationName: site,
      quantity: q,
      uom,
      details: { reason: "Nhãn in sai hạn sử dụng", action: "Rút khỏi điểm bán, giữ tại kho chờ dán lại nhãn" },
    });
  }

  // Steps that would lie after the demo's "today" have not happened yet.
  return steps.filter((s) => s.event.eventTime.getTime() <= DEMO_CUTOFF.getTime());
}
