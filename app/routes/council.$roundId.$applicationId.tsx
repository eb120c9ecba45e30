import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { EvidenceSummary } from "~/components/ocop/EvidenceSummary";
import { TableWrap } from "~/components/TableWrap";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireUser } from "~/identity/request.server";
import { formatDateTime, formatNumber, formatVnd } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { criterionSpreads } from "~/ocop/council-rules";
import { evidenceSnapshot } from "~/ocop/evidence";
import { dossierForms, formValues, type DossierFormName } from "~/ocop/forms";
import { declareConflict } from "~/ocop/council.server";
import { ocopParts, platformEvidenceKinds, totals, type PlatformEvidenceKind } from "~/ocop/rules";
import { getDossier, scoreApplication } from "~/ocop/scoring.server";

/** A council member of the round reads the dossier and scores it; anyone else finds nothing here. */
async function requireDossier(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const viewer = await requireUser(args);
  const dossier = await getDossier(args.context.db, { userId: viewer.user.id, roundId: args.params.roundId ?? "", applicationId: args.params.applicationId ?? "" });
  if (!dossier) throw new Response("Not Found", { status: 404 });
  return { viewer, dossier };
}

export async function loader(args: LoaderFunctionArgs) {
  const { dossier } = await requireDossier(args);
  return { dossier, selfTotal: dossier.selfScores.length ? totals(dossier.sheet, dossier.selfScores).total : null };
}

type Reply = { done: MessageKey | null; total?: number | null; errors: Record<string, string>; missing?: string[]; wrong?: string[] };

export async function action(args: ActionFunctionArgs) {
  const { viewer, dossier } = await requireDossier(args);
  const { form, csrfOk } = await readFormWithCsrf(args);
  const reply = (status: number, body: Reply) => data(body, { status });
  if (!csrfOk) return reply(403, { done: null, errors: { _form: CSRF_ERROR_KEY } });
  const actor = { userId: viewer.user.id, memberships: viewer.memberships };
  const intent = String(form.get("intent") ?? "");
  if (intent === "conflict") {
    const result = await declareConflict(args.context.db, { actor, roundId: dossier.round.id, applicationId: dossier.application.id, input: { note: String(form.get("note") ?? "") } });
    if (!result.ok) return reply(400, { done: null, errors: result.fieldErrors ?? { _form: `council.refusal.${result.reason}` } });
    return reply(200, { done: "council.dossier.declared", errors: {} });
  }
  if (intent !== "save" && intent !== "submit") throw new Response("Bad Request", { status: 400 });
  const result = await scoreApplication(args.context.db, { actor, roundId: dossier.round.id, applicationId: dossier.application.id, form: form.entries(), submit: intent === "submit" });
  if (!result.ok) {
    return reply(400, {
      done: null,
      errors: result.fieldErrors ?? { _form: `council.refusal.${result.reason}` },
      missing: result.missing,
      wrong: result.scoreRefusals?.map((r) => r.code),
    });
  }
  return reply(200, { done: result.submitted ? "council.dossier.submitted" : "council.dossier.saved", total: result.total, errors: {} });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.dossier.application.number ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

/** A dossier form as the producer filled it, each field under its own label (app/ocop/forms.ts). */
function FormFacts({ name, values }: { name: DossierFormName; values: Record<string, unknown> }) {
  const t = useT();
  const locale = useLocale();
  const shown = formValues(values);
  const fields = dossierForms[name].fields.filter((f) => (shown[f.name] ?? "") !== "");
  if (fields.length === 0) return <p>{t("council.dossier.emptyForm")}</p>;
  return (
    <dl className="facts">
      {fields.map((f) => (
        <div key={f.name}>
          <dt>{t(`ocopApp.f.${f.name}` as MessageKey)}</dt>
          <dd>{f.kind === "vnd" && /^[0-9]+$/.test(shown[f.name]!) ? formatVnd(Number(shown[f.name]), locale) : shown[f.name]}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function Dossier() {
  const { dossier, selfTotal } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { application, sheet } = dossier;
  const mine = new Map(dossier.mine.map((s) => [s.criterionCode, s]));
  const self = new Map(dossier.selfScores.map((s) => [s.criterionCode, s]));
  const canScore = dossier.refusal === null;
  const spreads = criterionSpreads(dossier.others.concat(dossier.myTotal !== null ? dossier.mine.map((m) => ({ ...m, userId: "me", displayName: "" })) : []));
  const points = (n: number) => formatNumber(n, locale, 2);
  const othersBy = (code: string) => dossier.others.filter((o) => o.criterionCode === code);
  return (
    <div className="container section">
      <p>
        <Link to="/council">{t("council.dossier.back")}</Link>
      </p>
      <h1>
        {application.number} — {localized(locale, application.productName, application.productNameEn)}
      </h1>
      <p>
        {t("council.dossier.producer", { name: application.organisationName })} · {dossier.round.name} · {t(`council.appStatus.${application.status}`)}
      </p>
      {reply?.done ? (
        <p className="notice notice--ok" role="status" data-testid="scoring-done">
          {t(reply.done, { total: reply.total === null || reply.total === undefined ? "" : points(reply.total) })}
        </p>
      ) : null}
      {reply && !reply.done ? (
        <div role="alert" data-testid="scoring-refused">
          <FormError error={reply.errors._form} />
          {reply.missing?.length ? <p>{t("council.dossier.missing", { codes: reply.missing.join(", ") })}</p> : null}
          {reply.wrong?.length ? <p>{t("council.dossier.wrongOption", { codes: reply.wrong.join(", ") })}</p> : null}
        </div>
      ) : null}

      <section aria-labelledby="forms-heading" className="section">
        <h2 id="forms-heading">{t("council.dossier.forms")}</h2>
        <h3>{t("council.dossier.productIdea")}</h3>
        <FormFacts name="productIdea" values={application.productIdea} />
        <h3>{t("council.dossier.businessPlan")}</h3>
        <FormFacts name="businessPlan" values={application.businessPlan} />
      </section>

      <section aria-labelledby="documents-heading" className="section">
        <h2 id="documents-heading">{t("council.dossier.documents")}</h2>
        {dossier.documents.length === 0 ? (
          <p>{t("council.dossier.noDocuments")}</p>
        ) : (
          <ul data-testid="dossier-documents">
            {dossier.documents.map((d) => (
              <li key={d.id}>
                <a href={`/uploads/${d.storageKey}`}>{d.title}</a> ({d.kind})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="evidence-heading" className="section">
        <h2 id="evidence-heading">{t("council.dossier.evidence")}</h2>
        {dossier.evidence.length === 0 ? (
          <p>{t("council.dossier.noEvidence")}</p>
        ) : (
          dossier.evidence.map((e) => (
            <div key={e.kind} data-evidence={e.kind}>
              <h3>{(platformEvidenceKinds as readonly string[]).includes(e.kind) ? t(`council.evidence.${e.kind as PlatformEvidenceKind}`) : e.kind}</h3>
              <p className="muted">{t("council.dossier.evidenceSource", { time: formatDateTime(e.attachedAt, locale) })}</p>
              <EvidenceFacts snapshot={e.snapshot} />
            </div>
          ))
        )}
      </section>

      {selfTotal !== null ? <p data-testid="self-total">{t("council.dossier.selfTotal", { total: points(selfTotal) })}</p> : null}

      <section aria-labelledby="progress-heading" className="section">
        <h2 id="progress-heading">{t("council.dossier.progress")}</h2>
        <ul data-testid="council-progress">
          {dossier.progress.map((p) => (
            <li key={p.userId}>
              {p.displayName} ({t(`council.role.${p.role}`)}):{" "}
              {p.conflicted ? t("council.apps.conflictedMark") : p.submitted ? `${t("council.my.submittedMark")}${p.total !== null ? ` — ${points(p.total)}` : ""}` : t("council.apps.notSubmitted")}
            </li>
          ))}
        </ul>
        {dossier.others.length === 0 && dossier.myTotal === null ? <p>{t("council.dossier.othersHidden")}</p> : null}
      </section>

      {!dossier.conflicted && dossier.myTotal === null && dossier.round.status !== "closed" ? (
        <section aria-labelledby="conflict-heading" className="section">
          <h2 id="conflict-heading">{t("council.dossier.conflict")}</h2>
          <p>{t("council.dossier.conflictLead", { organisation: application.organisationName })}</p>
          <Form method="post" className="form" aria-labelledby="conflict-heading">
            <CsrfInput />
            <input type="hidden" name="intent" value="conflict" />
            <TextField name="note" fieldId="conflict-note" label={t("council.field.conflictNote")} maxLength={500} />
            <button type="submit" className="button button--secondary">
              {t("council.dossier.declare")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="scoring-heading" className="section">
        <h2 id="scoring-heading">{t("council.dossier.scoring")}</h2>
        {dossier.conflicted ? <p data-testid="conflicted">{t("council.dossier.conflicted")}</p> : null}
        {dossier.myTotal !== null ? <p data-testid="my-total">{t("council.dossier.myTotal", { total: points(dossier.myTotal) })}</p> : null}
        {dossier.refusal && dossier.refusal !== "already_submitted" && !dossier.conflicted ? <p>{t("council.dossier.cannotScore", { reason: t(`council.refusal.${dossier.refusal}`) })}</p> : null}
        <Form method="post" className="form" aria-labelledby="scoring-heading">
          <CsrfInput />
          {ocopParts.map((part) => (
            <div key={part}>
              <h3>{t("council.dossier.part", { part })}</h3>
              {sheet.criteria
                .filter((c) => c.part === part)
                .map((c) => {
                  const chosen = mine.get(c.code);
                  const selfScore = self.get(c.code);
                  return (
                    <fieldset key={c.code} className="fieldset" data-criterion={c.code} disabled={!canScore}>
                      <legend>
                        {c.code}. {localized(locale, c.text.vi, c.text.en)}
                      </legend>
                      {c.checkAgainstAnnex ? <p className="muted">{t("council.dossier.checkAnnex")}</p> : null}
                      {selfScore ? <p className="muted">{t("council.dossier.selfScore", { points: points(selfScore.points) })}</p> : null}
                      {c.options.map((o, i) => (
                        <label key={i} className="radio">
                          <input type="radio" name={`score.${c.code}`} value={i} defaultChecked={chosen?.optionIndex === i} /> {localized(locale, o.label.vi, o.label.en)} — {points(o.points)}
                        </label>
                      ))}
                      <label htmlFor={`comment-${c.code}`}>{t("council.field.comment")}</label>
                      <textarea id={`comment-${c.code}`} name={`comment.${c.code}`} rows={2} maxLength={1000} defaultValue={chosen?.comment ?? ""} />
                      {othersBy(c.code).length > 0 ? (
                        <p className="muted" data-testid={`others-${c.code}`}>
                          {othersBy(c.code)
                            .map((o) => `${o.displayName}: ${points(o.points)}`)
                            .join(" · ")}
                          {spreads.has(c.code) ? ` · ${t("council.col.spread")}: ${points(spreads.get(c.code)!)}` : ""}
                        </p>
                      ) : null}
                    </fieldset>
                  );
                })}
            </div>
          ))}
          {canScore ? (
            <div className="form-actions">
              <button type="submit" name="intent" value="save" className="button button--secondary">
                {t("council.dossier.save")}
              </button>
              <button type="submit" name="intent" value="submit" className="button">
                {t("council.dossier.submit")}
              </button>
            </div>
          ) : null}
        </Form>
        {dossier.others.length > 0 ? (
          <TableWrap label={t("council.dossier.others")}>
            <table className="table" data-testid="others-totals">
              <caption>{t("council.dossier.others")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("council.col.person")}</th>
                  <th scope="col">{t("council.col.points")}</th>
                </tr>
              </thead>
              <tbody>
                {dossier.progress
                  .filter((p) => p.total !== null)
                  .map((p) => (
                    <tr key={p.userId}>
                      <th scope="row">{p.displayName}</th>
                      <td>{points(p.total!)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/** An evidence snapshot in words; one that no longer parses (an older shape) is said to be unreadable, not dumped. */
function EvidenceFacts({ snapshot }: { snapshot: unknown }) {
  const t = useT();
  const locale = useLocale();
  const parsed = evidenceSnapshot.safeParse(snapshot);
  if (!parsed.success) return <p className="muted">{t("council.dossier.evidenceUnreadable")}</p>;
  return <EvidenceSummary snapshot={parsed.data} t={t} locale={locale} />;
}
