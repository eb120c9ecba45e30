import { Link } from "@remix-run/react";
import type { CooperativeSummary, ProductSummary } from "~/catalog/catalog.server";
import { formatVnd } from "~/lib/format";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { DemoBadge, KeyProductBadge, OcopBadge } from "./badges";

export function ProductCard({ product }: { product: ProductSummary }) {
  const t = useT();
  const locale = useLocale();
  const unit = localized(locale, product.unitVi, product.unitEn);
  return (
    <article className="card product-card">
      {product.photoUrl ? (
        <img className="product-card__photo" src={product.photoUrl} alt="" width={320} height={180} loading="lazy" />
      ) : (
        <div className={`product-card__art product-card__art--${product.category}`} aria-hidden="true" />
      )}
      <h3 className="card__title">
        <Link to={`/products/${product.slug}`}>{localized(locale, product.nameVi, product.nameEn)}</Link>
      </h3>
      <p className="card__meta">
        <Link to={`/cooperatives/${product.organisationSlug}`}>{product.organisationName}</Link>
      </p>
      <p className="card__badges">
        {product.ocopStars ? <OcopBadge stars={product.ocopStars} /> : null}
        {product.keyProductLevel ? <KeyProductBadge level={product.keyProductLevel} /> : null}
        {product.isDemo ? <DemoBadge /> : null}
      </p>
      <p className="price">
        {product.priceVnd === null
          ? t("product.priceUnknown")
          : t("product.pricePerUnit", { price: formatVnd(product.priceVnd, locale), unit })}
      </p>
    </article>
  );
}

export function CooperativeCard({ cooperative }: { cooperative: CooperativeSummary }) {
  const t = useT();
  const locale = useLocale();
  return (
    <article className="card coop-card">
      <h3 className="card__title">
        <Link to={`/cooperatives/${cooperative.slug}`}>
          {localized(locale, cooperative.name, cooperative.nameEn)}
        </Link>
      </h3>
      <p className="card__meta">
        {t(`cooperative.kind.${cooperative.kind}`)}
        {cooperative.communeName ? ` · ${cooperative.communeName}` : ""}
      </p>
      <p className="card__badges">
        <span className="badge">{t("cooperative.productCount", { count: cooperative.productCount })}</span>
        {cooperative.isDemo ? <DemoBadge /> : null}
      </p>
    </article>
  );
}
