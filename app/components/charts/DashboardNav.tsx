import { NavLink, useRouteLoaderData } from "@remix-run/react";
import type { ViewerSummary } from "~/identity/viewer";
import { useT } from "~/lib/use-t";

/** The department's dashboards; each link keeps the current filters so a view stays comparable. */
export function DashboardNav({ search }: { search: string }) {
  const t = useT();
  // Admins see the dashboards but not the citizens' cases (department officers and supervisors only).
  const readsCases = (useRouteLoaderData("root") as { viewer?: ViewerSummary | null } | undefined)?.viewer?.readsCases ?? false;
  const links = [
    { to: "/department", label: t("ins.nav.overview"), end: true },
    { to: "/department/market", label: t("ins.nav.market"), end: false },
    { to: "/department/value-chains", label: t("ins.nav.valueChains"), end: false },
    { to: "/department/households", label: t("ins.nav.households"), end: false },
    { to: "/department/ocop", label: t("ocopd.nav"), end: true },
  ];
  return (
    <nav aria-label={t("ins.nav.label")} className="tabs">
      {links.map((l) => (
        <NavLink key={l.to} to={`${l.to}?${search}`} end={l.end} className="tabs__link">
          {l.label}
        </NavLink>
      ))}
      <NavLink to="/department/recalls" className="tabs__link">
        {t("recall.register.title")}
      </NavLink>
      <NavLink to="/department/ocop/rounds" className="tabs__link">
        {t("council.rounds.title")}
      </NavLink>
      {readsCases ? (
        <NavLink to="/department/cases" className="tabs__link">
          {t("case.desk.title")}
        </NavLink>
      ) : null}
      <a href={`/department/report.pdf?${search}`} className="tabs__link">
        {t("ins.nav.report")}
      </a>
    </nav>
  );
}
