import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { messages, type MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";

/** Shows a message key from a schema or the domain in the page's language. */
export function useErrorText(): (key: string | undefined) => string | undefined {
  const t = useT();
  return (key) => {
    if (!key) return undefined;
    return key in messages.vi ? t(key as MessageKey) : t("validation.invalid");
  };
}

interface FieldProps {
  name: string;
  /** Needed when several controls share a name (repeated rows). */
  fieldId?: string;
  label: string;
  error?: string;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** Label, control, hint and error in one place, wired for screen readers. */
export function Field({ name, fieldId, label, error, hint, children }: FieldProps) {
  const errorText = useErrorText()(error);
  const id = fieldId ?? `f-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  const describedBy = [hint ? `${id}-hint` : null, errorText ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${errorText ? " field--invalid" : ""}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, describedBy, invalid: Boolean(errorText) })}
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {errorText ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {errorText}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = { name: string; fieldId?: string; label: string; error?: string; hint?: string } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "name" | "id"
>;

export function TextField({ name, fieldId, label, error, hint, ...input }: TextFieldProps) {
  return (
    <Field name={name} fieldId={fieldId} label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />
      )}
    </Field>
  );
}

type TextAreaFieldProps = { name: string; fieldId?: string; label: string; error?: string; hint?: string } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "name" | "id"
>;

export function TextAreaField({ name, fieldId, label, error, hint, ...area }: TextAreaFieldProps) {
  return (
    <Field name={name} fieldId={fieldId} label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined} rows={4} {...area} />
      )}
    </Field>
  );
}

type SelectFieldProps = {
  name: string;
  fieldId?: string;
  label: string;
  error?: string;
  hint?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** Label of an empty first option; omitted when a value must be chosen. */
  emptyLabel?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">;

export function SelectField({ name, fieldId, label, error, hint, options, emptyLabel, ...select }: SelectFieldProps) {
  return (
    <Field name={name} fieldId={fieldId} label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select id={id} name={name} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...select}>
          {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A problem that belongs to the whole form rather than one field. */
export function FormError({ error }: { error?: string }) {
  const text = useErrorText()(error);
  if (!text) return null;
  return (
    <p className="form-error" role="alert">
      {text}
    </p>
  );
}
