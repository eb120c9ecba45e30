import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, useErrorText } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CriteriaSheetView, SheetProblems } from "~/components/ocop/CriteriaSheetView";
import { CSRF_ERROR_KEY, readFormWithCsrf, requireUser } from "~/identity/request.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { addCriterion, criteriaFromForm, MAX_OPTIONS, parseIntent, removeCriterion, SPARE_OPTION_ROWS } from "~/ocop/criteria-form";
import { discardDraft, mayEditCriteria, mayReadCriteria, publishDraft, readSheetPage, updateDraft } from "~/ocop/criteria.server";
import { evidenceKinds, ocopParts, PART_MAXIMA, platformEvidenceKinds, type SheetProblem } from "~/ocop/rules";

const documentKinds = ["business_registration", "food_safety", "trademark", "lab_report", "product_story", "photo", "standard", "other"] as const;

/** One version of a criteria sheet: read-only when published or retired; a form (no JavaScript needed) for a draft. */
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  if (!mayReadCriteria(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  const page = await readSheetPage(args.context.db, args.params.sheetId ?? "");
  if (!page) throw new Response("Not Found", { status: 404 });
  const locale = getLocale(args.request);
  const search = new URL(args.request.url).searchParams;
  return {
    page,
    canEdit: mayEditCriteria(viewer.memberships) && page.status === "draft",
    notice: search.get("published") ? "ocopc.edit.published" : search.get("saved") ? "ocopc.edit.saved" : null,
    title: translate(locale, "ocopc.sheet.title", { set: localized(locale, page.productSet.nameVi, page.productSet.nameEn), version: page.version }),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

type ActionReply = { criteria?: unknown[]; fieldErrors?: Record<string, string>; formError?: string; problems?: SheetProblem[]; unsaved?: boolean };

export async function action(args: ActionFunctionArgs) {
  const viewer = await requireUser(args);
  if (!mayEditCriteria(viewer.memberships)) throw new Response("Forbidden", { status: 403 });
  const { form, csrfOk } = await readFormWithCsrf(args);
  const reply = (status: number, body: ActionReply) => data(body, { status });
  if (!csrfOk) return reply(403, { formError: CSRF_ERROR_KEY });
  const sheetId = args.params.sheetId ?? "";
  const actor = { userId: viewer.user.id, memberships: viewer.memberships };
  const db = args.context.db;
  if (form.get("intent") === "discard") {
    const discarded = await discardDraft(db, actor, { sheetId });
    if (discarded.ok) return redirect("/admin/ocop/criteria");
    return reply(409, { formError: discarded.fieldErrors?._form });
  }
  const intent = parseIntent(form.get("intent"));
  const raw = criteriaFromForm(form);
  // Adding or removing a criterion changes the form only: the edits are stored when the draft is saved.
  if (intent.kind === "add") return reply(200, { criteria: addCriterion(raw.criteria, intent.part), unsaved: true });
  if (intent.kind === "remove") return reply(200, { criteria: removeCriterion(raw.criteria, intent.index), unsaved: true });
  const saved = await updateDraft(db, actor, { sheetId, sheet: raw });
  if (!saved.ok) {
    if (saved.reason === "not_found") throw new Response("Not Found", { status: 404 });
    return reply(saved.reason === "invalid_input" ? 400 : 409, { criteria: raw.criteria, fieldErrors: saved.fieldErrors, formError: saved.fieldErrors?._form });
  }
  if (intent.kind === "publish") {
    const published = await publishDraft(db, actor, { sheetId });
    if (!published.ok) return reply(409, { formError: published.fieldErrors?._form, problems: published.problems });
    return redirect(`/admin/ocop/criteria/${sheetId}?published=1`);
  }
  return redirect(`/admin/ocop/criteria/${sheetId}?saved=1`);
}

interface DraftCriterion {
  code?: string;
  part?: string;
  section?: { vi?: string; en?: string };
  text?: { vi?: string; en?: string };
  options?: { label?: { vi?: string; en?: string }; points?: number | null }[];
  evidence?: string;
  platformEvidence?: string;
  documentKind?: string;
  required?: boolean;
  checkAgainstAnnex?: boolean;
}

function draftPartTotal(criteria: readonly DraftCriterion[], part: string): number {
  return criteria
    .filter((c) => c.part === part)
    .reduce((n, c) => n + Math.max(0, ...(c.options ?? []).map((o) => (typeof o.points === "number" && Number.isFinite(o.points) ? o.points : 0))), 0);
}

export default function CriteriaSheetPage() {
  const { page, canEdit, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionReply | undefined;
  const t = useT();
  const locale = useLocale();
  const setName = localized(locale, page.productSet.nameVi, page.productSet.nameEn);
  const criteria = (result?.criteria ?? page.sheet.criteria) as DraftCriterion[];
  return (
    <div className="container section">
      <p>
        <Link to="/admin/ocop/criteria">← {t("ocopc.sheet.back")}</Link>
      </p>
      <h1>{t("ocopc.sheet.title", { set: setName, version: page.version })}</h1>
      <p>
        <span className="badge" data-testid="sheet-status">
          {t(`ocopc.status.${page.status}`)}
        </span>{" "}
        <span className="mono small">{page.productSet.code}</span>
        {page.publishedAt ? <span className="muted small"> · {t("ocopc.sheet.publishedAt", { at: formatDateTime(page.publishedAt, locale) })}</span> : null}
      </p>
      {page.sourceNote ? (
        <p className="muted small">
          {t("ocopc.sheet.source")}: {page.sourceNote}
        </p>
      ) : null}
      {notice ? (
        <p className="notice notice--ok" role="status">
          {t(notice as MessageKey)}
        </p>
      ) : null}
      {page.status === "published" ? (
        <p>
          <Link to={`/ocop/criteria/${page.productSet.code}`}>{t("ocopc.public.see")}</Link>
        </p>
      ) : null}
      {canEdit ? (
        <>
          <FormError error={result?.formError} />
          {result?.unsaved ? (
            <p className="notice notice--warn" role="status">
              {t("ocopc.edit.unsaved")}
            </p>
          ) : null}
          <SheetProblems problems={result?.problems ?? (result ? [] : page.problems)} />
          <DraftForm criteria={criteria} errors={result?.fieldErrors ?? {}} />
          <Form method="post" className="section">
            <CsrfInput />
            <button type="submit" name="intent" value="discard" className="button button--danger">
              {t("ocopc.edit.discard")}
            </button>
          </Form>
        </>
      ) : (
        <CriteriaSheetView sheet={page.sheet} />
      )}
    </div>
  );
}

function DraftForm({ criteria, errors }: { criteria: DraftCriterion[]; errors: Record<string, string> }) {
  const t = useT();
  const locale = useLocale();
  const errorText = useErrorText();
  const err = (name: string) => {
    const text = errorText(errors[name]);
    return text ? (
      <span className="field__error" role="alert" id={`${name}-error`}>
        {text}
      </span>
    ) : null;
  };
  const input = (name: string, label: string, value: string | number | undefined | null, extra: { size?: number; type?: string; wide?: boolean } = {}) => (
    <label className={`field${errors[name] ? " field--invalid" : ""}`} style={extra.wide ? { flex: "1 1 320px" } : undefined}>
      <span className="field__label">{label}</span>
      <input
        name={name}
        defaultValue={value ?? ""}
        type={extra.type ?? "text"}
        inputMode={extra.type === "points" ? "decimal" : undefined}
        size={extra.size}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
      {err(name)}
    </label>
  );
  return (
    <Form method="post" data-testid="criteria-form">
      <CsrfInput />
      {/* Enter in a field saves (the first submit button is the one a browser presses). */}
      <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1}>
        {t("ocopc.edit.save")}
      </button>
      <h2>{t("ocopc.edit.title")}</h2>
      <p className="muted">{t("ocopc.edit.lead")}</p>
      {ocopParts.map((part) => {
        const total = draftPartTotal(criteria, part);
        return (
          <section key={part} className="section" aria-labelledby={`edit-part-${part}`} data-part={part}>
            <div className="section-head">
              <h3 id={`edit-part-${part}`}>{t(`ocopc.part.${part}`)}</h3>
              <p className={total === PART_MAXIMA[part] ? "muted" : "field__error"} data-testid={`edit-part-total-${part}`}>
                {t("ocopc.partTotal", { actual: formatNumber(total, locale, 2), expected: PART_MAXIMA[part] })}
              </p>
            </div>
            {criteria.map((c, i) => {
              if (c.part !== part && !(part === "A" && !ocopParts.includes(c.part as "A"))) return null;
              const p = `criteria.${i}`;
              const options = [...(c.options ?? [])];
              const rows = Math.min(MAX_OPTIONS, options.length + SPARE_OPTION_ROWS);
              return (
                <fieldset key={i} className="panel stack" data-criterion-index={i} data-criterion={c.code}>
                  <legend>{t("ocopc.edit.criterion", { code: c.code ?? "" })}</legend>
                  <div className="input-row">
                    {input(`${p}.code`, t("ocopc.edit.code"), c.code, { size: 6 })}
                    <label className="field">
                      <span className="field__label">{t("ocopc.edit.part")}</span>
                      <select name={`${p}.part`} defaultValue={c.part}>
                        {ocopParts.map((x) => (
                          <option key={x} value={x}>
                            {x}
                          </option>
                        ))}
                      </select>
                    </label>
                    {input(`${p}.section.vi`, t("ocopc.edit.sectionVi"), c.section?.vi)}
                    {input(`${p}.section.en`, t("ocopc.edit.sectionEn"), c.section?.en)}
                  </div>
                  <div className="input-row">
                    {input(`${p}.text.vi`, t("ocopc.edit.textVi"), c.text?.vi, { wide: true })}
                    {input(`${p}.text.en`, t("ocopc.edit.textEn"), c.text?.en, { wide: true })}
                  </div>
                  <div className="input-row">
                    <label className="field">
                      <span className="field__label">{t("ocopc.edit.evidence")}</span>
                      <select name={`${p}.evidence`} defaultValue={c.evidence}>
                        {evidenceKinds.map((k) => (
                          <option key={k} value={k}>
                            {t(`ocopc.evidence.${k}`)}
                          </option>
                        ))}
                      </select>
                      {err(`${p}.evidence`)}
                    </label>
                    <label className={`field${errors[`${p}.documentKind`] ? " field--invalid" : ""}`}>
                      <span className="field__label">{t("ocopc.edit.documentKind")}</span>
                      <select name={`${p}.documentKind`} defaultValue={c.documentKind ?? ""}>
                        <option value="">{t("ocopc.edit.notApplicable")}</option>
                        {documentKinds.map((k) => (
                          <option key={k} value={k}>
                            {t(`ocopc.doc.${k}`)}
                          </option>
                        ))}
                      </select>
                      {err(`${p}.documentKind`)}
                    </label>
                    <label className={`field${errors[`${p}.platformEvidence`] ? " field--invalid" : ""}`}>
                      <span className="field__label">{t("ocopc.edit.platformEvidence")}</span>
                      <select name={`${p}.platformEvidence`} defaultValue={c.platformEvidence ?? ""}>
                        <option value="">{t("ocopc.edit.notApplicable")}</option>
                        {platformEvidenceKinds.map((k) => (
                          <option key={k} value={k}>
                            {t(`ocopc.pe.${k}`)}
                          </option>
                        ))}
                      </select>
                      {err(`${p}.platformEvidence`)}
                    </label>
                  </div>
                  <div className="input-row">
                    <label className="field field--checkbox">
                      <input type="checkbox" name={`${p}.required`} defaultChecked={c.required === true} /> {t("ocopc.edit.required")}
                    </label>
                    <label className="field field--checkbox">
                      <input type="checkbox" name={`${p}.checkAgainstAnnex`} defaultChecked={c.checkAgainstAnnex === true} /> {t("ocopc.edit.checkAgainstAnnex")}
                    </label>
                  </div>
                  <p className="field__label" style={{ margin: 0 }}>
                    {t("ocopc.edit.options")}
                  </p>
                  {err(`${p}.options`)}
                  {Array.from({ length: rows }, (_, o) => {
                    const option = options[o];
                    const q = `${p}.options.${o}`;
                    return (
                      <div key={o} className="input-row" data-option={o}>
                        {input(`${q}.label.vi`, t("ocopc.edit.optionVi", { n: o + 1 }), option?.label?.vi, { wide: true })}
                        {input(`${q}.label.en`, t("ocopc.edit.optionEn", { n: o + 1 }), option?.label?.en, { wide: true })}
                        {input(`${q}.points`, t("ocopc.edit.optionPoints", { n: o + 1 }), option?.points ?? "", { size: 5 })}
                      </div>
                    );
                  })}
                  <div>
                    <button type="submit" name="intent" value={`remove:${i}`} className="button button--small button--secondary">
                      {t("ocopc.edit.remove", { code: c.code ?? String(i + 1) })}
                    </button>
                  </div>
                </fieldset>
              );
            })}
            <button type="submit" name="intent" value={`add:${part}`} className="button button--small button--secondary">
              {t("ocopc.edit.add", { part })}
            </button>
          </section>
        );
      })}
      <div className="actions">
        <button type="submit" name="intent" value="save" className="button button--secondary">
          {t("ocopc.edit.save")}
        </button>
        <button type="submit" name="intent" value="publish" className="button">
          {t("ocopc.edit.publish")}
        </button>
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
