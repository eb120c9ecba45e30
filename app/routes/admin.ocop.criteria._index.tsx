import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TableWrap } from "~/components/TableWrap";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireUser } from "~/identity/request.server";
import { formatDate } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { OCOP_PRODUCT_GROUPS } from "~/ocop/criteria-catalogue";
import { createDraftVersion, listProductSets, mayEditCriteria, mayReadCriteria } from "~/ocop/criteria.server";

/** Every product set's criteria sheet versions: administrators edit, department officers read. */
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  if (!mayReadCriteria(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  return {
    sets: await listProductSets(args.context.db),
    canEdit: mayEditCriteria(viewer.memberships),
    title: translate(getLocale(args.request), "ocopc.admin.title"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export async function action(args: ActionFunctionArgs) {
  const viewer = await requireUser(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  if (!csrfOk) return data({ formError: CSRF_ERROR_KEY }, { status: 403 });
  const productSetCode = String(form.get("productSetCode") ?? "");
  const result = await createDraftVersion(args.context.db, { userId: viewer.user.id, memberships: viewer.memberships }, { productSetCode });
  if (result.ok) return redirect(`/admin/ocop/criteria/${result.sheetId}`);
  if (result.reason === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (result.reason === "draft_exists" && result.draftId) return redirect(`/admin/ocop/criteria/${result.draftId}`);
  return data({ formError: result.fieldErrors?._form ?? "ocopc.refusal.not_found" }, { status: result.reason === "not_found" ? 404 : 409 });
}

export default function CriteriaSheets() {
  const { sets, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1 id="criteria-h">{t("ocopc.admin.title")}</h1>
      <p className="muted">{t("ocopc.admin.lead")}</p>
      {canEdit ? null : <p className="notice">{t("ocopc.admin.readOnly")}</p>}
      <FormError error={result?.formError} />
      {OCOP_PRODUCT_GROUPS.map((group) => {
        const inGroup = sets.filter((s) => s.productGroup === group);
        if (inGroup.length === 0) return null;
        const groupName = t(`ocopGroup.${group}` as MessageKey);
        return (
          <section key={group} className="section" aria-labelledby={`group-${group}`}>
            <h2 id={`group-${group}`}>{groupName}</h2>
            <TableWrap label={groupName}>
              <table className="table" data-testid={`criteria-sets-${group}`}>
                <thead>
                  <tr>
                    <th scope="col">{t("ocopc.col.set")}</th>
                    <th scope="col">{t("ocopc.col.published")}</th>
                    <th scope="col">{t("ocopc.col.toCheck")}</th>
                    <th scope="col">{t("ocopc.col.draft")}</th>
                    <th scope="col">{t("ocopc.col.versions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {inGroup.map((s) => {
                    const name = localized(locale, s.nameVi, s.nameEn);
                    return (
                      <tr key={s.code} data-set={s.code}>
                        <th scope="row" style={{ fontWeight: 400 }}>
                          {name} <span className="muted mono small">{s.code}</span>
                          {s.checkAgainstDecision ? <div className="small muted">{t("ocopc.setToCheck")}</div> : null}
                        </th>
                        <td>
                          {s.published ? (
                            <>
                              <Link to={`/admin/ocop/criteria/${s.published.id}`}>{t("ocopc.version", { version: s.published.version })}</Link>
                              {s.published.publishedAt ? <div className="small muted">{formatDate(s.published.publishedAt.slice(0, 10), locale)}</div> : null}
                              <div className="small">
                                <Link to={`/ocop/criteria/${s.code}`}>{t("ocopc.public.see")}</Link>
                              </div>
                            </>
                          ) : (
                            <span className="muted">{t("ocopc.noSheet")}</span>
                          )}
                        </td>
                        <td>{s.published && s.published.toCheck > 0 ? t("ocopc.toCheck", { count: s.published.toCheck }) : "—"}</td>
                        <td>
                          {s.draft ? (
                            <Link to={`/admin/ocop/criteria/${s.draft.id}`}>{t("ocopc.openDraft", { version: s.draft.version })}</Link>
                          ) : canEdit ? (
                            <Form method="post">
                              <CsrfInput />
                              <input type="hidden" name="productSetCode" value={s.code} />
                              <button type="submit" className="button button--small button--secondary" aria-label={t("ocopc.newDraftNamed", { set: name })}>
                                {t("ocopc.newDraft")}
                              </button>
                            </Form>
                          ) : (
                            "—"
                          )}
                        </td>
                        <td>
                          {s.versions
                            .filter((v) => v.status === "retired")
                            .map((v) => (
                              <div key={v.id}>
                                <Link to={`/admin/ocop/criteria/${v.id}`}>{t("ocopc.version", { version: v.version })}</Link>{" "}
                                <span className="small muted">{t("ocopc.status.retired")}</span>
                              </div>
                            ))}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
          </section>
        );
      })}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
