import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { Field, FormError, SelectField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { signUp } from "~/identity/accounts.server";
import { CSRF_ERROR_KEY, csrfTokenFor, getViewer, readFormWithCsrf, redirectWithCookie, startSession } from "~/identity/request.server";
import { accountTypes, signUpOrganisationKinds, PASSWORD_MIN, PASSWORD_MAX } from "~/identity/schema";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useT } from "~/lib/use-t";
import { mergeGuestCartOfRequest } from "~/market/cart.server";

const FIELDS = ["accountType", "displayName", "email", "organisationName", "organisationKind"] as const;

export async function loader(args: LoaderFunctionArgs) {
  if (await getViewer(args)) throw redirect("/account");
  const csrf = await csrfTokenFor(args, { issue: true });
  const body = { csrfToken: csrf?.token ?? null, title: translate(getLocale(args.request), "auth.signup.title") };
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export async function action(args: ActionFunctionArgs) {
  const { form, csrfOk } = await readFormWithCsrf(args);
  // Everything but the password comes back to refill the form.
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "").slice(0, 300)]));
  const fail = (status: number, formError: string | undefined, fieldErrors: Record<string, string> = {}, headers?: HeadersInit) => {
    const body = { formError, fieldErrors, values };
    return data(body, { status, headers });
  };
  if (!csrfOk) return fail(403, CSRF_ERROR_KEY);
  const input = Object.fromEntries(
    [...FIELDS, "password"].map((f) => [f, f === "organisationName" || f === "organisationKind" ? form.get(f) || undefined : (form.get(f) ?? undefined)]),
  );
  const result = await signUp(args.context.db, input, { clientAddress: args.context.clientAddress });
  if (!result.ok && result.reason === "throttled") {
    return fail(429, "auth.throttled", {}, { "Retry-After": String(result.retryAfterSeconds) });
  }
  if (!result.ok) return fail(400, undefined, result.fieldErrors);
  // A cart filled before signing in joins the account's cart.
  await mergeGuestCartOfRequest(args, result.user.id);
  return redirectWithCookie(result.organisation ? "/workspace" : "/account", await startSession(args, result.user.id));
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result?.fieldErrors ?? {};
  const values = result?.values;
  const accountType = values?.accountType || "consumer";
  return (
    <div className="container section auth-page">
      <h1>{t("auth.signup.title")}</h1>
      <p className="muted">{t("auth.signup.lead")}</p>
      <Form method="post" className="form auth-form" noValidate>
        <CsrfInput />
        <FormError error={result?.formError} />
        <Field name="accountType" label={t("auth.signup.accountType")} error={errors.accountType}>
          {({ describedBy }) => (
            <div className="choice-list" role="radiogroup" aria-describedby={describedBy}>
              {accountTypes.map((type) => (
                <label key={type} className="choice">
                  <input type="radio" name="accountType" value={type} defaultChecked={accountType === type} />
                  <span>{t(type === "consumer" ? "auth.signup.type.consumer" : "auth.signup.type.organisation")}</span>
                </label>
              ))}
            </div>
          )}
        </Field>
        <TextField name="displayName" label={t("auth.field.displayName")} autoComplete="name" required maxLength={100} defaultValue={values?.displayName} error={errors.displayName} />
        <TextField name="email" type="email" label={t("auth.field.email")} autoComplete="email" required maxLength={254} defaultValue={values?.email} error={errors.email} />
        <TextField
          name="password"
          type="password"
          label={t("auth.field.password")}
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          hint={t("auth.field.passwordHint")}
          error={errors.password}
        />
        <fieldset className="auth-form__organisation">
          <legend>{t("auth.signup.type.organisation")}</legend>
          <p className="field__hint">{t("auth.signup.organisationHint")}</p>
          <TextField name="organisationName" label={t("auth.signup.organisationName")} maxLength={160} defaultValue={values?.organisationName} error={errors.organisationName} />
          <SelectField
            name="organisationKind"
            label={t("auth.signup.organisationKind")}
            emptyLabel={t("auth.signup.chooseKind")}
            options={signUpOrganisationKinds.map((kind) => ({ value: kind, label: t(`auth.orgKind.${kind}`) }))}
            defaultValue={values?.organisationKind}
            error={errors.organisationKind}
          />
        </fieldset>
        <button type="submit" className="button">
          {t("auth.signup.submit")}
        </button>
      </Form>
      <p>
        {t("auth.signup.haveAccount")} <Link to="/login">{t("auth.nav.signIn")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
