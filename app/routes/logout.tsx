import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CSRF_ERROR_KEY, endSession, getViewer, readFormWithCsrf, redirectWithCookie } from "~/identity/request.server";
import { defaultLocale, translate, type Locale } from "~/lib/i18n";
import { useT } from "~/lib/use-t";

/** GET /logout only offers the button: signing out changes state, so it is a POST with a CSRF token. */
export async function loader(args: LoaderFunctionArgs) {
  if (!(await getViewer(args))) throw redirect("/");
  return null;
}

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? defaultLocale;
  return [{ title: `${translate(locale, "auth.nav.signOut")} · OCOP Trace` }, { name: "robots", content: "noindex" }];
};

export async function action(args: ActionFunctionArgs) {
  const { csrfOk } = await readFormWithCsrf(args);
  if (!csrfOk) {
    const body = { formError: CSRF_ERROR_KEY };
    return data(body, { status: 403 });
  }
  return redirectWithCookie("/", await endSession(args));
}

export default function Logout() {
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container section auth-page">
      <h1>{t("auth.nav.signOut")}</h1>
      <Form method="post" className="form auth-form">
        <CsrfInput />
        <FormError error={result?.formError} />
        <button type="submit" className="button">
          {t("auth.nav.signOut")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
