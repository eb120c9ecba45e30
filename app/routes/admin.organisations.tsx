import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { approveOrganisation, listPendingOrganisations } from "~/identity/organisations.server";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireAdmin } from "~/identity/request.server";
import { formatDateTime } from "~/lib/format";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  await requireAdmin(args);
  const pending = await listPendingOrganisations(args.context.db);
  return {
    pending: pending.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    title: translate(getLocale(args.request), "auth.admin.title"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export async function action(args: ActionFunctionArgs) {
  const viewer = await requireAdmin(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  const reply = (status: number, body: { approved: boolean; formError?: string }) => data(body, { status });
  if (!csrfOk) return reply(403, { approved: false, formError: CSRF_ERROR_KEY });
  const result = await approveOrganisation(args.context.db, {
    actor: { userId: viewer.user.id, memberships: viewer.memberships },
    input: { organisationId: form.get("organisationId") ?? undefined },
  });
  if (result.ok) return reply(200, { approved: true });
  if (result.reason === "forbidden") throw new Response("Forbidden", { status: 403 });
  return reply(result.reason === "invalid" ? 400 : 409, { approved: false, formError: "auth.admin.notPending" });
}

export default function AdminOrganisations() {
  const { pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1>{t("auth.admin.title")}</h1>
      <p className="muted">{t("auth.admin.lead")}</p>
      {result?.approved ? (
        <p className="notice notice--ok" role="status">
          {t("auth.admin.approved")}
        </p>
      ) : null}
      <FormError error={result?.formError} />
      {pending.length === 0 ? (
        <p>{t("auth.admin.empty")}</p>
      ) : (
        <TableWrap label={t("auth.admin.title")}>
          <table className="table" data-testid="pending-organisations">
            <thead>
              <tr>
                <th scope="col">{t("auth.admin.name")}</th>
                <th scope="col">{t("auth.admin.kind")}</th>
                <th scope="col">{t("auth.admin.registeredBy")}</th>
                <th scope="col">{t("auth.admin.registeredAt")}</th>
                <th scope="col">{t("auth.admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((o) => (
                <tr key={o.id}>
                  <td>{o.name}</td>
                  <td>{t(`auth.orgKind.${o.kind as "cooperative"}`)}</td>
                  <td>
                    {o.managers.map((m) => (
                      <div key={m.email}>
                        {m.displayName} <span className="muted">{m.email}</span>
                      </div>
                    ))}
                  </td>
                  <td>{formatDateTime(o.createdAt, locale)}</td>
                  <td>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="organisationId" value={o.id} />
                      <button type="submit" className="button" aria-label={t("auth.admin.approveNamed", { name: o.name })}>
                        {t("auth.admin.approve")}
                      </button>
                    </Form>
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
