import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { RecallDetail } from "~/components/recalls/RecallDetail";
import { useT } from "~/lib/use-t";
import { actOnRecall, involves, recallDetailData } from "~/recalls/recall-page.server";
import { getRecallView } from "~/recalls/recall-queries.server";
import { recallNumberSchema } from "~/recalls/rules";
import { actorOf, formObject, requireWorkspace, requireWorkspaceAction, type WorkspaceAccess } from "~/workspace/access.server";
import type { Database } from "#db/client.server";

async function viewFor(db: Database, access: WorkspaceAccess, raw: string | undefined) {
  const number = recallNumberSchema.safeParse(raw);
  if (!number.success) throw new Response("Not Found", { status: 404 });
  const view = await getRecallView(db, number.data);
  // A recall the cooperative has nothing to do with reads as unknown.
  if (!view || !involves(view, access.organisation.id)) throw new Response("Not Found", { status: 404 });
  return view;
}

/** A recall as one cooperative sees it: its scope under review or frozen, its own orders, what it may do. */
export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const view = await viewFor(args.context.db, access, args.params.number);
  const manager = access.role === "cooperative_manager";
  const opener = view.recall.openedByOrganisationId === access.organisation.id;
  return {
    recall: recallDetailData(view, access.organisation.id),
    may: {
      confirm: manager && opener,
      close: manager && opener,
      record: true,
      release: manager,
      reportHref: view.recall.status === "closed" ? `/workspace/${access.organisation.slug}/recalls/${view.recall.number}/report.pdf` : null,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args);
  const view = await viewFor(args.context.db, access, args.params.number);
  const role = access.role === "cooperative_manager" ? "cooperative_manager" : "cooperative_staff";
  const result = await actOnRecall(args.context.db, actorOf(access), {
    who: { kind: "cooperative", userId: access.user.id, organisationId: access.organisation.id, role },
    view,
    values: formObject(form),
    publicUrl: args.context.publicUrl,
  });
  if (result.ok) return redirect(`/workspace/${access.organisation.slug}/recalls/${view.recall.number}?done=1`);
  return data(result, { status: result.formError === "recall.refusal.forbidden" ? 403 : 400 });
}

export default function WorkspaceRecall() {
  const { recall, may } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  return (
    <section aria-labelledby="recall-h">
      {search.get("joined") ? <p className="notice notice--ok">{t("recall.open.joined", { number: recall.number })}</p> : null}
      {search.get("done") ? (
        <p className="notice notice--ok" role="status">
          {t("recall.detail.recorded")}
        </p>
      ) : null}
      <RecallDetail recall={recall} may={may} actionResult={result && !result.ok ? result : undefined} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
