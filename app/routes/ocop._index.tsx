import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { ocopGroups } from "~/catalog/schema";
import { formatDate, formatNumber, todayInVietnam } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { certificatePath } from "~/ocop/certificate-paths";
import { listRegister, parseRegisterFilter, registerCommunes } from "~/ocop/register-queries.server";

const statusChoices = ["valid", "expiring", "expired", "suspended", "revoked", "unconfirmed"] as const;

/** The public OCOP register: every certificate with its stars, decision, validity, producer and honest status. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = parseRegisterFilter(url.searchParams);
  const today = todayInVietnam();
  const [rows, communes] = await Promise.all([listRegister(context.db, filter, today), registerCommunes(context.db)]);
  return { title: translate(getLocale(request), "ocopRegister.title"), filter, rows, communes, query: url.searchParams.toString() };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export default function OcopRegister() {
  const { title, filter, rows, communes, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1 id="register-h">{title}</h1>
      <p className="muted">{t("ocopRegister.lead")}</p>
      <Form method="get" className="filters" aria-label={t("ocopRegister.filter.apply")}>
        <label>
          {t("ocopRegister.filter.stars")}
          <select name="stars" defaultValue={filter.stars === null ? "" : String(filter.stars)}>
            <option value="">{t("ocopRegister.filter.all")}</option>
            {[3, 4, 5].map((s) => (
              <option key={s} value={s}>
                {t("ocopRegister.stars", { stars: s })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ocopRegister.filter.group")}
          <select name="group" defaultValue={filter.group ?? ""}>
            <option value="">{t("ocopRegister.filter.all")}</option>
            {ocopGroups.map((g) => (
              <option key={g} value={g}>
                {t(`ocopGroup.${g}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ocopRegister.filter.commune")}
          <select name="commune" defaultValue={filter.commune === null ? "" : String(filter.commune)}>
            <option value="">{t("ocopRegister.filter.all")}</option>
            {communes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("ocopRegister.filter.status")}
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("ocopRegister.filter.all")}</option>
            {statusChoices.map((s) => (
              <option key={s} value={s}>
                {t(`ocopRegister.standing.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("ocopRegister.filter.apply")}
        </button>
      </Form>
      <p>
        {t("ocopRegister.count", { count: formatNumber(rows.length, locale) })} ·{" "}
        <a href={`/ocop/export?format=csv${query ? `&${query}` : ""}`} download data-testid="register-csv">
          {t("ocopRegister.download")}
        </a>{" "}
        · <a href={`/ocop/export?format=xlsx${query ? `&${query}` : ""}`} download>{t("ocopRegister.downloadXlsx")}</a>
      </p>
      <Form method="get" action="/ocop/certificates" className="inline-form">
        <label>
          {t("ocopRegister.verify.numberLabel")} <input name="number" maxLength={60} required />
        </label>{" "}
        <button type="submit" className="button button--secondary">
          {t("ocopRegister.verify.submit")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("ocopRegister.empty")}</p>
      ) : (
        <TableWrap label={title}>
          <table className="table" data-testid="ocop-register">
            <thead>
              <tr>
                <th scope="col">{t("ocopRegister.col.number")}</th>
                <th scope="col">{t("ocopRegister.col.product")}</th>
                <th scope="col">{t("ocopRegister.col.producer")}</th>
                <th scope="col">{t("ocopRegister.col.stars")}</th>
                <th scope="col">{t("ocopRegister.col.decision")}</th>
                <th scope="col">{t("ocopRegister.col.validity")}</th>
                <th scope="col">{t("ocopRegister.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-number={r.number}>
                  <td>
                    <Link to={certificatePath(r.number)} className="mono">
                      {r.number}
                    </Link>
                  </td>
                  <td>
                    <Link to={`/products/${r.productSlug}`}>{localized(locale, r.productNameVi, r.productNameEn)}</Link>
                    <br />
                    <span className="muted">{t(`ocopGroup.${r.productGroup}` as MessageKey)}</span>
                  </td>
                  <td>
                    {r.organisationName}
                    {r.communeName ? <span className="muted"> · {r.communeName}</span> : null}
                  </td>
                  <td>{t("ocopRegister.stars", { stars: r.stars })}</td>
                  <td>{r.decisionNumber && r.decisionSignedOn ? t("ocopRegister.decisionOf", { number: r.decisionNumber, date: formatDate(r.decisionSignedOn, locale) }) : t("ocopRegister.origin.recorded")}</td>
                  <td>{t("ocopRegister.validity", { from: formatDate(r.issuedOn, locale), to: formatDate(r.expiresOn, locale) })}</td>
                  <td data-testid="register-standing">
                    <span className={`cert-status cert-status--${r.standing}`}>{t(`ocopRegister.standing.${r.standing}` as MessageKey)}</span>
                    {r.superseded ? <div className="muted">{t("ocopRegister.superseded")}</div> : null}
                    {r.origin === "recorded_without_evaluation" && !r.confirmed ? <div className="muted">{t("ocopRegister.standing.unconfirmed")}</div> : null}
                    {r.statusReason ? <div className="muted">{r.statusReason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
