import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { errorTitleKey, GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { defaultLocale, localized, translate, type Locale } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { countPendingSubOrders } from "~/market/order-queries.server";
import { countOpenCases } from "~/supervision/cases.server";
import { requireWorkspace } from "~/workspace/access.server";
import { workspacePageTitle } from "~/workspace/page-title";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  // New orders (placed, not yet handled) show as a count on the Orders tab, on every workspace page.
  // Citizens' reports assigned to it and not answered yet show the same way on the Reports tab.
  const [newOrders, openCases] = await Promise.all([
    countPendingSubOrders(args.context.db, access.organisation.id),
    countOpenCases(args.context.db, access.organisation.id),
  ]);
  return { organisation: access.organisation, role: access.role, user: { displayName: access.user.displayName }, newOrders, openCases };
}

// Each page of the workspace has a title of its own: "Lô hàng · HTX … · OCOP Trace" (pages without a meta inherit this).
export const meta: MetaFunction<typeof loader> = ({ data, matches, location, error }) => {
  const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? defaultLocale;
  if (!data || error) return [{ title: `${translate(locale, errorTitleKey(error))} · OCOP Trace` }, { name: "robots", content: "noindex" }];
  const page = workspacePageTitle(location.pathname);
  const name = localized(locale, data.organisation.name, data.organisation.nameEn);
  const what = page.detail ? `${page.detail} · ${translate(locale, page.key)}` : translate(locale, page.key);
  return [{ title: `${what} · ${name} · OCOP Trace` }, { name: "robots", content: "noindex" }];
};

export default function WorkspaceLayout() {
  const { organisation, role, newOrders, openCases } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const base = `/workspace/${organisation.slug}`;
  return (
    <div className="container section workspace">
      <header className="workspace__header">
        <p className="card__meta">
          {t("ws.title")} · {t(`ws.role.${role}`)}
        </p>
        <h1>{localized(locale, organisation.name, organisation.nameEn)}</h1>
        {organisation.status !== "active" ? (
          <p className="notice notice--warn" role="status">
            {t(organisation.status === "pending" ? "ws.status.pending" : "ws.status.suspended")}
          </p>
        ) : null}
        <nav className="tabs" aria-label={t("ws.title")}>
          <NavLink to={base} end>
            {t("ws.nav.overview")}
          </NavLink>
          <NavLink to={`${base}/products`}>{t("ws.nav.products")}</NavLink>
          <NavLink to={`${base}/batches`}>{t("ws.nav.batches")}</NavLink>
          <NavLink to={`${base}/orders`}>
            {t("orders.ws.nav")}
            {newOrders > 0 ? (
              <>
                {" "}
                <span className="badge badge--count" data-testid="new-orders-count" aria-hidden="true">
                  {newOrders}
                </span>
                <span className="visually-hidden">{t("orders.ws.newCount", { count: newOrders })}</span>
              </>
            ) : null}
          </NavLink>
          <NavLink to={`${base}/listings`}>{t("listings.nav")}</NavLink>
          <NavLink to={`${base}/cases`}>
            {t("case.ws.nav")}
            {openCases > 0 ? (
              <>
                {" "}
                <span className="badge badge--count" data-testid="open-cases-count" aria-hidden="true">
                  {openCases}
                </span>
                <span className="visually-hidden">{t("case.ws.openCount", { count: openCases })}</span>
              </>
            ) : null}
          </NavLink>
          <NavLink to={`${base}/recalls`}>{t("recall.nav.recalls")}</NavLink>
          {role === "cooperative_manager" ? <NavLink to={`${base}/households`}>{t("hh.nav")}</NavLink> : null}
          {role === "cooperative_manager" ? <NavLink to={`${base}/ocop`}>{t("ocopApp.nav")}</NavLink> : null}
          <NavLink to={`${base}/support`}>{t("sup.ws.title")}</NavLink>
          {role === "cooperative_manager" ? <NavLink to={`${base}/profile`}>{t("ws.nav.profile")}</NavLink> : null}
          {role === "cooperative_manager" ? <NavLink to={`${base}/audit`}>{t("ws.nav.audit")}</NavLink> : null}
          {organisation.status === "active" ? <Link to={`/cooperatives/${organisation.slug}`}>{t("ws.nav.publicPage")}</Link> : null}
        </nav>
      </header>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
