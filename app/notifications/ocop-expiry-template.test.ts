import { describe, expect, it } from "vitest";
import { renderOcopExpiryReminder, type OcopExpiryFacts } from "./ocop-expiry-template";

const PUBLIC = "https://truyxuat.thainguyen.gov.vn";
const facts = (over: Partial<OcopExpiryFacts> = {}): OcopExpiryFacts => ({
  product: { id: "4f1c2a1e-0000-4000-8000-000000000001", nameVi: "Chè Tân Cương móc câu", nameEn: "Tan Cuong hook tea" },
  cooperative: { nameVi: "HTX Chè Tân Cương Xanh", nameEn: "Tan Cuong Green Tea Cooperative", slug: "htx-che-tan-cuong-xanh" },
  certificateNumber: "TN-OCOP-2023-0112",
  stars: 3,
  expiresOn: "2026-06-15",
  daysLeft: 30,
  ...over,
});

describe("OCOP expiry reminder mail", () => {
  it("says in Vietnamese which certificate ends when, what follows, and links the renewal from the public address", () => {
    const m = renderOcopExpiryReminder(facts(), "vi", PUBLIC);
    expect(m.subject).toBe("Giấy chứng nhận OCOP của Chè Tân Cương móc câu hết hạn sau 30 ngày");
    expect(m.text).toContain("Giấy chứng nhận OCOP 3 sao số TN-OCOP-2023-0112 của sản phẩm Chè Tân Cương móc câu (HTX Chè Tân Cương Xanh)");
    expect(m.text).toContain("đến hết ngày 15/06/2026, tức còn 30 ngày");
    expect(m.text).toContain("không còn hiển thị sao OCOP");
    // The renewal starts from the cooperative's OCOP page, pre-filled from the previous dossier (issue #17).
    expect(m.text).toContain(`Bắt đầu hồ sơ đánh giá lại: ${PUBLIC}/workspace/htx-che-tan-cuong-xanh/ocop`);
    expect(m.html).toContain(`href="${PUBLIC}/workspace/htx-che-tan-cuong-xanh/ocop"`);
    expect(m.html).toContain('lang="vi"');
  });

  it("in English, with the English names", () => {
    const m = renderOcopExpiryReminder(facts({ daysLeft: 7 }), "en", PUBLIC);
    expect(m.subject).toBe("The OCOP certificate of Tan Cuong hook tea expires in 7 days");
    expect(m.text).toContain("Tan Cuong Green Tea Cooperative");
    expect(m.text).not.toMatch(/[ăâđêôơư]/);
  });

  it("on the last valid day says it ends today; an English name that is missing falls back to the Vietnamese", () => {
    const m = renderOcopExpiryReminder(facts({ daysLeft: 0, product: { id: "x", nameVi: "Miến dong", nameEn: null } }), "en", PUBLIC);
    expect(m.subject).toBe("The OCOP certificate of Miến dong expires today");
    expect(m.text).toContain("stops being valid after today");
  });

  it("escapes what a cooperative typed in the HTML part", () => {
    const m = renderOcopExpiryReminder(facts({ product: { id: "x", nameVi: "Chè <b>ngon</b> & sạch", nameEn: null } }), "vi", PUBLIC);
    expect(m.html).not.toContain("<b>ngon</b>");
    expect(m.html).toContain("&lt;b&gt;");
  });

  it("refuses an expiry that is not a calendar date", () => {
    expect(() => renderOcopExpiryReminder(facts({ expiresOn: "15/06/2026" }), "vi", PUBLIC)).toThrow(RangeError);
  });
});
