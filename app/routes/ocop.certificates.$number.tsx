import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatDateTime, todayInVietnam } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamDate } from "~/lib/vietnam-time";
import { certificatePdfPath } from "~/ocop/certificate-paths";
import { parseCertificateNumber } from "~/ocop/certificate-rules";
import { getCertificateByNumber } from "~/ocop/register-queries.server";

/**
 * Verifies a certificate number (case-insensitively): what it certifies, its validity and status, and its public
 * history. An unknown number answers 404 with a page that says so; a number that cannot be one answers 400.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const raw = (params.number ?? "").slice(0, 200);
  const number = parseCertificateNumber(raw);
  if (!number) {
    return data({ title: translate(locale, "ocopRegister.verify.title"), asked: raw, problem: "bad_number" as const, certificate: null }, { status: 400 });
  }
  const certificate = await getCertificateByNumber(context.db, number, todayInVietnam());
  if (!certificate) {
    return data({ title: translate(locale, "ocopRegister.verify.title"), asked: number, problem: "not_found" as const, certificate: null }, { status: 404 });
  }
  return { title: `${translate(locale, "ocopRegister.verify.title")} ${certificate.number}`, asked: number, problem: null, certificate };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

function CheckAnother() {
  const t = useT();
  return (
    <Form method="get" action="/ocop/certificates" className="inline-form" data-testid="check-another">
      <h2 className="h3">{t("ocopRegister.verify.check")}</h2>
      <label>
        {t("ocopRegister.verify.numberLabel")} <input name="number" maxLength={60} required />
      </label>{" "}
      <button type="submit" className="button">
        {t("ocopRegister.verify.submit")}
      </button>
    </Form>
  );
}

export default function VerifyCertificate() {
  const { asked, problem, certificate: c } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!c) {
    return (
      <div className="container section">
        <h1>{t("ocopRegister.verify.title")}</h1>
        <p className="notice notice--danger" role="alert" data-testid="certificate-unknown">
          {problem === "bad_number" ? t("ocopRegister.verify.badNumber") : t("ocopRegister.verify.notFound", { number: asked })}
        </p>
        <p>{t("ocopRegister.verify.notFoundLead")}</p>
        <CheckAnother />
        <p>
          <Link to="/ocop">{t("ocopRegister.verify.register")}</Link>
        </p>
      </div>
    );
  }
  const withdrawn = c.standing === "revoked" || c.standing === "suspended";
  const lastChange = [...c.events].reverse().find((e) => e.kind === c.status);
  return (
    <div className="container section">
      <h1>{t("ocopRegister.verify.title")}</h1>
      {withdrawn ? (
        <p className="notice notice--danger" role="alert" data-testid="certificate-withdrawn">
          {t("ocopRegister.verify.withdrawn", {
            number: c.number,
            status: t(`ocopRegister.withdrawn.${c.standing}` as MessageKey),
            date: lastChange ? formatDate(vietnamDate(new Date(lastChange.at)), locale) : "",
            reason: c.statusReason ?? "",
          })}
        </p>
      ) : (
        <p className={`notice ${c.standing === "expired" || c.standing === "not_yet_valid" ? "notice--warn" : "notice--ok"}`} data-testid="certificate-found">
          {t("ocopRegister.verify.found", { number: c.number })} {t(`ocopRegister.standing.${c.standing}` as MessageKey)}.
        </p>
      )}
      {c.origin === "recorded_without_evaluation" ? (
        <p className="notice notice--warn" data-testid="certificate-recorded">
          {c.confirmed ? t("ocopRegister.recordedConfirmed") : t("ocopRegister.recordedUnconfirmed")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="cert-h" data-testid="certificate">
        <h2 id="cert-h">{localized(locale, c.productNameVi, c.productNameEn)}</h2>
        <dl className="facts">
          <dt>{t("ocopRegister.col.number")}</dt>
          <dd className="mono" data-testid="certificate-number">{c.number}</dd>
          <dt>{t("ocopRegister.col.producer")}</dt>
          <dd>
            {c.organisationName}
            {c.communeName ? ` · ${c.communeName}` : ""}
          </dd>
          <dt>{t("ocopRegister.col.group")}</dt>
          <dd>{t(`ocopGroup.${c.productGroup}` as MessageKey)}</dd>
          <dt>{t("ocopRegister.col.stars")}</dt>
          <dd data-testid="certificate-stars">{t("ocopRegister.stars", { stars: c.stars })}</dd>
          {c.score !== null ? (
            <>
              <dt>{t("ocopRegister.col.score")}</dt>
              <dd>{c.score}/100</dd>
            </>
          ) : null}
          {c.decisionNumber && c.decisionSignedOn ? (
            <>
              <dt>{t("ocopRegister.col.decision")}</dt>
              <dd>
                {t("ocopRegister.decisionOf", { number: c.decisionNumber, date: formatDate(c.decisionSignedOn, locale) })}
                {c.decisionSignerName ? ` — ${[c.decisionSignerTitle, c.decisionSignerName].filter(Boolean).join(" ")}` : ""}
              </dd>
            </>
          ) : null}
          <dt>{t("ocopRegister.col.validity")}</dt>
          <dd>{t("ocopRegister.validity", { from: formatDate(c.issuedOn, locale), to: formatDate(c.expiresOn, locale) })}</dd>
          <dt>{t("ocopRegister.col.status")}</dt>
          <dd data-testid="certificate-standing">
            {t(`ocopRegister.standing.${c.standing}` as MessageKey)}
            {c.superseded ? ` · ${t("ocopRegister.superseded")}` : ""}
          </dd>
        </dl>
        <p>
          <Link to={`/products/${c.productSlug}`}>{t("ocopRegister.verify.productPage")}</Link>
          {c.origin === "evaluation" ? (
            <>
              {" · "}
              <a href={certificatePdfPath(c.number)} download data-testid="certificate-pdf">
                {t("ocopRegister.verify.pdf")}
              </a>
            </>
          ) : null}
        </p>
      </section>
      <section aria-labelledby="history-h">
        <h2 id="history-h">{t("ocopRegister.verify.history")}</h2>
        <ol data-testid="certificate-history">
          {c.events.map((e, i) => (
            <li key={i}>
              {formatDateTime(e.at, locale)} — {t(`ocopRegister.event.${e.kind}` as MessageKey)}
              {e.reason ? `: ${e.reason}` : ""}
            </li>
          ))}
        </ol>
      </section>
      <CheckAnother />
      <p>
        <Link to="/ocop">{t("ocopRegister.verify.register")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
