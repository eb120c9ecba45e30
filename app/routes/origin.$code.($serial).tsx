import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CertificateStatus, DemoBadge, OcopBadge } from "~/components/badges";
import { NotRegisteredBoundary } from "~/components/origin/NotRegistered";
import { PhotoStrip } from "~/components/PhotoStrip";
import { formatDate, formatDateTime, formatNumber, formatUom, todayInVietnam } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { epcisExportPath } from "~/trace/resolver.server";
import { getOriginPage, parseOriginCode } from "~/trace/origin.server";

/** The consumer's page ships no JavaScript: root.tsx leaves out <Scripts /> for it. */
export const handle = { hydrate: false };

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const parsed = parseOriginCode(params.code, params.serial);
  if (!parsed.ok) throw new Response(parsed.reason, { status: 400 });
  const page = await getOriginPage(context.db, parsed.code, parsed.serial);
  if (!page) throw new Response("Not registered", { status: 404 });
  const locale = getLocale(request);
  const producer = localized(locale, page.organisation.name, page.organisation.nameEn);
  return {
    page,
    epcisHref: epcisExportPath(page.batch.shortCode),
    today: todayInVietnam(),
    og: {
      title: translate(locale, "origin.title", { product: localized(locale, page.product.nameVi, page.product.nameEn) }),
      description: translate(locale, "origin.ogDescription", {
        lot: page.batch.lotCode,
        producer,
        commune: page.organisation.communeName ?? page.batch.originCommune ?? "",
      }),
      locale: locale === "vi" ? "vi_VN" : "en_GB",
    },
  };
}

// The HTTP fast path (app/http/origin-fast-path.ts) sets these on cached copies too.
export const headers: HeadersFunction = () => ({
  "Cache-Control": "public, max-age=30, stale-while-revalidate=300",
  Vary: "Cookie",
});

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.og.title} · OCOP Trace` },
        { name: "description", content: data.og.description },
        { property: "og:type", content: "website" },
        { property: "og:site_name", content: "OCOP Trace" },
        { property: "og:title", content: data.og.title },
        { property: "og:description", content: data.og.description },
        { property: "og:locale", content: data.og.locale },
        { name: "robots", content: "noindex" },
      ]
    : [{ title: "OCOP Trace" }];

function Fact({ label, children, item }: { label: string; children: React.ReactNode; item?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-item={item}>{children}</dd>
    </>
  );
}

export default function OriginRoute() {
  const { page, today, epcisHref } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { batch, product, organisation } = page;
  const productName = localized(locale, product.nameVi, product.nameEn);
  const unit = localized(locale, product.unitVi, product.unitEn);
  const producer = localized(locale, organisation.name, organisation.nameEn);
  // A stored address usually names its commune and province already.
  const producerPlace = organisation.address ?? [organisation.communeName, organisation.provinceName].filter(Boolean).join(", ");
  const origin = [batch.originCommune, batch.originProvince].filter(Boolean).join(", ");
  const certificateExpired = product.ocopExpiresOn !== null && product.ocopExpiresOn < today;
  const traceCode = page.serial ? `${batch.shortCode}/${page.serial}` : batch.shortCode;
  const stepLabel = (kind: string) => t(`step.${kind}` as MessageKey);

  return (
    <article className="container origin-page" data-batch={batch.shortCode}>
      {batch.status === "recalled" || batch.status === "withdrawn" ? (
        <p className="notice notice--danger origin-alert" role="alert" data-testid="recall-warning">
          {t(batch.status === "recalled" ? "origin.recalled" : "origin.withdrawn")}
        </p>
      ) : null}
      {page.flag ? (
        <p className="notice notice--warn" role="alert" data-testid="scan-flag">
          {t("origin.flagged", { count: page.flag.count, provinces: page.flag.provinces })}
        </p>
      ) : null}

      <h1>{productName}</h1>
      <p className="card__badges">
        {product.ocopStars ? <OcopBadge stars={product.ocopStars} /> : null}
        {batch.isDemo ? <DemoBadge /> : null}
      </p>
      <p className="muted">{t("origin.lead")}</p>
      {page.serial ? <p className="mono">{t("origin.unit", { serial: page.serial })}</p> : null}

      <dl className="facts origin-facts">
        <Fact label={t("origin.producer")}>{producer}</Fact>
        {producerPlace ? <Fact label={t("origin.address")}>{producerPlace}</Fact> : null}
        <Fact label={t("origin.lot")}>
          <span className="mono">{batch.lotCode}</span>
        </Fact>
        <Fact label={t("origin.produced")}>{formatDate(batch.producedOn, locale)}</Fact>
        {batch.bestBefore ? <Fact label={t("origin.bestBefore")}>{formatDate(batch.bestBefore, locale)}</Fact> : null}
        {batch.expiresOn ? <Fact label={t("origin.expires")}>{formatDate(batch.expiresOn, locale)}</Fact> : null}
        <Fact label={t("origin.quantity")}>
          {formatNumber(batch.quantity, locale)} {formatUom(batch.uom, unit)}
        </Fact>
        {origin ? <Fact label={t("origin.originArea")}>{origin}</Fact> : null}
        {batch.farmPlot ? <Fact label={t("origin.farmPlot")}>{batch.farmPlot}</Fact> : null}
      </dl>

      {product.ocopStars && product.ocopCertificateNumber && product.ocopIssuedOn && product.ocopExpiresOn ? (
        <section className="panel" aria-labelledby="ocop-h" data-testid="ocop">
          <h2 id="ocop-h">{t("origin.ocop")}</h2>
          <dl className="facts">
            <Fact label={t("origin.rating")}>{t("origin.ocopStars", { stars: product.ocopStars })}</Fact>
            <Fact label={t("origin.certificateNumber")}>
              <span className="mono">{product.ocopCertificateNumber}</span>
            </Fact>
            <Fact label={t("origin.validFrom")}>{formatDate(product.ocopIssuedOn, locale)}</Fact>
            <Fact label={t("origin.validUntil")}>
              {formatDate(product.ocopExpiresOn, locale)}{" "}
              <span data-expired={certificateExpired ? "true" : "false"}>
                <CertificateStatus expiresOn={product.ocopExpiresOn} today={today} />
              </span>
            </Fact>
          </dl>
        </section>
      ) : null}

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t("origin.timeline")}</h2>
        {page.events.length === 0 ? (
          <p>{t("origin.noEvents")}</p>
        ) : (
          <ol className="timeline" data-testid="timeline">
            {page.events.map((e) => (
              <li key={e.sequence} className="timeline__item">
                <p className="timeline__title">
                  <strong>{stepLabel(e.kind)}</strong> · <time dateTime={e.eventTime}>{formatDateTime(e.eventTime, locale)}</time>
                </p>
                {e.locationName || e.communeName ? (
                  <p className="muted">{[e.locationName, e.communeName].filter(Boolean).join(", ")}</p>
                ) : null}
                {e.quantity && e.uom ? (
                  <p className="muted">
                    {formatNumber(e.quantity, locale)} {formatUom(e.uom, unit)}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      {page.lineage.length > 0 ? (
        <section aria-labelledby="lineage-h">
          <h2 id="lineage-h">{t("origin.lineage")}</h2>
          <ul className="plain-list" data-testid="lineage">
            {page.lineage.map((l) => (
              <li key={`${l.depth}-${l.lotCode}-${l.productNameVi}`} style={{ paddingLeft: `${(l.depth - 1) * 12}px` }}>
                {t("origin.lineageItem", { lot: l.lotCode, product: localized(locale, l.productNameVi, l.productNameEn) })}{" "}
                <span className="muted">
                  ({formatNumber(l.quantity, locale)} {formatUom(l.uom, "")}, {formatDate(l.producedOn, locale)}
                  {l.communeName ? `, ${t("origin.lineageFrom", { place: [l.communeName, l.provinceName].filter(Boolean).join(", ") })}` : ""}
                  , {l.organisationName})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="lab-h">
        <h2 id="lab-h">{t("origin.lab")}</h2>
        {page.labResults.length === 0 ? (
          <p>{t("origin.noLab")}</p>
        ) : (
          <ul className="plain-list" data-testid="lab-results">
            {page.labResults.map((l) => (
              <li key={`${l.reportNumber}-${l.eventTime}`}>
                {t("origin.labResult", { lab: l.lab, report: l.reportNumber, result: l.result })}
                {l.standard ? <span className="muted"> · {l.standard}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <p className={page.chain.ok ? "notice notice--ok" : "notice notice--danger"} data-testid="chain-check">
        {page.chain.ok
          ? page.lastRecordedAt
            ? t("origin.chainOk", { time: formatDateTime(page.lastRecordedAt, locale), count: page.chain.length })
            : t("origin.chainEmpty")
          : t("origin.chainBroken", { sequence: page.chain.brokenAtSequence })}
      </p>

      <p className="origin-actions">
        <a className="button" href={`/products/${encodeURIComponent(product.slug)}`} data-testid="buy">
          {t("origin.buy")}
        </a>{" "}
        <a href={epcisHref} type="application/ld+json">
          {t("origin.epcis")}
        </a>
      </p>

      <section aria-labelledby="record-h">
        <h2 id="record-h">{t("origin.record")}</h2>
        <dl className="facts facts--small" data-testid="circular-02">
          <Fact label={t("origin.item.productName")} item="productName">
            {productName}
          </Fact>
          <Fact label={t("origin.item.images")} item="images">
            {page.photoUrls.length > 0 ? <PhotoStrip urls={page.photoUrls} testId="origin-photos" /> : t("origin.noImages")}
          </Fact>
          <Fact label={t("origin.item.producerName")} item="producerName">
            {producer}
          </Fact>
          <Fact label={t("origin.item.producerAddress")} item="producerAddress">
            {producerPlace || t("origin.none")}
          </Fact>
          <Fact label={t("origin.item.stages")} item="stages">
            {t("origin.stageCount", { count: page.events.length })}
          </Fact>
          <Fact label={t("origin.item.productionTime")} item="productionTime">
            {formatDate(batch.producedOn, locale)}
          </Fact>
          <Fact label={t("origin.item.traceCode")} item="traceCode">
            <span className="mono">{traceCode}</span>
          </Fact>
          <Fact label={t("origin.item.brand")} item="brand">
            {[productName, product.gtin ? `GTIN ${product.gtin}` : null, page.serial].filter(Boolean).join(" · ")}
          </Fact>
          <Fact label={t("origin.item.shelfLife")} item="shelfLife">
            {batch.bestBefore ? formatDate(batch.bestBefore, locale) : batch.expiresOn ? formatDate(batch.expiresOn, locale) : t("origin.none")}
          </Fact>
          <Fact label={t("origin.item.standards")} item="standards">
            {page.standards.length > 0 ? page.standards.join("; ") : t("origin.none")}
          </Fact>
        </dl>
      </section>

      <form method="get" className="origin-province">
        <label htmlFor="province">{t("origin.province")}</label>
        <select id="province" name="p" defaultValue="">
          <option value="">{t("origin.provinceChoose")}</option>
          {page.provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {localized(locale, p.nameVi, p.nameEn)}
            </option>
          ))}
        </select>{" "}
        <button type="submit" className="button button--secondary">
          {t("origin.provinceSend")}
        </button>
        <p className="small muted">{t("origin.provinceHint")}</p>
      </form>
    </article>
  );
}

export function ErrorBoundary() {
  return <NotRegisteredBoundary />;
}
