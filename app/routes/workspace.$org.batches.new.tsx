import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { batchFormSchema } from "~/catalog/schema";
import { listOrganisationProducts } from "~/catalog/products.server";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextField } from "~/components/form/fields";
import { useLiveValidation } from "~/components/form/live-validation";
import { UomField } from "~/components/workspace/UomField";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { vietnamToday } from "~/lib/vietnam-time";
import { lotFormDefaults } from "~/trace/form-defaults";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { createBatch } from "~/trace/batches.server";
import { listCommunesOfOrganisationProvince } from "~/workspace/places.server";
import { actorOf, formObject, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const db = args.context.db;
  const [products, communes] = await Promise.all([
    listOrganisationProducts(db, organisation.id),
    listCommunesOfOrganisationProvince(db, organisation.id),
  ]);
  const active = products.filter((p) => p.status === "active");
  const now = new Date();
  return {
    today: vietnamToday(now),
    defaults: lotFormDefaults({ now, products: active, requestedProductId: new URL(args.request.url).searchParams.get("product") }),
    products: active.map((p) => ({ id: p.id, nameVi: p.nameVi, nameEn: p.nameEn, unitVi: p.unitVi, unitEn: p.unitEn })),
    communes,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args);
  const result = await createBatch(args.context.db, actorOf(access), {
    organisationId: access.organisation.id,
    form: formObject(form),
    today: vietnamToday(),
  });
  if (!result.ok) return { errors: result.fieldErrors, values: formObject(form) };
  return redirect(`/workspace/${access.organisation.slug}/batches/${result.batch.id}`);
}

export default function NewBatch() {
  const { products, communes, today, defaults } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { errorFor, formProps } = useLiveValidation(batchFormSchema, data?.errors);
  const v = (key: string, fallback = "") => data?.values?.[key] ?? fallback;
  // The unit follows the product picked (with JavaScript); without it, the server's choice stands.
  const [productId, setProductId] = useState(v("productId", defaults.productId));
  const product = products.find((p) => p.id === productId);
  const uom = productId === v("productId", defaults.productId) ? v("uom", defaults.uom) : (defaults.uomByProduct[productId] ?? defaults.uom);
  if (products.length === 0) return <p>{t("ws.batches.noActiveProducts")}</p>;
  return (
    <section aria-labelledby="new-batch">
      <h2 id="new-batch">{t("ws.batches.new")}</h2>
      <Form method="post" className="form" {...formProps}>
        <CsrfInput />
        <FormError error={data?.errors?._form} />
        <SelectField
          name="productId"
          label={t("ws.batches.product")}
          defaultValue={v("productId", defaults.productId)}
          onChange={(e) => setProductId(e.currentTarget.value)}
          error={errorFor("productId")}
          emptyLabel={t("ws.form.choose")}
          options={products.map((p) => ({ value: p.id, label: localized(locale, p.nameVi, p.nameEn) }))}
        />
        <TextField name="lotCode" label={t("ws.field.lotCode")} hint={t("ws.field.lotCodeHint")} defaultValue={v("lotCode")} error={errorFor("lotCode")} maxLength={20} autoCapitalize="characters" />
        <TextField name="quantity" label={t("ws.field.quantity")} defaultValue={v("quantity")} error={errorFor("quantity")} inputMode="decimal" />
        <UomField key={productId} name="uom" label={t("ws.field.uom")} defaultValue={uom} error={errorFor("uom")} product={product ?? null} />
        <TextField name="producedOn" type="date" max={today} label={t("ws.field.producedOn")} defaultValue={v("producedOn", defaults.producedOn)} error={errorFor("producedOn")} />
        <TextField name="bestBefore" type="date" label={t("ws.field.bestBefore")} defaultValue={v("bestBefore")} error={errorFor("bestBefore")} />
        <TextField name="expiresOn" type="date" label={t("ws.field.expiresOn")} defaultValue={v("expiresOn")} error={errorFor("expiresOn")} />
        <SelectField
          name="originCommuneId"
          label={t("ws.field.originCommuneId")}
          defaultValue={v("originCommuneId")}
          error={errorFor("originCommuneId")}
          emptyLabel={t("ws.form.none")}
          options={communes.map((c) => ({ value: String(c.id), label: c.nameVi }))}
        />
        <TextField name="farmPlot" label={t("ws.field.farmPlot")} defaultValue={v("farmPlot")} error={errorFor("farmPlot")} maxLength={200} />
        <p>
          <button type="submit" className="button">
            {t("ws.form.save")}
          </button>
        </p>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
