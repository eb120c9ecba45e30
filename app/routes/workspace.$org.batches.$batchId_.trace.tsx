import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { LotCounterfeitReports } from "~/components/supervision/LotCounterfeitReports";
import { LineageTrace } from "~/components/trace/LineageTrace";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { linesPageParam, pageOfLines, type TraceViewer } from "~/trace/lineage-trace";
import { backwardTrace, forwardTrace } from "~/trace/lineage-trace.server";
import { loadLotCounterfeitReports } from "~/supervision/case-view.server";
import { requireWorkspace } from "~/workspace/access.server";

const batchIdParam = z.guid();

/** A lot's trace for its cooperative (issue #16): its own lots in full, other organisations' as counts. */
export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const id = batchIdParam.safeParse(args.params.batchId);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  const db = args.context.db;
  const viewer: TraceViewer = { kind: "cooperative", organisationId: organisation.id };
  const [backward, forward] = await Promise.all([backwardTrace(db, id.data, viewer), forwardTrace(db, id.data, viewer)]);
  // Another organisation's lot is not found here, whether or not it exists.
  if (!backward || !forward || forward.root.organisationId !== organisation.id) throw new Response("Not Found", { status: 404 });
  // Citizens' counterfeit reports sit beside the scans of unregistered codes the trace shows.
  const counterfeitReports = await loadLotCounterfeitReports(db, id.data, { organisationId: organisation.id });
  // Only one page of the order lines goes to the page (a raw lot's can be ten thousand); the totals count them all.
  const shown = pageOfLines(forward.orderLines, linesPageParam(new URL(args.request.url).searchParams.get("lines")));
  return { slug: organisation.slug, backward, forward: { ...forward, orderLines: shown.lines }, linesPage: shown.page, counterfeitReports };
}

export default function BatchTraceRoute() {
  const { slug, backward, forward, linesPage, counterfeitReports } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const root = forward.root;
  const base = `/workspace/${slug}/batches/${root.batchId}`;
  return (
    <article aria-labelledby="trace-heading" className="trace-page">
      <p className="breadcrumb">
        <Link to={base}>
          {root.lotCode} · {localized(locale, root.productNameVi, root.productNameEn)}
        </Link>
      </p>
      <h2 id="trace-heading">{t("lineage.title", { lot: root.lotCode })}</h2>
      <LineageTrace
        backward={backward}
        forward={forward}
        downloadBase={`${base}/trace/kde`}
        linesPage={linesPage}
        pageHref={(page) => `${base}/trace?lines=${page}#trace-orders`}
      />
      <LotCounterfeitReports reports={counterfeitReports} casesBase={`/workspace/${slug}/cases`} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
