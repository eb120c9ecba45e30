import { Form, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { useLocale } from "~/lib/use-t";
import { CsrfInput } from "./CsrfInput";
import { siteFooter, siteHeader, type ChromeLink } from "./site-chrome";

// The header and footer drawn from the one model in site-chrome.ts, which the QR origin page renders as a string.

function ChromeAnchor({ link }: { link: ChromeLink }) {
  return (
    <Link to={link.href} className={link.className} title={link.title}>
      {link.label}
    </Link>
  );
}

export function SiteHeader() {
  const locale = useLocale();
  const location = useLocation();
  const data = useRouteLoaderData<typeof rootLoader>("root");
  const h = siteHeader({ locale, path: `${location.pathname}${location.search}`, viewer: data?.viewer ?? null, cartUnits: data?.cartUnits ?? 0 });
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {h.skipToContent}
      </a>
      <div className="container site-header__row">
        <Link to={h.home.href} className="brand" aria-label={h.home.ariaLabel}>
          <span className="brand__mark" aria-hidden="true" />
          <span>{h.home.name}</span>
        </Link>
        <ChromeAnchor link={h.shop} />
        <Link to={h.cart.href} className="cart-link" data-testid="cart-link">
          {h.cart.label}
          {h.cart.count !== null ? (
            <span className="cart-link__count" data-testid="cart-count">
              {` (${h.cart.count})`}
            </span>
          ) : null}
        </Link>
        <nav className="account-nav" aria-label={h.account.ariaLabel}>
          {h.account.links.map((link) => (
            <ChromeAnchor key={link.href} link={link} />
          ))}
          {h.account.signOut ? (
            <Form method="post" action="/logout" className="account-nav__signout">
              <CsrfInput />
              <button type="submit" className="link-button">
                {h.account.signOut}
              </button>
            </Form>
          ) : null}
        </nav>
        <Form method="post" action="/lang" className="lang-switch" aria-label={h.languages.ariaLabel}>
          <input type="hidden" name="redirectTo" value={h.languages.redirectTo} />
          {h.languages.options.map((o) => (
            <button key={o.locale} type="submit" name="lang" value={o.locale} aria-pressed={o.pressed} lang={o.locale} className="lang-switch__option">
              {o.label}
            </button>
          ))}
        </Form>
      </div>
    </header>
  );
}

export function SiteFooter({ demo }: { demo: boolean }) {
  const f = siteFooter({ locale: useLocale(), demo });
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{f.about}</p>
        <nav className="site-footer__links" aria-label={f.publicLinks.ariaLabel}>
          {f.publicLinks.links.map((l) => (
            <a key={l.href} href={l.href}>
              {l.label}
            </a>
          ))}
        </nav>
        {f.demoNotice ? (
          <p className="site-footer__demo" role="note">
            {f.demoNotice}
          </p>
        ) : null}
      </div>
    </footer>
  );
}
