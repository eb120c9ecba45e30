import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, SelectField, TextField } from "~/components/form/fields";
import { useLiveValidation } from "~/components/form/live-validation";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { householdActor, requireHouseholdManager, requireHouseholdManagerAction } from "~/households/access.server";
import { ethnicGroups } from "~/households/ethnic-groups";
import { createHousehold, listHouseholdCommunes } from "~/households/registry.server";
import { headSexes, householdFormSchema } from "~/households/schema";
import { useLocale, useT } from "~/lib/use-t";
import { formObject } from "~/workspace/access.server";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireHouseholdManager(args);
  return { communes: await listHouseholdCommunes(args.context.db, access.organisation.id) };
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireHouseholdManagerAction(args);
  const values = formObject(form);
  const result = await createHousehold(args.context.db, householdActor(access), values);
  if (!result.ok) return { errors: result.fieldErrors ?? {}, values };
  return redirect(`/workspace/${access.organisation.slug}/households/${result.household.id}?saved=1`);
}

export default function NewHousehold() {
  const { communes } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const { errorFor, formProps } = useLiveValidation(householdFormSchema, data?.errors);
  const v = (key: string) => data?.values?.[key] ?? "";
  return (
    <section aria-labelledby="new-household">
      <h2 id="new-household">{t("hh.new")}</h2>
      <Form method="post" className="form" {...formProps}>
        <CsrfInput />
        <FormError error={data?.errors?._form} />
        <TextField name="code" label={t("hh.field.code")} defaultValue={v("code")} error={errorFor("code")} required maxLength={20} />
        <TextField name="headName" label={t("hh.field.headName")} defaultValue={v("headName")} error={errorFor("headName")} required />
        <SelectField
          name="headSex"
          label={t("hh.field.headSex")}
          defaultValue={v("headSex")}
          error={errorFor("headSex")}
          emptyLabel=""
          options={headSexes.map((s) => ({ value: s, label: t(`hh.sex.${s}`) }))}
        />
        <TextField name="memberCount" label={t("hh.field.memberCount")} defaultValue={v("memberCount")} error={errorFor("memberCount")} inputMode="numeric" required />
        <SelectField
          name="ethnicityCode"
          label={t("hh.field.ethnicity")}
          defaultValue={v("ethnicityCode") || "01"}
          error={errorFor("ethnicityCode")}
          options={ethnicGroups.map((g) => ({ value: g.code, label: locale === "en" ? g.nameEn : g.nameVi }))}
        />
        <SelectField
          name="communeId"
          label={t("hh.field.commune")}
          defaultValue={v("communeId")}
          error={errorFor("communeId")}
          emptyLabel=""
          options={communes.map((c) => ({ value: String(c.id), label: c.nameVi }))}
        />
        <TextField name="village" label={t("hh.field.village")} defaultValue={v("village")} error={errorFor("village")} />
        <TextField name="joinedOn" type="date" label={t("hh.field.joinedOn")} defaultValue={v("joinedOn")} error={errorFor("joinedOn")} required />
        <TextField name="leftOn" type="date" label={t("hh.field.leftOn")} defaultValue={v("leftOn")} error={errorFor("leftOn")} />
        <TextField name="baselineYear" label={t("hh.field.baselineYear")} defaultValue={v("baselineYear")} error={errorFor("baselineYear")} inputMode="numeric" />
        <TextField name="baselineIncomeVnd" label={t("hh.field.baselineIncome")} defaultValue={v("baselineIncomeVnd")} error={errorFor("baselineIncomeVnd")} inputMode="numeric" />
        <button type="submit" className="button">
          {t("hh.save")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
