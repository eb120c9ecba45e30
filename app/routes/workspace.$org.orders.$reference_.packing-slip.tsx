import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDateTime } from "~/lib/format";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { subOrderReferenceSchema } from "~/market/fulfilment-schema";
import { getCooperativeSubOrder } from "~/market/order-queries.server";
import { qrSvg } from "~/trace/labels.server";
import { originPath } from "~/trace/resolver.server";
import { requireWorkspace } from "~/workspace/access.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const reference = subOrderReferenceSchema.safeParse(args.params.reference);
  const found = reference.success ? await getCooperativeSubOrder(args.context.db, access.organisation.id, reference.data) : null;
  if (!found) throw new Response("Not Found", { status: 404 });
  const { order, subOrder } = found;
  const origin = args.context.publicUrl;
  const lines = await Promise.all(
    subOrder.lines.map(async (line) => ({
      id: line.id,
      productNameVi: line.productNameVi,
      productNameEn: line.productNameEn,
      unitVi: line.unitVi,
      unitEn: line.unitEn,
      quantity: line.quantity,
      lots: await Promise.all(
        line.allocations
          .filter((a) => !a.released)
          .map(async (a) => {
            const url = `${origin}${originPath(a.shortCode)}`;
            return { batchId: a.batchId, lotCode: a.lotCode, quantity: a.quantity, url, svg: await qrSvg(url) };
          }),
      ),
    })),
  );
  return {
    title: translate(getLocale(args.request), "orders.slip.title", { reference: subOrder.reference }),
    slug: access.organisation.slug,
    reference: subOrder.reference,
    orderNumber: order.number,
    createdAt: subOrder.createdAt.toISOString(),
    sender: { name: subOrder.organisationName, nameEn: subOrder.organisationNameEn },
    recipient: {
      name: order.contactName,
      phone: order.phone,
      address: order.address,
      commune: order.communeName,
      provinceVi: order.provinceNameVi,
      provinceEn: order.provinceNameEn,
      note: order.note,
    },
    paymentMethod: order.paymentMethod,
    paymentStatus: subOrder.paymentStatus,
    lines,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "OCOP Trace" }, { name: "robots", content: "noindex" }];

// Only the slip is printed; the site's and the workspace's chrome stay on screen.
const printCss = `
@media print {
  body * { visibility: hidden; }
  .packing-slip, .packing-slip * { visibility: visible; }
  .packing-slip { position: absolute; inset: 0 auto auto 0; width: 100%; padding: 0; }
  .packing-slip .no-print { display: none; }
}
.packing-slip__box { display: inline-block; width: 14px; height: 14px; border: 1px solid currentColor; }
.packing-slip__qr svg { width: 96px; height: 96px; }
.packing-slip__lots { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 0; }
.packing-slip__lots li { display: flex; gap: 8px; align-items: center; }
`;

export default function PackingSlip() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article className="packing-slip" aria-labelledby="slip-heading">
      <style>{printCss}</style>
      <p className="breadcrumb no-print">
        <Link to={`/workspace/${data.slug}/orders/${data.reference}`}>{t("orders.detail.heading", { reference: data.reference })}</Link>
      </p>
      <div className="section-head">
        <h2 id="slip-heading">{t("orders.slip.title", { reference: data.reference })}</h2>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          {t("orders.slip.print")}
        </button>
      </div>
      <p>
        {t("orders.ws.placedAt")}: {formatDateTime(data.createdAt, locale)} · {t(`orders.method.${data.paymentMethod}`)} ·{" "}
        {t(`orders.payment.${data.paymentStatus}`)}
      </p>
      <div className="grid-2">
        <section aria-labelledby="slip-from">
          <h3 id="slip-from">{t("orders.slip.from")}</h3>
          <p>{localized(locale, data.sender.name, data.sender.nameEn)}</p>
        </section>
        <section aria-labelledby="slip-to">
          <h3 id="slip-to">{t("orders.slip.to")}</h3>
          <p data-testid="slip-recipient">
            <strong>{data.recipient.name}</strong> · {data.recipient.phone}
            <br />
            {data.recipient.address}, {data.recipient.commune}, {localized(locale, data.recipient.provinceVi, data.recipient.provinceEn)}
          </p>
          {data.recipient.note ? (
            <p>
              {t("orders.detail.note")}: {data.recipient.note}
            </p>
          ) : null}
        </section>
      </div>
      <TableWrap label={t("orders.detail.lines")}>
      <table className="table" data-testid="slip-lines">
        <thead>
          <tr>
            <th scope="col">{t("orders.slip.check")}</th>
            <th scope="col">{t("orders.detail.product")}</th>
            <th scope="col">{t("orders.detail.quantity")}</th>
            <th scope="col">{t("orders.slip.origin")}</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((line) => (
            <tr key={line.id}>
              <td>
                <span className="packing-slip__box" aria-hidden="true" />
              </td>
              <td>{localized(locale, line.productNameVi, line.productNameEn)}</td>
              <td>
                {line.quantity} {localized(locale, line.unitVi, line.unitEn)}
              </td>
              <td>
                <ul className="packing-slip__lots">
                  {line.lots.map((lot) => (
                    <li key={lot.batchId}>
                      <span
                        className="packing-slip__qr"
                        role="img"
                        aria-label={t("orders.slip.scan", { lot: lot.lotCode })}
                        // The SVG comes from the qrcode library, built from our own URL.
                        dangerouslySetInnerHTML={{ __html: lot.svg }}
                      />
                      <span>
                        <span className="mono">{t("orders.detail.lotQuantity", { lot: lot.lotCode, quantity: lot.quantity })}</span>
                        <br />
                        <a href={lot.url} className="mono" data-testid="slip-origin-link">
                          {lot.url}
                        </a>
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableWrap>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
