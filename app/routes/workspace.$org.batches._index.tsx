import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatNumber } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { listOrganisationBatches } from "~/trace/batches.server";
import { requireWorkspace } from "~/workspace/access.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  return { slug: organisation.slug, batches: await listOrganisationBatches(args.context.db, organisation.id) };
}

export default function WorkspaceBatches() {
  const { slug, batches } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="batches-heading">
      <div className="section-head">
        <h2 id="batches-heading">{t("ws.batches.title")}</h2>
        <Link to={`/workspace/${slug}/batches/new`} className="button">
          {t("ws.batches.new")}
        </Link>
      </div>
      {batches.length === 0 ? (
        <p>{t("ws.batches.empty")}</p>
      ) : (
        <TableWrap label={t("ws.batches.title")}>
          <table className="table" data-testid="workspace-batches">
            <thead>
              <tr>
                <th scope="col">{t("batch.lot")}</th>
                <th scope="col">{t("ws.batches.product")}</th>
                <th scope="col">{t("batch.quantity")}</th>
                <th scope="col">{t("batch.produced")}</th>
                <th scope="col">{t("batch.events")}</th>
                <th scope="col">{t("batch.status")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link to={`/workspace/${slug}/batches/${b.id}`} className="mono">
                      {b.lotCode}
                    </Link>
                  </td>
                  <td>{localized(locale, b.productNameVi, b.productNameEn)}</td>
                  <td>
                    {formatNumber(b.quantity, locale)} {t(`uom.${b.uom}` as MessageKey)}
                  </td>
                  <td>{formatDate(b.producedOn, locale)}</td>
                  <td>{b.eventCount}</td>
                  <td>
                    <span className={`status status--${b.status}`}>{t(`batch.status.${b.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
