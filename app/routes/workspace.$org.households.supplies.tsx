import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { householdActor, logPersonalDataView, requireHouseholdManager, requireHouseholdManagerAction } from "~/households/access.server";
import { listHouseholds } from "~/households/registry.server";
import { paymentKinds, supplyUoms } from "~/households/schema";
import { listSupplyTargets, recordPayment, recordSupply } from "~/households/supplies.server";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamToday } from "~/lib/vietnam-time";
import { formObject } from "~/workspace/access.server";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireHouseholdManager(args);
  const today = vietnamToday();
  const [list, targets] = await Promise.all([
    listHouseholds(args.context.db, access.organisation.id, Number(today.slice(0, 4))),
    listSupplyTargets(args.context.db, access.organisation.id),
  ]);
  const households = list.filter((h) => !h.leftOn || h.leftOn >= today).map((h) => ({ id: h.id, code: h.code, headName: h.headName }));
  // The household picker shows the heads' names: a view of personal data.
  await logPersonalDataView(args.context.db, access, { entityType: "household_list", entityId: access.organisation.id, detail: { page: "supplies", count: households.length } });
  return { slug: access.organisation.slug, today, households, ...targets };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireHouseholdManagerAction(args);
  const values = formObject(form);
  const options = { today: vietnamToday() };
  const back = (saved: string, reference: string) =>
    redirect(`/workspace/${access.organisation.slug}/households/supplies?${new URLSearchParams({ saved, reference, household: values.householdId ?? "" })}`);
  if (values.intent === "supply") {
    const r = await recordSupply(args.context.db, householdActor(access), values, options);
    if (!r.ok) return { intent: "supply", errors: r.fieldErrors ?? {}, values };
    return back("supply", r.supply.reference);
  }
  if (values.intent === "payment") {
    const r = await recordPayment(args.context.db, householdActor(access), values, options);
    if (!r.ok) return { intent: "payment", errors: r.fieldErrors ?? {}, values };
    return back("payment", r.payment.reference);
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function SuppliesPage() {
  const { slug, today, households, rawProducts, openLots } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const err = (intent: string, key: string) => (data?.intent === intent ? data.errors[key] : undefined);
  const val = (intent: string, key: string, fallback = "") => (data?.intent === intent ? (data.values[key] ?? fallback) : fallback);
  const chosen = params.get("household") ?? "";
  const householdOptions = households.map((h) => ({ value: h.id, label: `${h.code} · ${h.headName}` }));
  const saved = params.get("saved");
  return (
    <section aria-labelledby="supplies-heading">
      <h2 id="supplies-heading">{t("hh.supplies")}</h2>
      <p>
        <Link to={`/workspace/${slug}/households`}>{t("hh.title")}</Link> · <Link to={`/workspace/${slug}/households/import?kind=supplies`}>{t("hh.import")}</Link>
      </p>
      {saved ? (
        <p className="notice notice--ok" role="status">
          {t(saved === "supply" ? "hh.supplies.supplySaved" : "hh.supplies.paymentSaved", { reference: params.get("reference") ?? "" })}
        </p>
      ) : null}
      {households.length === 0 ? <p>{t("hh.supplies.noHouseholds")}</p> : null}

      <h3 id="supply-heading">{t("hh.supplies.recordSupply")}</h3>
      {rawProducts.length === 0 ? (
        <p>{t("hh.supplies.noRawProducts")}</p>
      ) : (
        <Form method="post" className="form" aria-labelledby="supply-heading">
          <CsrfInput />
          <input type="hidden" name="intent" value="supply" />
          <FormError error={err("supply", "_form")} />
          <SelectField name="householdId" fieldId="supply-household" label={t("hh.field.household")} defaultValue={val("supply", "householdId", chosen)} error={err("supply", "householdId")} emptyLabel="" options={householdOptions} />
          <TextField name="reference" fieldId="supply-reference" label={t("hh.field.reference")} defaultValue={val("supply", "reference")} error={err("supply", "reference")} required maxLength={40} />
          <fieldset className="field">
            <legend className="field__label">{t("hh.field.mode")}</legend>
            <div className="choice-list">
              <label className="choice">
                <input type="radio" name="mode" value="new" defaultChecked={val("supply", "mode", openLots.length === 0 ? "new" : "existing") === "new"} />
                <span>{t("hh.field.modeNew")}</span>
              </label>
              <label className="choice">
                <input type="radio" name="mode" value="existing" defaultChecked={val("supply", "mode", openLots.length === 0 ? "new" : "existing") === "existing"} disabled={openLots.length === 0} />
                <span>{t("hh.field.modeExisting")}</span>
              </label>
            </div>
          </fieldset>
          <SelectField
            name="productId"
            fieldId="supply-product"
            label={t("hh.field.product")}
            defaultValue={val("supply", "productId", rawProducts[0]?.id ?? "")}
            error={err("supply", "productId")}
            options={rawProducts.map((p) => ({ value: p.id, label: localized(locale, p.nameVi, p.nameEn) }))}
          />
          <TextField name="lotCode" fieldId="supply-lot-code" label={t("hh.field.lotCode")} defaultValue={val("supply", "lotCode")} error={err("supply", "lotCode")} maxLength={20} />
          <SelectField
            name="batchId"
            fieldId="supply-lot"
            label={t("hh.field.lot")}
            defaultValue={val("supply", "batchId")}
            error={err("supply", "batchId")}
            emptyLabel=""
            options={openLots.map((l) => ({ value: l.id, label: `${l.lotCode} · ${localized(locale, l.productNameVi, l.productNameEn)}` }))}
          />
          <TextField name="quantity" fieldId="supply-quantity" label={t("hh.field.quantity")} defaultValue={val("supply", "quantity")} error={err("supply", "quantity")} inputMode="decimal" required />
          <SelectField name="uom" fieldId="supply-uom" label={t("hh.field.uom")} defaultValue={val("supply", "uom", rawProducts[0]?.uom ?? "KGM")} error={err("supply", "uom")} options={supplyUoms.map((u) => ({ value: u, label: t(`hh.uom.${u}`) }))} />
          <TextField name="suppliedOn" fieldId="supply-date" type="date" max={today} label={t("hh.field.suppliedOn")} defaultValue={val("supply", "suppliedOn", today)} error={err("supply", "suppliedOn")} required />
          <TextField name="pricePaidVnd" fieldId="supply-price" label={t("hh.field.pricePaid")} defaultValue={val("supply", "pricePaidVnd", "0")} error={err("supply", "pricePaidVnd")} inputMode="numeric" required />
          <button type="submit" className="button">
            {t("hh.supplies.recordSupply")}
          </button>
        </Form>
      )}

      <h3 id="payment-heading">{t("hh.supplies.recordPayment")}</h3>
      <Form method="post" className="form" aria-labelledby="payment-heading">
        <CsrfInput />
        <input type="hidden" name="intent" value="payment" />
        <FormError error={err("payment", "_form")} />
        <SelectField name="householdId" fieldId="payment-household" label={t("hh.field.household")} defaultValue={val("payment", "householdId", chosen)} error={err("payment", "householdId")} emptyLabel="" options={householdOptions} />
        <TextField name="reference" fieldId="payment-reference" label={t("hh.field.reference")} defaultValue={val("payment", "reference")} error={err("payment", "reference")} required maxLength={40} />
        <SelectField name="kind" fieldId="payment-kind" label={t("hh.field.kind")} defaultValue={val("payment", "kind", "purchase")} error={err("payment", "kind")} options={paymentKinds.map((k) => ({ value: k, label: t(`hh.kind.${k}`) }))} />
        <TextField name="paidOn" fieldId="payment-date" type="date" max={today} label={t("hh.field.paidOn")} defaultValue={val("payment", "paidOn", today)} error={err("payment", "paidOn")} required />
        <TextField name="amountVnd" fieldId="payment-amount" label={t("hh.field.amount")} defaultValue={val("payment", "amountVnd")} error={err("payment", "amountVnd")} inputMode="numeric" required />
        <TextField name="note" fieldId="payment-note" label={t("hh.field.note")} defaultValue={val("payment", "note")} error={err("payment", "note")} maxLength={200} />
        <button type="submit" className="button">
          {t("hh.supplies.recordPayment")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
