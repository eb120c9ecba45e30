import { formatDateTime, formatNumber, formatVnd } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";
import { TableWrap } from "../TableWrap";

/** A flagged card payment as the loaders send it (app/market/payment-checks.server.ts). */
export interface PaymentFlagRow {
  id: string;
  orderNumber: string;
  reason: "unknown_session" | "amount_mismatch";
  stripeCheckoutSessionId: string;
  expectedAmountVnd: number;
  reportedAmount: number | null;
  reportedCurrency: string | null;
  createdAt: string;
}

/**
 * Card payments Stripe reported that do not match what the app asked for. `withOrder` adds the order
 * number column (the department's list across orders).
 */
export function PaymentFlags({ flags, withOrder = false, intro = true }: { flags: PaymentFlagRow[]; withOrder?: boolean; intro?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const reported = (f: PaymentFlagRow) =>
    f.reportedAmount === null ? "—" : f.reportedCurrency === "vnd" ? formatVnd(f.reportedAmount, locale) : `${formatNumber(f.reportedAmount, locale)} ${(f.reportedCurrency ?? "").toUpperCase()}`;
  return (
    <section aria-labelledby="payment-flags-heading" className="panel" data-testid="payment-flags">
      <h3 id="payment-flags-heading">{t("orders.flags.heading")}</h3>
      {flags.length === 0 ? (
        <p>{t("orders.flags.none")}</p>
      ) : (
        <>
          {intro ? (
            <p className="notice notice--error" role="note">
              {t("orders.flags.intro")}
            </p>
          ) : null}
          <TableWrap label={t("orders.flags.heading")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("orders.flags.at")}</th>
                {withOrder ? <th scope="col">{t("orders.flags.order")}</th> : null}
                <th scope="col">{t("orders.flags.reported")}</th>
                <th scope="col">{t("orders.flags.expected")}</th>
                <th scope="col">{t("orders.flags.session")}</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((f) => (
                <tr key={f.id} data-testid="payment-flag">
                  <td>
                    {formatDateTime(f.createdAt, locale)}
                    <br />
                    {t(`orders.flags.reason.${f.reason}`)}
                  </td>
                  {withOrder ? <td className="mono">{f.orderNumber}</td> : null}
                  <td>{reported(f)}</td>
                  <td>{formatVnd(f.expectedAmountVnd, locale)}</td>
                  <td className="mono">{f.stripeCheckoutSessionId}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
