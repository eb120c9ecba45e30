/**
 * The one translation mechanism: every user-facing string lives here, Vietnamese first.
 * `en` is typed against `vi`, so a key missing in English fails the type check.
 */
export const locales = ["vi", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "vi";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

const vi = {
  "app.name": "OCOP Trace",
  "app.tagline": "Truy xuất nguồn gốc và sản phẩm OCOP tỉnh Thái Nguyên",
  "nav.home": "Trang chủ",
  "nav.skipToContent": "Chuyển đến nội dung chính",
  "nav.language": "Ngôn ngữ",
  "lang.vi": "Tiếng Việt",
  "lang.en": "English",
  "lang.switchTo": "Chuyển ngôn ngữ",
  "footer.about":
    "Nền tảng số phục vụ chương trình Mỗi xã một sản phẩm (OCOP) và sản phẩm nông nghiệp chủ lực: truy xuất nguồn gốc, chất lượng và thị trường.",
  "footer.demoNotice": "Dữ liệu đang hiển thị là dữ liệu minh hoạ (demo), không phải thông tin thật của các đơn vị.",
  "demo.badge": "Minh hoạ",
  "home.title": "Sản phẩm OCOP và nông sản chủ lực Thái Nguyên",
  "home.lead":
    "Biết rõ ai làm ra, làm ở đâu, khi nào và như thế nào: mỗi lô hàng có mã truy xuất và nhật ký sản xuất.",
  "home.stats.cooperatives": "Hợp tác xã và cơ sở",
  "home.stats.products": "Sản phẩm",
  "home.stats.ocopProducts": "Sản phẩm OCOP",
  "home.stats.batches": "Lô hàng có truy xuất",
  "home.featured": "Sản phẩm tiêu biểu",
  "home.cooperatives": "Hợp tác xã và cơ sở sản xuất",
  "home.noProducts": "Chưa có sản phẩm nào.",
  "home.noCooperatives": "Chưa có hợp tác xã nào.",
  "product.ocop": "OCOP {stars} sao",
  "product.ocopShort": "{stars}★ OCOP",
  "product.keyProduct.province": "Sản phẩm chủ lực cấp tỉnh",
  "product.keyProduct.commune": "Sản phẩm chủ lực cấp xã",
  "product.price": "Giá",
  "product.pricePerUnit": "{price} / {unit}",
  "product.priceUnknown": "Liên hệ",
  "product.netQuantity": "Khối lượng tịnh",
  "product.category": "Loại sản phẩm",
  "product.ocopGroup": "Nhóm sản phẩm OCOP",
  "product.certificate": "Giấy chứng nhận OCOP",
  "product.certificateNumber": "Số chứng nhận",
  "product.certificateIssued": "Ngày cấp",
  "product.certificateExpires": "Hiệu lực đến",
  "product.certificateValid": "Còn hiệu lực",
  "product.certificateExpiringSoon": "Sắp hết hạn (còn {days} ngày)",
  "product.certificateExpired": "Đã hết hạn",
  "product.ocopScore": "Điểm đánh giá",
  "product.gtin": "Mã GTIN",
  "product.producer": "Đơn vị sản xuất",
  "product.description": "Giới thiệu",
  "product.batches": "Các lô hàng gần đây",
  "product.noBatches": "Chưa có lô hàng nào được ghi nhận.",
  "product.viewCooperative": "Xem hợp tác xã",
  "batch.lot": "Số lô",
  "batch.produced": "Ngày sản xuất",
  "batch.bestBefore": "Hạn sử dụng",
  "batch.quantity": "Số lượng",
  "batch.origin": "Vùng nguyên liệu",
  "batch.events": "Số sự kiện",
  "batch.status": "Trạng thái",
  "batch.status.active": "Đang lưu hành",
  "batch.status.consumed": "Đã dùng hết",
  "batch.status.recalled": "Đã thu hồi",
  "batch.status.withdrawn": "Đã ngừng lưu hành",
  "batch.inputs": "Nguyên liệu từ {count} lô",
  "cooperative.kind.cooperative": "Hợp tác xã",
  "cooperative.kind.cooperative_group": "Tổ hợp tác",
  "cooperative.kind.enterprise": "Doanh nghiệp",
  "cooperative.kind.household_business": "Hộ kinh doanh",
  "cooperative.kind.department": "Cơ quan quản lý",
  "cooperative.kind.platform": "Nền tảng",
  "cooperative.address": "Địa chỉ",
  "cooperative.commune": "Xã/phường",
  "cooperative.phone": "Điện thoại",
  "cooperative.email": "Thư điện tử",
  "cooperative.website": "Trang web",
  "cooperative.founded": "Năm thành lập",
  "cooperative.members": "Số thành viên",
  "cooperative.products": "Sản phẩm",
  "cooperative.productCount": "{count} sản phẩm",
  "cooperative.batchCount": "{count} lô hàng",
  "cooperative.noProducts": "Đơn vị chưa đăng ký sản phẩm nào.",
  "cooperative.about": "Giới thiệu",
  "cooperative.contact": "Liên hệ",
  "ocopGroup.food": "Thực phẩm",
  "ocopGroup.beverage": "Đồ uống",
  "ocopGroup.herbal": "Thảo dược",
  "ocopGroup.handicraft": "Thủ công mỹ nghệ",
  "ocopGroup.ornamental": "Sinh vật cảnh",
  "ocopGroup.tourism_service": "Dịch vụ du lịch cộng đồng",
  "error.notFound.title": "Không tìm thấy trang",
  "error.notFound.body": "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
  "error.server.title": "Đã có lỗi xảy ra",
  "error.server.body": "Hệ thống gặp sự cố ngoài ý muốn. Vui lòng thử lại sau ít phút.",
  "error.generic.title": "Không thể hiển thị trang",
  "error.badRequest.body": "Yêu cầu không hợp lệ.",
  "error.backHome": "Về trang chủ",
} as const;

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  "app.name": "OCOP Trace",
  "app.tagline": "Traceability and OCOP products of Thái Nguyên province",
  "nav.home": "Home",
  "nav.skipToContent": "Skip to main content",
  "nav.language": "Language",
  "lang.vi": "Tiếng Việt",
  "lang.en": "English",
  "lang.switchTo": "Change language",
  "footer.about":
    "A digital platform for the One Commune One Product (OCOP) programme and key agricultural products: traceability, quality and markets.",
  "footer.demoNotice": "The data shown is demonstration data, not real information about these organisations.",
  "demo.badge": "Demo",
  "home.title": "OCOP and key agricultural products of Thái Nguyên",
  "home.lead": "Know who made it, where, when and how: every lot carries a trace code and its production record.",
  "home.stats.cooperatives": "Cooperatives and producers",
  "home.stats.products": "Products",
  "home.stats.ocopProducts": "OCOP products",
  "home.stats.batches": "Traced lots",
  "home.featured": "Featured products",
  "home.cooperatives": "Cooperatives and producers",
  "home.noProducts": "No products yet.",
  "home.noCooperatives": "No cooperatives yet.",
  "product.ocop": "OCOP {stars} stars",
  "product.ocopShort": "{stars}★ OCOP",
  "product.keyProduct.province": "Provincial key product",
  "product.keyProduct.commune": "Commune key product",
  "product.price": "Price",
  "product.pricePerUnit": "{price} / {unit}",
  "product.priceUnknown": "On request",
  "product.netQuantity": "Net quantity",
  "product.category": "Category",
  "product.ocopGroup": "OCOP product group",
  "product.certificate": "OCOP certificate",
  "product.certificateNumber": "Certificate number",
  "product.certificateIssued": "Issued",
  "product.certificateExpires": "Valid until",
  "product.certificateValid": "Valid",
  "product.certificateExpiringSoon": "Expiring soon ({days} days left)",
  "product.certificateExpired": "Expired",
  "product.ocopScore": "Assessment score",
  "product.gtin": "GTIN",
  "product.producer": "Producer",
  "product.description": "About",
  "product.batches": "Recent lots",
  "product.noBatches": "No lots recorded yet.",
  "product.viewCooperative": "View cooperative",
  "batch.lot": "Lot",
  "batch.produced": "Produced",
  "batch.bestBefore": "Best before",
  "batch.quantity": "Quantity",
  "batch.origin": "Origin",
  "batch.events": "Events",
  "batch.status": "Status",
  "batch.status.active": "On sale",
  "batch.status.consumed": "Used up",
  "batch.status.recalled": "Recalled",
  "batch.status.withdrawn": "Withdrawn",
  "batch.inputs": "Made from {count} lots",
  "cooperative.kind.cooperative": "Cooperative",
  "cooperative.kind.cooperative_group": "Cooperative group",
  "cooperative.kind.enterprise": "Enterprise",
  "cooperative.kind.household_business": "Household business",
  "cooperative.kind.department": "Government department",
  "cooperative.kind.platform": "Platform",
  "cooperative.address": "Address",
  "cooperative.commune": "Commune/ward",
  "cooperative.phone": "Phone",
  "cooperative.email": "Email",
  "cooperative.website": "Website",
  "cooperative.founded": "Founded",
  "cooperative.members": "Members",
  "cooperative.products": "Products",
  "cooperative.productCount": "{count} products",
  "cooperative.batchCount": "{count} lots",
  "cooperative.noProducts": "No products registered yet.",
  "cooperative.about": "About",
  "cooperative.contact": "Contact",
  "ocopGroup.food": "Food",
  "ocopGroup.beverage": "Beverages",
  "ocopGroup.herbal": "Herbal products",
  "ocopGroup.handicraft": "Handicrafts",
  "ocopGroup.ornamental": "Ornamental plants and animals",
  "ocopGroup.tourism_service": "Community and eco-tourism services",
  "error.notFound.title": "Page not found",
  "error.notFound.body": "The page you are looking for does not exist or has moved.",
  "error.server.title": "Something went wrong",
  "error.server.body": "The system ran into an unexpected problem. Please try again in a few minutes.",
  "error.generic.title": "This page cannot be shown",
  "error.badRequest.body": "The request was not valid.",
  "error.backHome": "Back to the home page",
};

export const messages: Record<Locale, Record<MessageKey, string>> = { vi, en };

export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** Looks up a message and fills `{name}` placeholders; a missing variable is left visible. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = messages[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

export function translator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars);
}

/** Picks the text of a bilingual database field, falling back to Vietnamese. */
export function localized(locale: Locale, vi: string, en: string | null | undefined): string {
  return locale === "en" && en ? en : vi;
}

/** Parses `lang=xx` out of a Cookie header. */
export function localeFromCookieHeader(cookieHeader: string | null): Locale {
  if (!cookieHeader) return defaultLocale;
  for (const part of cookieHeader.split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return defaultLocale;
}

export const LOCALE_COOKIE = "lang";
