import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listOrganisationProducts } from "~/catalog/products.server";
import { ocopStanding } from "~/catalog/ocop";
import { CertificateStatus, OcopStandingBadge } from "~/components/badges";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatVnd } from "~/lib/format";
import { vietnamToday } from "~/lib/vietnam-time";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { canManageProducts, requireWorkspace } from "~/workspace/access.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, role } = await requireWorkspace(args);
  const products = await listOrganisationProducts(args.context.db, organisation.id);
  const today = vietnamToday();
  return {
    slug: organisation.slug,
    canManage: canManageProducts(role),
    today,
    products: products.map((p) => ({
      id: p.id,
      nameVi: p.nameVi,
      nameEn: p.nameEn,
      kind: p.kind,
      status: p.status,
      ocop: ocopStanding(p, today),
      ocopExpiresOn: p.ocopExpiresOn,
      priceVnd: p.priceVnd,
      unitVi: p.unitVi,
      unitEn: p.unitEn,
    })),
  };
}

export default function WorkspaceProducts() {
  const { slug, canManage, today, products } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="products-heading">
      <div className="section-head">
        <h2 id="products-heading">{t("ws.products.title")}</h2>
        {canManage ? (
          <Link to={`/workspace/${slug}/products/new`} className="button">
            {t("ws.products.new")}
          </Link>
        ) : null}
      </div>
      {products.length === 0 ? (
        <p>{t("ws.products.empty")}</p>
      ) : (
        <TableWrap label={t("ws.products.title")}>
          <table className="table" data-testid="workspace-products">
            <thead>
              <tr>
                <th scope="col">{t("ws.products.name")}</th>
                <th scope="col">{t("ws.products.kind")}</th>
                <th scope="col">{t("product.certificate")}</th>
                <th scope="col">{t("product.price")}</th>
                <th scope="col">{t("ws.products.status")}</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/workspace/${slug}/products/${p.id}`} id={`product-${p.id}`}>
                      {localized(locale, p.nameVi, p.nameEn)}
                    </Link>
                  </td>
                  <td>{t(`ws.products.kind.${p.kind}`)}</td>
                  <td>
                    <OcopStandingBadge standing={p.ocop} />{" "}
                    {p.ocop.kind === "certified" && p.ocopExpiresOn ? <CertificateStatus expiresOn={p.ocopExpiresOn} today={today} /> : null}
                  </td>
                  <td>
                    {p.priceVnd === null
                      ? ""
                      : t("product.pricePerUnit", { price: formatVnd(p.priceVnd, locale), unit: localized(locale, p.unitVi, p.unitEn) })}
                  </td>
                  <td>
                    {t(`ws.products.status.${p.status}`)}
                    {p.status === "active" ? (
                      <>
                        {" · "}
                        <Link to={`/workspace/${slug}/batches/new?product=${p.id}`} aria-describedby={`product-${p.id}`} data-testid="new-lot-link">
                          {t("ws.products.newLot")}
                        </Link>
                      </>
                    ) : null}
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
