import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { CsrfInput } from "~/components/CsrfInput";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { formatDate, formatNumber, formatVnd, todayInVietnam } from "~/lib/format";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { listingsIntentSchema, UNITS_FIELD_PREFIX, unitsFieldName } from "~/market/listings-schema";
import { getCashHoldHours, setCashHoldHoursFromForm } from "~/market/payment-checks.server";
import {
  listWorkspaceListings,
  saveListingFromForm,
  setListingStatusFromForm,
  type BatchStockChangeResult,
  type ListingChangeResult,
  type WorkspaceListing,
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

/** A message key and its values, shown next to one field. */
interface FieldMessage {
  key: string;
  values?: Record<string, string | number>;
}

/** Errors of one form (a product's listing, or the cash hold): field name → message, and what was typed. */
interface RowError {
  rowId: string;
  fields: Record<string, FieldMessage>;
  raw: Record<string, string>;
}

const listingReasonKey: Record<Exclude<ListingChangeResult, { ok: true }>["reason"], string> = {
  product_not_found: "listings.error.notFound",
  not_listable: "listings.error.notListable",
  not_listed: "listings.error.notListed",
};

function stockMessage(result: Exclude<BatchStockChangeResult, { ok: true }>): FieldMessage {
  switch (result.reason) {
    case "above_batch":
      return { key: "listings.error.aboveBatch", values: { limit: result.limit } };
    case "below_sold":
      return { key: "listings.error.belowSold", values: { limit: result.limit } };
    case "not_pieces":
      return { key: "listings.error.notPieces" };
    case "not_sellable":
      return { key: "listings.error.notSellable" };
    case "not_listed":
      return { key: "listings.error.notListed" };
    case "batch_not_found":
      return { key: "listings.error.notFound" };
  }
}

const messages = (errors: Record<string, string>): Record<string, FieldMessage> =>
  Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, { key }]));

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args, PRODUCT_MANAGERS);
  const db = args.context.db;
  const actor = { userId: access.user.id, organisationId: access.organisation.id };
  const back = `/workspace/${access.organisation.slug}/listings`;
  const raw = formObject(form);
  const intent = listingsIntentSchema.safeParse(raw.intent);
  if (!intent.success) throw new Response("Bad Request", { status: 400 });
  const refuse = (rowId: string, fields: Record<string, FieldMessage>) => data({ error: { rowId, fields, raw } satisfies RowError }, { status: 400 });

  if (intent.data === "save-listing") {
    const rowId = raw.productId ?? "";
    const result = await saveListingFromForm(db, actor, raw, todayInVietnam());
    if (result.ok) return redirect(`${back}?saved=${result.after.productId}#p-${result.after.productId}`);
    if (result.reason === "invalid_input") return refuse(rowId, messages(result.fieldErrors));
    if ("batchId" in result) return refuse(rowId, { [unitsFieldName(result.batchId)]: stockMessage(result) });
    return refuse(rowId, { priceVnd: { key: listingReasonKey[result.reason] } });
  }

  if (intent.data === "set-status") {
    const result = await setListingStatusFromForm(db, actor, raw);
    if (result.ok) return redirect(`${back}?saved=${result.after.productId}#p-${result.after.productId}`);
    if (result.reason === "invalid_input") throw new Response("Bad Request", { status: 400 });
    return refuse(raw.productId ?? "", { status: { key: listingReasonKey[result.reason] } });
  }

  const result = await setCashHoldHoursFromForm(db, actor, raw);
  if (result.ok) return redirect(`${back}?saved=cash-hold#cash-hold`);
  return refuse("cash-hold", messages(result.fieldErrors));
}

function FieldError({ id, error }: { id: string; error: FieldMessage | null | undefined }) {
  const t = useT();
  if (!error) return null;
  return (
    <p id={id} className="field__error" role="alert">
      {t(error.key as MessageKey, error.values)}
    </p>
  );
}

/** How long an unconfirmed cash-on-delivery order holds the cooperative's stock (app/market/stock.server.ts lapses it). */
function CashHold({ hours, canManage, saved, errors }: { hours: number; canManage: boolean; saved: boolean; errors: RowError | null }) {
  const t = useT();
  const error = errors ? (errors.fields.cashHoldHours ?? Object.values(errors.fields)[0] ?? null) : null;
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
              defaultValue={errors?.raw.cashHoldHours ?? String(hours)}
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

/** Whole units typed in a lot's field, for the running total (anything else counts as 0 until corrected). */
function typedUnits(value: string | undefined): number {
  const v = (value ?? "").trim();
  return /^\d{1,9}$/.test(v) ? Number(v) : 0;
}

/**
 * One product's listing: price, per-order limit and the units to open from each lot, in one form posted as
 * one command. The total on sale is rendered by the server (so it is right without JavaScript) and kept
 * up to date as the person types when JavaScript runs.
 */
function ListingForm({ product: p, errors, canManage }: { product: WorkspaceListing; errors: RowError | null; canManage: boolean }) {
  const t = useT();
  const locale = useLocale();
  const unit = localized(locale, p.unitVi, p.unitEn);
  const field = (name: string) => errors?.fields[name] ?? null;
  const typed = (name: string, fallback: string) => errors?.raw[name] ?? fallback;
  const initialUnits = Object.fromEntries(p.batches.map((b) => [b.batchId, typed(unitsFieldName(b.batchId), String(b.unitsOnSale))]));
  const [units, setUnits] = useState<Record<string, string>>(initialUnits);
  const total = Object.values(units).reduce((sum, v) => sum + typedUnits(v), 0);
  const priceError = field("priceVnd");
  const maxError = field("maxPerOrder");
  const onInput = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement;
    if (!target.name?.startsWith(UNITS_FIELD_PREFIX)) return;
    const batchId = target.name.slice(UNITS_FIELD_PREFIX.length);
    setUnits((current) => ({ ...current, [batchId]: target.value }));
  };

  const lots =
    p.batches.length === 0 ? (
      <p>{t("listings.noBatches")}</p>
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
              <th scope="col">{t("listings.batch.openUnits", { unit })}</th>
            </tr>
          </thead>
          <tbody>
            {p.batches.map((b) => {
              const name = unitsFieldName(b.batchId);
              const unitsError = field(name);
              const id = `units-${b.batchId}`;
              return (
                <tr key={b.batchId} id={`b-${b.batchId}`} data-lot={b.lotCode}>
                  <td className="mono">
                    <a href={`/origin/${b.shortCode}`}>{b.lotCode}</a>
                  </td>
                  <td data-testid="lot-quantity">{formatNumber(b.maxOnSale, locale)}</td>
                  <td>
                    {b.sellUntil ? formatDate(b.sellUntil, locale) : ""}
                    {!b.sellable ? <span className="muted block">{t("listings.batch.notSellable")}</span> : null}
                  </td>
                  <td>{formatNumber(b.unitsSold, locale)}</td>
                  <td data-testid="units-available">{formatNumber(b.unitsAvailable, locale)}</td>
                  <td>
                    {canManage ? (
                      <div className={`field${unitsError ? " field--invalid" : ""}`}>
                        <label htmlFor={id} className="visually-hidden">
                          {t("listings.batch.onSaleFor", { lot: b.lotCode })}
                        </label>
                        <input
                          id={id}
                          name={name}
                          inputMode="numeric"
                          size={6}
                          defaultValue={initialUnits[b.batchId]}
                          aria-invalid={unitsError ? true : undefined}
                          aria-describedby={unitsError ? `${id}-error` : undefined}
                        />
                        <FieldError id={`${id}-error`} error={unitsError} />
                      </div>
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
    );
  const totalLine = (
    <div className="listing__total">
      <p aria-live="polite" data-testid="listing-total">
        {t("listings.total", { count: formatNumber(total, locale), unit })}
      </p>
      <p className="muted">{t("listings.totalHint")}</p>
    </div>
  );

  if (!canManage) {
    return (
      <>
        <h4>{t("listings.batches")}</h4>
        {lots}
        {totalLine}
      </>
    );
  }
  return (
    <Form method="post" noValidate onInput={onInput} data-testid="listing-form" aria-labelledby={`h-${p.productId}`}>
      <CsrfInput />
      <input type="hidden" name="intent" value="save-listing" />
      <input type="hidden" name="productId" value={p.productId} />
      <div className="inline-form">
        <div className={`field${priceError ? " field--invalid" : ""}`}>
          <label htmlFor={`price-${p.productId}`} className="field__label">
            {t("listings.price")}
          </label>
          <input
            id={`price-${p.productId}`}
            name="priceVnd"
            inputMode="numeric"
            defaultValue={typed("priceVnd", String(p.listing?.priceVnd ?? p.defaultPriceVnd ?? ""))}
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
            defaultValue={typed("maxPerOrder", p.listing?.maxPerOrder ? String(p.listing.maxPerOrder) : "")}
            aria-invalid={maxError ? true : undefined}
            aria-describedby={maxError ? `max-${p.productId}-error` : undefined}
          />
          <FieldError id={`max-${p.productId}-error`} error={maxError} />
        </div>
      </div>
      <h4>{t("listings.batches")}</h4>
      {lots}
      {totalLine}
      <button type="submit" className="button">
        {p.listing ? t("listings.save") : t("listings.list")}
      </button>
    </Form>
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
      <CashHold hours={cashHoldHours} canManage={canManage} saved={saved === "cash-hold"} errors={errorForRow("cash-hold")} />
      {products.length === 0 ? <p>{t("listings.empty")}</p> : null}
      {products.map((p) => {
        const unit = localized(locale, p.unitVi, p.unitEn);
        const rowError = errorForRow(p.productId);
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
            {/* Keyed by the answer so a refused post shows what was typed, and a saved one the stored figures. */}
            <ListingForm key={rowError ? JSON.stringify(rowError.raw) : `saved-${saved ?? ""}`} product={p} errors={rowError} canManage={canManage} />
            {canManage && p.listing ? (
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="set-status" />
                <input type="hidden" name="productId" value={p.productId} />
                <input type="hidden" name="status" value={p.listing.status === "listed" ? "paused" : "listed"} />
                <button type="submit" className="button button--secondary">
                  {p.listing.status === "listed" ? t("listings.pause") : t("listings.resume")}
                </button>
                <FieldError id={`status-${p.productId}-error`} error={rowError?.fields.status} />
              </Form>
            ) : null}
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
