import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { newApplicationChoices, startApplication } from "~/ocop/applications.server";
import { dossierViewerOf } from "~/ocop/workspace-viewer.server";
import { actorOf, formObject, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";

const startSchema = z.object({
  productId: z.guid({ error: "validation.choice" }),
  productSetCode: z.string({ error: "validation.choice" }).regex(/^[a-z_]+\.[a-z0-9_]+$/, { error: "validation.choice" }),
});

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args, PRODUCT_MANAGERS);
  return newApplicationChoices(args.context.db, access.organisation.id);
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const values = formObject(form);
  const parsed = startSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "_form")] ??= issue.message;
    return { errors, values };
  }
  const result = await startApplication(args.context.db, actorOf(access), { who: dossierViewerOf(access), ...parsed.data });
  if (result.ok) return redirect(`/workspace/${access.organisation.slug}/ocop/${result.applicationId}`);
  return { errors: { _form: `ocopApp.refusal.${result.reason}` }, values };
}

export default function NewOcopApplication() {
  const { products, sets } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="ocop-new-h">
      <h2 id="ocop-new-h">{t("ocopApp.new.title")}</h2>
      <p className="muted">{t("ocopApp.new.lead")}</p>
      <Form method="post" className="form">
        <CsrfInput />
        <FormError error={data?.errors._form} />
        <SelectField
          name="productId"
          label={t("ocopApp.new.product")}
          emptyLabel={t("ocopApp.new.choose")}
          defaultValue={data?.values.productId ?? ""}
          error={data?.errors.productId}
          required
          options={products.map((p) => ({ value: p.id, label: localized(locale, p.nameVi, p.nameEn) }))}
        />
        <SelectField
          name="productSetCode"
          label={t("ocopApp.new.productSet")}
          hint={t("ocopApp.new.productSetHint")}
          emptyLabel={t("ocopApp.new.choose")}
          defaultValue={data?.values.productSetCode ?? ""}
          error={data?.errors.productSetCode}
          required
          options={sets.map((s) => ({ value: s.code, label: `${t(`ocopApp.group.${s.group}`)} — ${localized(locale, s.nameVi, s.nameEn)}` }))}
        />
        <button type="submit" className="button">
          {t("ocopApp.new.start")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
