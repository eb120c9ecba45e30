import { certificateState } from "~/catalog/ocop";
import { useT } from "~/lib/use-t";

export function OcopBadge({ stars }: { stars: number }) {
  const t = useT();
  return (
    <span className={`badge badge--ocop badge--stars-${stars}`} title={t("product.ocop", { stars })}>
      {t("product.ocopShort", { stars })}
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
