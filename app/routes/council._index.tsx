import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireUser } from "~/identity/request.server";
import { useT } from "~/lib/use-t";
import { seesCouncilProgress } from "~/ocop/council-rules";
import { roundsOfMember } from "~/ocop/council.server";

/** The rounds whose council the signed-in person sits on, and only those rounds' applications. */
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  return { rounds: await roundsOfMember(args.context.db, viewer.user.id) };
}

export const meta: MetaFunction = () => [{ title: "Hội đồng OCOP · OCOP Trace" }, { name: "robots", content: "noindex" }];

export default function MyCouncils() {
  const { rounds } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container section">
      <h1>{t("council.my.title")}</h1>
      <p>{t("council.my.lead")}</p>
      {rounds.length === 0 ? <p data-testid="no-councils">{t("council.my.none")}</p> : null}
      {rounds.map((r) => (
        <section key={r.id} className="section" aria-labelledby={`round-${r.id}`} data-round={r.name}>
          <h2 id={`round-${r.id}`}>{r.name}</h2>
          <p>
            {t(`council.roundStatus.${r.status}`)} · {t("council.my.role", { role: t(`council.role.${r.role}`) })}
          </p>
          {seesCouncilProgress(r.role) ? (
            <p>
              <Link to={`/department/ocop/rounds/${r.id}`}>{t("council.my.manage")}</Link>
            </p>
          ) : null}
          {r.applications.length === 0 ? (
            <p>{t("council.my.noApplications")}</p>
          ) : (
            <ul className="plain-list">
              {r.applications.map((a) => (
                <li key={a.id} data-application={a.number}>
                  <Link to={`/council/${r.id}/${a.id}`}>
                    {a.number} — {a.productName}
                  </Link>
                  {` (${a.organisationName}) · ${t(`council.appStatus.${a.status}`)} · `}
                  {a.conflicted ? t("council.apps.conflictedMark") : a.submitted ? t("council.my.submittedMark") : t("council.my.scored", { count: a.scored })}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
