import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/lib/locale.server";
import { involves } from "~/recalls/recall-page.server";
import { getRecallView } from "~/recalls/recall-queries.server";
import { recallReportFileName, recallReportPdf } from "~/recalls/report.server";
import { recallNumberSchema } from "~/recalls/rules";
import { requireWorkspace } from "~/workspace/access.server";

/** The closed recall's report as one cooperative may keep it: its own lots, order lines and holds. */
export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const number = recallNumberSchema.safeParse(args.params.number);
  const view = number.success ? await getRecallView(args.context.db, number.data) : null;
  if (!view || view.recall.status !== "closed" || !involves(view, access.organisation.id)) throw new Response("Not Found", { status: 404 });
  const pdf = await recallReportPdf({ view, organisationId: access.organisation.id, organisationName: access.organisation.name, locale: getLocale(args.request), generatedAt: new Date() });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${recallReportFileName(view.recall.number)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
