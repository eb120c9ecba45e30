import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireDashboardViewer } from "~/insights/access.server";
import { useT } from "~/lib/use-t";

/** Where the department types or pastes a code to trace; `?code=` goes to that code's trace page. */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const code = (new URL(args.request.url).searchParams.get("code") ?? "").trim().slice(0, 300);
  if (code) throw redirect(`/department/trace/${encodeURIComponent(code)}`);
  return null;
}

export default function DepartmentTraceSearchRoute() {
  const t = useT();
  return (
    <article aria-labelledby="trace-heading" className="trace-page">
      <h1 id="trace-heading">{t("lineage.department.title")}</h1>
      <Form method="get" className="inline-form" reloadDocument>
        <label htmlFor="trace-code">{t("lineage.department.search")}</label>
        <input id="trace-code" name="code" required maxLength={300} />
        <button type="submit">{t("lineage.department.go")}</button>
      </Form>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
