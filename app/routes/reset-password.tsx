import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { NewPasswordFields } from "~/components/form/NewPasswordFields";
import { FormError } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { findUsableResetToken, resetPassword } from "~/identity/accounts.server";
import { CSRF_ERROR_KEY, csrfTokenFor, readFormWithCsrf } from "~/identity/request.server";
import { clearSessionCookieHeader, isSecureRequest } from "~/identity/sessions.server";
import { isWellFormedToken } from "~/identity/tokens.server";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useT } from "~/lib/use-t";

export async function loader(args: LoaderFunctionArgs) {
  const token = new URL(args.request.url).searchParams.get("token");
  const valid = isWellFormedToken(token) && (await findUsableResetToken(args.context.db, token)) !== null;
  const csrf = await csrfTokenFor(args, { issue: true });
  const body = { csrfToken: csrf?.token ?? null, token: valid ? token : null, title: translate(getLocale(args.request), "auth.reset.title") };
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ""} · OCOP Trace` },
  { name: "robots", content: "noindex" },
  // The token is in the URL: never send it to another site as a referrer (same-site keeps Origin for the POST).
  { name: "referrer", content: "same-origin" },
];

export async function action(args: ActionFunctionArgs) {
  const { form, csrfOk } = await readFormWithCsrf(args);
  const reply = (status: number, body: { invalidToken: boolean; formError?: string; fieldErrors: Record<string, string> }) =>
    data(body, { status });
  if (!csrfOk) return reply(403, { invalidToken: false, formError: CSRF_ERROR_KEY, fieldErrors: {} });
  const result = await resetPassword(args.context.db, {
    token: form.get("token") ?? undefined,
    newPassword: form.get("newPassword") ?? undefined,
    confirmPassword: form.get("confirmPassword") ?? undefined,
  });
  if (!result.ok) {
    if (result.reason === "token_invalid") return reply(400, { invalidToken: true, fieldErrors: {} });
    return reply(400, { invalidToken: false, fieldErrors: result.fieldErrors });
  }
  // Every session of the account has ended, this browser's too.
  throw redirect("/login?reset=1", { headers: { "Set-Cookie": clearSessionCookieHeader(isSecureRequest(args.request)) } });
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result?.fieldErrors ?? {};
  if (!token || result?.invalidToken) {
    return (
      <div className="container section auth-page">
        <h1>{t("auth.reset.title")}</h1>
        <p className="notice notice--danger" role="alert">
          {t("auth.reset.invalid")}
        </p>
        <p>
          <Link to="/forgot-password">{t("auth.reset.requestNew")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container section auth-page">
      <h1>{t("auth.reset.title")}</h1>
      <Form method="post" action={`/reset-password?token=${encodeURIComponent(token)}`} className="form auth-form" noValidate>
        <CsrfInput />
        <input type="hidden" name="token" value={token} />
        <FormError error={result?.formError} />
        <NewPasswordFields errors={errors} />
        <button type="submit" className="button">
          {t("auth.reset.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
