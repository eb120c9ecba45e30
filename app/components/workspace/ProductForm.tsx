import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { netUoms, ocopGroups, productCategories, productFormSchema } from "~/catalog/schema";
import { CsrfInput } from "~/components/CsrfInput";
import { SelectField, TextAreaField, TextField, FormError } from "~/components/form/fields";
import { useLiveValidation } from "~/components/form/live-validation";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";

export interface ProductFormValues {
  nameVi: string;
  nameEn: string | null;
  descriptionVi: string | null;
  descriptionEn: string | null;
  category: string;
  kind: string;
  ocopGroup: string | null;
  ocopStars: number | null;
  ocopScore: number | null;
  ocopCertificateNumber: string | null;
  ocopIssuedOn: string | null;
  ocopExpiresOn: string | null;
  keyProductLevel: string | null;
  gtin: string | null;
  unitVi: string;
  unitEn: string;
  netQuantity: string | null;
  netUom: string | null;
  priceVnd: number | null;
}

/** The product form for creating and editing; works without JavaScript, validates as you type with it. */
export function ProductForm({
  defaults,
  errors,
  hidden,
  certificate,
}: {
  defaults?: Partial<Record<keyof ProductFormValues, string | number | null>>;
  errors?: Record<string, string>;
  hidden?: ReactNode;
  /** The register's certificate of the product, shown read-only: stars are never typed here. */
  certificate?: ReactNode;
}) {
  const t = useT();
  const { errorFor, formProps } = useLiveValidation(productFormSchema, errors);
  const d = (key: keyof ProductFormValues) => {
    const v = defaults?.[key];
    return v === null || v === undefined ? "" : String(v);
  };
  return (
    <Form method="post" className="form" {...formProps}>
      <CsrfInput />
      {hidden}
      <FormError error={errors?._form} />
      <fieldset>
        <legend>{t("ws.form.section.basic")}</legend>
        <TextField name="nameVi" label={t("ws.field.nameVi")} defaultValue={d("nameVi")} error={errorFor("nameVi")} required maxLength={200} />
        <TextField name="nameEn" label={t("ws.field.nameEn")} defaultValue={d("nameEn")} error={errorFor("nameEn")} maxLength={200} />
        <SelectField
          name="category"
          label={t("ws.field.category")}
          defaultValue={d("category")}
          error={errorFor("category")}
          emptyLabel={t("ws.form.choose")}
          options={productCategories.map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) }))}
        />
        <SelectField
          name="kind"
          label={t("ws.field.kind")}
          defaultValue={d("kind") || "finished"}
          error={errorFor("kind")}
          options={(["finished", "raw_material"] as const).map((k) => ({ value: k, label: t(`ws.products.kind.${k}`) }))}
        />
        <TextAreaField name="descriptionVi" label={t("ws.field.descriptionVi")} defaultValue={d("descriptionVi")} error={errorFor("descriptionVi")} maxLength={4000} />
        <TextAreaField name="descriptionEn" label={t("ws.field.descriptionEn")} defaultValue={d("descriptionEn")} error={errorFor("descriptionEn")} maxLength={4000} />
        <SelectField
          name="keyProductLevel"
          label={t("ws.field.keyProductLevel")}
          defaultValue={d("keyProductLevel")}
          error={errorFor("keyProductLevel")}
          emptyLabel={t("ws.form.none")}
          options={(["province", "commune"] as const).map((l) => ({ value: l, label: t(`product.keyProduct.${l}`) }))}
        />
      </fieldset>
      <fieldset>
        <legend>{t("ws.form.section.ocop")}</legend>
        {certificate}
        <h3 className="h4">{t("ocopRegister.product.recordHeading")}</h3>
        <p className="field__hint">{t("ocopRegister.product.recordLead")}</p>
        <SelectField
          name="ocopGroup"
          label={t("ws.field.ocopGroup")}
          defaultValue={d("ocopGroup")}
          error={errorFor("ocopGroup")}
          emptyLabel={t("ws.form.none")}
          options={ocopGroups.map((g) => ({ value: g, label: t(`ocopGroup.${g}`) }))}
        />
        <SelectField
          name="ocopStars"
          label={t("ws.field.ocopStars")}
          defaultValue={d("ocopStars")}
          error={errorFor("ocopStars")}
          emptyLabel={t("ws.form.none")}
          options={["3", "4", "5"].map((s) => ({ value: s, label: t("ws.stars", { stars: s }) }))}
        />
        <TextField name="ocopScore" label={t("ws.field.ocopScore")} defaultValue={d("ocopScore")} error={errorFor("ocopScore")} inputMode="numeric" />
        <TextField
          name="ocopCertificateNumber"
          label={t("ws.field.ocopCertificateNumber")}
          defaultValue={d("ocopCertificateNumber")}
          error={errorFor("ocopCertificateNumber")}
          maxLength={60}
        />
        <TextField name="ocopIssuedOn" type="date" label={t("ws.field.ocopIssuedOn")} defaultValue={d("ocopIssuedOn")} error={errorFor("ocopIssuedOn")} />
        <TextField
          name="ocopExpiresOn"
          type="date"
          label={t("ws.field.ocopExpiresOn")}
          hint={t("ws.field.ocopExpiresOnHint")}
          defaultValue={d("ocopExpiresOn")}
          error={errorFor("ocopExpiresOn")}
        />
      </fieldset>
      <fieldset>
        <legend>{t("ws.form.section.sale")}</legend>
        <TextField name="gtin" label={t("ws.field.gtin")} hint={t("ws.field.gtinHint")} defaultValue={d("gtin")} error={errorFor("gtin")} inputMode="numeric" maxLength={20} />
        <TextField name="unitVi" label={t("ws.field.unitVi")} defaultValue={d("unitVi")} error={errorFor("unitVi")} required maxLength={30} />
        <TextField name="unitEn" label={t("ws.field.unitEn")} defaultValue={d("unitEn")} error={errorFor("unitEn")} required maxLength={30} />
        <TextField name="netQuantity" label={t("ws.field.netQuantity")} defaultValue={d("netQuantity")} error={errorFor("netQuantity")} inputMode="decimal" />
        <SelectField
          name="netUom"
          label={t("ws.field.netUom")}
          defaultValue={d("netUom")}
          error={errorFor("netUom")}
          emptyLabel={t("ws.form.none")}
          options={netUoms.map((u) => ({ value: u, label: u }))}
        />
        <TextField name="priceVnd" label={t("ws.field.priceVnd")} defaultValue={d("priceVnd")} error={errorFor("priceVnd")} inputMode="numeric" />
      </fieldset>
      <p>
        <button type="submit" className="button">
          {t("ws.form.save")}
        </button>
      </p>
    </Form>
  );
}
