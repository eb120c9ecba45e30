import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { SelectField } from "~/components/form/fields";
import { formatDateTime, formatVnd } from "~/lib/format";
import { useLocale, useT } from "~/lib/use-t";
import { subOrderStatuses } from "~/market/fulfilment-schema";
import { listCooperativeSubOrders } from "~/market/order-queries.server";
import { requireWorkspace } from "~/workspace/access.server";
import { TableWrap } from "~/components/TableWrap";

const queueQuery = z.object({
  status: z.enum(subOrderStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const { organisation } = await requireWorkspace(args);
  const url = new URL(args.request.url);
  const query = queueQuery.parse({
    status: url.searchParams.get("status") || undefined,
    page: url.searchParams.get("page") || undefined,
  });
  const queue = await listCooperativeSubOrders(args.context.db, organisation.id, { status: query.status ?? null, page: query.page ?? 1 });
  return {
    slug: organisation.slug,
    status: query.status ?? null,
    counts: queue.counts,
    page: queue.page,
    pages: queue.pages,
    rows: queue.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

export default function OrderQueue() {
  const { slug, status, counts, page, pages, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const base = `/workspace/${slug}/orders`;
  const pageLink = (p: number) => {
    const params = new URLSearchParams();
    if (status) params.set("status", status);
    if (p > 1) params.set("page", String(p));
    const q = params.toString();
    return q ? `${base}?${q}` : base;
  };
  return (
    <section aria-labelledby="orders-heading">
      <div className="section-head">
        <h2 id="orders-heading">{t("orders.ws.title")}</h2>
        <a href={`${base}.csv${status ? `?status=${status}` : ""}`} className="button button--secondary" download>
          {t("orders.ws.export")}
        </a>
      </div>
      <nav className="tabs" aria-label={t("orders.ws.filter")} data-testid="order-status-filter">
        <Link to={base} aria-current={status === null ? "page" : undefined}>
          {t("orders.all")} ({counts.all})
        </Link>
        {subOrderStatuses.map((s) => (
          <Link key={s} to={`${base}?status=${s}`} aria-current={status === s ? "page" : undefined} data-status={s}>
            {t(`orders.status.${s}`)} ({counts[s]})
          </Link>
        ))}
      </nav>
      <Form method="get" className="form form--inline">
        <SelectField
          name="status"
          label={t("orders.ws.filter")}
          defaultValue={status ?? ""}
          emptyLabel={t("orders.all")}
          options={subOrderStatuses.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
        />
        <button type="submit" className="button button--secondary">
          {t("orders.ws.filter")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("orders.ws.empty")}</p>
      ) : (
        <TableWrap label={t("orders.ws.title")}>
          <table className="table" data-testid="order-queue">
            <thead>
              <tr>
                <th scope="col">{t("orders.ws.reference")}</th>
                <th scope="col">{t("orders.ws.placedAt")}</th>
                <th scope="col">{t("orders.ws.customer")}</th>
                <th scope="col">{t("orders.ws.items")}</th>
                <th scope="col">{t("orders.ws.total")}</th>
                <th scope="col">{t("orders.ws.payment")}</th>
                <th scope="col">{t("orders.ws.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-reference={r.reference}>
                  <td>
                    <Link to={`${base}/${r.reference}`} className="mono">
                      {r.reference}
                    </Link>
                  </td>
                  <td>{formatDateTime(r.createdAt, locale)}</td>
                  <td>{r.contactName}</td>
                  <td>{r.itemCount}</td>
                  <td>{formatVnd(r.totalVnd, locale)}</td>
                  <td>
                    {t(`orders.method.${r.paymentMethod}`)} · {t(`orders.payment.${r.paymentStatus}`)}
                  </td>
                  <td>
                    <span className={`status status--${r.status}`}>{t(`orders.status.${r.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("orders.ws.page", { page, pages })}>
          {page > 1 ? (
            <Link to={pageLink(page - 1)} rel="prev">
              {t("orders.ws.prev")}
            </Link>
          ) : null}
          <span>{t("orders.ws.page", { page, pages })}</span>
          {page < pages ? (
            <Link to={pageLink(page + 1)} rel="next">
              {t("orders.ws.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
