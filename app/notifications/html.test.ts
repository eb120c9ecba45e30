import { describe, expect, it } from "vitest";
import { escapeHtml, textToHtml } from "./html";

describe("the HTML part made from the text", () => {
  it("escapes markup, keeps paragraphs and line breaks, and links http(s) addresses", () => {
    const html = textToHtml("Xin chào <b>Lan</b> & \"bạn\",\n\nXem đơn: https://ocop.example.vn/orders/OCOP-1?a=1&b=2.\nDòng hai", "vi");
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("<p>Xin chào &lt;b&gt;Lan&lt;/b&gt; &amp; &quot;bạn&quot;,</p>");
    expect(html).toContain('<a href="https://ocop.example.vn/orders/OCOP-1?a=1&amp;b=2">https://ocop.example.vn/orders/OCOP-1?a=1&amp;b=2</a>.<br>\nDòng hai');
  });

  it("does not link other schemes or break out of attributes", () => {
    const html = textToHtml('javascript:alert(1) https://x.vn/"onmouseover="x', "en");
    expect(html).not.toContain("<a href=\"javascript");
    expect(html).toContain('<a href="https://x.vn/">https://x.vn/</a>&quot;onmouseover=&quot;x');
    expect(escapeHtml("'<>&\"")).toBe("&#39;&lt;&gt;&amp;&quot;");
  });

  it("makes an empty text an empty body", () => {
    expect(textToHtml("\n\n", "vi")).not.toContain("<p>");
  });
});
