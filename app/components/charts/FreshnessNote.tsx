import { formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";

export interface FreshnessView {
  rollup: string;
  coveredUntil: string;
  refreshedAt: string;
}

/** Says up to when the rolled-up figures count orders and scans, and when they were refreshed. */
export function FreshnessNote({ freshness }: { freshness: ReadonlyArray<FreshnessView> }) {
  const t = useT();
  const locale = useLocale();
  const sales = freshness.find((f) => f.rollup === "sales");
  const scans = freshness.find((f) => f.rollup === "scans");
  return (
    <aside className="notice" aria-labelledby="freshness-title" data-testid="freshness" style={{ margin: "12px 0" }}>
      <strong id="freshness-title">{t("ins.fresh.title")}</strong>{" "}
      {sales ? (
        <span>
          {t("ins.fresh.sales", { time: formatDateTime(sales.coveredUntil, locale), refreshed: formatDateTime(sales.refreshedAt, locale) })}{" "}
        </span>
      ) : (
        <span>{t("ins.fresh.never")} </span>
      )}
      {scans ? (
        <span>
          {t("ins.fresh.scans", { time: formatDateTime(scans.coveredUntil, locale), refreshed: formatDateTime(scans.refreshedAt, locale) })}{" "}
        </span>
      ) : null}
      <span className="muted">{t("ins.fresh.how")}</span>
    </aside>
  );
}
