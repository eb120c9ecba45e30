import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatDateTime } from "~/lib/format";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { certifiedProducts, listApplications, publishedSets, startRenewal } from "~/ocop/applications.server";
import { actorOf, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";
import { dossierViewerOf } from "~/ocop/workspace-viewer.server";

/** The cooperative's OCOP applications (its managers only), certified products to renew, certificates expiring. */
export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args, PRODUCT_MANAGERS);
  const db = args.context.db;
  const [applications, certified, sets] = await Promise.all([listApplications(db, dossierViewerOf(access)), certifiedProducts(db, access.organisation.id), publishedSets(db)]);
  return {
    slug: access.organisation.slug,
    applications: applications.map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString(), submittedAt: a.submittedAt?.toISOString() ?? null })),
    certified,
    sets: sets.map((s) => ({ code: s.code, group: s.group, nameVi: s.nameVi, nameEn: s.nameEn })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const productId = z.guid().safeParse(form.get("productId"));
  if (form.get("intent") !== "renew" || !productId.success) throw new Response("Bad Request", { status: 400 });
  // Chosen only for a product without a previous application (recorded without an evaluation); otherwise absent.
  const chosen = form.get("productSetCode");
  const productSetCode = typeof chosen === "string" && /^[a-z_]+\.[a-z0-9_]+$/.test(chosen) ? chosen : undefined;
  const result = await startRenewal(args.context.db, actorOf(access), { who: dossierViewerOf(access), productId: productId.data, productSetCode });
  if (result.ok) return redirect(`/workspace/${access.organisation.slug}/ocop/${result.applicationId}`);
  const setMissing = result.reason === "invalid_input" && "fieldErrors" in result && result.fieldErrors.productSetCode;
  return { error: setMissing ? "ocopApp.list.renewSetRequired" : `ocopApp.refusal.${result.reason}`, productId: productId.data };
}

export default function OcopApplications() {
  const { slug, applications, certified, sets } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const expiring = certified.filter((c) => c.expiringSoon && c.status === "valid");
  return (
    <section aria-labelledby="ocop-h">
      <h2 id="ocop-h">{t("ocopApp.list.title")}</h2>
      <p className="muted">{t("ocopApp.list.lead")}</p>
      <p>
        <Link to={`/workspace/${slug}/ocop/new`} className="button">
          {t("ocopApp.list.new")}
        </Link>
      </p>
      <FormError error={data?.error === "ocopApp.list.renewSetRequired" ? undefined : data?.error} />
      {expiring.length > 0 ? (
        <div className="notice notice--warn" role="status" data-testid="ocop-expiring">
          <p>{t("ocopApp.list.expiring")}</p>
          <ul>
            {expiring.map((c) => (
              <li key={c.productId}>
                {localized(locale, c.nameVi, c.nameEn)} — {c.number} — {formatDate(c.expiresOn, locale)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3 id="ocop-apps-h">{t("ocopApp.list.applications")}</h3>
      {applications.length === 0 ? (
        <p>{t("ocopApp.list.empty")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="ocop-apps-h" tabIndex={0}>
          <table className="table" data-testid="ocop-applications">
            <thead>
              <tr>
                <th scope="col">{t("ocopApp.col.number")}</th>
                <th scope="col">{t("ocopApp.col.product")}</th>
                <th scope="col">{t("ocopApp.col.kind")}</th>
                <th scope="col">{t("ocopApp.col.status")}</th>
                <th scope="col">{t("ocopApp.col.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/workspace/${slug}/ocop/${a.id}`} className="mono">
                      {a.number}
                    </Link>
                  </td>
                  <td>{localized(locale, a.productNameVi, a.productNameEn)}</td>
                  <td>{t(`ocopApp.kind.${a.kind}`)}</td>
                  <td>{t(`ocopApp.status.${a.status}`)}</td>
                  <td>{formatDateTime(a.updatedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="ocop-certified-h">{t("ocopApp.list.certified")}</h3>
      {certified.length === 0 ? (
        <p>{t("ocopApp.list.noCertified")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="ocop-certified-h" tabIndex={0}>
          <table className="table" data-testid="ocop-certified">
            <thead>
              <tr>
                <th scope="col">{t("ocopApp.col.product")}</th>
                <th scope="col">{t("ocopApp.col.certificate")}</th>
                <th scope="col">{t("ocopApp.col.stars")}</th>
                <th scope="col">{t("ocopApp.col.expires")}</th>
                <th scope="col">{t("ocopApp.col.renewal")}</th>
              </tr>
            </thead>
            <tbody>
              {certified.map((c) => (
                <tr key={c.productId}>
                  <td>{localized(locale, c.nameVi, c.nameEn)}</td>
                  <td className="mono">{c.number}</td>
                  <td>{t("ocopApp.stars", { n: c.stars })}</td>
                  <td>
                    {formatDate(c.expiresOn, locale)}
                    {c.status !== "valid" ? ` (${t(`ocopApp.certStatus.${c.status}`)})` : null}
                  </td>
                  <td>
                    {c.openApplication ? (
                      <span className="mono">{c.openApplication}</span>
                    ) : (
                      <Form method="post" className={c.hasPreviousApplication ? undefined : "form"}>
                        <CsrfInput />
                        <input type="hidden" name="productId" value={c.productId} />
                        {c.hasPreviousApplication ? null : (
                          <SelectField
                            name="productSetCode"
                            fieldId={`renew-set-${c.productId}`}
                            label={t("ocopApp.list.renewSet", { product: localized(locale, c.nameVi, c.nameEn) })}
                            hint={t("ocopApp.list.renewSetHint")}
                            emptyLabel={t("ocopApp.new.choose")}
                            error={data && data.productId === c.productId && data.error === "ocopApp.list.renewSetRequired" ? data.error : undefined}
                            required
                            options={sets.filter((s) => s.group === c.productGroup).map((s) => ({ value: s.code, label: localized(locale, s.nameVi, s.nameEn) }))}
                          />
                        )}
                        <button type="submit" name="intent" value="renew" className="button button--secondary">
                          {t("ocopApp.list.renew")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
