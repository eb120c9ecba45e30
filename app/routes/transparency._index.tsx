import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT } from "~/lib/use-t";

export const meta: MetaFunction = () => [{ title: "Minh bạch · OCOP Trace" }];

/** The entry to the public transparency pages (no sign-in). */
export default function Transparency() {
  const t = useT();
  return (
    <div className="container">
      <h1>{t("sup.pub.index")}</h1>
      <p>{t("sup.pub.indexLead")}</p>
      <ul>
        <li>
          <Link to="/transparency/support">{t("sup.pub.title")}</Link>
        </li>
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
