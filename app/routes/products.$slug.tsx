import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getProductPage } from "~/catalog/catalog.server";
import { CertificateStatus, DemoBadge, KeyProductBadge, OcopBadge } from "~/components/badges";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PhotoStrip } from "~/components/PhotoStrip";
import { formatDate, formatNumber, formatUom, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { parseSlugOr404 } from "~/lib/params";
import { useLocale, useT } from "~/lib/use-t";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const slug = parseSlugOr404(params.slug);
  const page = await getProductPage(context.db, slug);
  if (!page) throw new Response("Not Found", { status: 404 });
  const locale = getLocale(request);
  return {
    ...page,
    today: todayInVietnam(),
    title: localized(locale, page.product.nameVi, page.product.nameEn),
    description: localized(locale, page.product.descriptionVi ?? "", page.product.descriptionEn),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.title} · ${data.organisation.name} · OCOP Trace` },
        { name: "description", content: data.description.slice(0, 160) },
      ]
    : [{ title: "OCOP Trace" }];

export default function ProductRoute() {
  const { product, organisation, batches, today, photoUrls } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const unit = localized(locale, product.unitVi, product.unitEn);
  const description = localized(locale, product.descriptionVi ?? "", product.descriptionEn);
  return (
    <article className="container section product-page">
      <p className="breadcrumb">
        <Link to={`/cooperatives/${organisation.slug}`}>{localized(locale, organisation.name, organisation.nameEn)}</Link>
      </p>
      <h1>{localized(locale, product.nameVi, product.nameEn)}</h1>
      <p className="card__badges">
        {product.ocopStars ? <OcopBadge stars={product.ocopStars} /> : null}
        {product.keyProductLevel ? <KeyProductBadge level={product.keyProductLevel} /> : null}
        {product.isDemo ? <DemoBadge /> : null}
      </p>
      <p className="price price--large">
        {product.priceVnd === null
          ? t("product.priceUnknown")
          : t("product.pricePerUnit", { price: formatVnd(product.priceVnd, locale), unit })}
      </p>

      <PhotoStrip urls={photoUrls} testId="product-photos" />
      <div className="two-columns">
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">{t("product.description")}</h2>
          {description ? <p className="prose">{description}</p> : null}
          <dl className="facts">
            {product.netQuantity ? (
              <>
                <dt>{t("product.netQuantity")}</dt>
                <dd>
                  {formatNumber(product.netQuantity, locale)} {product.netUom}
                </dd>
              </>
            ) : null}
            {product.gtin ? (
              <>
                <dt>{t("product.gtin")}</dt>
                <dd className="mono">{product.gtin}</dd>
              </>
            ) : null}
            <dt>{t("product.producer")}</dt>
            <dd>
              <Link to={`/cooperatives/${organisation.slug}`}>
                {localized(locale, organisation.name, organisation.nameEn)}
              </Link>
              {organisation.communeName ? ` · ${organisation.communeName}` : ""}
            </dd>
          </dl>
        </section>

        {product.ocopStars && product.ocopCertificateNumber && product.ocopIssuedOn && product.ocopExpiresOn ? (
          <section aria-labelledby="cert-heading" className="panel" data-testid="ocop-certificate">
            <h2 id="cert-heading">{t("product.certificate")}</h2>
            <dl className="facts">
              <dt>{t("product.ocopGroup")}</dt>
              <dd>{product.ocopGroup ? t(`ocopGroup.${product.ocopGroup}` as MessageKey) : ""}</dd>
              <dt>{t("product.certificateNumber")}</dt>
              <dd className="mono">{product.ocopCertificateNumber}</dd>
              {product.ocopScore !== null ? (
                <>
                  <dt>{t("product.ocopScore")}</dt>
                  <dd>{product.ocopScore}/100</dd>
                </>
              ) : null}
              <dt>{t("product.certificateIssued")}</dt>
              <dd>{formatDate(product.ocopIssuedOn, locale)}</dd>
              <dt>{t("product.certificateExpires")}</dt>
              <dd>
                {formatDate(product.ocopExpiresOn, locale)}{" "}
                <CertificateStatus expiresOn={product.ocopExpiresOn} today={today} />
              </dd>
            </dl>
          </section>
        ) : null}
      </div>

      <section aria-labelledby="batches-heading" className="section">
        <h2 id="batches-heading">{t("product.batches")}</h2>
        {batches.length === 0 ? (
          <p>{t("product.noBatches")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="batches">
              <thead>
                <tr>
                  <th scope="col">{t("batch.lot")}</th>
                  <th scope="col">{t("batch.produced")}</th>
                  <th scope="col">{t("batch.bestBefore")}</th>
                  <th scope="col">{t("batch.quantity")}</th>
                  <th scope="col">{t("batch.origin")}</th>
                  <th scope="col">{t("batch.events")}</th>
                  <th scope="col">{t("batch.status")}</th>
                </tr>
              </thead>
              <tbody>
                {batches.map((b) => (
                  <tr key={b.lotCode}>
                    <td className="mono">{b.lotCode}</td>
                    <td>{formatDate(b.producedOn, locale)}</td>
                    <td>{b.bestBefore ? formatDate(b.bestBefore, locale) : ""}</td>
                    <td>
                      {formatNumber(b.quantity, locale)} {formatUom(b.uom, unit)}
                    </td>
                    <td>
                      {b.originCommune ?? ""}
                      {b.inputCount > 0 ? (
                        <span className="muted block">{t("batch.inputs", { count: b.inputCount })}</span>
                      ) : null}
                    </td>
                    <td>{b.eventCount}</td>
                    <td>
                      <span className={`status status--${b.status}`}>{t(`batch.status.${b.status}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
