import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CaseTable } from "~/components/supervision/CaseTable";
import { requireUser } from "~/identity/request.server";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { vietnamDate } from "~/lib/vietnam-time";
import { useLocale, useT } from "~/lib/use-t";
import { reportKinds } from "~/supervision/case-words";
import { caseCommunes, caseDeskScope, listCases } from "~/supervision/cases.server";
import { caseFilterSchema } from "~/supervision/schema";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  const scope = caseDeskScope(viewer);
  if (scope === null) throw new Response("Forbidden", { status: 403 });
  const params = Object.fromEntries(new URL(args.request.url).searchParams);
  const filter = caseFilterSchema.parse(params);
  const [cases, communes] = await Promise.all([listCases(args.context.db, scope, filter), caseCommunes(args.context.db)]);
  return {
    title: translate(getLocale(args.request), "case.desk.title"),
    filter,
    communes,
    cases: cases.map(({ receivedAt, ...c }) => ({ ...c, receivedOn: vietnamDate(receivedAt) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export default function CaseDesk() {
  const { filter, communes, cases } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section stack">
      <h1>{t("case.desk.title")}</h1>
      <p>{t("case.desk.intro")}</p>
      <Form method="get" className="form form--inline" aria-label={t("case.filter.apply")}>
        <label>
          {t("case.filter.status")}{" "}
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("case.filter.all")}</option>
            <option value="open">{t("case.filter.open")}</option>
            <option value="overdue">{t("case.filter.overdue")}</option>
            {(["received", "assigned", "answered", "escalated", "closed"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`case.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("case.filter.kind")}{" "}
          <select name="kind" defaultValue={filter.kind ?? ""}>
            <option value="">{t("case.filter.all")}</option>
            {reportKinds.map((k) => (
              <option key={k} value={k}>
                {t(`rep.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("case.filter.commune")}{" "}
          <select name="commune" defaultValue={filter.commune ? String(filter.commune) : ""}>
            <option value="">{t("case.filter.all")}</option>
            {communes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("case.filter.apply")}
        </button>
      </Form>
      {cases.length === 0 ? (
        <p>{t("case.desk.empty")}</p>
      ) : (
        <CaseTable cases={cases} base="/department/cases" locale={locale} />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
