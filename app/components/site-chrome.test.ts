import { describe, expect, it } from "vitest";
import { siteFooter, siteFooterHtml, siteHeader, siteHeaderHtml } from "./site-chrome";

describe("site chrome", () => {
  it("gives an anonymous visitor sign-in links, the shop, an empty cart and the language switch back to the page", () => {
    const h = siteHeader({ locale: "en", path: "/origin/ABC?lang=en", viewer: null, cartUnits: 0 });
    expect(h.account.links.map((l) => l.href)).toEqual(["/login", "/signup"]);
    expect(h.account.signOut).toBeNull();
    expect(h.cart.count).toBeNull();
    expect(h.languages.options.map((o) => [o.locale, o.pressed])).toEqual([
      ["vi", false],
      ["en", true],
    ]);
    const markup = siteHeaderHtml(h).value;
    expect(markup).toContain('<a class="site-header__shop" href="/shop">Shop</a>');
    expect(markup).toContain('<input type="hidden" name="redirectTo" value="/origin/ABC?lang=en">');
  });

  it("gives a signed-in person their links and sign-out, and counts the cart's units", () => {
    const h = siteHeader({
      locale: "vi",
      path: "/",
      viewer: { displayName: "An", email: "an@example.vn", isAdmin: false, hasWorkspace: true, seesDashboards: true, readsCases: true },
      cartUnits: 3,
    });
    expect(h.account.links.map((l) => l.href)).toEqual(["/workspace", "/department", "/orders", "/account"]);
    expect(h.account.links.at(-1)!.title).toBe("an@example.vn");
    expect(h.account.signOut).not.toBeNull();
    expect(h.cart.count).toBe(3);
    // Named by the words on screen, count included, so voice control finds it by what it shows (WCAG 2.5.3).
    expect(siteHeaderHtml(h).value).toContain('<a class="cart-link" data-testid="cart-link" href="/cart">Giỏ hàng<span class="cart-link__count" data-testid="cart-count"> (3)</span></a>');
  });

  it("leads a supervisor, who has no dashboards, to the case desk", () => {
    const h = siteHeader({
      locale: "en",
      path: "/",
      viewer: { displayName: "Bình", email: "binh@example.vn", isAdmin: false, hasWorkspace: false, seesDashboards: false, readsCases: true },
      cartUnits: 0,
    });
    expect(h.account.links.map((l) => l.href)).toEqual(["/department/cases", "/orders", "/account"]);
    expect(h.account.links[0]!.label).toBe("Citizens' reports");
  });

  it("shows the demo notice only when demo data is loaded", () => {
    const footer = siteFooterHtml(siteFooter({ locale: "vi", demo: false })).value;
    expect(footer).toContain('<nav class="site-footer__links" aria-label="Công khai và giám sát"><a href="/transparency">Công khai hỗ trợ của chương trình</a><a href="/reports/new">Gửi phản ánh</a><a href="/transparency/cases">Kết quả xử lý phản ánh</a><a href="/ocop">Sổ đăng ký chứng nhận OCOP</a></nav>');
    expect(siteFooterHtml(siteFooter({ locale: "en", demo: true })).value).toContain("site-footer__demo");
    expect(siteFooterHtml(siteFooter({ locale: "en", demo: false })).value).not.toContain("site-footer__demo");
  });
});
