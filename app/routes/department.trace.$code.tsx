import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { LotCounterfeitReports } from "~/components/supervision/LotCounterfeitReports";
import { LineageTrace } from "~/components/trace/LineageTrace";
import { requireDashboardViewer } from "~/insights/access.server";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { loadLotCounterfeitReports } from "~/supervision/case-view.server";
import { canReadEveryCase } from "~/supervision/cases.server";
import { linesPageParam, pageOfLines, type TraceViewer } from "~/trace/lineage-trace";
import { backwardTrace, findTraceStart, forwardTrace, type TraceCandidate } from "~/trace/lineage-trace.server";

const query = z.object({ batch: z.guid().optional() });
const department: TraceViewer = { kind: "department" };

/**
 * The department's trace of a lot by its code (issue #16): a lot code several products share asks which one
 * (`?batch=`); a short code or a GS1 link works too.
 */
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireDashboardViewer(args);
  const code = String(args.params.code ?? "").slice(0, 300);
  const search = new URL(args.request.url).searchParams;
  const parsed = query.safeParse({ batch: search.get("batch") ?? undefined });
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const db = args.context.db;
  const candidates = await findTraceStart(db, code, department);
  const chosen = parsed.data.batch ? candidates.find((c) => c.batchId === parsed.data.batch) : candidates.length === 1 ? candidates[0] : undefined;
  if (!chosen) {
    if (parsed.data.batch) throw new Response("Not Found", { status: 404 });
    return { code, candidates, trace: null };
  }
  const [backward, forward] = await Promise.all([backwardTrace(db, chosen.batchId, department), forwardTrace(db, chosen.batchId, department)]);
  if (!backward || !forward) throw new Response("Not Found", { status: 404 });
  // Citizens' counterfeit reports beside the scans of unregistered codes, for those who read cases (not admins).
  const counterfeitReports = canReadEveryCase(viewer) ? await loadLotCounterfeitReports(db, chosen.batchId, "desk") : [];
  // Only one page of the order lines goes to the page (a raw lot's can be ten thousand); the totals count them all.
  const shown = pageOfLines(forward.orderLines, linesPageParam(search.get("lines")));
  return {
    code,
    candidates,
    trace: { backward, forward: { ...forward, orderLines: shown.lines }, linesPage: shown.page, several: candidates.length > 1, counterfeitReports },
  };
}

export default function DepartmentTraceRoute() {
  const { code, candidates, trace } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const here = `/department/trace/${encodeURIComponent(code)}`;
  return (
    <article aria-labelledby="trace-heading" className="trace-page">
      <h1 id="trace-heading">{trace ? t("lineage.title", { lot: trace.forward.root.lotCode }) : t("lineage.department.title")}</h1>
      {/* Another code: a plain GET form to the search page, which sends it here; works without JavaScript. */}
      <Form method="get" action="/department/trace" className="inline-form" reloadDocument>
        <label htmlFor="trace-code">{t("lineage.department.search")}</label>
        <input id="trace-code" name="code" defaultValue={code} required maxLength={300} />
        <button type="submit">{t("lineage.department.go")}</button>
      </Form>
      {trace ? (
        <>
          <p className="small">
            {trace.forward.root.organisationName} · {localized(locale, trace.forward.root.productNameVi, trace.forward.root.productNameEn)} ·{" "}
            {trace.forward.root.producedOn}
          </p>
          <LineageTrace
            backward={trace.backward}
            forward={trace.forward}
            downloadBase={`/department/trace/kde/${trace.forward.root.batchId}`}
            linesPage={trace.linesPage}
            pageHref={(page) => {
              const params = new URLSearchParams({ lines: String(page) });
              if (trace.several) params.set("batch", trace.forward.root.batchId);
              return `/department/trace/${encodeURIComponent(code)}?${params.toString()}#trace-orders`;
            }}
          />
          <LotCounterfeitReports reports={trace.counterfeitReports} casesBase="/department/cases" />
        </>
      ) : candidates.length === 0 ? (
        <p className="notice" role="status" data-testid="trace-not-found">
          {t("lineage.department.notFound", { code })}
        </p>
      ) : (
        <>
          <p>{t("lineage.department.pick", { code })}</p>
          <ul className="plain-list" data-testid="trace-candidates">
            {candidates.map((c: TraceCandidate) => (
              <li key={c.batchId}>
                <Link to={`${here}?batch=${c.batchId}`}>
                  {c.lotCode} · {localized(locale, c.productNameVi, c.productNameEn)} · {c.organisationName} · {c.producedOn}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
