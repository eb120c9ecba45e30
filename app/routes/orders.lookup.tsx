import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CSRF_ERROR_KEY, csrfTokenFor, readFormWithCsrf, redirectWithCookie } from "~/identity/request.server";
import { fieldErrors } from "~/lib/field-errors";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useT } from "~/lib/use-t";
import { orderLookupSchema } from "~/market/fulfilment-schema";
import { grantOrderAccess } from "~/market/order-access.server";
import { lookupOrder } from "~/market/order-queries.server";
import { formObject } from "~/workspace/access.server";

export async function loader(args: LoaderFunctionArgs) {
  const csrf = await csrfTokenFor(args, { issue: true });
  const body = { csrfToken: csrf?.token ?? null, title: translate(getLocale(args.request), "orders.lookup.title") };
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

type LookupBody = { formError?: string; fieldErrors: Record<string, string>; values: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const { form, csrfOk } = await readFormWithCsrf(args);
  const values = formObject(form);
  const fail = (status: number, body: Omit<LookupBody, "values">, headers?: HeadersInit) => data({ ...body, values }, { status, headers });
  if (!csrfOk) return fail(403, { formError: CSRF_ERROR_KEY, fieldErrors: {} });
  const parsed = orderLookupSchema.safeParse(values);
  if (!parsed.success) return fail(400, { fieldErrors: fieldErrors(parsed.error) });
  const result = await lookupOrder(args.context.db, parsed.data, { clientAddress: args.context.clientAddress });
  if (!result.ok) {
    return result.reason === "throttled"
      ? fail(429, { formError: "orders.lookup.throttled", fieldErrors: {} }, { "Retry-After": String(result.retryAfterSeconds) })
      : fail(404, { formError: "orders.lookup.notFound", fieldErrors: {} });
  }
  return redirectWithCookie(`/orders/${result.number}`, grantOrderAccess(args.context.identity.sessionSecret, args.request, result.number));
}

export default function OrderLookup() {
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container section auth-page">
      <h1>{t("orders.lookup.title")}</h1>
      <p>{t("orders.lookup.intro")}</p>
      <Form method="post" className="form auth-form" noValidate>
        <CsrfInput />
        <FormError error={result?.formError} />
        <TextField
          name="number"
          label={t("orders.lookup.number")}
          autoComplete="off"
          autoCapitalize="characters"
          required
          maxLength={20}
          defaultValue={result?.values.number}
          error={result?.fieldErrors.number}
        />
        <TextField
          name="phone"
          type="tel"
          label={t("orders.lookup.phone")}
          autoComplete="tel"
          required
          maxLength={20}
          defaultValue={result?.values.phone}
          error={result?.fieldErrors.phone}
        />
        <button type="submit" className="button">
          {t("orders.lookup.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
