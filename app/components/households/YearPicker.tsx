import { Form } from "@remix-run/react";
import { useT } from "~/lib/use-t";

/** A plain GET form choosing the year a page is about (works without JavaScript). */
export function YearPicker({ year, years }: { year: number; years: number[] }) {
  const t = useT();
  return (
    <Form method="get" className="form form--inline">
      <label htmlFor="year-picker">{t("hh.year")}</label>
      <select id="year-picker" name="year" defaultValue={String(year)}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary">
        {t("hh.show")}
      </button>
    </Form>
  );
}

/** A "< 5" marker, or the count. */
export function CountCell({ value }: { value: number | null }) {
  const t = useT();
  return <td data-suppressed={value === null ? "true" : undefined}>{value === null ? t("hh.dept.hidden") : value}</td>;
}
