// Messages shared by every page: chrome, language switch, errors.
export const vi = {
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
  "error.notFound.title": "Không tìm thấy trang",
  "error.notFound.body": "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
  "error.server.title": "Đã có lỗi xảy ra",
  "error.server.body": "Hệ thống gặp sự cố ngoài ý muốn. Vui lòng thử lại sau ít phút.",
  "error.generic.title": "Không thể hiển thị trang",
  "error.forbidden.title": "Không có quyền truy cập",
  "error.forbidden.body": "Tài khoản của bạn không có quyền thực hiện việc này.",
  "error.badRequest.body": "Yêu cầu không hợp lệ.",
  "validation.textTooLong": "Quá dài: một ô nhập không nhận quá 4.000 ký tự.",
  "error.formEncoding":
    "Biểu mẫu gửi lên có ký tự không đọc được (không phải UTF-8), nên không có gì được lưu. Hãy quay lại, nhập lại nội dung và gửi lại.",
  "error.backHome": "Về trang chủ",
} as const;

export const en: Record<keyof typeof vi, string> = {
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
  "error.notFound.title": "Page not found",
  "error.notFound.body": "The page you are looking for does not exist or has moved.",
  "error.server.title": "Something went wrong",
  "error.server.body": "The system ran into an unexpected problem. Please try again in a few minutes.",
  "error.generic.title": "This page cannot be shown",
  "error.forbidden.title": "Access denied",
  "error.forbidden.body": "Your account is not allowed to do this.",
  "error.badRequest.body": "The request was not valid.",
  "validation.textTooLong": "Too long: a field takes at most 4,000 characters.",
  "error.formEncoding":
    "The form sent characters that cannot be read (not UTF-8), so nothing was saved. Go back, type the text again and send it again.",
  "error.backHome": "Back to the home page",
};
