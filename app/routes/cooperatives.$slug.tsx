import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getCooperativePage } from "~/catalog/catalog.server";
import { ProductCard } from "~/components/cards";
import { DemoBadge } from "~/components/badges";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PhotoStrip } from "~/components/PhotoStrip";
import { localized } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { parseSlugOr404 } from "~/lib/params";
import { useLocale, useT } from "~/lib/use-t";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const slug = parseSlugOr404(params.slug);
  const page = await getCooperativePage(context.db, slug);
  if (!page) throw new Response("Not Found", { status: 404 });
  const locale = getLocale(request);
  return {
    ...page,
    title: localized(locale, page.organisation.name, page.organisation.nameEn),
    description: localized(locale, page.organisation.descriptionVi ?? "", page.organisation.descriptionEn),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.title} · OCOP Trace` }, { name: "description", content: data.description.slice(0, 160) }]
    : [{ title: "OCOP Trace" }];

export default function CooperativeRoute() {
  const { organisation: org, products, batchCount, description, photoUrls } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article className="container section coop-page">
      <p className="card__meta">
        {t(`cooperative.kind.${org.kind}`)}
        {org.communeName ? ` · ${org.communeName}` : ""}
      </p>
      <h1>{localized(locale, org.name, org.nameEn)}</h1>
      <p className="card__badges">
        <span className="badge">{t("cooperative.productCount", { count: products.length })}</span>
        <span className="badge">{t("cooperative.batchCount", { count: batchCount })}</span>
        {org.isDemo ? <DemoBadge /> : null}
      </p>
      <PhotoStrip urls={photoUrls} testId="cooperative-photos" />
      <div className="two-columns">
        <section aria-labelledby="coop-about">
          <h2 id="coop-about">{t("cooperative.about")}</h2>
          {description ? <p className="prose">{description}</p> : null}
        </section>
        <section aria-labelledby="coop-contact" className="panel">
          <h2 id="coop-contact">{t("cooperative.contact")}</h2>
          <dl className="facts">
            {org.address ? (
              <>
                <dt>{t("cooperative.address")}</dt>
                <dd>{org.address}</dd>
              </>
            ) : null}
            {org.communeName ? (
              <>
                <dt>{t("cooperative.commune")}</dt>
                <dd>{org.communeName}</dd>
              </>
            ) : null}
            {org.phone ? (
              <>
                <dt>{t("cooperative.phone")}</dt>
                <dd>
                  <a href={`tel:${org.phone.replace(/\s+/g, "")}`}>{org.phone}</a>
                </dd>
              </>
            ) : null}
            {org.email ? (
              <>
                <dt>{t("cooperative.email")}</dt>
                <dd>
                  <a href={`mailto:${org.email}`}>{org.email}</a>
                </dd>
              </>
            ) : null}
            {org.foundedYear ? (
              <>
                <dt>{t("cooperative.founded")}</dt>
                <dd>{org.foundedYear}</dd>
              </>
            ) : null}
            {org.memberCount !== null ? (
              <>
                <dt>{t("cooperative.members")}</dt>
                <dd>{org.memberCount}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
      <section aria-labelledby="coop-products" className="section">
        <h2 id="coop-products">{t("cooperative.products")}</h2>
        {products.length === 0 ? (
          <p>{t("cooperative.noProducts")}</p>
        ) : (
          <div className="grid" data-testid="cooperative-products">
            {products.map((p) => (
              <ProductCard key={p.slug} product={p} />
            ))}
          </div>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
