import type { z } from "zod";
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
 * "invalid_input" carrying the field errors.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; input: z.output<S> } | Refusal<"invalid_input"> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, input: parsed.data } : refuse("invalid_input", { fieldErrors: fieldErrors(parsed.error) });
}
