import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { hasDemoData } from "~/catalog/catalog.server";
import { errorTitleKey, GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useNonce } from "~/components/nonce";
import { SiteFooter, SiteHeader } from "~/components/SiteChrome";
import { getLocale } from "~/lib/locale.server";
import { csrfTokenFor, getViewer } from "~/identity/request.server";
import { summarizeViewer } from "~/identity/viewer";
import { defaultLocale, translate } from "~/lib/i18n";
import { countCartUnits, readGuestCartId } from "~/market/cart.server";
import "~/lib/load-context";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Signed-out visitors get no CSRF cookie here, so public pages stay cacheable.
  const [viewer, csrf] = await Promise.all([getViewer({ request, context }), csrfTokenFor({ request, context }, { issue: false })]);
  // Units in the cart for the header link; a visitor with neither session nor cart cookie costs no query.
  const cartUnits = await countCartUnits(
    context.db,
    viewer ? { userId: viewer.user.id } : { guestCartId: readGuestCartId(context.identity.sessionSecret, request) },
  );
  return {
    locale: getLocale(request),
    demo: await hasDemoData(context.db),
    viewer: viewer ? summarizeViewer(viewer) : null,
    csrfToken: csrf?.token ?? null,
    cartUnits,
  };
}

// Pages without a meta of their own (the 404 page, error pages) still have a title saying what happened.
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const locale = data?.locale ?? defaultLocale;
  return [{ title: error ? `${translate(locale, errorTitleKey(error))} · OCOP Trace` : "OCOP Trace" }];
};

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? defaultLocale;
  // A route with `handle = { hydrate: false }` (the QR origin page) ships no JavaScript at all.
  const hydrate = !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f6f43" />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteHeader />
        <main id="main">{children}</main>
        <SiteFooter demo={data?.demo ?? false} />
        {hydrate ? <ScrollRestoration nonce={nonce} /> : null}
        {hydrate ? <Scripts nonce={nonce} /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
