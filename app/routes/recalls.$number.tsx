import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDateTime } from "~/lib/format";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { getPublicRecallNotice } from "~/recalls/recall-queries.server";
import { recallNumberSchema } from "~/recalls/rules";

/** The public notice of a confirmed recall: what the resolver's gs1:recallStatus link and the buyers' mail open. */
export async function loader(args: LoaderFunctionArgs) {
  const number = recallNumberSchema.safeParse(args.params.number);
  if (!number.success) throw new Response("Not Found", { status: 404 });
  const notice = await getPublicRecallNotice(args.context.db, number.data);
  if (!notice) throw new Response("Not Found", { status: 404 });
  const locale = getLocale(args.request);
  return {
    title: translate(locale, notice.kind === "recalled" ? "recall.notice.title" : "recall.notice.titleWithdrawn", { number: notice.number }),
    notice: { ...notice, confirmedAt: notice.confirmedAt.toISOString(), closedAt: notice.closedAt?.toISOString() ?? null },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }];

export default function RecallNotice() {
  const { title, notice } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1>{title}</h1>
      <p className="notice notice--danger" role="alert" data-testid="recall-notice-message">
        {locale === "en" ? notice.messageEn : notice.messageVi}
      </p>
      <p className="muted">
        {t(`recall.reason.${notice.reason}`)} · {t("recall.notice.confirmedAt", { time: formatDateTime(notice.confirmedAt, locale) })}
      </p>
      {notice.closedAt ? <p className="notice notice--ok">{t("recall.notice.closed", { time: formatDateTime(notice.closedAt, locale) })}</p> : null}
      <h2 id="recall-lots-h">{t("recall.notice.products")}</h2>
      <div className="table-wrap" role="region" aria-labelledby="recall-lots-h" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("recall.col.product")}</th>
              <th scope="col">{t("recall.col.lot")}</th>
              <th scope="col">{t("recall.col.organisation")}</th>
            </tr>
          </thead>
          <tbody>
            {notice.lots.map((l) => (
              <tr key={l.shortCode}>
                <td>
                  <Link to={`/products/${l.productSlug}`}>{localized(locale, l.productNameVi, l.productNameEn)}</Link>
                </td>
                <td>
                  <Link to={`/origin/${l.shortCode}`} className="mono">
                    {l.lotCode}
                  </Link>
                </td>
                <td>{localized(locale, l.organisationName, l.organisationNameEn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
