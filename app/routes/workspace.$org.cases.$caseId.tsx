import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CaseView } from "~/components/supervision/CaseView";
import { useT } from "~/lib/use-t";
import { runCaseAction } from "~/supervision/case-actions.server";
import { loadCasePage } from "~/supervision/case-view.server";
import type { CaseViewer } from "~/supervision/cases.server";
import { formObject, requireWorkspace, requireWorkspaceAction, type WorkspaceAccess } from "~/workspace/access.server";

// Acting here, a person is only this cooperative's member (never the department, even if they are both).
function caseViewerOf(access: WorkspaceAccess): CaseViewer {
  return { userId: access.user.id, memberships: [{ organisationId: access.organisation.id, role: access.role }] };
}

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const page = await loadCasePage(args.context.db, caseViewerOf(access), args.params.caseId ?? "");
  return { ...page, slug: access.organisation.slug };
}

// The layout's title ("Phản ánh · HTX … · OCOP Trace"), led by the case's reference.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const inherited = matches.flatMap((m) => m.meta ?? []);
  const title = inherited.map((d) => ("title" in d ? String(d.title) : null)).findLast((v) => v !== null) ?? "OCOP Trace";
  return [{ title: data ? `${data.kase.reference} · ${title}` : title }, { name: "robots", content: "noindex" }];
};

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args);
  return runCaseAction(args.context.db, caseViewerOf(access), args.params.caseId ?? "", formObject(form), { publicUrl: args.context.publicUrl });
}

export default function WorkspaceCase() {
  const { slug, ...data } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="stack">
      <p>
        <Link to={`/workspace/${slug}/cases`}>← {t("case.ws.title")}</Link>
      </p>
      <CaseView {...data} result={result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
