import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCatalogStats, listCooperatives, listFeaturedProducts } from "~/catalog/catalog.server";
import { CooperativeCard, ProductCard } from "~/components/cards";
import { Figures } from "~/components/Figures";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useT } from "~/lib/use-t";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const [stats, cooperatives, featured] = await Promise.all([
    getCatalogStats(context.db),
    listCooperatives(context.db),
    listFeaturedProducts(context.db, 8),
  ]);
  return { stats, cooperatives, featured, title: translate(locale, "home.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · OCOP Trace` : "OCOP Trace" },
];

export default function Home() {
  const { stats, cooperatives, featured } = useLoaderData<typeof loader>();
  const t = useT();
  const figures = [
    { key: "home.stats.cooperatives", value: stats.cooperatives },
    { key: "home.stats.products", value: stats.products },
    { key: "home.stats.ocopProducts", value: stats.ocopProducts },
    { key: "home.stats.batches", value: stats.batches },
  ] as const;
  return (
    <>
      <section className="hero">
        <div className="container">
          <h1>{t("home.title")}</h1>
          <p className="hero__lead">{t("home.lead")}</p>
          <p>
            <Link to="/shop" className="button" data-testid="home-shop-link">
              {t("shop.homeLink")}
            </Link>
          </p>
          <Figures items={figures} />
        </div>
      </section>
      <section className="container section" aria-labelledby="featured-heading">
        <h2 id="featured-heading">{t("home.featured")}</h2>
        {featured.length === 0 ? (
          <p>{t("home.noProducts")}</p>
        ) : (
          <div className="grid" data-testid="featured-products">
            {featured.map((p) => (
              <ProductCard key={p.slug} product={p} />
            ))}
          </div>
        )}
      </section>
      <section className="container section" aria-labelledby="coops-heading">
        <h2 id="coops-heading">{t("home.cooperatives")}</h2>
        {cooperatives.length === 0 ? (
          <p>{t("home.noCooperatives")}</p>
        ) : (
          <div className="grid" data-testid="cooperatives">
            {cooperatives.map((c) => (
              <CooperativeCard key={c.slug} cooperative={c} />
            ))}
          </div>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
