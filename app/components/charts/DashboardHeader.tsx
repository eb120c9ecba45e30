import type { ReactNode } from "react";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { DashboardFilterForm, type FilterFormProps } from "./DashboardFilterForm";
import { DashboardNav } from "./DashboardNav";
import { formatMonth } from "./format-cell";
import { FreshnessNote, type FreshnessView } from "./FreshnessNote";

export interface DashboardHeaderProps extends Omit<FilterFormProps, "action"> {
  path: string;
  title: string;
  lead: string;
  search: string;
  freshness: ReadonlyArray<FreshnessView>;
  commune: { nameVi: string } | null;
  province: { nameVi: string; nameEn: string };
  children?: ReactNode;
}

/** Title, the place and period shown, the dashboards' tabs, the filters and the data's freshness. */
export function DashboardHeader(props: DashboardHeaderProps) {
  const t = useT();
  const locale = useLocale();
  const provinceName = localized(locale, props.province.nameVi, props.province.nameEn);
  const place = props.commune ? t("ins.filter.placeCommune", { commune: props.commune.nameVi, province: provinceName }) : provinceName;
  return (
    <>
      <p className="muted" style={{ margin: "16px 0 0" }}>
        {t("ins.title")}
      </p>
      <h1 style={{ marginTop: 4 }}>{props.title}</h1>
      <p data-testid="dashboard-scope">
        <strong>{t("ins.filter.showing", { place, from: formatMonth(props.filters.from, locale), to: formatMonth(props.filters.to, locale) })}</strong>
      </p>
      <p className="muted">{props.lead}</p>
      <DashboardNav search={props.search} />
      <DashboardFilterForm
        action={props.path}
        filters={props.filters}
        errors={props.errors}
        provinces={props.provinces}
        communes={props.communes}
        extraFields={props.extraFields}
      />
      <FreshnessNote freshness={props.freshness} />
      {props.children}
    </>
  );
}
