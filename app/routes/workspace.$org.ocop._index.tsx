import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatDateTime } from "~/lib/format";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { certifiedProducts, listApplications, startRenewal } from "~/ocop/applications.server";
import { actorOf, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";
import { dossierViewerOf } from "~/ocop/workspace-viewer.server";

/** The cooperative's OCOP applications (its managers only), certified products to renew, certificates expiring. */
export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args, PRODUCT_MANAGERS);
  const db = args.context.db;
  const [applications, certified] = await Promise.all([listApplications(db, dossierViewerOf(access)), certifiedProducts(db, access.organisation.id)]);
  return {
    slug: access.organisation.slug,
    applications: applications.map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString(), submittedAt: a.submittedAt?.toISOString() ?? null })),
    certified,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const productId = z.guid().safeParse(form.get("productId"));
  if (form.get("intent") !== "renew" || !productId.success) throw new Response("Bad Request", { status: 400 });
  const result = await startRenewal(args.context.db, actorOf(access), { who: dossierViewerOf(access), productId: productId.data });
  if (result.ok) return redirect(`/workspace/${access.organisation.slug}/ocop/${result.applicationId}`);
  return { error: `ocopApp.refusal.${result.reason}` };
}

export default function OcopApplications() {
  const { slug, applications, certified } = useLoaderData<typeof loader>();
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
      <FormError error={data?.error} />
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
        <div className="table-scroll" role="region" aria-labelledby="ocop-apps-h" tabIndex={0}>
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
        <div className="table-scroll" role="region" aria-labelledby="ocop-certified-h" tabIndex={0}>
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
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="productId" value={c.productId} />
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
