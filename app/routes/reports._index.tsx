import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useT } from "~/lib/use-t";
import { getPublicCase } from "~/supervision/cases.server";
import { normaliseReference } from "~/supervision/schema";

/** Follow a report by its reference number (a GET form: nothing changes, so no CSRF token). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get("reference");
  if (typed !== null) {
    const reference = normaliseReference(typed);
    // A mistyped number is answered on the form, not with a page that is not found.
    if (reference && (await getPublicCase(context.db, reference))) throw redirect(`/reports/${reference}`);
  }
  return { title: translate(getLocale(request), "rep.follow.title"), typed, invalid: typed !== null };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export default function FollowReport() {
  const { typed, invalid } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container section auth-page">
      <h1>{t("rep.follow.title")}</h1>
      <Form method="get" className="form">
        <TextField
          name="reference"
          label={t("rep.follow.reference")}
          autoCapitalize="characters"
          maxLength={20}
          placeholder="PA-XXXX-XXXX-XXXX"
          defaultValue={typed ?? ""}
          error={invalid ? "rep.follow.notFound" : undefined}
        />
        <button type="submit" className="button">
          {t("rep.follow.submit")}
        </button>
      </Form>
      <p>
        <Link to="/reports/new">{t("rep.new.title")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
