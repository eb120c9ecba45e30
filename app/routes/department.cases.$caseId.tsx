import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CaseView } from "~/components/supervision/CaseView";
import { requireCsrf, requireUser, type Viewer } from "~/identity/request.server";
import { useT } from "~/lib/use-t";
import { runCaseAction } from "~/supervision/case-actions.server";
import { loadCasePage } from "~/supervision/case-view.server";
import { caseDeskScope, type CaseViewer } from "~/supervision/cases.server";
import { formObject } from "~/workspace/access.server";

/**
 * The department's officers and the supervisors (every case), and commune officers (the cases given to their commune:
 * any other case answers 404); a cooperative answers from its workspace.
 */
async function requireCaseDesk(args: LoaderFunctionArgs): Promise<{ viewer: Viewer; caseViewer: CaseViewer }> {
  const viewer = await requireUser(args);
  if (caseDeskScope(viewer) === null) throw new Response("Forbidden", { status: 403 });
  return { viewer, caseViewer: { userId: viewer.user.id, memberships: viewer.memberships } };
}

export async function loader(args: LoaderFunctionArgs) {
  const { caseViewer } = await requireCaseDesk(args);
  return loadCasePage(args.context.db, caseViewer, args.params.caseId ?? "");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.kase.reference ?? ""} · OCOP Trace` }];

export async function action(args: ActionFunctionArgs) {
  const { caseViewer } = await requireCaseDesk(args);
  const form = await requireCsrf(args);
  return runCaseAction(args.context.db, caseViewer, args.params.caseId ?? "", formObject(form), { publicUrl: args.context.publicUrl });
}

export default function DepartmentCase() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container section stack">
      <p>
        <Link to="/department/cases">← {t("case.desk.title")}</Link>
      </p>
      <CaseView {...data} result={result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
