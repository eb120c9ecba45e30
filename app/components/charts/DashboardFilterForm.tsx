import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SelectField, TextField } from "~/components/form/fields";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";

export interface FilterFormProps {
  action: string;
  filters: { province: string; commune?: number; from: string; to: string };
  errors: Partial<Record<"province" | "commune" | "from" | "to", string>>;
  provinces: ReadonlyArray<{ code: string; nameVi: string; nameEn: string }>;
  communes: ReadonlyArray<{ id: number; nameVi: string }>;
  /** More fields of the same GET form (a dashboard's own choices, e.g. the product of a value chain). */
  extraFields?: ReactNode;
}

/** A GET form: the filters land in the URL, so a view can be bookmarked and shared; works without JS. */
export function DashboardFilterForm({ action, filters, errors, provinces, communes, extraFields }: FilterFormProps) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="get" action={action} className="panel" aria-labelledby="filters-legend" style={{ marginBottom: 16 }}>
      <h2 id="filters-legend" style={{ fontSize: "1rem", margin: "0 0 8px" }}>
        {t("ins.filter.legend")}
      </h2>
      <div style={{ display: "grid", gap: 8, gridTemplateColumns: "repeat(auto-fit, minmax(160px, 1fr))", alignItems: "end" }}>
        <SelectField
          name="province"
          label={t("ins.filter.provinceLabel")}
          error={errors.province}
          defaultValue={filters.province}
          options={provinces.map((p) => ({ value: p.code, label: localized(locale, p.nameVi, p.nameEn) }))}
        />
        <SelectField
          name="commune"
          label={t("ins.filter.communeLabel")}
          error={errors.commune}
          defaultValue={filters.commune === undefined ? "" : String(filters.commune)}
          emptyLabel={t("ins.filter.allCommunes")}
          options={communes.map((c) => ({ value: String(c.id), label: c.nameVi }))}
        />
        <TextField name="from" type="month" label={t("ins.filter.from")} error={errors.from} defaultValue={filters.from} pattern="\d{4}-\d{2}" />
        <TextField name="to" type="month" label={t("ins.filter.to")} error={errors.to} defaultValue={filters.to} pattern="\d{4}-\d{2}" />
        {extraFields}
        <div className="field">
          <button type="submit" className="button">
            {t("ins.filter.apply")}
          </button>
        </div>
      </div>
    </Form>
  );
}
