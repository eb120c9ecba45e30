/**
 * A platform evidence snapshot (app/ocop/evidence.ts) in words, as the producer attached it and as the council reads
 * it. Household figures under 5 are shown as "< 5" (they are suppressed in the snapshot itself).
 */
import { formatDate, formatNumber, formatVnd } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import type { useT } from "~/lib/use-t";
import type { EvidenceSnapshot, HouseholdFigure } from "~/ocop/evidence";

type Translate = ReturnType<typeof useT>;

function figure(f: HouseholdFigure, locale: Locale): string {
  return "value" in f ? formatNumber(f.value, locale) : "< 5";
}

function percent(share: number | null, locale: Locale): string {
  return share === null ? "—" : `${formatNumber(Math.round(share * 1000) / 10, locale, 1)} %`;
}

export function EvidenceSummary({ snapshot, t, locale }: { snapshot: EvidenceSnapshot; t: Translate; locale: Locale }) {
  switch (snapshot.kind) {
    case "lab_tests":
      return (
        <>
          <p>{t("ocopApp.ev.labSummary", { tested: snapshot.testedLots, passed: snapshot.passedLots, total: snapshot.totalLots })}</p>
          {snapshot.lots.length > 0 ? (
            <ul>
              {snapshot.lots.slice(0, 5).map((l) => (
                <li key={l.lotCode}>
                  <span className="mono">{l.lotCode}</span> ({formatDate(l.producedOn, locale)}):{" "}
                  {l.tests.map((x) => `${x.lab ?? "—"} ${x.reportNumber ?? ""} ${x.result ? t(`ocopApp.ev.result.${x.result}`) : ""}`.trim()).join("; ")}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      );
    case "traceability_coverage":
      return <p>{t("ocopApp.ev.coverageSummary", { complete: snapshot.completeLots, lots: snapshot.lots, share: percent(snapshot.share, locale) })}</p>;
    case "sales_by_month":
      return <p>{t("ocopApp.ev.salesSummary", { orders: snapshot.orders, revenue: formatVnd(snapshot.revenueVnd, locale) })}</p>;
    case "buyer_provinces":
      return <p>{snapshot.provinces.length === 0 ? t("ocopApp.ev.none") : snapshot.provinces.map((p) => `${p.name} (${p.orders})`).join(", ")}</p>;
    case "repeat_buyers":
      return <p>{t("ocopApp.ev.repeatSummary", { repeat: snapshot.repeatBuyers, buyers: snapshot.buyers, share: percent(snapshot.share, locale) })}</p>;
    case "scans":
      return <p>{t("ocopApp.ev.scansSummary", { total: snapshot.total, provinces: snapshot.provinces.filter((p) => p.code !== "").length })}</p>;
    case "member_households":
      return (
        <p>
          {t("ocopApp.ev.householdsSummary", {
            households: figure(snapshot.households, locale),
            poor: figure(snapshot.poor, locale),
            nearPoor: figure(snapshot.nearPoor, locale),
            ethnic: figure(snapshot.ethnicMinority, locale),
          })}
        </p>
      );
    case "current_certificate":
      return (
        <p>
          {snapshot.certificate
            ? t("ocopApp.ev.certificateSummary", { number: snapshot.certificate.number, stars: snapshot.certificate.stars, expires: formatDate(snapshot.certificate.expiresOn, locale), status: t(`ocopApp.certStatus.${snapshot.certificate.status}`) })
            : t("ocopApp.ev.noCertificate")}
        </p>
      );
  }
}

