import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CaseStatusBadge } from "~/components/supervision/CaseView";
import { formatDate, formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";
import { getPublicCase } from "~/supervision/cases.server";
import { normaliseReference } from "~/supervision/schema";

/** What a reporter sees by reference number: status, dates and the answer; never names or contacts. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const reference = normaliseReference(params.reference ?? "");
  if (!reference) throw new Response("Not Found", { status: 404 });
  if (reference !== params.reference) throw redirect(`/reports/${reference}`);
  const found = await getPublicCase(context.db, reference);
  if (!found) throw new Response("Not Found", { status: 404 });
  return {
    ...found,
    receivedAt: found.receivedAt.toISOString(),
    answeredAt: found.answeredAt?.toISOString() ?? null,
    closedAt: found.closedAt?.toISOString() ?? null,
    dueOn: String(found.dueOn),
    // Shown only once answered: an answer being drafted is nobody's to read.
    answer: found.status === "answered" || found.status === "closed" || found.answeredAt ? found.answer : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.reference ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function ReportStatus() {
  const c = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section stack">
      <h1>{t("rep.status.title", { reference: c.reference })}</h1>
      {params.get("sent") ? (
        <div className="notice notice--ok" role="status" data-testid="report-sent">
          <strong>{t("rep.sent.title")}</strong> {t("rep.sent.body", { reference: c.reference })}
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t("rep.status.state")}</dt>
        <dd>
          <CaseStatusBadge status={c.status} />
        </dd>
        <dt>{t("rep.status.kind")}</dt>
        <dd>{t(`rep.kind.${c.kind}`)}</dd>
        <dt>{t("rep.status.received")}</dt>
        <dd>{formatDateTime(c.receivedAt, locale)}</dd>
        <dt>{t("rep.status.due")}</dt>
        <dd>{formatDate(c.dueOn, locale)}</dd>
        <dt>{t("rep.status.handledBy")}</dt>
        <dd>{t(c.assigneeKind ? `case.assignee.${c.assigneeKind}` : "case.assignee.none")}</dd>
      </dl>
      <section aria-labelledby="report-answer">
        <h2 id="report-answer">{t("rep.status.answer")}</h2>
        {c.answer ? (
          <p className="prewrap" data-testid="report-answer">
            {c.answer}
          </p>
        ) : (
          <p>{t("rep.status.noAnswer")}</p>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
