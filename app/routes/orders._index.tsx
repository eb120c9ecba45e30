import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { requireUser } from "~/identity/request.server";
import { formatDateTime, formatVnd } from "~/lib/format";
import { translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { listConsumerOrders } from "~/market/order-queries.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  const orders = await listConsumerOrders(args.context.db, viewer.user.id);
  return {
    title: translate(getLocale(args.request), "orders.my.title"),
    orders: orders.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export default function MyOrders() {
  const { orders } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1>{t("orders.my.title")}</h1>
      {orders.length === 0 ? (
        <p>{t("orders.my.empty")}</p>
      ) : (
        <TableWrap label={t("orders.my.title")}>
          <table className="table" data-testid="my-orders">
            <thead>
              <tr>
                <th scope="col">{t("orders.my.number")}</th>
                <th scope="col">{t("orders.my.placedAt")}</th>
                <th scope="col">{t("orders.my.total")}</th>
                <th scope="col">{t("orders.my.status")}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.number}>
                  <td>
                    <Link to={`/orders/${o.number}`} className="mono">
                      {o.number}
                    </Link>
                  </td>
                  <td>{formatDateTime(o.createdAt, locale)}</td>
                  <td>{formatVnd(o.totalVnd, locale)}</td>
                  <td>
                    {o.status === "placed" && o.subOrderStatuses.length > 0
                      ? [...new Set(o.subOrderStatuses)].map((s) => t(`orders.status.${s}`)).join(", ")
                      : t(`orders.status.${o.status}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <Link to="/orders/lookup">{t("orders.my.lookup")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
