import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireDashboardViewer } from "~/insights/access.server";
import { getLocale } from "~/lib/locale.server";
import { getRecallView } from "~/recalls/recall-queries.server";
import { recallReportFileName, recallReportPdf } from "~/recalls/report.server";
import { recallNumberSchema } from "~/recalls/rules";

/** The closed recall's report, all of it, for the department. */
export async function loader(args: LoaderFunctionArgs) {
  await requireDashboardViewer(args);
  const number = recallNumberSchema.safeParse(args.params.number);
  const view = number.success ? await getRecallView(args.context.db, number.data) : null;
  if (!view || view.recall.status !== "closed") throw new Response("Not Found", { status: 404 });
  const pdf = await recallReportPdf({ view, organisationId: null, locale: getLocale(args.request), generatedAt: new Date() });
  return pdfResponse(pdf, recallReportFileName(view.recall.number));
}

function pdfResponse(pdf: Buffer, name: string): Response {
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
