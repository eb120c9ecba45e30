import { SelectField, TextAreaField, TextField } from "~/components/form/fields";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";
import { supportKinds, supportProgrammes } from "~/support/schema";

/** The fields an entry and its correction share: programme, project, kind, value, date, note. */
export function SupportEntryFields({ values, errorFor, idPrefix }: { values: Record<string, string>; errorFor: (field: string) => string | undefined; idPrefix: string }) {
  const t = useT();
  return (
    <>
      <SelectField
        name="programme"
        fieldId={`${idPrefix}-programme`}
        label={t("sup.field.programme")}
        defaultValue={values.programme ?? ""}
        error={errorFor("programme")}
        emptyLabel=""
        required
        options={supportProgrammes.map((p) => ({ value: p, label: t(`sup.programme.${p}` as MessageKey) }))}
      />
      <TextField name="project" fieldId={`${idPrefix}-project`} label={t("sup.field.project")} defaultValue={values.project ?? ""} error={errorFor("project")} required maxLength={200} />
      <SelectField
        name="kind"
        fieldId={`${idPrefix}-kind`}
        label={t("sup.field.kind")}
        defaultValue={values.kind ?? ""}
        error={errorFor("kind")}
        emptyLabel=""
        required
        options={supportKinds.map((k) => ({ value: k, label: t(`sup.kind.${k}` as MessageKey) }))}
      />
      <TextField
        name="valueVnd"
        fieldId={`${idPrefix}-value`}
        label={t("sup.field.value")}
        defaultValue={values.valueVnd ?? ""}
        error={errorFor("valueVnd")}
        inputMode="numeric"
        required
      />
      <TextField name="givenOn" fieldId={`${idPrefix}-given-on`} type="date" label={t("sup.field.givenOn")} defaultValue={values.givenOn ?? ""} error={errorFor("givenOn")} required />
      <TextAreaField name="note" fieldId={`${idPrefix}-note`} label={t("sup.field.note")} defaultValue={values.note ?? ""} error={errorFor("note")} rows={2} />
    </>
  );
}
