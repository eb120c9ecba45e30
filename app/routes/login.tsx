import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { signIn } from "~/identity/accounts.server";
import { CSRF_ERROR_KEY, csrfTokenFor, getViewer, readFormWithCsrf, redirectWithCookie, startSession } from "~/identity/request.server";
import { landingPath } from "~/identity/roles";
import { listViewerMemberships } from "~/identity/sessions.server";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { PASSWORD_MAX } from "~/identity/schema";
import { useT } from "~/lib/use-t";
import { mergeGuestCartOfRequest } from "~/market/cart.server";

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "");
  const viewer = await getViewer(args);
  if (viewer) throw redirect(redirectTo || landingPath(viewer.memberships));
  const csrf = await csrfTokenFor(args, { issue: true });
  const body = {
    csrfToken: csrf?.token ?? null,
    redirectTo,
    resetDone: url.searchParams.has("reset"),
    title: translate(getLocale(args.request), "auth.login.title"),
  };
  // The cast keeps loader typing plain: the project does not opt into single-fetch types.
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export async function action(args: ActionFunctionArgs) {
  const { form, csrfOk } = await readFormWithCsrf(args);
  const email = String(form.get("email") ?? "").slice(0, 300);
  const fail = (status: number, formError: string | undefined, fieldErrors: Record<string, string> = {}, headers?: HeadersInit) => {
    const body = { formError, fieldErrors, email };
    return data(body, { status, headers });
  };
  if (!csrfOk) return fail(403, CSRF_ERROR_KEY);
  const result = await signIn(
    args.context.db,
    { email: form.get("email") ?? undefined, password: form.get("password") ?? undefined },
    { clientAddress: args.context.clientAddress },
  );
  if (!result.ok) {
    if (result.reason === "invalid") return fail(400, undefined, result.fieldErrors);
    if (result.reason === "throttled") return fail(429, "auth.login.throttled", {}, { "Retry-After": String(result.retryAfterSeconds) });
    return fail(400, "auth.login.credentials");
  }
  const grants = await listViewerMemberships(args.context.db, result.user.id);
  const fallback = landingPath(grants);
  const target = safeRedirectPath(form.get("redirectTo"), "") || fallback;
  // A cart filled before signing in joins the account's cart.
  await mergeGuestCartOfRequest(args, result.user.id);
  return redirectWithCookie(target, await startSession(args, result.user.id));
}

export default function Login() {
  const { redirectTo, resetDone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container section auth-page">
      <h1>{t("auth.login.title")}</h1>
      {resetDone ? (
        <p className="notice notice--ok" role="status">
          {t("auth.login.resetDone")}
        </p>
      ) : null}
      <Form method="post" className="form auth-form" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
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
        <TextField
          name="password"
          type="password"
          label={t("auth.field.password")}
          autoComplete="current-password"
          required
          maxLength={PASSWORD_MAX}
          error={result?.fieldErrors.password}
        />
        <button type="submit" className="button">
          {t("auth.login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("auth.login.forgot")}</Link>
      </p>
      <p>
        {t("auth.login.noAccount")} <Link to="/signup">{t("auth.login.signUpLink")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
