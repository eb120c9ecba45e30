import { useMatches } from "@remix-run/react";
import { CSRF_FIELD } from "~/identity/csrf";

/**
 * The CSRF token of this visitor, from the deepest route whose loader returned `csrfToken` (the
 * root does for signed-in visitors; pages with signed-out forms issue their own).
 */
export function useCsrfToken(): string | null {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const data = matches[i]?.data as { csrfToken?: unknown } | null | undefined;
    if (data && typeof data.csrfToken === "string") return data.csrfToken;
  }
  return null;
}

/** Put inside every form that changes state; the action checks it with `requireCsrf`. */
export function CsrfInput() {
  const token = useCsrfToken();
  return <input type="hidden" name={CSRF_FIELD} value={token ?? ""} />;
}
