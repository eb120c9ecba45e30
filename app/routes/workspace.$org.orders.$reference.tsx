import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OrderHistory, OrderLines } from "~/components/market/OrderParts";
import { PaymentFlags } from "~/components/market/PaymentFlags";
import { formatDateTime, formatVnd } from "~/lib/format";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-t";
import { fulfilmentIntents, subOrderReferenceSchema, type CooperativeRole, type FulfilmentIntent } from "~/market/fulfilment-schema";
import { actOnSubOrder, getSubOrderForCooperative } from "~/market/fulfilment.server";
import { serializeOrder } from "~/market/order-queries.server";
import { listOrderPaymentFlags } from "~/market/payment-checks.server";
import { transferNote } from "~/market/vietqr";
import { formObject, requireWorkspace, requireWorkspaceAction } from "~/workspace/access.server";

function referenceOr404(value: string | undefined): string {
  const parsed = subOrderReferenceSchema.safeParse(value);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return parsed.data;
}

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireWorkspace(args);
  const reference = referenceOr404(args.params.reference);
  const view = await getSubOrderForCooperative(args.context.db, access.organisation.id, reference, access.role as CooperativeRole);
  if (!view) throw new Response("Not Found", { status: 404 });
  const { found, ...may } = view;
  const order = serializeOrder(found.order);
  const paymentFlags = await listOrderPaymentFlags(args.context.db, access.organisation.id, found.order.id);
  return { slug: access.organisation.slug, order, subOrder: order.subOrders[0]!, paymentFlags, ...may };
}

type ActionBody = { intent: string; formError?: string; fieldErrors: Record<string, string>; values: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const { access, form } = await requireWorkspaceAction(args);
  const reference = referenceOr404(args.params.reference);
  const values = formObject(form);
  const intent = values.intent ?? "";
  const target = {
    organisationId: access.organisation.id,
    reference,
    actor: { userId: access.user.id, role: access.role as CooperativeRole },
  };
  const result = await actOnSubOrder(args.context.db, args.context.payments.card, args.context.logger, { ...target, form: values });
  if (result.ok) return redirect(`/workspace/${access.organisation.slug}/orders/${reference}?done=${result.done}`);
  if (result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  const body: ActionBody =
    result.reason === "invalid_input"
      ? { intent, fieldErrors: result.fieldErrors, values }
      : { intent, formError: `orders.error.${result.reason}`, fieldErrors: {}, values };
  const status = result.reason === "forbidden" ? 403 : result.reason === "invalid_input" ? 400 : 409;
  return data(body, { status });
}

const doneMessages = { changed: "orders.detail.changed", transfer: "orders.detail.transferConfirmed", refund: "orders.detail.refundDone" } as const;

export default function CooperativeOrder() {
  const { slug, order, subOrder, steps, canConfirmTransfer, canRefund, refundableVnd, paidNeedsRefundOnCancel, paymentFlags, hold } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const done = params.get("done");
  const doneKey = done && done in doneMessages ? doneMessages[done as keyof typeof doneMessages] : null;
  const errorsFor = (intents: readonly string[]) => (result && intents.includes(result.intent) ? result : undefined);
  const stepErrors = errorsFor(fulfilmentIntents);
  const base = `/workspace/${slug}/orders`;
  return (
    <article aria-labelledby="order-heading">
      <p className="breadcrumb">
        <Link to={base}>{t("orders.detail.back")}</Link>
      </p>
      <div className="section-head">
        <h2 id="order-heading">{t("orders.detail.heading", { reference: subOrder.reference })}</h2>
        <Link to={`${base}/${subOrder.reference}/packing-slip`} className="button button--secondary">
          {t("orders.detail.packingSlip")}
        </Link>
      </div>
      {hold ? (
        <p className="notice notice--warn" role="status" data-testid="recall-hold">
          {t("recall.workspace.orderHeld", { number: hold.recallNumber })}{" "}
          <Link to={`/workspace/${slug}/recalls/${hold.recallNumber}`}>{t("recall.workspace.openRecall", { number: hold.recallNumber })}</Link>
        </p>
      ) : null}
      {doneKey && !result ? (
        <p className="notice notice--ok" role="status">
          {t(doneKey)}
        </p>
      ) : null}
      <dl className="facts" data-testid="sub-order-facts">
        <dt>{t("orders.ws.status")}</dt>
        <dd>
          <span className={`status status--${subOrder.status}`} data-testid="sub-order-status">
            {t(`orders.status.${subOrder.status}`)}
          </span>
        </dd>
        <dt>{t("orders.ws.placedAt")}</dt>
        <dd>{formatDateTime(subOrder.createdAt, locale)}</dd>
        <dt>{t("orders.detail.paymentMethod")}</dt>
        <dd>{t(`orders.method.${order.paymentMethod}`)}</dd>
        <dt>{t("orders.detail.paymentState")}</dt>
        <dd data-testid="sub-order-payment">{t(`orders.payment.${subOrder.paymentStatus}`)}</dd>
        <dt>{t("orders.detail.total")}</dt>
        <dd>{formatVnd(subOrder.totalVnd, locale)}</dd>
        {subOrder.refundedVnd > 0 ? (
          <>
            <dt>{t("orders.detail.refunded")}</dt>
            <dd>{formatVnd(subOrder.refundedVnd, locale)}</dd>
          </>
        ) : null}
        {subOrder.carrier ? (
          <>
            <dt>{t("orders.detail.carrier")}</dt>
            <dd>{subOrder.carrier}</dd>
            <dt>{t("orders.detail.tracking")}</dt>
            <dd className="mono">{subOrder.trackingNumber}</dd>
          </>
        ) : null}
        {subOrder.cancelReason ? (
          <>
            <dt>{t("orders.detail.cancelReason")}</dt>
            <dd>{subOrder.cancelReason}</dd>
          </>
        ) : null}
      </dl>

      {paymentFlags.length > 0 ? <PaymentFlags flags={paymentFlags} /> : null}

      <section aria-labelledby="delivery-heading">
        <h3 id="delivery-heading">{t("orders.detail.delivery")}</h3>
        <dl className="facts">
          <dt>{t("orders.detail.contact")}</dt>
          <dd>{order.contactName}</dd>
          <dt>{t("orders.detail.phone")}</dt>
          <dd>
            <a href={`tel:${order.phone}`}>{order.phone}</a>
          </dd>
          {order.email ? (
            <>
              <dt>{t("orders.detail.email")}</dt>
              <dd>{order.email}</dd>
            </>
          ) : null}
          <dt>{t("orders.detail.address")}</dt>
          <dd>
            {order.address}, {order.communeName}, {localized(locale, order.provinceNameVi, order.provinceNameEn)}
          </dd>
          {order.note ? (
            <>
              <dt>{t("orders.detail.note")}</dt>
              <dd>{order.note}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="lines-heading">
        <h3 id="lines-heading">{t("orders.detail.lines")}</h3>
        <OrderLines lines={subOrder.lines} subtotalVnd={subOrder.subtotalVnd} shippingVnd={subOrder.shippingVnd} totalVnd={subOrder.totalVnd} />
      </section>

      <section aria-labelledby="actions-heading" className="stack">
        <h3 id="actions-heading">{t("orders.detail.actions")}</h3>
        {order.status === "awaiting_payment" ? <p className="notice notice--warn">{t("orders.detail.awaitingPayment")}</p> : null}
        {stepErrors?.formError ? <FormError error={stepErrors.formError} /> : null}
        {canConfirmTransfer ? (
          <Form method="post" className="form" data-testid="confirm-transfer">
            <CsrfInput />
            <input type="hidden" name="intent" value="confirm_transfer" />
            <p>{t("orders.action.confirmTransferHint", { amount: formatVnd(subOrder.totalVnd, locale), reference: transferNote(subOrder.reference) })}</p>
            <FormError error={errorsFor(["confirm_transfer"])?.formError} />
            <TextField
              name="bankReference"
              label={t("orders.action.transferReference")}
              maxLength={60}
              error={errorsFor(["confirm_transfer"])?.fieldErrors.bankReference}
            />
            <button type="submit" className="button">
              {t("orders.action.confirmTransfer")}
            </button>
          </Form>
        ) : null}
        {steps.length === 0 && !canConfirmTransfer ? <p>{t("orders.detail.noActions")}</p> : null}
        {steps
          .filter((s): s is Exclude<FulfilmentIntent, "ship" | "cancel"> => s !== "ship" && s !== "cancel")
          .map((s) => (
            <Form method="post" key={s} className="form form--inline">
              <CsrfInput />
              <input type="hidden" name="intent" value={s} />
              <button type="submit" className="button">
                {t(`orders.action.${s}`)}
              </button>
            </Form>
          ))}
        {steps.includes("ship") ? (
          <Form method="post" className="form" data-testid="ship-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="ship" />
            <TextField
              name="carrier"
              label={t("orders.detail.carrier")}
              required
              maxLength={80}
              defaultValue={stepErrors?.values.carrier}
              error={stepErrors?.fieldErrors.carrier}
            />
            <TextField
              name="trackingNumber"
              label={t("orders.detail.tracking")}
              required
              maxLength={40}
              defaultValue={stepErrors?.values.trackingNumber}
              error={stepErrors?.fieldErrors.trackingNumber}
            />
            <button type="submit" className="button">
              {t("orders.action.ship")}
            </button>
          </Form>
        ) : null}
        {steps.includes("cancel") ? (
          <Form method="post" className="form" data-testid="cancel-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="cancel" />
            {paidNeedsRefundOnCancel ? <p className="notice notice--warn">{t("orders.action.cancelPaidHint")}</p> : null}
            <TextField
              name="reason"
              label={t("orders.action.cancelReason")}
              required
              maxLength={300}
              defaultValue={stepErrors?.values.reason}
              error={stepErrors?.fieldErrors.reason}
            />
            <button type="submit" className="button button--danger">
              {t("orders.action.cancel")}
            </button>
          </Form>
        ) : null}
      </section>

      {canRefund || subOrder.refunds.length > 0 ? (
        <section aria-labelledby="refunds-heading">
          <h3 id="refunds-heading">{t("orders.detail.refunds")}</h3>
          {subOrder.refunds.length > 0 ? (
            <ul>
              {subOrder.refunds.map((r) => (
                <li key={r.id}>
                  {formatDateTime(r.createdAt, locale)} · {formatVnd(r.amountVnd, locale)}
                  {r.reason ? ` · ${r.reason}` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          {canRefund && refundableVnd > 0 ? (
            <Form method="post" className="form" data-testid="refund-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="refund" />
              <FormError error={errorsFor(["refund"])?.formError} />
              <p>{t("orders.detail.refundMax", { amount: formatVnd(refundableVnd, locale) })}</p>
              <TextField
                name="amountVnd"
                label={t("orders.detail.refundAmount")}
                inputMode="numeric"
                required
                defaultValue={errorsFor(["refund"])?.values.amountVnd}
                error={errorsFor(["refund"])?.fieldErrors.amountVnd}
              />
              <TextField
                name="reason"
                fieldId="f-refund-reason"
                label={t("orders.detail.refundReason")}
                required
                maxLength={300}
                defaultValue={errorsFor(["refund"])?.values.reason}
                error={errorsFor(["refund"])?.fieldErrors.reason}
              />
              <button type="submit" className="button button--secondary">
                {t("orders.detail.refundSubmit")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h3 id="history-heading">{t("orders.detail.history")}</h3>
        <OrderHistory events={[...order.events, ...subOrder.events]} />
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
