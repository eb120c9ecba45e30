import { describe, expect, it } from "vitest";
import type { OriginPage } from "~/trace/origin.server";
import {
  documentLinks,
  originDocumentHeaders,
  renderNotRegisteredDocument,
  renderOriginDocument,
  type DocumentShell,
} from "./origin-document";

const shell: DocumentShell = {
  links: [
    { rel: "stylesheet", href: "/build/_assets/app-TEST.css" },
    { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  ],
  demo: false,
};

function pageWith(overrides: Partial<OriginPage> = {}): OriginPage {
  return {
    code: "ZXDSFNT5NBE7D",
    serial: null,
    path: "/origin/ZXDSFNT5NBE7D",
    epcisPath: "/api/epcis/batches/ZXDSFNT5NBE7D",
    stamp: { batchId: "b1", organisationId: "o1", verified: true, version: "active|5:abc|t|t|ok", flag: null },
    verified: true,
    recall: null,
    photoUrls: [],
    batch: {
      id: "b1",
      lotCode: "TCDB2604-012",
      shortCode: "ZXDSFNT5NBE7D",
      quantity: "450",
      uom: "H87",
      producedOn: "2026-04-09",
      bestBefore: "2028-04-09",
      expiresOn: null,
      farmPlot: null,
      status: "active",
      originCommune: "Tân Cương",
      originProvince: "Thái Nguyên",
      isDemo: false,
    },
    product: {
      slug: "che-tan-cuong-dac-biet",
      nameVi: "Chè Tân Cương đặc biệt",
      nameEn: "Tan Cuong special tea",
      gtin: "08936041100015",
      unitVi: "hộp",
      unitEn: "box",
      ocopStars: 5,
      ocopCertificateNumber: "QG-OCOP5-2024-017",
      ocopIssuedOn: "2024-09-12",
      ocopExpiresOn: "2027-09-12",
    },
    organisation: {
      name: "Hợp tác xã Chè Tân Cương Xanh",
      nameEn: "Tan Cuong Green Tea Cooperative",
      address: "Xóm Hồng Thái 2, xã Tân Cương, tỉnh Thái Nguyên",
      communeName: "Tân Cương",
      provinceName: "Thái Nguyên",
    },
    events: [
      {
        sequence: 1,
        kind: "packing",
        eventTime: "2026-04-16T02:00:00.000Z",
        locationName: "Xưởng sao chè",
        communeName: "Tân Cương",
        quantity: "450",
        uom: "H87",
        corrects: null,
      },
    ],
    lineage: [
      {
        depth: 1,
        lotCode: "BT2604-021",
        productNameVi: "Chè búp tươi Tân Cương",
        productNameEn: null,
        producedOn: "2026-04-08",
        communeName: "Tân Cương",
        provinceName: "Thái Nguyên",
        organisationName: "Hợp tác xã Chè Tân Cương Xanh",
        quantity: "180",
        uom: "KGM",
      },
    ],
    labResults: [
      {
        lab: "TĐC Thái Nguyên",
        reportNumber: "TĐC-2604-0142",
        result: "pass",
        outcome: "pass",
        corrected: false,
        standard: "QCVN 8-2:2011/BYT",
        eventTime: "2026-04-14T07:00:00.000Z",
        reportUrl: null,
      },
    ],
    standards: ["QCVN 8-2:2011/BYT"],
    chain: { ok: true, length: 1, lastHash: "abc" },
    lastRecordedAt: "2026-04-16T02:00:00.000Z",
    flag: null,
    provinces: [
      { code: "01", nameVi: "Hà Nội", nameEn: "Hanoi" },
      { code: "19", nameVi: "Thái Nguyên", nameEn: "Thai Nguyen" },
    ],
    ...overrides,
  };
}

const render = (page: OriginPage, locale: "vi" | "en" = "vi", today = "2026-11-25", s = shell) =>
  renderOriginDocument({ page, locale, today, shell: s });

/** The text of an element with this data-item (the Circular 02/2024 items). */
const item = (out: string, name: string) => new RegExp(`data-item="${name}">(.*?)</dd>`).exec(out)?.[1];

describe("renderOriginDocument", () => {
  it("renders a whole document in Vietnamese: head, chrome, the lot's facts, timeline, lineage, lab and province form", () => {
    const out = render(pageWith());
    expect(out.startsWith('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">')).toBe(true);
    expect(out).toContain("<title>Nguồn gốc: Chè Tân Cương đặc biệt · OCOP Trace</title>");
    expect(out).toContain('<meta property="og:title" content="Nguồn gốc: Chè Tân Cương đặc biệt">');
    expect(out).toContain('<meta property="og:locale" content="vi_VN">');
    expect(out).toContain('<link rel="stylesheet" href="/build/_assets/app-TEST.css">');
    expect(out).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    expect(out).toContain('<input type="hidden" name="redirectTo" value="/origin/ZXDSFNT5NBE7D">');
    expect(out).toContain('value="vi" aria-pressed="true"');
    expect(out).toContain('value="en" aria-pressed="false"');
    expect(out).toContain("<h1>Chè Tân Cương đặc biệt</h1>");
    expect(out).toContain("<dd>450 hộp</dd>");
    expect(out).toContain('<time datetime="2026-04-16T02:00:00.000Z">09:00 16/04/2026</time>');
    expect(out).toContain('data-testid="lineage"><li style="padding-left:0px">Lô BT2604-021 — Chè búp tươi Tân Cương');
    expect(out).toContain("(180 kg, 08/04/2026, từ Tân Cương, Thái Nguyên, Hợp tác xã Chè Tân Cương Xanh)");
    expect(out).toContain("TĐC Thái Nguyên, phiếu số TĐC-2604-0142: đạt");
    expect(out).toContain('href="/products/che-tan-cuong-dac-biet" data-testid="buy"');
    expect(out).toContain('href="/api/epcis/batches/ZXDSFNT5NBE7D" type="application/ld+json"');
    expect(out).toContain('<option value="01">Hà Nội</option>');
    expect(out).toContain('data-testid="chain-check">Nhật ký không bị sửa đổi kể từ 09:00 16/04/2026 (1 sự kiện');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("site-footer__demo");
    expect(out.endsWith("</body></html>")).toBe(true);
  });

  it("fills all ten Circular 02/2024 items, saying 'none' where the record has nothing", () => {
    const out = render(pageWith({ standards: [], batch: { ...pageWith().batch, bestBefore: null } }));
    expect(item(out, "productName")).toBe("Chè Tân Cương đặc biệt");
    expect(item(out, "images")).toBe("Chưa có ảnh");
    expect(item(out, "producerName")).toBe("Hợp tác xã Chè Tân Cương Xanh");
    expect(item(out, "producerAddress")).toBe("Xóm Hồng Thái 2, xã Tân Cương, tỉnh Thái Nguyên");
    expect(item(out, "stages")).toBe("1 công đoạn (xem nhật ký ở trên)");
    expect(item(out, "productionTime")).toBe("09/04/2026");
    expect(item(out, "traceCode")).toBe('<span class="mono">ZXDSFNT5NBE7D</span>');
    expect(item(out, "brand")).toBe("Chè Tân Cương đặc biệt · GTIN 08936041100015");
    expect(item(out, "shelfLife")).toBe("Không có");
    expect(item(out, "standards")).toBe("Không có");
  });

  it("renders English with the English names, the pressed language button and en_GB", () => {
    const out = render(pageWith(), "en");
    expect(out).toContain('<html lang="en">');
    expect(out).toContain("<h1>Tan Cuong special tea</h1>");
    expect(out).toContain("<dd>450 box</dd>");
    expect(out).toContain('<option value="01">Hanoi</option>');
    expect(out).toContain('value="en" aria-pressed="true"');
    expect(out).toContain('<meta property="og:locale" content="en_GB">');
    expect(out).toContain("Production record");
  });

  it("shows a unit's serial in the trace code and brand items", () => {
    const out = render(pageWith({ serial: "ABCDEFGHJKMNP", path: "/origin/ZXDSFNT5NBE7D/ABCDEFGHJKMNP" }));
    expect(out).toContain('<p class="mono">Sản phẩm mã ABCDEFGHJKMNP</p>');
    expect(item(out, "traceCode")).toBe('<span class="mono">ZXDSFNT5NBE7D/ABCDEFGHJKMNP</span>');
    expect(item(out, "brand")).toContain("· ABCDEFGHJKMNP");
    expect(out).toContain('name="redirectTo" value="/origin/ZXDSFNT5NBE7D/ABCDEFGHJKMNP"');
  });

  it("warns prominently about a recalled or withdrawn lot, and about a code that looks copied", () => {
    const recalled = render(pageWith({ batch: { ...pageWith().batch, status: "recalled" } }));
    expect(recalled).toMatch(/<p class="notice notice--danger origin-alert" role="alert" data-testid="recall-warning">CẢNH BÁO: Lô hàng này đã bị thu hồi/);
    const withdrawn = render(pageWith({ batch: { ...pageWith().batch, status: "withdrawn" } }));
    expect(withdrawn).toContain('data-testid="recall-warning">Lô hàng này đã ngừng lưu hành');
    expect(render(pageWith())).not.toContain("recall-warning");
    // With its recall: the public message in the reader's language and the notice's link.
    const recall = { number: "TH-2026-0003", kind: "recalled" as const, messageVi: "Không dùng lô chè này & liên hệ HTX.", messageEn: "Do not drink this tea; contact the cooperative." };
    const noticed = render(pageWith({ batch: { ...pageWith().batch, status: "recalled" }, recall }));
    expect(noticed).toContain('data-testid="recall-message">Không dùng lô chè này &amp; liên hệ HTX. <a href="/recalls/TH-2026-0003">Xem thông báo thu hồi TH-2026-0003</a>');
    expect(render(pageWith({ batch: { ...pageWith().batch, status: "recalled" }, recall }), "en")).toContain("Do not drink this tea; contact the cooperative. <a href=\"/recalls/TH-2026-0003\">Read recall notice TH-2026-0003</a>");
    const flagged = render(pageWith({ flag: { count: 42, provinces: 3 } }));
    expect(flagged).toContain('data-testid="scan-flag">Lưu ý: mã này đã được quét 42 lần từ 3 tỉnh, thành.');
  });

  it("says a revoked certificate was revoked, when, why, and links its verification page", () => {
    const product = { ...pageWith().product, ocopStars: null, ocopCertificateNumber: null, ocopIssuedOn: null, ocopExpiresOn: null };
    const html = render(pageWith({ product, withdrawnCertificate: { number: "OCOP-TN-2026-0001", status: "revoked", reason: "Hậu kiểm không đạt", changedAt: "2026-11-30T20:00:00.000Z" } }));
    expect(html).toContain('data-testid="ocop-withdrawn"');
    expect(html).toContain("Chứng nhận OCOP số OCOP-TN-2026-0001 đã bị thu hồi ngày 01/12/2026 — lý do: Hậu kiểm không đạt");
    expect(html).toContain('href="/ocop/certificates/OCOP-TN-2026-0001"');
  });

  it("says the newest certificate was revoked also when an older, expired one is the product's certificate again", () => {
    const withdrawnCertificate = { number: "OCOP-TN-2027-0009", status: "revoked" as const, reason: "Hậu kiểm không đạt", changedAt: "2027-09-20T03:00:00.000Z" };
    const html = render(pageWith({ withdrawnCertificate }), "vi", "2027-09-21");
    expect(html).toContain('data-testid="ocop-lapsed"');
    expect(html).not.toContain("badge--ocop");
    expect(html).toContain("Chứng nhận OCOP số OCOP-TN-2027-0009 đã bị thu hồi ngày 20/09/2027 — lý do: Hậu kiểm không đạt");
    // Two panels, each labelled by its own heading.
    expect(html.match(/id="ocop-h"/g)).toHaveLength(1);
    expect(html.match(/id="ocop-withdrawn-h"/g)).toHaveLength(1);
  });

  it("marks an expired OCOP certificate as expired, one about to expire as expiring, a current one as valid", () => {
    expect(render(pageWith(), "vi", "2027-09-13")).toContain('<span data-expired="true"><span class="cert-status cert-status--expired">');
    expect(render(pageWith(), "vi", "2027-09-01")).toContain('cert-status--expiring');
    expect(render(pageWith(), "vi", "2026-11-25")).toContain('<span data-expired="false"><span class="cert-status cert-status--valid">');
    const noCertificate = render(pageWith({ product: { ...pageWith().product, ocopCertificateNumber: null } }));
    expect(noCertificate).not.toContain('data-testid="ocop"');
  });

  it("shows a lab result in the page's language and marks a corrected one as corrected", () => {
    expect(render(pageWith())).toContain("TĐC Thái Nguyên, phiếu số TĐC-2604-0142: đạt");
    expect(render(pageWith(), "en")).toContain("TĐC Thái Nguyên, report TĐC-2604-0142: pass");
    const [first] = pageWith().labResults;
    const corrected = render(pageWith({ labResults: [{ ...first!, result: "fail", outcome: "fail", corrected: true }] }));
    expect(corrected).toContain("phiếu số TĐC-2604-0142: không đạt");
    expect(corrected).toContain('data-testid="lab-corrected">(kết quả đã đính chính, thay cho kết quả ghi trước)');
    expect(corrected).not.toContain(": đạt");
    // A result that is neither a pass nor a fail is shown as recorded.
    expect(render(pageWith({ labResults: [{ ...first!, result: "chờ kết quả", outcome: null }] }))).toContain(": chờ kết quả");
    expect(render(pageWith())).not.toContain("lab-corrected");
  });

  it("names the unit of an input lot counted in pieces instead of leaving it blank", () => {
    const base = pageWith();
    const out = render(pageWith({ lineage: [{ ...base.lineage[0]!, quantity: "12", uom: "H87" }] }));
    expect(out).toContain("(12 đơn vị, 08/04/2026,");
  });

  it("says so when there are no events, lab results or lineage, and when the chain is broken", () => {
    const empty = render(pageWith({ events: [], labResults: [], lineage: [], lastRecordedAt: null, chain: { ok: true, length: 0, lastHash: null } }));
    expect(empty).toContain("<p>Chưa có sự kiện nào được ghi.</p>");
    expect(empty).toContain("<p>Chưa có kết quả kiểm nghiệm.</p>");
    expect(empty).not.toContain('data-testid="lineage"');
    expect(empty).toContain('data-testid="chain-check">Chưa có nhật ký để kiểm tra.');
    const broken = render(pageWith({ chain: { ok: false, brokenAtSequence: 3, reason: "hash_mismatch" } }));
    expect(broken).toContain('<p class="notice notice--danger" data-testid="chain-check">Cảnh báo: nhật ký của lô này đã bị thay đổi sau khi ghi (sự kiện thứ 3).');
  });

  it("shows photos sized, the first at once and the rest lazily, and the demo notices", () => {
    const out = render(pageWith({ photoUrls: ["/uploads/a.jpg", "/uploads/b.jpg"], batch: { ...pageWith().batch, isDemo: true } }), "vi", "2026-11-25", {
      ...shell,
      demo: true,
    });
    expect(out).toContain('<img src="/uploads/a.jpg" alt="Ảnh 1" width="480" height="320" loading="eager">');
    expect(out).toContain('<img src="/uploads/b.jpg" alt="Ảnh 2" width="480" height="320" loading="lazy">');
    expect(out).toContain('<span class="badge badge--demo">');
    expect(out).toContain('<p class="site-footer__demo" role="note">');
  });

  it("escapes every value from the database, in text and in attributes", () => {
    const evil = `</title><script>alert("x")</script><img src=x onerror='y'>&`;
    const escaped = "&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&amp;";
    const base = pageWith();
    const page = pageWith({
      code: evil,
      serial: evil,
      path: `/origin/${evil}`,
      epcisPath: `/api/epcis/batches/${evil}`,
      photoUrls: [`/uploads/${evil}`],
      batch: { ...base.batch, lotCode: evil, shortCode: evil, farmPlot: evil, originCommune: evil, originProvince: evil, uom: evil },
      product: { ...base.product, slug: evil, nameVi: evil, nameEn: evil, gtin: evil, unitVi: evil, unitEn: evil, ocopCertificateNumber: evil },
      organisation: { name: evil, nameEn: evil, address: evil, communeName: evil, provinceName: evil },
      events: [{ ...base.events[0]!, eventTime: "2026-04-16T02:00:00.000Z", locationName: evil, communeName: evil }],
      lineage: [{ ...base.lineage[0]!, lotCode: evil, productNameVi: evil, communeName: evil, provinceName: evil, organisationName: evil, uom: evil }],
      labResults: [{ lab: evil, reportNumber: evil, result: evil, outcome: null, corrected: false, standard: evil, eventTime: "2026-04-14T07:00:00.000Z", reportUrl: null }],
      standards: [evil],
      provinces: [{ code: evil, nameVi: evil, nameEn: evil }],
    });
    for (const locale of ["vi", "en"] as const) {
      const out = render(page, locale);
      expect(out).not.toContain("<script");
      expect(out).not.toContain("<img src=x");
      expect(out.match(/<title>/g)).toHaveLength(1);
      expect(out.match(/<\/title>/g)).toHaveLength(1);
      // Each of these places shows the value, escaped.
      expect(out).toContain(`<h1>${escaped}</h1>`);
      expect(out).toContain(`data-batch="${escaped}"`);
      expect(out).toContain(`<option value="${escaped}">${escaped}</option>`);
      expect(out).toContain(`<img src="/uploads/${escaped}"`);
      expect(out).toContain(`href="/api/epcis/batches/${escaped}"`);
      expect(out).toContain(`name="redirectTo" value="/origin/${escaped}"`);
      expect(out).toContain(`href="/products/${encodeURIComponent(evil).replaceAll("'", "&#39;")}"`);
      expect(out.split(escaped).length - 1).toBeGreaterThan(25);
    }
  });
});

describe("renderNotRegisteredDocument", () => {
  it("says an unknown code is not registered and the product may not be genuine", () => {
    const out = renderNotRegisteredDocument({ status: 404, locale: "vi", path: "/origin/0000000000000", shell });
    expect(out).toContain('data-status="404" data-testid="not-registered"');
    expect(out).toContain("<h1>Mã này chưa được đăng ký</h1>");
    expect(out).toContain("sản phẩm có thể không phải hàng thật");
    expect(out).toContain('<meta name="robots" content="noindex">');
    expect(out).not.toContain("<script");
  });

  it("says a malformed code is not valid, in English too, and escapes the path it returns to", () => {
    const out = renderNotRegisteredDocument({ status: 400, locale: "en", path: `/origin/"><script>`, shell });
    expect(out).toContain('<html lang="en">');
    expect(out).toContain('data-status="400"');
    expect(out).toContain('name="redirectTo" value="/origin/&quot;&gt;&lt;script&gt;"');
    expect(out).not.toContain("<script");
  });
});

describe("originDocumentHeaders and documentLinks", () => {
  it("lets caches keep a page but never an error page", () => {
    expect(originDocumentHeaders(200)["Cache-Control"]).toContain("stale-while-revalidate");
    expect(originDocumentHeaders(404)["Cache-Control"]).toBe("no-store");
    expect(originDocumentHeaders(400)["Cache-Control"]).toBe("no-store");
    expect(originDocumentHeaders(200)["Content-Type"]).toBe("text/html; charset=utf-8");
  });

  it("keeps link descriptors with rel and href only", () => {
    expect(documentLinks([{ rel: "stylesheet", href: "/a.css" }, { rel: "icon", href: "/i.svg", type: "image/svg+xml" }, { page: "/x" }, null, "x"])).toEqual([
      { rel: "stylesheet", href: "/a.css" },
      { rel: "icon", href: "/i.svg", type: "image/svg+xml" },
    ]);
  });
});
