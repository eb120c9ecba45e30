import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requestPasswordReset } from "~/identity/accounts.server";
import { CSRF_ERROR_KEY, csrfTokenFor, readFormWithCsrf } from "~/identity/request.server";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useT } from "~/lib/use-t";

export async function loader(args: LoaderFunctionArgs) {
  const csrf = await csrfTokenFor(args, { issue: true });
  const body = { csrfToken: csrf?.token ?? null, title: translate(getLocale(args.request), "auth.forgot.title") };
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export async function action(args: ActionFunctionArgs) {
  const { form, csrfOk } = await readFormWithCsrf(args);
  const email = String(form.get("email") ?? "").slice(0, 300);
  const reply = (status: number, body: { sent: boolean; formError?: string; fieldErrors: Record<string, string>; email: string }, headers?: HeadersInit) =>
    data(body, { status, headers });
  if (!csrfOk) return reply(403, { sent: false, formError: CSRF_ERROR_KEY, fieldErrors: {}, email });
  const result = await requestPasswordReset(args.context.db, {
    input: { email: form.get("email") ?? undefined },
    origin: args.context.publicUrl,
    locale: getLocale(args.request),
    logger: args.context.logger,
    clientAddress: args.context.clientAddress,
  });
  if (!result.ok && result.reason === "throttled") {
    return reply(429, { sent: false, formError: "auth.throttled", fieldErrors: {}, email }, { "Retry-After": String(result.retryAfterSeconds) });
  }
  if (!result.ok) return reply(400, { sent: false, fieldErrors: result.fieldErrors, email });
  return reply(200, { sent: true, fieldErrors: {}, email: "" });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container section auth-page">
      <h1>{t("auth.forgot.title")}</h1>
      {result?.sent ? (
        <p className="notice notice--ok" role="status">
          {t("auth.forgot.sent")}
        </p>
      ) : (
        <>
          <p className="muted">{t("auth.forgot.lead")}</p>
          <Form method="post" className="form auth-form" noValidate>
            <CsrfInput />
            <FormError error={result?.formError} />
            <TextField
              name="email"
              type="email"
              label={t("auth.field.email")}
              autoComplete="email"
              required
              maxLength={254}
              defaultValue={result?.email}
              error={result?.fieldErrors.email}
            />
            <button type="submit" className="button">
              {t("auth.forgot.submit")}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("auth.nav.signIn")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
