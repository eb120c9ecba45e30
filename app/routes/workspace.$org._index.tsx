import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateStatus } from "~/components/badges";
import { Figures } from "~/components/Figures";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatNumber } from "~/lib/format";
import { vietnamToday } from "~/lib/vietnam-time";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { requireWorkspace } from "~/workspace/access.server";
import { getWorkspaceOverview } from "~/workspace/overview.server";
import { countPendingSubOrders } from "~/market/order-queries.server";

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const today = vietnamToday();
  const [overview, pendingOrders] = await Promise.all([
    getWorkspaceOverview(args.context.db, organisation.id, today),
    countPendingSubOrders(args.context.db, organisation.id),
  ]);
  return { slug: organisation.slug, today, overview, pendingOrders };
}

export default function WorkspaceOverview() {
  const { slug, today, overview, pendingOrders } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const figures = [
    { key: "ws.overview.products", value: overview.products },
    { key: "ws.overview.batches", value: overview.batches },
    { key: "ws.overview.events", value: overview.events },
  ] as const;
  return (
    <>
      <Figures items={figures} className="stats stats--three" />
      {pendingOrders > 0 ? (
        <p className="notice notice--warn" data-testid="pending-orders">
          {t("orders.ws.pendingCount")}: <strong>{pendingOrders}</strong> ·{" "}
          <Link to={`/workspace/${slug}/orders?status=pending`}>{t("orders.ws.pendingLink")}</Link>
        </p>
      ) : null}
      <section aria-labelledby="cert-warnings" className="section">
        <h2 id="cert-warnings">{t("ws.overview.certificates")}</h2>
        {overview.warnings.length === 0 ? (
          <p>{t("ws.overview.noWarnings")}</p>
        ) : (
          <ul className="plain-list" data-testid="certificate-warnings">
            {overview.warnings.map((w) => (
              <li key={w.id}>
                <Link to={`/workspace/${slug}/products/${w.id}`}>{localized(locale, w.nameVi, w.nameEn)}</Link>{" "}
                {w.ocopExpiresOn ? (
                  <>
                    {formatDate(w.ocopExpiresOn, locale)} <CertificateStatus expiresOn={w.ocopExpiresOn} today={today} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="recent-batches" className="section">
        <h2 id="recent-batches">{t("ws.overview.recentBatches")}</h2>
        {overview.recent.length === 0 ? (
          <p>{t("ws.batches.empty")}</p>
        ) : (
          <ul className="plain-list">
            {overview.recent.map((b) => (
              <li key={b.id}>
                <Link to={`/workspace/${slug}/batches/${b.id}`} className="mono">
                  {b.lotCode}
                </Link>{" "}
                {localized(locale, b.productNameVi, b.productNameEn)} · {formatNumber(b.quantity, locale)}{" "}
                {t(`uom.${b.uom}` as MessageKey)} · {formatDate(b.producedOn, locale)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
