import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput } from "~/components/CsrfInput";
import { FormError, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OrderHistory, OrderLines } from "~/components/market/OrderParts";
import { TransferInstructions } from "~/components/market/TransferInstructions";
import { CSRF_ERROR_KEY, csrfTokenFor, getViewer, readFormWithCsrf, redirectWithCookie, requireCsrf, type RequestArgs } from "~/identity/request.server";
import { formatDateTime, formatVnd } from "~/lib/format";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { fieldErrors } from "~/lib/field-errors";
import { orderLookupSchema, orderNumberSchema } from "~/market/fulfilment-schema";
import { grantOrderAccess, readOrderAccess } from "~/market/order-access.server";
import { getOrderForViewer, lookupOrder, serializeOrder } from "~/market/order-queries.server";
import { startCardCheckout } from "~/market/payments/card.server";
import { getTransferInstructions } from "~/market/payments/transfer.server";

/**
 * The order number of the URL and the order when this visitor may see it (their account, or a number granted to this
 * browser); null when they may not (yet): a well-formed number that is not theirs, or not an order at all, gets the
 * same answer, a request for the phone number. A malformed number is not found.
 */
async function visibleOrder(args: RequestArgs & { params: Record<string, string | undefined> }) {
  const number = orderNumberSchema.safeParse(args.params.number ?? "");
  if (!number.success || number.data !== args.params.number) throw new Response("Not Found", { status: 404 });
  const viewer = await getViewer(args);
  const order = await getOrderForViewer(args.context.db, number.data, {
    userId: viewer?.user.id ?? null,
    grantedNumbers: readOrderAccess(args.context.identity.sessionSecret, args.request),
  });
  return { number: number.data, order };
}

export async function loader(args: LoaderFunctionArgs) {
  const { number, order } = await visibleOrder(args);
  if (!order) {
    // Opened on another device (a link from the confirmation mail): the phone number used to order opens it here.
    const csrf = await csrfTokenFor(args, { issue: true });
    const body = { kind: "phone" as const, number, csrfToken: csrf?.token ?? null, title: translate(getLocale(args.request), "orders.verify.title", { number }) };
    return data(body, { headers: { "Cache-Control": "private, no-store", ...(csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : {}) } });
  }
  const db = args.context.db;
  const transferDue = order.status === "placed" && order.paymentMethod === "bank_transfer";
  type Instructions = NonNullable<Awaited<ReturnType<typeof getTransferInstructions>>>;
  const transfers: Record<string, Instructions> = {};
  for (const s of order.subOrders) {
    if (!transferDue || s.paymentStatus !== "unpaid" || s.status !== "pending") continue;
    const instructions = await getTransferInstructions(db, s.id);
    if (instructions) transfers[s.id] = instructions;
  }
  const cardDue = order.status === "awaiting_payment" && order.paymentMethod === "card";
  const csrf = cardDue ? await csrfTokenFor(args, { issue: true }) : null;
  const body = {
    kind: "order" as const,
    title: translate(getLocale(args.request), "orders.page.title", { number: order.number }),
    order: serializeOrder(order),
    transfers,
    cardDue,
    cardAvailable: cardDue && args.context.payments.card !== null,
    csrfToken: csrf?.token ?? null,
  };
  return data(body, {
    headers: { "Cache-Control": "private, no-store", ...(csrf?.setCookie ? { "Set-Cookie": csrf.setCookie } : {}) },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

type ActionBody = { formError?: string; fieldErrors?: Record<string, string>; phone?: string };

/**
 * Not this browser's order: the phone number is checked by the order look-up rule (with its throttle), and a match
 * grants this browser the order. This browser's: "Pay by card" for a card order still awaiting payment.
 */
export async function action(args: ActionFunctionArgs) {
  const { number, order } = await visibleOrder(args);
  if (!order) {
    const { form, csrfOk } = await readFormWithCsrf(args);
    const phone = String(form.get("phone") ?? "");
    const fail = (status: number, body: ActionBody, headers?: HeadersInit) => data({ ...body, phone }, { status, headers });
    if (!csrfOk) return fail(403, { formError: CSRF_ERROR_KEY });
    const parsed = orderLookupSchema.safeParse({ number, phone });
    if (!parsed.success) return fail(400, { fieldErrors: fieldErrors(parsed.error) });
    const result = await lookupOrder(args.context.db, parsed.data, { clientAddress: args.context.clientAddress });
    if (!result.ok) {
      return result.reason === "throttled"
        ? fail(429, { formError: "orders.lookup.throttled" }, { "Retry-After": String(result.retryAfterSeconds) })
        : fail(404, { formError: "orders.lookup.notFound" });
    }
    return redirectWithCookie(`/orders/${result.number}`, grantOrderAccess(args.context.identity.sessionSecret, args.request, result.number));
  }
  await requireCsrf(args);
  const card = args.context.payments.card;
  const result =
    card && order.status === "awaiting_payment"
      ? await startCardCheckout(args.context.db, card, args.context.logger, { orderId: order.id, baseUrl: args.context.publicUrl, locale: getLocale(args.request) })
      : ({ ok: false, reason: "unavailable" } as const);
  if (result.ok) return redirect(result.url, 303);
  const body: ActionBody = { formError: "orders.error.unavailable" };
  return data(body, { status: 409 });
}

export default function OrderRoute() {
  const loaded = useLoaderData<typeof loader>();
  return loaded.kind === "phone" ? <PhonePrompt number={loaded.number} /> : <OrderPage data={loaded} />;
}

/** The order's page on a device that has not shown it is the buyer's: the phone number used to order. */
function PhonePrompt({ number }: { number: string }) {
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container section auth-page">
      <h1>{t("orders.verify.title", { number })}</h1>
      <p>{t("orders.verify.intro")}</p>
      <Form method="post" className="form auth-form" noValidate>
        <CsrfInput />
        <FormError error={result?.formError} />
        <TextField
          name="phone"
          type="tel"
          label={t("orders.lookup.phone")}
          autoComplete="tel"
          required
          maxLength={20}
          defaultValue={result?.phone}
          error={result?.fieldErrors?.phone}
        />
        <button type="submit" className="button">
          {t("orders.verify.submit")}
        </button>
      </Form>
      <p>
        <Link to="/orders/lookup">{t("orders.page.lookupAnother")}</Link>
      </p>
    </div>
  );
}

function OrderPage({ data: loaded }: { data: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "order" }> }) {
  const { order, transfers, cardDue, cardAvailable } = loaded;
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="container section">
      <h1>{t("orders.page.title", { number: order.number })}</h1>
      <p className="card__meta">{t("orders.page.placedAt", { time: formatDateTime(order.createdAt, locale) })}</p>
      {params.has("placed") ? (
        <p className="notice notice--ok" role="status">
          {t("orders.page.thanks")}
        </p>
      ) : null}
      <dl className="facts" data-testid="order-facts">
        <dt>{t("orders.my.status")}</dt>
        <dd data-testid="order-status">
          {/* A placed order is where its parts are (each cooperative moves its own). */}
          {order.status === "placed" && order.subOrders.length > 0
            ? [...new Set(order.subOrders.map((s) => s.status))].map((s) => t(`orders.status.${s}`)).join(", ")
            : t(`orders.status.${order.status}`)}
        </dd>
        <dt>{t("orders.detail.paymentMethod")}</dt>
        <dd>{t(`orders.method.${order.paymentMethod}`)}</dd>
        <dt>{t("orders.detail.total")}</dt>
        <dd>{formatVnd(order.totalVnd, locale)}</dd>
        <dt>{t("orders.detail.delivery")}</dt>
        <dd>
          {order.contactName} · {order.address}, {order.communeName}, {localized(locale, order.provinceNameVi, order.provinceNameEn)}
        </dd>
      </dl>

      <CardNotice status={order.status} paid={order.subOrders.every((s) => s.paymentStatus === "paid")} />
      {order.status === "lapsed" ? <p className="notice notice--warn">{t("orders.page.lapsed")}</p> : null}
      {cardDue ? (
        <section aria-labelledby="pay-heading" className="card">
          <h2 id="pay-heading">{t("orders.page.payByCard")}</h2>
          {order.reservedUntil ? <p>{t("orders.page.payByCardHint", { time: formatDateTime(order.reservedUntil, locale) })}</p> : null}
          {cardAvailable ? (
            <Form method="post" reloadDocument>
              <CsrfInput />
              <FormError error={result?.formError} />
              <button type="submit" className="button">
                {t("orders.page.payByCard")}
              </button>
            </Form>
          ) : (
            <p>{t("orders.page.cardUnavailable")}</p>
          )}
        </section>
      ) : null}

      {order.subOrders.map((s) => {
        const transfer = transfers[s.id];
        const cooperative = localized(locale, s.organisationName, s.organisationNameEn);
        return (
          <section key={s.id} aria-labelledby={`sub-${s.id}`} className="stack" data-testid="sub-order" data-reference={s.reference}>
            <h2 id={`sub-${s.id}`}>
              {cooperative} · <span className="mono">{s.reference}</span>
            </h2>
            <dl className="facts">
              <dt>{t("orders.ws.status")}</dt>
              <dd>
                <span className={`status status--${s.status}`} data-testid="sub-order-status">
                  {t(`orders.status.${s.status}`)}
                </span>
              </dd>
              <dt>{t("orders.detail.paymentState")}</dt>
              <dd>{t(`orders.payment.${s.paymentStatus}`)}</dd>
              {s.carrier ? (
                <>
                  <dt>{t("orders.detail.carrier")}</dt>
                  <dd>{s.carrier}</dd>
                  <dt>{t("orders.detail.tracking")}</dt>
                  <dd className="mono" data-testid="tracking-number">
                    {s.trackingNumber}
                  </dd>
                </>
              ) : null}
              {s.refundedVnd > 0 ? (
                <>
                  <dt>{t("orders.detail.refunded")}</dt>
                  <dd>{formatVnd(s.refundedVnd, locale)}</dd>
                </>
              ) : null}
            </dl>
            {transfer ? <TransferInstructions instructions={transfer} headingLevel={3} title={t("orders.page.transfer", { cooperative })} /> : null}
            <OrderLines lines={s.lines} subtotalVnd={s.subtotalVnd} shippingVnd={s.shippingVnd} totalVnd={s.totalVnd} />
            <h3>{t("orders.detail.history")}</h3>
            <OrderHistory events={[...order.events, ...s.events]} showActor={false} />
          </section>
        );
      })}
      <p>
        <Link to={`/reports/new?kind=quality&order=${encodeURIComponent(order.number)}`} data-testid="report-link">
          {t("rep.link")}
        </Link>
      </p>
      <p>
        <Link to="/orders/lookup">{t("orders.page.lookupAnother")}</Link>
      </p>
    </div>
  );
}

/** What the buyer sees on coming back from Stripe's page (?card=success|cancelled); the webhook alone marks paid. */
function CardNotice({ status, paid }: { status: string; paid: boolean }) {
  const t = useT();
  const [params] = useSearchParams();
  const card = params.get("card");
  if (card === "success") {
    if (status === "awaiting_payment") {
      return (
        <p className="notice notice--warn" role="status">
          {t("orders.page.cardConfirming")}
        </p>
      );
    }
    return paid ? (
      <p className="notice notice--ok" role="status">
        {t("orders.page.cardPaid")}
      </p>
    ) : null;
  }
  if (card === "cancelled" && status === "awaiting_payment") {
    return (
      <p className="notice notice--warn" role="status">
        {t("orders.page.cardCancelled")}
      </p>
    );
  }
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
