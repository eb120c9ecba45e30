import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatDateTime, formatNumber } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamDate } from "~/lib/vietnam-time";
import {
  addDossierDocument,
  getDossier,
  removeDossierDocument,
  saveDossierForm,
  saveSelfScores,
  submitApplication,
  type SelfScoreInput,
} from "~/ocop/applications.server";
import { ocopDocumentKinds, type MissingItem } from "~/ocop/dossier";
import { EvidenceSummary } from "~/components/ocop/EvidenceSummary";
import { attachAllEvidence, attachEvidence } from "~/ocop/evidence.server";
import { dossierForms, formValues, type DossierFormName, type FormField } from "~/ocop/forms";
import { ocopParts, platformEvidenceKinds, type PlatformEvidenceKind } from "~/ocop/rules";
import { dossierViewerOf } from "~/ocop/workspace-viewer.server";
import { uploadUrl } from "~/storage/storage.server";
import { actorOf, formObject, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceUpload } from "~/workspace/access.server";

const idParam = z.guid();
const intentSchema = z.enum(["saveIdea", "savePlan", "addDocument", "removeDocument", "attach", "attachAll", "selfScore", "submit"]);

type Translate = ReturnType<typeof useT>;

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args, PRODUCT_MANAGERS);
  const id = idParam.safeParse(args.params.applicationId);
  const dossier = id.success ? await getDossier(args.context.db, dossierViewerOf(access), id.data) : null;
  if (!dossier) throw new Response("Not Found", { status: 404 });
  const a = dossier.application;
  return {
    slug: access.organisation.slug,
    application: { id: a.id, number: a.number, kind: a.kind, status: a.status, returnNote: a.returnNote, submittedAt: a.submittedAt?.toISOString() ?? null, productIdea: formValues(a.productIdea), businessPlan: formValues(a.businessPlan) },
    product: dossier.product,
    productSet: dossier.productSet,
    sheetVersion: dossier.sheet.version,
    criteria: dossier.sheet.sheet.criteria,
    round: dossier.round,
    previousNumber: dossier.previousNumber,
    documents: dossier.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, url: uploadUrl(d.storageKey), byteSize: d.byteSize, uploadedAt: d.uploadedAt.toISOString() })),
    evidence: dossier.evidence.map((e) => ({ kind: e.kind, snapshot: e.snapshot, attachedAt: e.attachedAt.toISOString() })),
    selfScores: dossier.selfScores,
    totals: dossier.totals,
    events: dossier.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    missing: dossier.missing,
    editable: dossier.editable,
  };
}

function selfScoresFrom(form: FormData): SelfScoreInput[] {
  const out: SelfScoreInput[] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || !key.startsWith("score.")) continue;
    const code = key.slice("score.".length);
    const note = form.get(`note.${code}`);
    out.push({ criterionCode: code, optionIndex: value === "" ? null : /^\d{1,2}$/.test(value) ? Number(value) : -1, note: typeof note === "string" ? note : null });
  }
  return out;
}

export async function action(args: ActionFunctionArgs) {
  const { access, form, upload, uploadError } = await requireWorkspaceUpload(args, "file", "document", PRODUCT_MANAGERS);
  const id = idParam.safeParse(args.params.applicationId);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  const intent = intentSchema.safeParse(form.get("intent"));
  if (uploadError) return { intent: "addDocument" as const, error: uploadError };
  if (!intent.success) throw new Response("Bad Request", { status: 400 });
  const db = args.context.db;
  const actor = actorOf(access);
  const who = dossierViewerOf(access);
  const applicationId = id.data;
  const here = `/workspace/${access.organisation.slug}/ocop/${applicationId}`;
  const notFound = () => new Response("Not Found", { status: 404 });
  const done = (what: string) => redirect(`${here}?done=${what}`);

  switch (intent.data) {
    case "saveIdea":
    case "savePlan": {
      const name: DossierFormName = intent.data === "saveIdea" ? "productIdea" : "businessPlan";
      const values = formObject(form);
      const r = await saveDossierForm(db, actor, { who, applicationId, form: name, values });
      if (r.ok) return done(name);
      if (r.reason === "application_not_found") throw notFound();
      return { intent: intent.data, error: r.reason === "invalid_input" ? undefined : `ocopApp.refusal.${r.reason}`, fieldErrors: r.reason === "invalid_input" ? r.fieldErrors : {}, values };
    }
    case "addDocument": {
      if (!upload) return { intent: intent.data, error: "ocopApp.doc.fileRequired" };
      const r = await addDossierDocument(db, actor, { who, applicationId, kind: String(form.get("kind") ?? ""), title: String(form.get("title") ?? ""), file: upload });
      if (r.ok) return done("document");
      if (r.reason === "application_not_found") throw notFound();
      return { intent: intent.data, error: r.reason === "invalid_input" ? "ocopApp.doc.kindRequired" : `ocopApp.refusal.${r.reason}` };
    }
    case "removeDocument": {
      const documentId = z.guid().safeParse(form.get("documentId"));
      if (!documentId.success) throw new Response("Bad Request", { status: 400 });
      const r = await removeDossierDocument(db, actor, { who, applicationId, documentId: documentId.data });
      if (r.ok) return done("document");
      if (r.reason === "application_not_found") throw notFound();
      return { intent: intent.data, error: `ocopApp.refusal.${r.reason}` };
    }
    case "attach":
    case "attachAll": {
      const kind = z.enum(platformEvidenceKinds).safeParse(form.get("kind"));
      if (intent.data === "attach" && !kind.success) throw new Response("Bad Request", { status: 400 });
      const r = intent.data === "attach" && kind.success ? await attachEvidence(db, actor, { who, applicationId, kind: kind.data }) : await attachAllEvidence(db, actor, { who, applicationId });
      if (r.ok) return done("evidence");
      if (r.reason === "application_not_found") throw notFound();
      return { intent: intent.data, error: `ocopApp.refusal.${r.reason}` };
    }
    case "selfScore": {
      const r = await saveSelfScores(db, actor, { who, applicationId, scores: selfScoresFrom(form) });
      if (r.ok) return done("selfScore");
      if (r.reason === "application_not_found") throw notFound();
      return { intent: intent.data, error: r.reason === "invalid_scores" ? "ocopApp.score.invalid" : `ocopApp.refusal.${r.reason}` };
    }
    case "submit": {
      const r = await submitApplication(db, actor, { who, applicationId });
      if (r.ok) return done(r.resubmitted ? "resubmitted" : "submitted");
      if (r.reason === "application_not_found") throw notFound();
      if (r.reason === "incomplete") return { intent: intent.data, error: "ocopApp.submit.incomplete", missing: r.missing };
      return { intent: intent.data, error: `ocopApp.refusal.${r.reason}` };
    }
  }
}

function DossierFormSection({ name, intent, values, errors, editable }: { name: DossierFormName; intent: string; values: Record<string, string>; errors: Record<string, string>; editable: boolean }) {
  const t = useT();
  const field = (f: FormField) => {
    const label = t(`ocopApp.f.${f.name}` as MessageKey);
    const common = { name: f.name, label, defaultValue: values[f.name] ?? "", error: errors[f.name], required: f.required, disabled: !editable };
    if (f.kind === "textarea") return <TextAreaField key={f.name} {...common} maxLength={2000} />;
    if (f.kind === "count") return <TextField key={f.name} {...common} inputMode="numeric" maxLength={6} />;
    if (f.kind === "vnd") return <TextField key={f.name} {...common} inputMode="numeric" maxLength={20} hint={t("ocopApp.f.vndHint")} />;
    return <TextField key={f.name} {...common} maxLength={300} />;
  };
  return (
    <section aria-labelledby={`h-${name}`} className="card">
      <h3 id={`h-${name}`}>{t(`ocopApp.form.${name}`)}</h3>
      <Form method="post" className="form">
        <CsrfInput />
        {dossierForms[name].fields.map(field)}
        {editable ? (
          <button type="submit" name="intent" value={intent} className="button">
            {t("ocopApp.form.save")}
          </button>
        ) : null}
      </Form>
    </section>
  );
}

function missingText(m: MissingItem, t: Translate): string {
  switch (m.kind) {
    case "form":
      return t("ocopApp.missing.form", { form: t(`ocopApp.form.${m.form}`) });
    case "self_score":
      return t("ocopApp.missing.selfScore", { code: m.code });
    case "document":
      return t("ocopApp.missing.document", { code: m.code, kind: t(`ocopApp.docKind.${m.documentKind}` as MessageKey) });
    case "lab_tested_lot":
      return t("ocopApp.missing.labTestedLot", { code: m.code });
    case "platform_evidence":
      return t("ocopApp.missing.evidence", { code: m.code, evidence: t(`ocopApp.ev.${m.evidence}`) });
  }
}

export default function OcopDossier() {
  const d = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const a = d.application;
  const errorOf = (intent: string) => (data && data.intent === intent ? data.error : undefined);
  const formState = (intent: string, stored: Record<string, string>) =>
    data && data.intent === intent && "values" in data && data.values ? { values: data.values, errors: data.fieldErrors ?? {} } : { values: stored, errors: {} as Record<string, string> };
  const evidence = new Map(d.evidence.map((e) => [e.kind, e]));
  const scores = new Map(d.selfScores.map((s) => [s.criterionCode, s]));
  const missing = data && "missing" in data && data.missing ? data.missing : d.missing;
  const done = params.get("done");
  return (
    <article aria-labelledby="dossier-h" className="stack">
      <header>
        <h2 id="dossier-h">
          {t("ocopApp.dossier.title", { number: a.number })} — {localized(locale, d.product.nameVi, d.product.nameEn)}
        </h2>
        <p className="card__meta">
          {t(`ocopApp.kind.${a.kind}`)} · {localized(locale, d.productSet.nameVi, d.productSet.nameEn)} · {t("ocopApp.dossier.sheetVersion", { version: d.sheetVersion })}
          {d.round ? ` · ${d.round.name}` : ""}
          {d.previousNumber ? ` · ${t("ocopApp.dossier.previous", { number: d.previousNumber })}` : ""}
        </p>
        <p>
          {t("ocopApp.col.status")}: <strong data-testid="dossier-status">{t(`ocopApp.status.${a.status}`)}</strong>
        </p>
        {done && !data ? (
          <p className="notice notice--ok" role="status">
            {t(`ocopApp.done.${done === "submitted" || done === "resubmitted" ? done : "saved"}`)}
          </p>
        ) : null}
        {a.status === "returned" && a.returnNote ? (
          <div className="notice notice--warn" role="status" data-testid="return-note">
            <p>
              <strong>{t("ocopApp.dossier.returnNote")}</strong>
            </p>
            <p>{a.returnNote}</p>
          </div>
        ) : null}
      </header>

      {d.editable ? (
        <section aria-labelledby="submit-h" className="card">
          <h3 id="submit-h">{t("ocopApp.submit.title")}</h3>
          <FormError error={errorOf("submit")} />
          {missing.length > 0 ? (
            <>
              <p>{t("ocopApp.submit.missingLead")}</p>
              <ul data-testid="dossier-missing">
                {missing.map((m, i) => (
                  <li key={i}>{missingText(m, t)}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t("ocopApp.submit.ready")}</p>
          )}
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="submit" className="button">
              {t(a.status === "returned" ? "ocopApp.submit.resubmit" : "ocopApp.submit.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      <DossierFormSection name="productIdea" intent="saveIdea" editable={d.editable} {...formState("saveIdea", a.productIdea)} />
      <DossierFormSection name="businessPlan" intent="savePlan" editable={d.editable} {...formState("savePlan", a.businessPlan)} />

      <section aria-labelledby="docs-h" className="card">
        <h3 id="docs-h">{t("ocopApp.doc.title")}</h3>
        {d.documents.length === 0 ? (
          <p>{t("ocopApp.doc.empty")}</p>
        ) : (
          <ul data-testid="dossier-documents">
            {d.documents.map((doc) => (
              <li key={doc.id}>
                {t(`ocopApp.docKind.${doc.kind}`)}: <a href={doc.url}>{doc.title}</a> {t("ocopApp.doc.meta", { size: formatNumber(Math.ceil(doc.byteSize / 1024), locale), at: formatDateTime(doc.uploadedAt, locale) })}
                {d.editable ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="documentId" value={doc.id} />
                    <button type="submit" name="intent" value="removeDocument" className="button button--secondary" aria-label={t("ocopApp.doc.removeNamed", { title: doc.title })}>
                      {t("ocopApp.doc.remove")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {d.editable ? (
          <Form method="post" encType="multipart/form-data" className="form">
            <CsrfInput />
            <input type="hidden" name="intent" value="addDocument" />
            <FormError error={errorOf("addDocument") ?? errorOf("removeDocument")} />
            <SelectField name="kind" label={t("ocopApp.doc.kind")} required options={ocopDocumentKinds.map((k) => ({ value: k, label: t(`ocopApp.docKind.${k}`) }))} />
            <TextField name="title" label={t("ocopApp.doc.docTitle")} maxLength={200} />
            <div className="field">
              <label htmlFor="f-file" className="field__label">
                {t("ocopApp.doc.file")}
              </label>
              <input id="f-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png,image/webp" required />
              <p className="field__hint">{t("ocopApp.doc.fileHint")}</p>
            </div>
            <button type="submit" className="button">
              {t("ocopApp.doc.upload")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="ev-h" className="card">
        <h3 id="ev-h">{t("ocopApp.ev.title")}</h3>
        <p className="muted">{t("ocopApp.ev.lead")}</p>
        <FormError error={errorOf("attach") ?? errorOf("attachAll")} />
        {d.editable ? (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="attachAll" className="button button--secondary">
              {t("ocopApp.ev.attachAll")}
            </button>
          </Form>
        ) : null}
        <ul className="stack" data-testid="dossier-evidence">
          {platformEvidenceKinds.map((kind: PlatformEvidenceKind) => {
            const e = evidence.get(kind);
            return (
              <li key={kind} data-evidence={kind}>
                <h4>{t(`ocopApp.ev.${kind}`)}</h4>
                {e ? (
                  <>
                    <EvidenceSummary snapshot={e.snapshot} t={t} locale={locale} />
                    <p className="field__hint">
                      {t(kind === "member_households" ? "ocopApp.ev.sourceHouseholds" : "ocopApp.ev.source", { n: e.snapshot.source.records, date: formatDate(vietnamDate(new Date(e.snapshot.source.asOf)), locale) })}
                    </p>
                  </>
                ) : (
                  <p>{t("ocopApp.ev.notAttached")}</p>
                )}
                {d.editable ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="kind" value={kind} />
                    <button type="submit" name="intent" value="attach" className="button button--secondary" aria-label={t(e ? "ocopApp.ev.refreshNamed" : "ocopApp.ev.attachNamed", { what: t(`ocopApp.ev.${kind}`) })}>
                      {t(e ? "ocopApp.ev.refresh" : "ocopApp.ev.attach")}
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="score-h" className="card">
        <h3 id="score-h">{t("ocopApp.score.title")}</h3>
        <p data-testid="self-score-total">
          {t("ocopApp.score.totals", { a: formatNumber(d.totals.A, locale, 2), b: formatNumber(d.totals.B, locale, 2), c: formatNumber(d.totals.C, locale, 2), total: formatNumber(d.totals.total, locale, 2) })}
        </p>
        <FormError error={errorOf("selfScore")} />
        <Form method="post">
          <CsrfInput />
          {ocopParts.map((part) => {
            const criteria = d.criteria.filter((c) => c.part === part);
            return (
              <div key={part} className="table-wrap" role="region" aria-labelledby={`part-${part}`} tabIndex={0}>
                <table className="table">
                  <caption id={`part-${part}`}>
                    {t(`ocopApp.part.${part}`)} — {formatNumber(d.totals[part], locale, 2)} / {t(`ocopApp.partMax.${part}`)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("ocopApp.score.code")}</th>
                      <th scope="col">{t("ocopApp.score.criterion")}</th>
                      <th scope="col">{t("ocopApp.score.choice")}</th>
                      <th scope="col">{t("ocopApp.score.note")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {criteria.map((c) => {
                      const s = scores.get(c.code);
                      return (
                        <tr key={c.code}>
                          <td className="mono">{c.code}</td>
                          <td>
                            <span className="card__meta">{localized(locale, c.section.vi, c.section.en)}</span>
                            <br />
                            {localized(locale, c.text.vi, c.text.en)}
                            {c.required ? ` (${t("ocopApp.score.required")})` : null}
                          </td>
                          <td>
                            <select name={`score.${c.code}`} defaultValue={s ? String(s.optionIndex) : ""} aria-label={t("ocopApp.score.choiceFor", { code: c.code })} disabled={!d.editable}>
                              <option value="">{t("ocopApp.score.none")}</option>
                              {c.options.map((o, i) => (
                                <option key={i} value={String(i)}>
                                  {localized(locale, o.label.vi, o.label.en)} — {t("ocopApp.score.points", { n: formatNumber(o.points, locale, 2) })}
                                </option>
                              ))}
                            </select>
                          </td>
                          <td>
                            <input name={`note.${c.code}`} defaultValue={s?.note ?? ""} maxLength={1000} aria-label={t("ocopApp.score.noteFor", { code: c.code })} disabled={!d.editable} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            );
          })}
          {d.editable ? (
            <button type="submit" name="intent" value="selfScore" className="button">
              {t("ocopApp.score.save")}
            </button>
          ) : null}
        </Form>
      </section>

      <section aria-labelledby="history-h" className="card">
        <h3 id="history-h">{t("ocopApp.history.title")}</h3>
        <ol data-testid="dossier-history">
          {d.events.map((e, i) => (
            <li key={i}>
              {formatDateTime(e.at, locale)} — {t(`ocopApp.status.${e.toStatus}`)}
              {e.actorName ? ` — ${e.actorName}` : ""}
              {e.note ? `: ${e.note}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
