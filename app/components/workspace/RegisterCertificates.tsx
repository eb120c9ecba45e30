import { Link } from "@remix-run/react";
import { formatDate } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { certificatePath } from "~/ocop/certificate-paths";
import type { CertificateStanding } from "~/ocop/certificate-rules";

export interface RegisterCertificateSummary {
  id: string;
  number: string;
  stars: number;
  issuedOn: string;
  expiresOn: string;
  standing: CertificateStanding;
  origin: "evaluation" | "recorded_without_evaluation";
  confirmed: boolean;
  superseded: boolean;
  statusReason: string | null;
}

/** A product's certificates as the register holds them, read-only (the department keeps them). */
export function RegisterCertificates({ certificates }: { certificates: readonly RegisterCertificateSummary[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="panel" data-testid="register-certificates">
      <h3 className="h4">{t("ocopRegister.product.heading")}</h3>
      {certificates.length === 0 ? (
        <p className="muted">{t("ocopRegister.product.none")}</p>
      ) : (
        <ul>
          {certificates.map((c) => (
            <li key={c.id}>
              <Link to={certificatePath(c.number)} className="mono">
                {c.number}
              </Link>{" "}
              · {t("ocopRegister.stars", { stars: c.stars })} · {t("ocopRegister.validity", { from: formatDate(c.issuedOn, locale), to: formatDate(c.expiresOn, locale) })} ·{" "}
              <strong>{t(`ocopRegister.standing.${c.standing}` as MessageKey)}</strong>
              {c.superseded ? ` · ${t("ocopRegister.superseded")}` : ""}
              {c.origin === "recorded_without_evaluation" ? ` · ${c.confirmed ? t("ocopRegister.recordedConfirmed") : t("ocopRegister.recordedUnconfirmed")}` : ""}
              {c.statusReason ? ` — ${c.statusReason}` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
