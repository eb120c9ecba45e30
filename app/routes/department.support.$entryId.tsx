import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextAreaField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { SupportEntryFields } from "~/components/support/SupportEntryFields";
import { formatDate, formatVnd } from "~/lib/format";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { requireSupportOfficer, requireSupportOfficerAction } from "~/support/access.server";
import { correctSupportEntry, getLedgerEntry, recordRepayment } from "~/support/ledger.server";
import { formObject } from "~/workspace/access.server";

const entryIdParam = z.string().uuid();

function entryIdOr404(value: string | undefined): string {
  const parsed = entryIdParam.safeParse(value);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return parsed.data;
}

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireSupportOfficer(args);
  const id = entryIdOr404(args.params.entryId);
  const entry = await getLedgerEntry(args.context.db, id);
  // A commune officer does not learn of entries outside their commune.
  if (!entry || (actor.communeId && entry.communeId !== actor.communeId)) throw new Response("Not Found", { status: 404 });
  const url = new URL(args.request.url);
  return { entry, today: vietnamToday(), repaid: url.searchParams.get("repaid") === "1" };
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form } = await requireSupportOfficerAction(args);
  const id = entryIdOr404(args.params.entryId);
  const values = formObject(form);
  const today = vietnamToday();
  if (values.intent === "repay") {
    const result = await recordRepayment(args.context.db, actor, { ...values, entryId: id }, { today });
    if (!result.ok) return { intent: "repay" as const, errors: result.fieldErrors ?? { _form: "sup.error.invalid" }, values };
    return redirect(`/department/support/${id}?repaid=1`);
  }
  if (values.intent === "correct") {
    const result = await correctSupportEntry(args.context.db, actor, { ...values, correctsId: id }, { today });
    if (!result.ok) return { intent: "correct" as const, errors: result.fieldErrors ?? { _form: "sup.error.invalid" }, values };
    return redirect(`/department/support/${result.id}`);
  }
  throw new Response("Bad Request", { status: 400 });
}

export const meta: MetaFunction = () => [{ title: "Khoản hỗ trợ · OCOP Trace" }, { name: "robots", content: "noindex" }];

export default function SupportEntryPage() {
  const { entry, today, repaid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errorsOf = (intent: "repay" | "correct") => (data?.intent === intent ? data.errors : {}) as Record<string, string>;
  const correctValues: Record<string, string> =
    data?.intent === "correct"
      ? data.values
      : { programme: entry.programme, project: entry.project, kind: entry.kind, valueVnd: String(entry.valueVnd), givenOn: entry.givenOn, note: entry.note ?? "" };
  const current = entry.correctedByNumber === null;
  return (
    <div className="container">
      <p>
        <Link to="/department/support">{t("sup.dept.back")}</Link>
      </p>
      <h1>{t("sup.entry.title", { number: entry.number })}</h1>
      {repaid ? (
        <p className="notice notice--ok" role="status">
          {t("sup.entry.repaidSaved")}
        </p>
      ) : null}
      <dl className="facts" data-testid="support-entry">
        <div>
          <dt>{t("sup.field.programme")}</dt>
          <dd>{t(`sup.programme.${entry.programme}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t("sup.field.project")}</dt>
          <dd>{entry.project}</dd>
        </div>
        <div>
          <dt>{t("sup.field.kind")}</dt>
          <dd>{t(`sup.kind.${entry.kind}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t("sup.field.value")}</dt>
          <dd>{formatVnd(entry.valueVnd, locale)}</dd>
        </div>
        <div>
          <dt>{t("sup.field.givenOn")}</dt>
          <dd>{formatDate(entry.givenOn, locale)}</dd>
        </div>
        <div>
          <dt>{t("sup.field.commune")}</dt>
          <dd>{entry.communeName}</dd>
        </div>
        <div>
          <dt>{t("sup.field.beneficiary")}</dt>
          <dd>
            {t(`sup.beneficiary.${entry.beneficiary}` as MessageKey)}: {entry.organisationName}
            {entry.beneficiary === "households" ? ` (${t("sup.entry.households", { count: entry.households })})` : ""}
          </dd>
        </div>
        {entry.revolving ? (
          <div>
            <dt>{t("sup.entry.revolving")}</dt>
            <dd data-testid="repaid">{t("sup.entry.repaid", { repaid: formatVnd(entry.repaidVnd, locale), value: formatVnd(entry.valueVnd, locale) })}</dd>
          </div>
        ) : null}
        {entry.correctsNumber !== null ? (
          <div>
            <dt>{t("sup.entry.corrects")}</dt>
            <dd>
              {entry.correctsId ? <Link to={`/department/support/${entry.correctsId}`}>{t("sup.entry.numbered", { number: entry.correctsNumber })}</Link> : null} — {entry.reason}
            </dd>
          </div>
        ) : null}
        {entry.correctedById ? (
          <div>
            <dt>{t("sup.entry.correctedBy")}</dt>
            <dd>
              <Link to={`/department/support/${entry.correctedById}`}>{t("sup.entry.numbered", { number: entry.correctedByNumber ?? 0 })}</Link>
            </dd>
          </div>
        ) : null}
      </dl>

      {current && entry.revolving ? (
        <section aria-labelledby="repay-heading" className="section">
          <h2 id="repay-heading">{t("sup.entry.repay")}</h2>
          <Form method="post" className="form" aria-labelledby="repay-heading">
            <CsrfInput />
            <input type="hidden" name="intent" value="repay" />
            <FormError error={errorsOf("repay")._form} />
            <TextField name="amountVnd" fieldId="repay-amount" label={t("sup.field.amount")} inputMode="numeric" required error={errorsOf("repay").amountVnd} />
            <TextField name="paidOn" fieldId="repay-paid-on" type="date" label={t("sup.field.paidOn")} defaultValue={today} required error={errorsOf("repay").paidOn} />
            <TextAreaField name="note" fieldId="repay-note" label={t("sup.field.note")} rows={2} error={errorsOf("repay").note} />
            <button type="submit" className="button">
              {t("sup.entry.recordRepayment")}
            </button>
          </Form>
        </section>
      ) : null}

      {current ? (
        <section aria-labelledby="correct-heading" className="section">
          <h2 id="correct-heading">{t("sup.entry.correct")}</h2>
          <p className="muted">{t("sup.entry.correctLead")}</p>
          <Form method="post" className="form" aria-labelledby="correct-heading">
            <CsrfInput />
            <input type="hidden" name="intent" value="correct" />
            <FormError error={errorsOf("correct")._form} />
            <SupportEntryFields values={correctValues} errorFor={(f) => errorsOf("correct")[f]} idPrefix="correct" />
            <TextField name="reason" fieldId="correct-reason" label={t("sup.field.reason")} defaultValue={correctValues.reason ?? ""} required error={errorsOf("correct").reason} />
            <button type="submit" className="button">
              {t("sup.entry.recordCorrection")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
