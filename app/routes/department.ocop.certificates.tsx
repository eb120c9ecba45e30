import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { requireCsrf } from "~/identity/request.server";
import { requireDashboardViewer } from "~/insights/access.server";
import { formatDate, formatNumber, todayInVietnam } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { certificatePath, certificatePdfPath } from "~/ocop/certificate-paths";
import { listRegister, parseRegisterFilter } from "~/ocop/register-queries.server";
import {
  confirmRecordedCertificate,
  countUnconfirmed,
  issueCertificates,
  listDecisionsToIssue,
  reinstateCertificate,
  revokeCertificate,
  suspendCertificate,
  type RegisterActor,
} from "~/ocop/register.server";

/** The department's register: issue certificates for decisions, confirm recorded ones, suspend, reinstate, revoke. */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const today = todayInVietnam();
  const url = new URL(args.request.url);
  const [rows, decisions, unconfirmed] = await Promise.all([
    listRegister(args.context.db, parseRegisterFilter(url.searchParams), today, 2000),
    listDecisionsToIssue(args.context.db),
    countUnconfirmed(args.context.db),
  ]);
  return { title: translate(getLocale(args.request), "ocopRegister.dept.title"), rows, decisions, unconfirmed };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export async function action(args: ActionFunctionArgs) {
  const viewer = await requireDashboardViewer(args);
  const form = await requireCsrf(args);
  const who: RegisterActor = { userId: viewer.user.id, memberships: viewer.memberships };
  const db = args.context.db;
  const intent = String(form.get("intent") ?? "");
  const certificateId = String(form.get("certificateId") ?? "");
  const uuid = /^[0-9a-f-]{36}$/i;
  if (intent === "issue") {
    const decisionId = String(form.get("decisionId") ?? "");
    if (!uuid.test(decisionId)) throw new Response("Bad Request", { status: 400 });
    const result = await issueCertificates(db, who, { decisionId });
    if (!result.ok) return data(result, { status: result.reason === "forbidden" ? 403 : 400 });
    return redirect(`/department/ocop/certificates?done=issued&numbers=${encodeURIComponent(result.certificates.map((c) => c.number).join(", "))}`);
  }
  if (!uuid.test(certificateId)) throw new Response("Bad Request", { status: 400 });
  const reason = form.get("reason");
  const result =
    intent === "confirm"
      ? await confirmRecordedCertificate(db, who, { certificateId })
      : intent === "suspend"
        ? await suspendCertificate(db, who, { certificateId, reason })
        : intent === "reinstate"
          ? await reinstateCertificate(db, who, { certificateId, reason })
          : intent === "revoke"
            ? await revokeCertificate(db, who, { certificateId, reason })
            : null;
  if (!result) throw new Response("Bad Request", { status: 400 });
  if (!result.ok) return data({ ...result, certificateId }, { status: result.reason === "forbidden" ? 403 : 400 });
  return redirect(`/department/ocop/certificates?done=${intent}&numbers=${encodeURIComponent(result.number)}`);
}

const doneKeys: Record<string, MessageKey> = {
  issued: "ocopRegister.dept.issued",
  confirm: "ocopRegister.dept.confirmed",
  suspend: "ocopRegister.dept.suspended",
  reinstate: "ocopRegister.dept.reinstated",
  revoke: "ocopRegister.dept.revoked",
};

export default function DepartmentOcopCertificates() {
  const { title, rows, decisions, unconfirmed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const done = params.get("done");
  const numbers = params.get("numbers") ?? "";
  const refusal = result && !result.ok ? result : null;
  return (
    <div className="container section">
      <h1 id="dept-register-h">{title}</h1>
      <p className="muted">{t("ocopRegister.dept.lead")}</p>
      {done && doneKeys[done] ? (
        <p className="notice notice--ok" role="status" data-testid="register-done">
          {t(doneKeys[done]!, { number: numbers, numbers, count: numbers.split(",").filter(Boolean).length })}
        </p>
      ) : null}
      {refusal ? (
        <p className="notice notice--danger" role="alert" data-testid="register-refusal">
          {refusal.reason === "invalid_input" && "fieldErrors" in refusal && refusal.fieldErrors?.reason
            ? t(refusal.fieldErrors.reason as MessageKey)
            : t(`ocopRegister.refusal.${refusal.reason}` as MessageKey)}
        </p>
      ) : null}

      <h2 id="to-issue-h">{t("ocopRegister.dept.toIssue")}</h2>
      {decisions.length === 0 ? (
        <p>{t("ocopRegister.dept.noneToIssue")}</p>
      ) : (
        <ul data-testid="decisions-to-issue">
          {decisions.map((d) => (
            <li key={d.id}>
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="issue" />
                <input type="hidden" name="decisionId" value={d.id} />
                {t("ocopRegister.decisionOf", { number: d.number, date: formatDate(d.signedOn, locale) })} — {d.signerName}{" "}
                <button type="submit" className="button">
                  {t("ocopRegister.dept.issue", { count: formatNumber(d.items, locale) })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}

      <h2 id="register-list-h">{t("ocopRegister.title")}</h2>
      {unconfirmed > 0 ? (
        <p>
          <Link to="?status=unconfirmed">{t("ocopRegister.dept.unconfirmed", { count: formatNumber(unconfirmed, locale) })}</Link>
        </p>
      ) : null}
      <TableWrap label={t("ocopRegister.title")}>
        <table className="table" data-testid="dept-register">
          <thead>
            <tr>
              <th scope="col">{t("ocopRegister.col.number")}</th>
              <th scope="col">{t("ocopRegister.col.product")}</th>
              <th scope="col">{t("ocopRegister.col.stars")}</th>
              <th scope="col">{t("ocopRegister.col.validity")}</th>
              <th scope="col">{t("ocopRegister.col.status")}</th>
              <th scope="col">{t("ocopRegister.col.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-number={r.number}>
                <td>
                  <Link to={certificatePath(r.number)} className="mono">
                    {r.number}
                  </Link>
                  {r.origin === "evaluation" ? (
                    <>
                      {" "}
                      <a href={certificatePdfPath(r.number)} download>
                        {t("ocopRegister.dept.pdf")}
                      </a>
                    </>
                  ) : null}
                </td>
                <td>
                  {localized(locale, r.productNameVi, r.productNameEn)}
                  <br />
                  <span className="muted">{r.organisationName}</span>
                </td>
                <td>{t("ocopRegister.stars", { stars: r.stars })}</td>
                <td>{t("ocopRegister.validity", { from: formatDate(r.issuedOn, locale), to: formatDate(r.expiresOn, locale) })}</td>
                <td>
                  {t(`ocopRegister.standing.${r.standing}` as MessageKey)}
                  {r.origin === "recorded_without_evaluation" ? <div className="muted">{r.confirmed ? t("ocopRegister.recordedConfirmed") : t("ocopRegister.recordedUnconfirmed")}</div> : null}
                  {r.statusReason ? <div className="muted">{r.statusReason}</div> : null}
                </td>
                <td>
                  {r.origin === "recorded_without_evaluation" && !r.confirmed ? (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="confirm" />
                      <input type="hidden" name="certificateId" value={r.id} />
                      <button type="submit" className="button button--secondary">
                        {t("ocopRegister.dept.confirm")}
                      </button>
                    </Form>
                  ) : null}
                  {r.status !== "revoked" ? (
                    <Form method="post" className="inline-form" data-testid="status-form">
                      <CsrfInput />
                      <input type="hidden" name="certificateId" value={r.id} />
                      <label>
                        {t("ocopRegister.dept.reason")} <input name="reason" maxLength={1000} />
                      </label>{" "}
                      {r.status === "valid" ? (
                        <button type="submit" name="intent" value="suspend" className="button button--secondary">
                          {t("ocopRegister.dept.suspend")}
                        </button>
                      ) : (
                        <button type="submit" name="intent" value="reinstate" className="button button--secondary">
                          {t("ocopRegister.dept.reinstate")}
                        </button>
                      )}{" "}
                      <button type="submit" name="intent" value="revoke" className="button button--danger">
                        {t("ocopRegister.dept.revoke")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
