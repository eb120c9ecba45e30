import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { messages, type MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-t";

/** A thrown response may name the message to show (`{ messageKey }`), e.g. an expired form token. */
function messageKeyOf(data: unknown): MessageKey | null {
  const key = data && typeof data === "object" ? (data as { messageKey?: unknown }).messageKey : null;
  return typeof key === "string" && key in messages.vi ? (key as MessageKey) : null;
}

/** The one error boundary: every route exports it; messages follow the page's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let title = t("error.server.title");
  let body = t("error.server.body");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      title = t("error.notFound.title");
      body = t("error.notFound.body");
    } else if (error.status === 403) {
      title = t("error.forbidden.title");
      body = t("error.forbidden.body");
    } else if (error.status === 400) {
      title = t("error.generic.title");
      body = t("error.badRequest.body");
    } else if (error.status < 500) {
      title = t("error.generic.title");
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
