import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { NewPasswordFields } from "~/components/form/NewPasswordFields";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PASSWORD_MAX } from "~/identity/schema";
import { changePassword } from "~/identity/accounts.server";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireUser } from "~/identity/request.server";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { councilSeatCount } from "~/ocop/council.server";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  return {
    user: { displayName: viewer.user.displayName, email: viewer.user.email },
    memberships: viewer.memberships.map((m) => ({ role: m.role, name: m.organisation.name, nameEn: m.organisation.nameEn, slug: m.organisation.slug })),
    title: translate(getLocale(args.request), "auth.account.title"),
    councilSeats: await councilSeatCount(args.context.db, viewer.user.id),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export async function action(args: ActionFunctionArgs) {
  const viewer = await requireUser(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  const reply = (status: number, body: { changed: boolean; formError?: string; fieldErrors: Record<string, string> }) =>
    data(body, { status });
  if (!csrfOk) return reply(403, { changed: false, formError: CSRF_ERROR_KEY, fieldErrors: {} });
  const result = await changePassword(args.context.db, {
    userId: viewer.user.id,
    currentSessionId: viewer.sessionId,
    input: {
      currentPassword: form.get("currentPassword") ?? undefined,
      newPassword: form.get("newPassword") ?? undefined,
      confirmPassword: form.get("confirmPassword") ?? undefined,
    },
  });
  if (!result.ok) return reply(400, { changed: false, fieldErrors: result.fieldErrors });
  return reply(200, { changed: true, fieldErrors: {} });
}

export default function Account() {
  const { user, memberships, councilSeats } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="container section auth-page">
      <h1>{t("auth.account.title")}</h1>
      <p data-testid="signed-in-as">{t("auth.account.signedInAs", { name: user.displayName, email: user.email })}</p>
      <h2>{t("auth.account.roles")}</h2>
      {memberships.length === 0 ? (
        <p>{t("auth.account.consumer")}</p>
      ) : (
        <ul className="plain-list">
          {memberships.map((m) => (
            <li key={m.slug}>
              {localized(locale, m.name, m.nameEn)} · {t(`auth.role.${m.role}`)}
            </li>
          ))}
        </ul>
      )}
      {councilSeats > 0 ? (
        <p>
          <Link to="/council" data-testid="council-link">
            {t("council.nav")}
          </Link>
        </p>
      ) : null}
      <h2>{t("auth.account.changePassword")}</h2>
      {result?.changed ? (
        <p className="notice notice--ok" role="status">
          {t("auth.account.changed")}
        </p>
      ) : null}
      <Form method="post" className="form auth-form" noValidate>
        <CsrfInput />
        <FormError error={result?.formError} />
        <TextField name="currentPassword" type="password" label={t("auth.field.currentPassword")} autoComplete="current-password" required maxLength={PASSWORD_MAX} error={errors.currentPassword} />
        <NewPasswordFields errors={errors} />
        <button type="submit" className="button">
          {t("auth.account.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
