import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CertificateStatus, DemoBadge, KeyProductBadge, OcopStandingBadge } from "~/components/badges";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CsrfInput } from "~/components/CsrfInput";
import { PhotoStrip } from "~/components/PhotoStrip";
import { csrfTokenFor, getViewer } from "~/identity/request.server";
import { getProductListing, getPublicProductListing } from "~/market/catalogue.server";
import { formatDate, formatNumber, formatUom, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { parseSlugOr404 } from "~/lib/params";
import { useLocale, useT } from "~/lib/use-t";
import { vietnamDate } from "~/lib/vietnam-time";
import { certificatePath } from "~/ocop/certificate-paths";
import { withdrawnCertificateOf } from "~/ocop/register-queries.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const { params, request, context } = args;
  const slug = parseSlugOr404(params.slug);
  const today = todayInVietnam();
  // Visitors who are not signed in share a copy up to a second old; signed-in people read afresh.
  const viewer = await getViewer(args);
  const { page, offer } = viewer ? await getProductListing(context.db, slug, today) : await getPublicProductListing(context.db, slug, today);
  if (!page) throw new Response("Not Found", { status: 404 });
  const locale = getLocale(request);
  // Its newest certificate, suspended or revoked, says so (public) — also when an older one (expired, or still valid)
  // is the product's current certificate again (decision 0026).
  const withdrawn = await withdrawnCertificateOf(context.db, { slug });
  // The add-to-cart form works signed out too: it needs this visitor's CSRF token (cookie issued here).
  const csrf = offer ? await csrfTokenFor(args, { issue: true }) : null;
  const body = {
    ...page,
    offer,
    withdrawn,
    csrfToken: csrf?.token ?? null,
    today,
    title: localized(locale, page.product.nameVi, page.product.nameEn),
    description: localized(locale, page.product.descriptionVi ?? "", page.product.descriptionEn),
  };
  // The cast keeps loader typing plain: the project does not opt into single-fetch types.
  return data(body, { headers: csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.title} · ${data.organisation.name} · OCOP Trace` },
        { name: "description", content: data.description.slice(0, 160) },
      ]
    : [{ title: "OCOP Trace" }];

export default function ProductRoute() {
  const { product, organisation, batches, today, photoUrls, offer, ocop, withdrawn } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const unit = localized(locale, product.unitVi, product.unitEn);
  const description = localized(locale, product.descriptionVi ?? "", product.descriptionEn);
  // The resolver walked up here from a lot or serial it does not know (?unregistered=lot|serial).
  const walkUp = useSearchParams()[0].get("unregistered");
  return (
    <article className="container section product-page">
      {walkUp === "lot" || walkUp === "serial" ? (
        <p className="notice notice--danger" role="alert" data-testid="walk-up-warning">
          {t(walkUp === "lot" ? "origin.walkUp.lot" : "origin.walkUp.serial")}
        </p>
      ) : null}
      <p className="breadcrumb">
        <Link to="/shop">{t("shop.product.backToShop")}</Link>
        {" › "}
        <Link to={`/cooperatives/${organisation.slug}`}>{localized(locale, organisation.name, organisation.nameEn)}</Link>
      </p>
      <h1>{localized(locale, product.nameVi, product.nameEn)}</h1>
      <p className="card__badges">
        <OcopStandingBadge standing={ocop} />
        {product.keyProductLevel ? <KeyProductBadge level={product.keyProductLevel} /> : null}
        {product.isDemo ? <DemoBadge /> : null}
      </p>
      <p className="price price--large" data-testid="product-price">
        {offer
          ? t("product.pricePerUnit", { price: formatVnd(offer.priceVnd, locale), unit })
          : product.priceVnd === null
            ? t("product.priceUnknown")
            : t("product.pricePerUnit", { price: formatVnd(product.priceVnd, locale), unit })}
      </p>
      <ProductOfferPanel offer={offer} unit={unit} />

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

        {ocop.kind !== "none" && product.ocopCertificateNumber && product.ocopIssuedOn && product.ocopExpiresOn ? (
          <section aria-labelledby="cert-heading" className="panel" data-testid="ocop-certificate">
            <h2 id="cert-heading">{t("product.certificate")}</h2>
            {ocop.kind === "expired" ? (
              <p className="notice notice--warn" data-testid="ocop-lapsed-note">
                {t("product.ocopLapsedNote", { date: formatDate(ocop.expiredOn, locale) })}
              </p>
            ) : null}
            <dl className="facts">
              <dt>{t("product.ocopGroup")}</dt>
              <dd>{product.ocopGroup ? t(`ocopGroup.${product.ocopGroup}` as MessageKey) : ""}</dd>
              <dt>{t("product.certificateNumber")}</dt>
              <dd className="mono">
                <Link to={certificatePath(product.ocopCertificateNumber)} data-testid="certificate-link">
                  {product.ocopCertificateNumber}
                </Link>
              </dd>
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
        {withdrawn ? (
          <section aria-labelledby="cert-withdrawn-heading" className="panel" data-testid="ocop-withdrawn">
            <h2 id="cert-withdrawn-heading">{t("product.certificate")}</h2>
            <p className="notice notice--danger">
              {t("ocopRegister.verify.withdrawn", {
                number: withdrawn.number,
                status: t(`ocopRegister.withdrawn.${withdrawn.status}`),
                date: withdrawn.changedAt ? formatDate(vietnamDate(new Date(withdrawn.changedAt)), locale) : "",
                reason: withdrawn.reason ?? "",
              })}
            </p>
            <p>
              <Link to={certificatePath(withdrawn.number)}>{t("ocopRegister.link.verify")}</Link>
            </p>
          </section>
        ) : null}
      </div>

      <section aria-labelledby="batches-heading" className="section">
        <h2 id="batches-heading">{t("product.batches")}</h2>
        {batches.length === 0 ? (
          <p>{t("product.noBatches")}</p>
        ) : (
          <TableWrap label={t("product.batches")}>
            <table className="table" data-testid="batches">
              <thead>
                <tr>
                  <th scope="col">{t("batch.lot")}</th>
                  <th scope="col">{t("batch.produced")}</th>
                  <th scope="col">{t("batch.bestBefore")}</th>
                  <th scope="col">{t("batch.expiresOn")}</th>
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
                    <td>{b.expiresOn ? formatDate(b.expiresOn, locale) : ""}</td>
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
          </TableWrap>
        )}
      </section>
      <p>
        <Link to={`/reports/new?kind=quality&product=${encodeURIComponent(product.slug)}`} data-testid="report-link">
          {t("rep.link")}
        </Link>
      </p>
    </article>
  );
}

const LOW_STOCK = 10;

function ProductOfferPanel({ offer, unit }: { offer: ReturnType<typeof useLoaderData<typeof loader>>["offer"]; unit: string }) {
  const t = useT();
  const locale = useLocale();
  if (!offer) {
    return (
      <p className="notice" data-testid="not-on-sale">
        {t("shop.product.notOnSale")}
      </p>
    );
  }
  const limit = Math.max(1, Math.min(offer.unitsAvailable, offer.maxPerOrder ?? offer.unitsAvailable));
  return (
    <section aria-labelledby="buy-heading" className="panel" data-testid="product-offer">
      <h2 id="buy-heading">{t("shop.product.onSale")}</h2>
      <p data-testid="product-stock">
        {offer.unitsAvailable <= 0 ? (
          <span className="status status--consumed">{t("shop.stock.out")}</span>
        ) : offer.unitsAvailable < LOW_STOCK ? (
          <span className="status status--withdrawn">{t("shop.stock.low", { count: offer.unitsAvailable })}</span>
        ) : (
          <span className="status status--active">{t("shop.stock.in", { count: offer.unitsAvailable })}</span>
        )}
        {offer.maxPerOrder ? <span className="muted block">{t("shop.product.maxPerOrder", { count: offer.maxPerOrder })}</span> : null}
      </p>
      {offer.unitsAvailable > 0 ? (
        <Form method="post" action="/cart" className="inline-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="productId" value={offer.productId} />
          <div className="field">
            <label htmlFor="add-quantity" className="field__label">
              {t("shop.product.quantity")} ({unit})
            </label>
            <input id="add-quantity" name="quantity" type="number" inputMode="numeric" min={1} max={limit} step={1} defaultValue={1} required />
          </div>
          <button type="submit" className="button">
            {t("shop.product.addToCart")}
          </button>
        </Form>
      ) : null}
      {offer.batches.length > 0 ? (
        <>
          <h3>{t("shop.product.lotsOnSale")}</h3>
          <p className="muted">{t("shop.product.lotsOnSaleLead")}</p>
          <ul data-testid="lots-on-sale">
            {offer.batches.map((b) => (
              <li key={b.shortCode}>
                <a href={`/origin/${b.shortCode}`}>
                  {t("shop.product.lotLink", { lot: b.lotCode, produced: formatDate(b.producedOn, locale), count: b.unitsAvailable })}
                </a>
                {b.sellUntil ? <span className="muted"> · {t("shop.product.sellUntil", { date: formatDate(b.sellUntil, locale) })}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
