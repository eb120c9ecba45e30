import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField } from "~/components/form/fields";
import { formatDate, formatDateTime } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import type { CaseAction, CaseParty } from "~/supervision/case-rules";
import type { AssigneeKind, CaseStatus, ReportKind } from "~/supervision/case-words";

export interface CaseViewData {
  id: string;
  reference: string;
  kind: ReportKind;
  status: CaseStatus;
  description: string;
  receivedAt: string;
  dueOn: string;
  overdue: boolean;
  productName: string | null;
  productSlug: string | null;
  subjectName: string | null;
  /** The producer the report is about: the assignment form's first choice. */
  subjectOrganisationId: string | null;
  communeName: string | null;
  batchCode: string | null;
  lotCode: string | null;
  serial: string | null;
  code: string | null;
  orderNumber: string | null;
  pagePath: string | null;
  placeBought: string | null;
  photoUrl: string | null;
  contact: { name: string | null; phone: string | null; email: string | null } | null;
  assigneeKind: AssigneeKind | null;
  answer: string | null;
  answeredAt: string | null;
}

export interface CaseHistoryData {
  id: string;
  at: string;
  step: "received" | "assigned" | "answered" | "closed" | "escalated" | "commented" | "reminded";
  actor: string | null;
  actorOrganisation: string | null;
  note: string | null;
  assignee: string | null;
}

export interface AssignChoices {
  producers: { id: string; name: string }[];
  officers: { id: string; name: string }[];
  communes: { id: number; name: string }[];
}

export interface CaseActionResult {
  ok: boolean;
  intent: CaseAction | null;
  reason?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

export function CaseStatusBadge({ status, overdue }: { status: CaseStatus; overdue?: boolean }) {
  const t = useT();
  return (
    <span className={`badge badge--case-${status}`} data-testid="case-status">
      {t(`case.status.${status}`)}
      {overdue ? ` · ${t("case.overdue")}` : ""}
    </span>
  );
}

/** A case as the people handling or supervising it see it: the report, its history and the steps they may take. */
export function CaseView({
  kase,
  history,
  party,
  actions,
  choices,
  result,
}: {
  kase: CaseViewData;
  history: CaseHistoryData[];
  party: CaseParty;
  actions: CaseAction[];
  choices: AssignChoices | null;
  result: CaseActionResult | undefined;
}) {
  const t = useT();
  const locale = useLocale();
  const errorsFor = (intent: CaseAction) => (result && !result.ok && result.intent === intent ? (result.fieldErrors ?? {}) : {});
  const formErrorFor = (intent: CaseAction) =>
    result && !result.ok && result.intent === intent && result.reason !== "invalid_input" ? (`case.refused.${result.reason}` as MessageKey) : undefined;
  return (
    <article className="stack" aria-labelledby="case-heading">
      <h1 id="case-heading">{t("case.page.title", { reference: kase.reference })}</h1>
      <p>
        <CaseStatusBadge status={kase.status} overdue={kase.overdue} /> {t(`rep.kind.${kase.kind}`)}
      </p>
      {result?.ok && result.intent ? (
        <p className="notice notice--ok" role="status">
          {t(`case.done.${result.intent}`)}
        </p>
      ) : null}
      {party === "supervisor" ? <p className="notice">{t("case.page.supervisorNote")}</p> : null}
      <dl className="facts">
        <dt>{t("case.col.received")}</dt>
        <dd>{formatDateTime(kase.receivedAt, locale)}</dd>
        <dt>{t("case.col.due")}</dt>
        <dd>{formatDate(kase.dueOn, locale)}</dd>
        <dt>{t("case.page.assignee")}</dt>
        <dd>{t(kase.assigneeKind ? `case.assignee.${kase.assigneeKind}` : "case.assignee.none")}</dd>
        {kase.productName || kase.subjectName ? (
          <>
            <dt>{t("case.page.about")}</dt>
            <dd>
              {kase.productSlug ? <a href={`/products/${kase.productSlug}`}>{kase.productName}</a> : kase.productName}
              {kase.productName && kase.subjectName ? " · " : ""}
              {kase.subjectName}
            </dd>
          </>
        ) : null}
        {kase.code ? (
          <>
            <dt>{t("case.page.lot")}</dt>
            <dd>
              <a href={`/origin/${kase.code}${kase.serial ? `/${kase.serial}` : ""}`}>
                {kase.code}
                {kase.serial ? `/${kase.serial}` : ""}
              </a>
              {kase.lotCode ? ` (${kase.lotCode})` : ""}
            </dd>
          </>
        ) : null}
        {kase.placeBought ? (
          <>
            <dt>{t("case.page.placeBought")}</dt>
            <dd>{kase.placeBought}</dd>
          </>
        ) : null}
        {kase.orderNumber ? (
          <>
            <dt>{t("case.page.order")}</dt>
            <dd>{kase.orderNumber}</dd>
          </>
        ) : null}
        {kase.pagePath ? (
          <>
            <dt>{t("case.page.pagePath")}</dt>
            <dd>{kase.pagePath}</dd>
          </>
        ) : null}
        {kase.communeName ? (
          <>
            <dt>{t("case.page.commune")}</dt>
            <dd>{kase.communeName}</dd>
          </>
        ) : null}
        {kase.contact ? (
          <>
            <dt>{t("case.page.contact")}</dt>
            <dd data-testid="case-contact">
              {[kase.contact.name, kase.contact.phone, kase.contact.email].filter(Boolean).join(" · ") || t("case.page.anonymous")}
            </dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="case-description">
        <h2 id="case-description">{t("case.page.description")}</h2>
        <p className="prewrap">{kase.description}</p>
        {kase.photoUrl ? (
          <p>
            <a href={kase.photoUrl}>
              <img src={kase.photoUrl} alt={t("case.page.photo")} width={240} className="case-photo" />
            </a>
          </p>
        ) : null}
      </section>
      {kase.answer ? (
        <section aria-labelledby="case-answer">
          <h2 id="case-answer">{t("case.page.answer")}</h2>
          <p className="prewrap" data-testid="case-answer">
            {kase.answer}
          </p>
        </section>
      ) : null}
      <p>
        <a href={`/reports/${kase.reference}`}>{t("case.page.publicLink")}</a>
      </p>

      {actions.includes("assign") && choices ? (
        <Form method="post" className="form" aria-label={t("case.action.assign")}>
          <CsrfInput />
          <input type="hidden" name="intent" value="assign" />
          <h2>{t("case.action.assign")}</h2>
          <FormError error={formErrorFor("assign")} />
          <SelectField
            name="assigneeKind"
            label={t("case.action.assignTo")}
            hint={t("case.action.assignTo.hint")}
            defaultValue="cooperative"
            options={(["cooperative", "officer", "commune"] as const).map((k) => ({ value: k, label: t(`case.assignee.${k}`) }))}
            error={errorsFor("assign").assigneeKind}
          />
          <SelectField
            name="organisationId"
            label={t("case.action.organisation")}
            emptyLabel="—"
            defaultValue={kase.subjectOrganisationId ?? ""}
            options={choices.producers.map((p) => ({ value: p.id, label: p.name }))}
            error={errorsFor("assign").organisationId}
          />
          <SelectField
            name="userId"
            label={t("case.action.officer")}
            emptyLabel="—"
            options={choices.officers.map((o) => ({ value: o.id, label: o.name }))}
            error={errorsFor("assign").userId}
          />
          <SelectField
            name="communeId"
            label={t("case.action.commune")}
            emptyLabel="—"
            options={choices.communes.map((c) => ({ value: String(c.id), label: c.name }))}
            error={errorsFor("assign").communeId}
          />
          <TextAreaField name="note" label={t("case.action.note")} maxLength={2000} rows={2} error={errorsFor("assign").note} />
          <button type="submit" className="button">
            {t("case.action.assign")}
          </button>
        </Form>
      ) : null}

      {actions.includes("answer") ? (
        <Form method="post" className="form" aria-label={t("case.action.answer")}>
          <CsrfInput />
          <input type="hidden" name="intent" value="answer" />
          <h2>{t("case.action.answer")}</h2>
          <FormError error={formErrorFor("answer")} />
          <TextAreaField name="answer" label={t("case.action.answerLabel")} maxLength={4000} required error={errorsFor("answer").answer} />
          <button type="submit" className="button">
            {t("case.action.answer")}
          </button>
        </Form>
      ) : null}

      {actions.includes("close") ? (
        <Form method="post" className="form" aria-label={t("case.action.close")}>
          <CsrfInput />
          <input type="hidden" name="intent" value="close" />
          <FormError error={formErrorFor("close")} />
          <TextAreaField name="note" fieldId="close-note" label={t("case.action.note")} maxLength={2000} rows={2} error={errorsFor("close").note} />
          <button type="submit" className="button">
            {t("case.action.close")}
          </button>
        </Form>
      ) : null}

      {actions.includes("escalate") ? (
        <Form method="post" className="form" aria-label={t("case.action.escalate")}>
          <CsrfInput />
          <input type="hidden" name="intent" value="escalate" />
          <FormError error={formErrorFor("escalate")} />
          <TextAreaField name="note" fieldId="escalate-note" label={t("case.action.reason")} maxLength={2000} rows={2} required error={errorsFor("escalate").note} />
          <button type="submit" className="button button--secondary">
            {t("case.action.escalate")}
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="case-history">
        <h2 id="case-history">{t("case.page.history")}</h2>
        <ol className="timeline" data-testid="case-history">
          {history.map((h) => (
            <li key={h.id}>
              <strong>{t(`case.step.${h.step}`)}</strong> · {formatDateTime(h.at, locale)}
              {h.actor ? ` · ${h.actor}` : ""}
              {h.actorOrganisation ? ` (${h.actorOrganisation})` : ""}
              {h.assignee ? ` → ${h.assignee}` : ""}
              {h.note ? <p className="prewrap">{h.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      {actions.includes("comment") ? (
        <Form method="post" className="form" aria-label={t("case.action.comment")}>
          <CsrfInput />
          <input type="hidden" name="intent" value="comment" />
          <FormError error={formErrorFor("comment")} />
          <TextAreaField name="note" fieldId="comment-note" label={t("case.action.commentLabel")} maxLength={2000} rows={2} required error={errorsFor("comment").note} />
          <button type="submit" className="button button--secondary">
            {t("case.action.comment")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}
