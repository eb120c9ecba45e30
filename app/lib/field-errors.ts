import type { z } from "zod";
import { overlongTextFields, TEXT_TOO_LONG_MESSAGE } from "./form-values";
import { refuse, type Refusal } from "./result";

/**
 * The one shape forms show next to each field: { "field.path": firstMessageKey }, with "_form" for
 * issues about the whole object. Framework-free and safe in the browser.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * Parses input with a form's zod schema at a command's door: the typed value, or the refusal
 * "invalid_input" carrying the field errors. A text value longer than FREE_TEXT_MAX is refused in any form.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; input: z.output<S> } | Refusal<"invalid_input"> {
  // Text past the shared cap is refused at the door, whatever the form's schema says of the field.
  const overlong = overlongTextFields(raw);
  const parsed = schema.safeParse(raw);
  if (parsed.success && overlong.length === 0) return { ok: true, input: parsed.data };
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  for (const name of overlong) errors[name] = TEXT_TOO_LONG_MESSAGE;
  return refuse("invalid_input", { fieldErrors: errors });
}
