import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatNumber, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { listingsIntentSchema } from "~/market/listings-schema";
import { getCashHoldHours, setCashHoldHoursFromForm } from "~/market/payment-checks.server";
import {
  listWorkspaceListings,
  saveListingFromForm,
  setBatchUnitsOnSaleFromForm,
  setListingStatusFromForm,
  type BatchStockChangeResult,
  type ListingChangeResult,
} from "~/market/listings.server";
import { canManageProducts, formObject, PRODUCT_MANAGERS, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";
import { TableWrap } from "~/components/TableWrap";

export async function loader(args: LoaderFunctionArgs) {
  const { organisation, role } = await requireWorkspace(args);
  const today = todayInVietnam();
  return {
    slug: organisation.slug,
    canManage: canManageProducts(role),
    products: await listWorkspaceListings(args.context.db, organisation.id, today),
    cashHoldHours: await getCashHoldHours(args.context.db, organisation.id),
  };
}

/** An error next to one field of one row: the row's id, the field, a message key and its values. */
interface RowError {
  rowId: string;
  field: string;
  key: string;
  values?: Record<string, string | number>;
  raw?: Record<string, string>;
}

const listingReasonKey: Record<Exclude<ListingChangeResult, { ok: true }>["reason"], string> = {
  product_not_found: "listings.error.notFound",
  not_listable: "listings.error.notListable",
  not_listed: "listings.error.notListed",
};

function stockError(rowId: string, result: Exclude<BatchStockChangeResult, { ok: true }>, raw: Record<string, string>): RowError {
  switch (result.reason) {
    case "above_batch":
      return { rowId, field: "unitsOnSale", key: "listings.error.aboveBatch", values: { limit: result.limit }, raw };
    case "below_sold":
      return { rowId, field: "unitsOnSale", key: "listings.error.belowSold", values: { limit: result.limit }, raw };
    case "not_pieces":
      return { rowId, field: "unitsOnSale", key: "listings.error.notPieces", raw };
    case "not_sellable":
      return { rowId, field: "unitsOnSale", key: "listings.error.notSellable", raw };
    case "not_listed":
      return { rowId, field: "unitsOnSale", key: "listings.error.notListed", raw };
    case "batch_not_found":
      return { rowId, field: "unitsOnSale", key: "listings.error.notFound", raw };
  }
}

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const db = args.context.db;
  const actor = { userId: access.user.id, organisationId: access.organisation.id };
  const back = `/workspace/${access.organisation.slug}/listings`;
  const raw = formObject(form);
  const intent = listingsIntentSchema.safeParse(raw.intent);
  if (!intent.success) throw new Response("Bad Request", { status: 400 });
  const refuseRow = (error: RowError) => data({ error }, { status: 400 });
  const firstError = (errors: Record<string, string>) => Object.entries(errors)[0] ?? ["_form", "validation.invalid"];

  if (intent.data === "save-listing") {
    const rowId = raw.productId ?? "";
    const result = await saveListingFromForm(db, actor, raw);
    if (result.ok) return redirect(`${back}?saved=${result.after.productId}#p-${result.after.productId}`);
    if (result.reason === "invalid_input") {
      const [field, key] = firstError(result.fieldErrors);
      return refuseRow({ rowId, field, key, raw });
    }
    return refuseRow({ rowId, field: "priceVnd", key: listingReasonKey[result.reason], raw });
  }

  if (intent.data === "set-status") {
    const result = await setListingStatusFromForm(db, actor, raw);
    if (result.ok) return redirect(`${back}?saved=${result.after.productId}#p-${result.after.productId}`);
    if (result.reason === "invalid_input") throw new Response("Bad Request", { status: 400 });
    return refuseRow({ rowId: raw.productId ?? "", field: "status", key: listingReasonKey[result.reason], raw });
  }

  if (intent.data === "set-cash-hold") {
    const result = await setCashHoldHoursFromForm(db, actor, raw);
    if (result.ok) return redirect(`${back}?saved=cash-hold#cash-hold`);
    const [field, key] = firstError(result.fieldErrors);
    return refuseRow({ rowId: "cash-hold", field, key, raw });
  }

  const rowId = raw.batchId ?? "";
  const result = await setBatchUnitsOnSaleFromForm(db, actor, { form: raw, today: todayInVietnam() });
  if (result.ok) return redirect(`${back}?saved=${result.batchId}#b-${result.batchId}`);
  if (result.reason === "invalid_input") {
    const [, key] = firstError(result.fieldErrors);
    return refuseRow({ rowId, field: "unitsOnSale", key, raw });
  }
  return refuseRow(stockError(rowId, result, raw));
}

function FieldError({ id, error }: { id: string; error: RowError | null }) {
  const t = useT();
  if (!error) return null;
  return (
    <p id={id} className="field__error" role="alert">
      {t(error.key as MessageKey, error.values)}
    </p>
  );
}

/** How long an unconfirmed cash-on-delivery order holds the cooperative's stock (app/market/stock.server.ts lapses it). */
function CashHold({ hours, canManage, saved, error }: { hours: number; canManage: boolean; saved: boolean; error: RowError | null }) {
  const t = useT();
  return (
    <section id="cash-hold" className="panel" aria-labelledby="cash-hold-heading" data-testid="cash-hold">
      <h3 id="cash-hold-heading">{t("orders.cashHold.heading")}</h3>
      {saved ? (
        <p className="notice notice--ok" role="status">
          {t("orders.cashHold.saved")}
        </p>
      ) : null}
      {canManage ? (
        <Form method="post" className="inline-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="set-cash-hold" />
          <div className={`field${error ? " field--invalid" : ""}`}>
            <label htmlFor="cash-hold-hours" className="field__label">
              {t("orders.cashHold.label")}
            </label>
            <input
              id="cash-hold-hours"
              name="cashHoldHours"
              inputMode="numeric"
              defaultValue={error?.raw?.cashHoldHours ?? String(hours)}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "cash-hold-hours-error" : "cash-hold-hours-hint"}
            />
            <p id="cash-hold-hours-hint" className="field__hint">
              {t("orders.cashHold.hint")}
            </p>
            <FieldError id="cash-hold-hours-error" error={error} />
          </div>
          <button type="submit" className="button">
            {t("orders.cashHold.save")}
          </button>
        </Form>
      ) : (
        <p>
          {t("orders.cashHold.label")}: {hours}
        </p>
      )}
    </section>
  );
}

export default function WorkspaceListings() {
  const { canManage, products, cashHoldHours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const t = useT();
  const locale = useLocale();
  const error = actionData?.error ?? null;
  const errorFor = (rowId: string, field: string) => (error && error.rowId === rowId && error.field === field ? error : null);
  const errorForRow = (rowId: string) => (error && error.rowId === rowId ? error : null);

  return (
    <section aria-labelledby="listings-heading">
      <div className="section-head">
        <h2 id="listings-heading">{t("listings.title")}</h2>
      </div>
      <p>{t("listings.lead")}</p>
      {!canManage ? (
        <p className="notice" role="note">
          {t("listings.readOnly")}
        </p>
      ) : null}
      <CashHold hours={cashHoldHours} canManage={canManage} saved={saved === "cash-hold"} error={errorForRow("cash-hold")} />
      {products.length === 0 ? <p>{t("listings.empty")}</p> : null}
      {products.map((p) => {
        const unit = localized(locale, p.unitVi, p.unitEn);
        const rowError = errorForRow(p.productId);
        const priceError = errorFor(p.productId, "priceVnd");
        const maxError = errorFor(p.productId, "maxPerOrder");
        const statusError = errorFor(p.productId, "status");
        const priceValue = rowError?.raw?.priceVnd ?? String(p.listing?.priceVnd ?? p.defaultPriceVnd ?? "");
        const maxValue = rowError?.raw?.maxPerOrder ?? (p.listing?.maxPerOrder ? String(p.listing.maxPerOrder) : "");
        const status = p.listing ? p.listing.status : "none";
        return (
          <article key={p.productId} id={`p-${p.productId}`} className="panel listing" data-testid="listing" data-product={p.slug} aria-labelledby={`h-${p.productId}`}>
            <h3 id={`h-${p.productId}`}>
              {localized(locale, p.nameVi, p.nameEn)}{" "}
              <span className={`status status--${status === "listed" ? "active" : "consumed"}`} data-testid="listing-status">
                {t(`listings.status.${status}` as MessageKey)}
              </span>
            </h3>
            {p.listing ? (
              <p className="price">{t("product.pricePerUnit", { price: formatVnd(p.listing.priceVnd, locale), unit })}</p>
            ) : null}
            {saved === p.productId ? (
              <p className="notice notice--ok" role="status">
                {t("listings.saved")}
              </p>
            ) : null}
            {canManage ? (
              <div className="listing__forms">
                <Form method="post" className="inline-form" noValidate>
                  <CsrfInput />
                  <input type="hidden" name="intent" value="save-listing" />
                  <input type="hidden" name="productId" value={p.productId} />
                  <div className={`field${priceError ? " field--invalid" : ""}`}>
                    <label htmlFor={`price-${p.productId}`} className="field__label">
                      {t("listings.price")}
                    </label>
                    <input
                      id={`price-${p.productId}`}
                      name="priceVnd"
                      inputMode="numeric"
                      defaultValue={priceValue}
                      required
                      aria-invalid={priceError ? true : undefined}
                      aria-describedby={priceError ? `price-${p.productId}-error` : `price-${p.productId}-hint`}
                    />
                    <p id={`price-${p.productId}-hint`} className="field__hint">
                      {t("listings.priceHint")}
                    </p>
                    <FieldError id={`price-${p.productId}-error`} error={priceError} />
                  </div>
                  <div className={`field${maxError ? " field--invalid" : ""}`}>
                    <label htmlFor={`max-${p.productId}`} className="field__label">
                      {t("listings.maxPerOrder")}
                    </label>
                    <input
                      id={`max-${p.productId}`}
                      name="maxPerOrder"
                      inputMode="numeric"
                      defaultValue={maxValue}
                      aria-invalid={maxError ? true : undefined}
                      aria-describedby={maxError ? `max-${p.productId}-error` : undefined}
                    />
                    <FieldError id={`max-${p.productId}-error`} error={maxError} />
                  </div>
                  <button type="submit" className="button">
                    {p.listing ? t("listings.save") : t("listings.list")}
                  </button>
                </Form>
                {p.listing ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="set-status" />
                    <input type="hidden" name="productId" value={p.productId} />
                    <input type="hidden" name="status" value={p.listing.status === "listed" ? "paused" : "listed"} />
                    <button type="submit" className="button button--secondary">
                      {p.listing.status === "listed" ? t("listings.pause") : t("listings.resume")}
                    </button>
                    <FieldError id={`status-${p.productId}-error`} error={statusError} />
                  </Form>
                ) : null}
              </div>
            ) : null}

            <h4>{t("listings.batches")}</h4>
            {p.batches.length === 0 ? (
              <p>{t("listings.noBatches")}</p>
            ) : !p.listing ? (
              <p>{t("listings.listFirst")}</p>
            ) : (
              <TableWrap label={`${t("listings.batches")} · ${localized(locale, p.nameVi, p.nameEn)}`}>
                <table className="table" data-testid="batch-stock">
                  <thead>
                    <tr>
                      <th scope="col">{t("listings.batch.lot")}</th>
                      <th scope="col">{t("listings.batch.quantity")}</th>
                      <th scope="col">{t("listings.batch.sellUntil")}</th>
                      <th scope="col">{t("listings.batch.sold")}</th>
                      <th scope="col">{t("listings.batch.available")}</th>
                      <th scope="col">{t("listings.batch.onSale")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.batches.map((b) => {
                      const unitsError = errorFor(b.batchId, "unitsOnSale");
                      return (
                        <tr key={b.batchId} id={`b-${b.batchId}`} data-lot={b.lotCode}>
                          <td className="mono">
                            <a href={`/origin/${b.shortCode}`}>{b.lotCode}</a>
                          </td>
                          <td>{formatNumber(b.maxOnSale, locale)}</td>
                          <td>
                            {b.sellUntil ? formatDate(b.sellUntil, locale) : ""}
                            {!b.sellable ? <span className="muted block">{t("listings.batch.notSellable")}</span> : null}
                          </td>
                          <td>{formatNumber(b.unitsSold, locale)}</td>
                          <td data-testid="units-available">{formatNumber(b.unitsAvailable, locale)}</td>
                          <td>
                            {canManage ? (
                              <Form method="post" className="inline-form" noValidate>
                                <CsrfInput />
                                <input type="hidden" name="intent" value="set-stock" />
                                <input type="hidden" name="batchId" value={b.batchId} />
                                <div className={`field${unitsError ? " field--invalid" : ""}`}>
                                  <label htmlFor={`units-${b.batchId}`} className="visually-hidden">
                                    {t("listings.batch.onSaleFor", { lot: b.lotCode })}
                                  </label>
                                  <input
                                    id={`units-${b.batchId}`}
                                    name="unitsOnSale"
                                    inputMode="numeric"
                                    size={6}
                                    defaultValue={unitsError?.raw?.unitsOnSale ?? String(b.unitsOnSale)}
                                    aria-invalid={unitsError ? true : undefined}
                                    aria-describedby={unitsError ? `units-${b.batchId}-error` : undefined}
                                  />
                                  <FieldError id={`units-${b.batchId}-error`} error={unitsError} />
                                </div>
                                <button type="submit" className="button button--secondary">
                                  {t("listings.batch.save")}
                                </button>
                                {saved === b.batchId ? (
                                  <span role="status" className="muted">
                                    {t("listings.saved")}
                                  </span>
                                ) : null}
                              </Form>
                            ) : (
                              formatNumber(b.unitsOnSale, locale)
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            )}
            {p.listing?.status === "listed" ? (
              <p>
                <a href={`/products/${p.slug}`}>{t("shop.product.onSale")}</a>
              </p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
