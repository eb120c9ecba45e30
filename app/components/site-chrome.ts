/**
 * The one source of the site's header and footer: what they show (links, labels, the language switch, the demo
 * notice) for a visitor, as plain data. The React pages render it with SiteChrome.tsx (Remix links and forms);
 * the pages rendered without React (the QR origin page) with `siteHeaderHtml`/`siteFooterHtml` below, as the
 * anonymous visitor sees it, since one kept copy serves everyone. Both write the same elements and class names.
 */
import type { ViewerSummary } from "~/identity/viewer";
import { locales, translate, type Locale, type MessageKey, type MessageVars } from "~/lib/i18n";
import { html, type SafeHtml } from "./origin/html";

export interface ChromeLink {
  href: string;
  label: string;
  className?: string;
  title?: string;
}

export interface SiteHeaderModel {
  skipToContent: string;
  home: { href: "/"; name: string; ariaLabel: string };
  shop: ChromeLink;
  /** The cart link; `count` only when the cart has units. Named by its words on screen (WCAG 2.5.3). */
  cart: { href: "/cart"; label: string; count: number | null };
  account: { ariaLabel: string; links: ChromeLink[]; signOut: string | null };
  languages: { ariaLabel: string; redirectTo: string; options: { locale: Locale; label: string; pressed: boolean }[] };
}

export interface SiteFooterModel {
  about: string;
  /** What every citizen may read or do without signing in: where programme support went, report a problem, how reports are answered. */
  publicLinks: { ariaLabel: string; links: ChromeLink[] };
  demoNotice: string | null;
}

export interface SiteHeaderInput {
  locale: Locale;
  /** The page's path and query, where the language switch returns to. */
  path: string;
  viewer: ViewerSummary | null;
  cartUnits: number;
}

export function siteHeader({ locale, path, viewer, cartUnits }: SiteHeaderInput): SiteHeaderModel {
  const t = (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars);
  const account: ChromeLink[] = viewer
    ? [
        ...(viewer.hasWorkspace ? [{ href: "/workspace", label: t("auth.nav.workspace") }] : []),
        ...(viewer.isAdmin ? [{ href: "/admin/organisations", label: t("auth.nav.admin") }] : []),
        ...(viewer.seesDashboards ? [{ href: "/department", label: t("ins.nav.department") }] : []),
        // A supervisor has no dashboards: the case desk is their way in (officers reach it from the dashboards' tabs).
        ...(viewer.readsCases && !viewer.seesDashboards ? [{ href: "/department/cases", label: t("case.desk.title") }] : []),
        ...(viewer.isCommuneOfficer && !viewer.seesDashboards ? [{ href: "/department/support", label: t("sup.dept.title") }] : []),
        { href: "/orders", label: t("orders.my.title") },
        { href: "/account", label: t("auth.nav.account"), title: viewer.email },
      ]
    : [
        { href: "/login", label: t("auth.nav.signIn") },
        { href: "/signup", label: t("auth.nav.signUp"), className: "account-nav__primary" },
      ];
  return {
    skipToContent: t("nav.skipToContent"),
    // The name starts with the words on screen (WCAG 2.5.3), then says where the link goes.
    home: { href: "/", name: t("app.name"), ariaLabel: `${t("app.name")} – ${t("nav.home")}` },
    shop: { href: "/shop", label: t("shop.nav"), className: "site-header__shop" },
    cart: {
      href: "/cart",
      label: t("cart.nav.link"),
      count: cartUnits > 0 ? cartUnits : null,
    },
    account: { ariaLabel: t("auth.nav.accountMenu"), links: account, signOut: viewer ? t("auth.nav.signOut") : null },
    languages: {
      ariaLabel: t("lang.switchTo"),
      redirectTo: path,
      options: locales.map((l) => ({ locale: l, label: t(l === "vi" ? "lang.vi" : "lang.en"), pressed: l === locale })),
    },
  };
}

export function siteFooter({ locale, demo }: { locale: Locale; demo: boolean }): SiteFooterModel {
  const t = (key: MessageKey) => translate(locale, key);
  return {
    about: t("footer.about"),
    publicLinks: {
      ariaLabel: t("footer.publicLinks"),
      links: [
        { href: "/transparency", label: t("footer.transparency") },
        { href: "/reports/new", label: t("footer.report") },
        { href: "/transparency/cases", label: t("footer.caseStatistics") },
        { href: "/ocop", label: t("ocopRegister.title") },
      ],
    },
    demoNotice: demo ? t("footer.demoNotice") : null,
  };
}

const linkHtml = (l: ChromeLink) =>
  html`<a${l.className ? html` class="${l.className}"` : null}${l.title ? html` title="${l.title}"` : null} href="${l.href}">${l.label}</a>`;

/** The header as HTML for pages rendered without React (no sign-out form: those pages are the anonymous visitor's). */
export function siteHeaderHtml(h: SiteHeaderModel): SafeHtml {
  return html`<header class="site-header"><a class="skip-link" href="#main">${h.skipToContent}</a><div class="container site-header__row"><a class="brand" aria-label="${h.home.ariaLabel}" href="${h.home.href}"><span class="brand__mark" aria-hidden="true"></span><span>${h.home.name}</span></a>${linkHtml(
    h.shop,
  )}<a class="cart-link" data-testid="cart-link" href="${h.cart.href}">${h.cart.label}${
    h.cart.count !== null ? html`<span class="cart-link__count" data-testid="cart-count"> (${h.cart.count})</span>` : null
  }</a><nav class="account-nav" aria-label="${h.account.ariaLabel}">${h.account.links.map(linkHtml)}</nav><form method="post" action="/lang" class="lang-switch" aria-label="${h.languages.ariaLabel}"><input type="hidden" name="redirectTo" value="${h.languages.redirectTo}">${h.languages.options.map(
    (o) =>
      html`<button type="submit" name="lang" value="${o.locale}" aria-pressed="${o.pressed ? "true" : "false"}" lang="${o.locale}" class="lang-switch__option">${o.label}</button>`,
  )}</form></div></header>`;
}

export function siteFooterHtml(f: SiteFooterModel): SafeHtml {
  return html`<footer class="site-footer"><div class="container"><p>${f.about}</p><nav class="site-footer__links" aria-label="${f.publicLinks.ariaLabel}">${f.publicLinks.links.map(linkHtml)}</nav>${
    f.demoNotice ? html`<p class="site-footer__demo" role="note">${f.demoNotice}</p>` : null
  }</div></footer>`;
}
