import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { z } from "zod";

/**
 * Validation as the user types, with the same zod schema the server uses. Fields show client errors
 * once touched; until then the server's errors (from the last submission) stay.
 */
export function useLiveValidation(
  schema: z.ZodType,
  serverErrors: Record<string, string> | undefined,
  toInput: (data: FormData) => unknown = (data) => Object.fromEntries(data),
) {
  const touched = useRef(new Set<string>());
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);

  // A new answer from the server speaks for every field until the user edits it again.
  useEffect(() => {
    touched.current.clear();
    setClientErrors(null);
  }, [serverErrors]);

  const validate = useCallback(
    (form: HTMLFormElement) => {
      const result = schema.safeParse(toInput(new FormData(form)));
      const next: Record<string, string> = {};
      if (!result.success) {
        for (const issue of result.error.issues) {
          const key = issue.path.join(".") || "_form";
          next[key] ??= issue.message;
        }
      }
      setClientErrors(next);
      return next;
    },
    [schema, toInput],
  );

  const onTouch = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      const target = event.target as HTMLInputElement;
      if (target.name) touched.current.add(target.name.replace(/\[\]$/, ""));
      validate(event.currentTarget);
    },
    [validate],
  );

  const errorFor = (field: string): string | undefined => {
    const base = field.split(".")[0] ?? field;
    if (clientErrors && (touched.current.has(field) || touched.current.has(base))) return clientErrors[field];
    return serverErrors?.[field];
  };

  return {
    errorFor,
    formProps: {
      onChange: onTouch,
      onBlur: onTouch,
      noValidate: true,
    },
  };
}
