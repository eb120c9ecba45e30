import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { messages, type MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";

/** A thrown response may name the message to show (`{ messageKey }`), e.g. an expired form token. */
function messageKeyOf(data: unknown): MessageKey | null {
  const key = data && typeof data === "object" ? (data as { messageKey?: unknown }).messageKey : null;
  return typeof key === "string" && key in messages.vi ? (key as MessageKey) : null;
}

/** The heading (and the page's <title>, see root.tsx's meta) for an error a route threw. */
export function errorTitleKey(error: unknown): MessageKey {
  if (!isRouteErrorResponse(error)) return "error.server.title";
  if (error.status === 404) return "error.notFound.title";
  if (error.status === 403) return "error.forbidden.title";
  return error.status < 500 ? "error.generic.title" : "error.server.title";
}

/** The one error boundary: every route exports it; messages follow the page's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const title = t(errorTitleKey(error));
  let body = t("error.server.body");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      body = t("error.notFound.body");
    } else if (error.status === 403) {
      body = t("error.forbidden.body");
    } else if (error.status === 400) {
      body = t("error.badRequest.body");
    } else if (error.status < 500) {
      body = t("error.badRequest.body");
    }
    const key = messageKeyOf(error.data);
    if (key) body = t(key);
  } else if (typeof document === "undefined") {
    // Logged once on the server; the page never shows the stack.
    console.error(error);
  }
  return (
    <div className="container error-page" data-status={status}>
      <p className="error-page__status">{status}</p>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/" className="button">
          {t("error.backHome")}
        </Link>
      </p>
    </div>
  );
}
