import { certificateState, type OcopStanding } from "~/catalog/ocop";
import { useT } from "~/lib/use-t";

export function OcopBadge({ stars }: { stars: number }) {
  const t = useT();
  return (
    <span className={`badge badge--ocop badge--stars-${stars}`} title={t("product.ocop", { stars })}>
      {t("product.ocopShort", { stars })}
    </span>
  );
}

/** What a product's OCOP record lets it claim today: the stars, or why there are none although one was recorded. */
export function OcopStandingBadge({ standing }: { standing: OcopStanding }) {
  const t = useT();
  if (standing.kind === "certified") return <OcopBadge stars={standing.stars} />;
  if (standing.kind === "none") return null;
  return (
    <span className="badge badge--lapsed" data-testid="ocop-lapsed">
      {t(standing.kind === "expired" ? "product.ocopLapsed" : "product.ocopNotYetValid")}
    </span>
  );
}

export function KeyProductBadge({ level }: { level: "province" | "commune" }) {
  const t = useT();
  return (
    <span className="badge badge--key">
      {t(level === "province" ? "product.keyProduct.province" : "product.keyProduct.commune")}
    </span>
  );
}

export function DemoBadge() {
  const t = useT();
  return <span className="badge badge--demo">{t("demo.badge")}</span>;
}

export function CertificateStatus({ expiresOn, today }: { expiresOn: string; today: string }) {
  const t = useT();
  const { state, daysLeft } = certificateState(expiresOn, today);
  const label =
    state === "expired"
      ? t("product.certificateExpired")
      : state === "expiring"
        ? t("product.certificateExpiringSoon", { days: daysLeft })
        : t("product.certificateValid");
  return <span className={`cert-status cert-status--${state}`}>{label}</span>;
}
