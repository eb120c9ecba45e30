import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { RecallDetail } from "~/components/recalls/RecallDetail";
import { requireCsrf } from "~/identity/request.server";
import { isDepartmentOfficer } from "~/identity/roles";
import { requireDashboardViewer } from "~/insights/access.server";
import { actOnRecall, recallDetailData } from "~/recalls/recall-page.server";
import { getRecallView } from "~/recalls/recall-queries.server";
import { recallNumberSchema } from "~/recalls/rules";
import { formObject } from "~/workspace/access.server";
import type { Database } from "#db/client.server";

async function viewOr404(db: Database, raw: string | undefined) {
  const number = recallNumberSchema.safeParse(raw);
  if (!number.success) throw new Response("Not Found", { status: 404 });
  const view = await getRecallView(db, number.data);
  if (!view) throw new Response("Not Found", { status: 404 });
  return view;
}

/** One recall for the department: its whole scope, confirming and closing. Administrators read; officers act. */
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireDashboardViewer(args);
  const view = await viewOr404(args.context.db, args.params.number);
  const officer = isDepartmentOfficer(viewer.memberships);
  return {
    recall: recallDetailData(view, null),
    may: { confirm: officer, close: officer, record: false, release: false, reportHref: view.recall.status === "closed" ? `/department/recalls/${view.recall.number}/report.pdf` : null },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.recall.number ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export async function action(args: ActionFunctionArgs) {
  const viewer = await requireDashboardViewer(args);
  const officerOf = viewer.memberships.find((m) => m.role === "department_officer");
  if (!officerOf) throw new Response("Forbidden", { status: 403 });
  const form = await requireCsrf(args);
  const view = await viewOr404(args.context.db, args.params.number);
  const result = await actOnRecall(args.context.db, { userId: viewer.user.id, organisationId: officerOf.organisationId }, {
    who: { kind: "department", userId: viewer.user.id },
    view,
    values: formObject(form),
    publicUrl: args.context.publicUrl,
  });
  if (result.ok) return redirect(`/department/recalls/${view.recall.number}`);
  return data(result, { status: 400 });
}

export default function DepartmentRecall() {
  const { recall, may } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="container section">
      <RecallDetail recall={recall} may={may} actionResult={result && !result.ok ? result : undefined} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
