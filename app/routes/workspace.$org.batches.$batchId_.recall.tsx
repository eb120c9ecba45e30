import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextAreaField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { openRecall } from "~/recalls/recalls.server";
import { recallReasons, recallSeverities } from "~/recalls/rules";
import { getOrganisationBatch } from "~/trace/batches.server";
import { actorOf, formObject, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";

function batchIdOr404(value: string | undefined): string {
  const parsed = z.guid().safeParse(value);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return parsed.data.toLowerCase();
}

/** A manager opens a recall of one of the cooperative's lots (or joins the open recall that already holds it). */
export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args, PRODUCT_MANAGERS);
  const found = await getOrganisationBatch(args.context.db, access.organisation.id, batchIdOr404(args.params.batchId));
  if (!found) throw new Response("Not Found", { status: 404 });
  return { lotCode: found.batch.lotCode, productNameVi: found.productNameVi, productNameEn: found.productNameEn };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const batchId = batchIdOr404(args.params.batchId);
  const values = formObject(form);
  const result = await openRecall(args.context.db, actorOf(access), {
    opener: { kind: "cooperative", organisationId: access.organisation.id, role: "cooperative_manager" },
    batchId,
    form: values,
  });
  if (result.ok) return redirect(`/workspace/${access.organisation.slug}/recalls/${result.number}${result.joined ? "?joined=1" : ""}`);
  if (result.reason === "lot_not_found") throw new Response("Not Found", { status: 404 });
  if (result.reason === "invalid_input") return { fieldErrors: result.fieldErrors, formError: undefined, values };
  return { fieldErrors: {} as Record<string, string>, formError: `recall.refusal.${result.reason}`, values };
}

export default function OpenRecall() {
  const lot = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = result?.fieldErrors ?? {};
  const values = result?.values ?? {};
  return (
    <section aria-labelledby="open-recall-h">
      <h2 id="open-recall-h">{t("recall.open.title")}</h2>
      <p>{t("recall.open.lead", { lot: lot.lotCode, product: localized(locale, lot.productNameVi, lot.productNameEn) })}</p>
      <Form method="post" className="form">
        <CsrfInput />
        <FormError error={result?.formError} />
        <SelectField
          name="reason"
          label={t("recall.field.reason")}
          error={errors.reason}
          defaultValue={values.reason ?? ""}
          emptyLabel="—"
          options={recallReasons.map((r) => ({ value: r, label: t(`recall.reason.${r}`) }))}
        />
        <SelectField
          name="severity"
          label={t("recall.field.severity")}
          error={errors.severity}
          defaultValue={values.severity ?? ""}
          emptyLabel="—"
          options={recallSeverities.map((s) => ({ value: s, label: t(`recall.severity.${s}`) }))}
        />
        <TextAreaField name="messageVi" label={t("recall.field.messageVi")} error={errors.messageVi} defaultValue={values.messageVi} rows={3} />
        <TextAreaField name="messageEn" label={t("recall.field.messageEn")} error={errors.messageEn} defaultValue={values.messageEn} rows={3} />
        <TextAreaField name="details" label={t("recall.field.details")} error={errors.details} defaultValue={values.details} rows={3} />
        <button type="submit" className="button button--danger">
          {t("recall.open.action")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
