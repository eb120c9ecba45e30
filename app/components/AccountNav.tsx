import { Form, Link, useRouteLoaderData } from "@remix-run/react";
import type { ViewerSummary } from "~/identity/viewer";
import { useT } from "~/lib/use-t";
import { CsrfInput } from "./CsrfInput";

/** Sign in / sign up, or the signed-in person's links and a sign-out button (a POST form). */
export function AccountNav() {
  const t = useT();
  const data = useRouteLoaderData("root") as { viewer?: ViewerSummary | null } | undefined;
  const viewer = data?.viewer ?? null;
  if (!viewer) {
    return (
      <nav className="account-nav" aria-label={t("auth.nav.accountMenu")}>
        <Link to="/login">{t("auth.nav.signIn")}</Link>
        <Link to="/signup" className="account-nav__primary">
          {t("auth.nav.signUp")}
        </Link>
      </nav>
    );
  }
  return (
    <nav className="account-nav" aria-label={t("auth.nav.accountMenu")}>
      {viewer.hasWorkspace ? <Link to="/workspace">{t("auth.nav.workspace")}</Link> : null}
      {viewer.isAdmin ? <Link to="/admin/organisations">{t("auth.nav.admin")}</Link> : null}
      {viewer.seesDashboards ? <Link to="/department">{t("ins.nav.department")}</Link> : null}
      <Link to="/orders">{t("orders.my.title")}</Link>
      <Link to="/account" title={viewer.email}>
        {t("auth.nav.account")}
      </Link>
      <Form method="post" action="/logout" className="account-nav__signout">
        <CsrfInput />
        <button type="submit" className="link-button">
          {t("auth.nav.signOut")}
        </button>
      </Form>
    </nav>
  );
}
