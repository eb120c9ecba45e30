import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CaseTable } from "~/components/supervision/CaseTable";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamDate } from "~/lib/vietnam-time";
import { listCases } from "~/supervision/cases.server";
import { requireWorkspace } from "~/workspace/access.server";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const cases = await listCases(args.context.db, { organisationId: access.organisation.id });
  return { slug: access.organisation.slug, cases: cases.map(({ receivedAt, ...c }) => ({ ...c, receivedOn: vietnamDate(receivedAt) })) };
}

export default function WorkspaceCases() {
  const { slug, cases } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="cases-heading" className="stack">
      <h2 id="cases-heading">{t("case.ws.title")}</h2>
      <p>{t("case.ws.intro")}</p>
      {cases.length === 0 ? <p>{t("case.ws.empty")}</p> : <CaseTable cases={cases} base={`/workspace/${slug}/cases`} locale={locale} />}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
