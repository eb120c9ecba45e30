import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT } from "~/lib/use-t";

/**
 * The answer to a code that is malformed (400) or unknown (404): a consumer must read plainly that the
 * product may not be genuine. Other errors fall back to the general boundary.
 */
export function NotRegisteredBoundary() {
  const error = useRouteError();
  const t = useT();
  if (!isRouteErrorResponse(error) || (error.status !== 400 && error.status !== 404)) return <GeneralErrorBoundary />;
  const malformed = error.status === 400;
  return (
    <div className="container origin-page not-registered" data-status={error.status} data-testid="not-registered">
      <p className="notice notice--danger" role="alert">
        <strong>{t(malformed ? "origin.malformed.title" : "origin.notRegistered.title")}</strong>
      </p>
      <h1>{t(malformed ? "origin.malformed.title" : "origin.notRegistered.title")}</h1>
      <p>{t(malformed ? "origin.malformed.body" : "origin.notRegistered.body")}</p>
      <p>
        <a href="/" className="button">
          {t("origin.home")}
        </a>
      </p>
    </div>
  );
}
