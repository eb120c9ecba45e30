/**
 * What a command returns. A refusal is a value the caller shows (a reason key, and field errors
 * next to the fields of a form); it never throws. Framework-free: safe for routes and components.
 */
export interface Refusal<R extends string = string> {
  ok: false;
  reason: R;
  /** The one form field the refusal is about, when there is one. */
  field?: string;
  /** Message keys per form field ("_form" for the form as a whole). */
  fieldErrors?: Record<string, string>;
}

export type Outcome<T extends object = object, R extends string = string> = ({ ok: true } & T) | Refusal<R>;

export function refuse<R extends string>(reason: R, details: { field?: string; fieldErrors?: Record<string, string> } = {}): Refusal<R> {
  return { ok: false, reason, ...details };
}

/** A refusal about one form field, with its message key shown beside it. */
export function refuseField<R extends string>(reason: R, field: string, messageKey: string): Refusal<R> {
  return { ok: false, reason, field, fieldErrors: { [field]: messageKey } };
}
