import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CSRF_ERROR_KEY, csrfTokenFor, verifyCsrf } from "~/identity/request.server";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useT } from "~/lib/use-t";
import { uploadKinds } from "~/storage/file-types";
import { parseUploadForm, uploadProblemMessage } from "~/storage/upload-form.server";
import { reportKinds } from "~/supervision/case-words";
import { submitReport } from "~/supervision/cases.server";
import { formObject } from "~/workspace/access.server";

const prefill = ["kind", "code", "serial", "product", "order", "page"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const csrf = await csrfTokenFor(args, { issue: true });
  const search = new URL(args.request.url).searchParams;
  const values: Record<string, string> = {};
  for (const name of prefill) {
    const v = search.get(name);
    if (v && v.length <= 300) values[name] = v;
  }
  const body = { csrfToken: csrf?.token ?? null, title: translate(getLocale(args.request), "rep.new.title"), values };
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

type Failure = { formError?: string; fieldErrors: Record<string, string>; values: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const fail = (status: number, body: Failure, headers?: HeadersInit) => data(body, { status, headers });
  const upload = await parseUploadForm(args.request, { maxFileBytes: uploadKinds.photo.maxBytes, maxFiles: 1, maxTotalBytes: uploadKinds.photo.maxBytes });
  if (!upload.ok) return fail(upload.problem === "not_multipart" ? 400 : 413, { formError: uploadProblemMessage(upload.problem), fieldErrors: {}, values: {} });
  const values = formObject(upload.fields);
  if (!(await verifyCsrf(args, upload.fields))) return fail(403, { formError: CSRF_ERROR_KEY, fieldErrors: {}, values });
  const photo = upload.files.get("photo")?.[0] ?? null;
  const result = await submitReport(args.context.db, values, photo, {
    storage: args.context.storage,
    clientAddress: args.context.clientAddress,
    locale: getLocale(args.request),
  });
  if (result.ok) return redirect(`/reports/${result.reference}?sent=1`);
  if (result.reason === "throttled") return fail(429, { formError: "rep.throttled", fieldErrors: {}, values }, { "Retry-After": String(result.retryAfterSeconds) });
  if (result.reason === "photo_rejected") {
    const rejection = (result as { rejection?: Parameters<typeof uploadProblemMessage>[0] }).rejection;
    return fail(422, { fieldErrors: { photo: rejection ? uploadProblemMessage(rejection) : "upload.problem.not_multipart" }, values });
  }
  return fail(400, { formError: "rep.formProblem", fieldErrors: result.fieldErrors ?? {}, values });
}

export default function NewReport() {
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const values = failed?.values && Object.keys(failed.values).length > 0 ? failed.values : loaded.values;
  const errors = failed?.fieldErrors ?? {};
  const about = [values.code ? `${values.code}${values.serial ? `/${values.serial}` : ""}` : null, values.product, values.order].filter(Boolean).join(" · ");
  return (
    <div className="container section auth-page">
      <h1>{t("rep.new.title")}</h1>
      <p>{t("rep.new.intro")}</p>
      {about ? <p data-testid="report-about">{t("rep.about", { what: about })}</p> : null}
      <Form method="post" encType="multipart/form-data" className="form" noValidate>
        <CsrfInput />
        <FormError error={failed?.formError} />
        <SelectField
          name="kind"
          label={t("rep.kind")}
          defaultValue={values.kind ?? "counterfeit"}
          options={reportKinds.map((k) => ({ value: k, label: t(`rep.kind.${k}`) }))}
          error={errors.kind}
        />
        <TextAreaField
          name="description"
          label={t("rep.description")}
          hint={t("rep.description.hint")}
          required
          maxLength={2000}
          defaultValue={values.description}
          error={errors.description}
        />
        <TextField name="placeBought" label={t("rep.placeBought")} hint={t("rep.placeBought.hint")} maxLength={300} defaultValue={values.placeBought} error={errors.placeBought} />
        <TextField name="code" label={t("rep.code")} autoCapitalize="characters" maxLength={13} defaultValue={values.code} error={errors.code} />
        <TextField name="serial" label={t("rep.serial")} autoCapitalize="characters" maxLength={13} defaultValue={values.serial} error={errors.serial} />
        {values.product ? <input type="hidden" name="product" value={values.product} /> : null}
        {values.order ? <TextField name="order" label={t("rep.order")} maxLength={20} defaultValue={values.order} error={errors.order} /> : null}
        {values.page ? <TextField name="page" label={t("rep.page")} maxLength={300} defaultValue={values.page} error={errors.page} /> : null}
        <div className={`field${errors.photo ? " field--invalid" : ""}`}>
          <label htmlFor="f-photo" className="field__label">
            {t("rep.photo")}
          </label>
          <input id="f-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby={errors.photo ? "f-photo-error" : undefined} />
          {errors.photo ? (
            <p id="f-photo-error" className="field__error" role="alert">
              {t(errors.photo as Parameters<typeof t>[0])}
            </p>
          ) : null}
        </div>
        <fieldset className="fieldset">
          <legend>{t("rep.contact")}</legend>
          <p className="field__hint">{t("rep.contact.hint")}</p>
          <TextField name="contactName" label={t("rep.contactName")} autoComplete="name" maxLength={120} defaultValue={values.contactName} error={errors.contactName} />
          <TextField name="contactPhone" type="tel" label={t("rep.contactPhone")} autoComplete="tel" maxLength={20} defaultValue={values.contactPhone} error={errors.contactPhone} />
          <TextField name="contactEmail" type="email" label={t("rep.contactEmail")} autoComplete="email" maxLength={200} defaultValue={values.contactEmail} error={errors.contactEmail} />
        </fieldset>
        <button type="submit" className="button">
          {t("rep.submit")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
