import { formatDateTime, formatVnd } from "~/lib/format";
import { localized, messages, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { TableWrap } from "../TableWrap";

/** An order line as loaders send it: what was bought and the lots it was taken from. */
export interface OrderLineJson {
  id: string;
  productNameVi: string;
  productNameEn: string | null;
  unitVi: string;
  unitEn: string;
  unitPriceVnd: number;
  quantity: number;
  lineTotalVnd: number;
  allocations: { batchId: string; lotCode: string; shortCode: string; quantity: number; released: boolean }[];
}

export interface OrderEventJson {
  id: string;
  status: string;
  details: Record<string, unknown>;
  actorName: string | null;
  createdAt: string;
}

/** Lines of a sub-order with their lots (each linking to its origin page) and the totals. */
export function OrderLines({
  lines,
  subtotalVnd,
  shippingVnd,
  totalVnd,
}: {
  lines: OrderLineJson[];
  subtotalVnd: number;
  shippingVnd: number;
  totalVnd: number;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <TableWrap label={t("orders.detail.lines")}>
      <table className="table" data-testid="order-lines">
        <thead>
          <tr>
            <th scope="col">{t("orders.detail.product")}</th>
            <th scope="col">{t("orders.detail.quantity")}</th>
            <th scope="col">{t("orders.detail.unitPrice")}</th>
            <th scope="col">{t("orders.detail.lineTotal")}</th>
            <th scope="col">{t("orders.detail.lots")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <td>{localized(locale, line.productNameVi, line.productNameEn)}</td>
              <td>
                {line.quantity} {localized(locale, line.unitVi, line.unitEn)}
              </td>
              <td>{formatVnd(line.unitPriceVnd, locale)}</td>
              <td>{formatVnd(line.lineTotalVnd, locale)}</td>
              <td>
                <ul className="plain-list">
                  {line.allocations.map((a) => (
                    <li key={a.batchId}>
                      <a href={`/origin/${a.shortCode}`} aria-label={t("orders.page.originOf", { lot: a.lotCode, quantity: a.quantity })} data-testid="origin-link">
                        {t("orders.detail.lotQuantity", { lot: a.lotCode, quantity: a.quantity })}
                      </a>
                      {a.released ? <> · {t("orders.detail.released")}</> : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t("orders.detail.subtotal")}
            </th>
            <td colSpan={2}>{formatVnd(subtotalVnd, locale)}</td>
          </tr>
          {shippingVnd > 0 ? (
            <tr>
              <th scope="row" colSpan={3}>
                {t("orders.detail.shipping")}
              </th>
              <td colSpan={2}>{formatVnd(shippingVnd, locale)}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row" colSpan={3}>
              {t("orders.detail.total")}
            </th>
            <td colSpan={2}>
              <strong>{formatVnd(totalVnd, locale)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

function statusLabel(status: string, t: ReturnType<typeof useT>): string {
  const key = `orders.status.${status}`;
  return key in messages.vi ? t(key as MessageKey) : status;
}

/** Steps written in one transaction share a timestamp; they are then shown in the order the lifecycle takes them. */
const LIFECYCLE = ["awaiting_payment", "placed", "pending", "paid", "confirmed", "packed", "shipped", "delivered", "cancelled", "lapsed", "refunded"];
function lifecycleRank(status: string): number {
  const rank = LIFECYCLE.indexOf(status);
  return rank === -1 ? LIFECYCLE.length : rank;
}

/** Status history, oldest first, in Vietnam's time; staff names only where `showActor` (the cooperative's own pages). */
export function OrderHistory({ events, showActor = true }: { events: OrderEventJson[]; showActor?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const sorted = [...events].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || lifecycleRank(a.status) - lifecycleRank(b.status));
  if (sorted.length === 0) return <p>{t("orders.page.noHistory")}</p>;
  return (
    <ol className="timeline" data-testid="order-history">
      {sorted.map((e) => {
        const carrier = typeof e.details.carrier === "string" ? e.details.carrier : null;
        const tracking = typeof e.details.trackingNumber === "string" ? e.details.trackingNumber : null;
        const reason = typeof e.details.reason === "string" && e.status === "cancelled" && !e.details.reason.includes("_") ? e.details.reason : null;
        return (
          <li key={e.id} className="timeline__item" data-status={e.status}>
            <p className="timeline__title">
              <strong>{statusLabel(e.status, t)}</strong> · <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, locale)}</time>
            </p>
            {carrier ? (
              <p>
                {t("orders.detail.carrier")}: {carrier} · {t("orders.detail.tracking")}: <span className="mono">{tracking}</span>
              </p>
            ) : null}
            {reason ? (
              <p>
                {t("orders.detail.cancelReason")}: {reason}
              </p>
            ) : null}
            {showActor && e.actorName ? <p className="card__meta">{t("orders.event.by", { name: e.actorName })}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
