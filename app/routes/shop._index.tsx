import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ocopGroups, productCategories } from "~/catalog/schema";
import { DemoBadge, OcopBadge } from "~/components/badges";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatNumber, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { activeFilterCount, canonicalSearch, catalogueSorts, parseCatalogueQuery } from "~/market/catalogue-query";
import { getViewer } from "~/identity/request.server";
import { useNonce } from "~/components/nonce";
import { getCataloguePage, getCatalogueStamp, getPublicCataloguePage, type CatalogueCard } from "~/market/catalogue.server";

/**
 * Run inline right after the filter panel, before the first paint: on a phone the panel is folded (the results come
 * first) unless a filter or an order is chosen. Without JavaScript it stays open.
 */
const FOLD_FILTERS_ON_PHONES = `(function(s){var d=s&&s.previousElementSibling;if(d&&d.tagName==="DETAILS"&&!d.hasAttribute("data-chosen")&&window.matchMedia("(max-width: 640px)").matches)d.open=false})(document.currentScript)`;

/** Below this many units a card says "only N left". */
const LOW_STOCK = 10;

export async function loader(args: LoaderFunctionArgs) {
  const { request, context } = args;
  const url = new URL(request.url);
  const query = parseCatalogueQuery(url.searchParams);
  // One URL per result page: anything else (empty fields, other order, bad values) redirects to it.
  const canonical = canonicalSearch(query);
  if (url.search.replace(/^\?/, "") !== canonical) {
    throw redirect(canonical ? `/shop?${canonical}` : "/shop");
  }
  const today = todayInVietnam();
  // A render for the page cache (anonymous visitors) and signed-in people read afresh; a guest with a cart or a
  // CSRF cookie shares the search's answer for a second with other such guests (decision 0013).
  const fresh = Boolean(context.pageStamp) || (await getViewer(args)) !== null;
  const { result, options, stamp } = fresh ? await getCataloguePage(context.db, query, today) : await getPublicCataloguePage(context.db, query, today);
  const pageHref = (page: number) => {
    const qs = canonicalSearch(query, { page });
    return qs ? `/shop?${qs}` : "/shop";
  };
  // A page past the end (a stale link, fewer results now) goes to the last page there is.
  if (result.page > result.pageCount) throw redirect(pageHref(result.pageCount));
  // For anonymous visitors the rendered page is kept and checked against this stamp (app/http/page-cache.ts).
  context.pageStamp?.set(stamp.stamp, () => getCatalogueStamp(context.db, stamp.productIds, today));
  return {
    query,
    result,
    options,
    prevHref: result.page > 1 ? pageHref(result.page - 1) : null,
    nextHref: result.page < result.pageCount ? pageHref(result.page + 1) : null,
    title: translate(getLocale(request), "shop.title"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "OCOP"} · OCOP Trace` }];

function StockState({ units }: { units: number }) {
  const t = useT();
  if (units <= 0) return <span className="status status--consumed">{t("shop.stock.out")}</span>;
  if (units < LOW_STOCK) return <span className="status status--withdrawn">{t("shop.stock.low", { count: units })}</span>;
  return <span className="status status--active">{t("shop.stock.in", { count: units })}</span>;
}

function ShopCard({ item }: { item: CatalogueCard }) {
  const t = useT();
  const locale = useLocale();
  const unit = localized(locale, item.unitVi, item.unitEn);
  return (
    <article className="card product-card" data-testid="shop-card" data-slug={item.slug}>
      {item.photoUrl ? (
        <img className="product-card__photo" src={item.photoUrl} alt="" width={320} height={180} loading="lazy" />
      ) : (
        <div className={`product-card__art product-card__art--${item.category}`} aria-hidden="true" />
      )}
      <h3 className="card__title">
        <Link to={`/products/${item.slug}`}>{localized(locale, item.nameVi, item.nameEn)}</Link>
      </h3>
      <p className="card__meta">
        <Link to={`/cooperatives/${item.organisationSlug}`}>{localized(locale, item.organisationName, item.organisationNameEn)}</Link>
        {item.communeName ? ` · ${item.communeName}` : ""}
      </p>
      <p className="card__badges">
        {item.ocopStars ? <OcopBadge stars={item.ocopStars} /> : null}
        {item.isDemo ? <DemoBadge /> : null}
      </p>
      <p className="price">{t("product.pricePerUnit", { price: formatVnd(item.priceVnd, locale), unit })}</p>
      <p>
        <StockState units={item.unitsAvailable} />
      </p>
    </article>
  );
}

export default function Shop() {
  const { query, result, options, prevHref, nextHref } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const nonce = useNonce();
  const filterCount = activeFilterCount(query);
  const chosen = filterCount > 0 || query.sort !== "relevance";
  return (
    <div className="container section">
      <h1>{t("shop.title")}</h1>
      <p className="hero__lead">{t("shop.lead")}</p>
      <Form method="get" action="/shop" className="shop-filters" role="search" aria-label={t("shop.search.label")}>
        <div className="field">
          <label htmlFor="shop-q" className="field__label">
            {t("shop.search.label")}
          </label>
          <input id="shop-q" type="search" name="q" defaultValue={query.q} placeholder={t("shop.search.placeholder")} maxLength={100} />
        </div>
        {/* Open on a wide screen, or when something is chosen; on a phone the results come first (see below). */}
        <details className="shop-filters__panel" open data-chosen={chosen ? "" : undefined}>
          <summary data-testid="shop-filters-toggle">
            {t("shop.filters.title")}
            {filterCount > 0 ? ` · ${t("shop.filters.active", { count: filterCount })}` : ""}
          </summary>
          <fieldset>
            <legend className="visually-hidden">{t("shop.filters.title")}</legend>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="shop-category" className="field__label">
                  {t("shop.filters.category")}
                </label>
                <select id="shop-category" name="category" defaultValue={query.category ?? ""}>
                  <option value="">{t("shop.filters.any")}</option>
                  {productCategories.map((c) => (
                    <option key={c} value={c}>
                      {t(`category.${c}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="shop-group" className="field__label">
                  {t("shop.filters.group")}
                </label>
                <select id="shop-group" name="group" defaultValue={query.group ?? ""}>
                  <option value="">{t("shop.filters.any")}</option>
                  {ocopGroups.map((g) => (
                    <option key={g} value={g}>
                      {t(`ocopGroup.${g}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="shop-stars" className="field__label">
                  {t("shop.filters.stars")}
                </label>
                <select id="shop-stars" name="stars" defaultValue={query.stars ? String(query.stars) : ""}>
                  <option value="">{t("shop.filters.any")}</option>
                  {[3, 4, 5].map((s) => (
                    <option key={s} value={s}>
                      {t("shop.filters.starsAtLeast", { stars: s })}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="shop-commune" className="field__label">
                  {t("shop.filters.commune")}
                </label>
                <select id="shop-commune" name="commune" defaultValue={query.commune ? String(query.commune) : ""}>
                  <option value="">{t("shop.filters.any")}</option>
                  {options.communes.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="shop-coop" className="field__label">
                  {t("shop.filters.coop")}
                </label>
                <select id="shop-coop" name="coop" defaultValue={query.coop ?? ""}>
                  <option value="">{t("shop.filters.any")}</option>
                  {options.cooperatives.map((c) => (
                    <option key={c.slug} value={c.slug}>
                      {localized(locale, c.name, c.nameEn)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="shop-min" className="field__label">
                  {t("shop.filters.minPrice")}
                </label>
                <input id="shop-min" name="min" inputMode="numeric" defaultValue={query.minPrice ?? ""} />
              </div>
              <div className="field">
                <label htmlFor="shop-max" className="field__label">
                  {t("shop.filters.maxPrice")}
                </label>
                <input id="shop-max" name="max" inputMode="numeric" defaultValue={query.maxPrice ?? ""} />
              </div>
              <div className="field">
                <label htmlFor="shop-sort" className="field__label">
                  {t("shop.sort.label")}
                </label>
                <select id="shop-sort" name="sort" defaultValue={query.sort}>
                  {catalogueSorts.map((s) => (
                    <option key={s} value={s}>
                      {t(`shop.sort.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="field field--checkbox">
              <input id="shop-stock" type="checkbox" name="stock" value="1" defaultChecked={query.inStock} />
              <label htmlFor="shop-stock">{t("shop.filters.inStock")}</label>
            </div>
          </fieldset>
        </details>
        {/* Before the first paint, a phone folds the filters away unless one is chosen; without JavaScript they stay open. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: FOLD_FILTERS_ON_PHONES }} />
        <p className="actions">
          <button type="submit" className="button">
            {t("shop.search.submit")}
          </button>{" "}
          <Link to="/shop">{t("shop.filters.clear")}</Link>
        </p>
      </Form>

      <section aria-labelledby="results-heading" className="section">
        <h2 id="results-heading">
          {t("shop.results.heading")}{" "}
          <span className="muted" data-testid="result-count">
            {result.totalCapped
              ? t("shop.results.countMore", { count: formatNumber(result.total, locale) })
              : t("shop.results.count", { count: result.total })}
          </span>
        </h2>
        {result.items.length === 0 ? (
          <div data-testid="shop-empty">
            <p>{t("shop.results.empty")}</p>
            <p className="muted">{t("shop.results.emptyHint")}</p>
          </div>
        ) : (
          <div className="grid" data-testid="shop-results">
            {result.items.map((item) => (
              <ShopCard key={item.productId} item={item} />
            ))}
          </div>
        )}
        {result.pageCount > 1 ? (
          <nav aria-label={t("shop.pagination.label")} className="pagination">
            {prevHref ? (
              <Link to={prevHref} rel="prev">
                {t("shop.pagination.prev")}
              </Link>
            ) : null}{" "}
            <span>{t("shop.pagination.page", { page: result.page, pages: result.pageCount })}</span>{" "}
            {nextHref ? (
              <Link to={nextHref} rel="next">
                {t("shop.pagination.next")}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
