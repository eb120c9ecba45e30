import { Form, Link, useLocation } from "@remix-run/react";
import { locales } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { AccountNav } from "./AccountNav";
import { CartLink } from "./CartLink";

export function SiteHeader() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <div className="container site-header__row">
        <Link to="/" className="brand" aria-label={t("nav.home")}>
          <span className="brand__mark" aria-hidden="true" />
          <span>{t("app.name")}</span>
        </Link>
        <Link to="/shop" className="site-header__shop">
          {t("shop.nav")}
        </Link>
        <CartLink />
        <AccountNav />
        <Form method="post" action="/lang" className="lang-switch" aria-label={t("lang.switchTo")}>
          <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
          {locales.map((l) => (
            <button
              key={l}
              type="submit"
              name="lang"
              value={l}
              aria-pressed={l === locale}
              lang={l}
              className="lang-switch__option"
            >
              {t(l === "vi" ? "lang.vi" : "lang.en")}
            </button>
          ))}
        </Form>
      </div>
    </header>
  );
}

export function SiteFooter({ demo }: { demo: boolean }) {
  const t = useT();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t("footer.about")}</p>
        {demo ? (
          <p className="site-footer__demo" role="note">
            {t("footer.demoNotice")}
          </p>
        ) : null}
      </div>
    </footer>
  );
}
