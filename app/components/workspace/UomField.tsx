import { batchUoms } from "~/catalog/schema";
import { SelectField } from "~/components/form/fields";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { uomOfProduct, type ProductUnit } from "~/trace/form-defaults";

/**
 * The unit of a quantity, chosen by the words people use ("kg", "lít", "hộp") while the form sends the
 * UN/ECE Rec 20 code (KGM, LTR, H87). A count is named by the product's own sales unit when it has one.
 */
export function UomField({
  product,
  emptyLabel,
  ...select
}: {
  product: Pick<ProductUnit, "unitVi" | "unitEn"> | null;
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  emptyLabel?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const countUnit = product && uomOfProduct(product) === "H87" ? localized(locale, product.unitVi, product.unitEn) : null;
  return (
    <SelectField
      {...select}
      emptyLabel={emptyLabel}
      options={batchUoms.map((u) => ({ value: u, label: u === "H87" && countUnit ? countUnit : t(`uom.${u}` as MessageKey) }))}
    />
  );
}
