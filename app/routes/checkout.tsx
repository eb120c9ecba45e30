import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CsrfInput } from "~/components/CsrfInput";
import { Field, FormError, SelectField, TextAreaField, TextField } from "~/components/form/fields";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { CSRF_ERROR_KEY, csrfTokenFor, getViewer, readFormWithCsrf } from "~/identity/request.server";
import { formatVnd, todayInVietnam } from "~/lib/format";
import { localized, translate } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { cartOwnerOf, findOpenCartId, getCartViewById } from "~/market/cart.server";
import {
  ADDRESS_MAX,
  COMMUNE_NAME_MAX,
  CONTACT_NAME_MAX,
  EMAIL_MAX,
  NOTE_MAX,
  paymentMethods,
  type PaymentMethod,
} from "~/market/checkout-schema";
import { checkOut, listDeliveryPlaces, type Shortage } from "~/market/checkout.server";
import { grantOrderAccess } from "~/market/order-access.server";
import { canPayByTransfer } from "~/market/payments/transfer.server";
import { formObject } from "~/workspace/access.server";

const DEFAULT_PROVINCE = "19"; // Thái Nguyên, where the cooperatives are
const FIELDS = ["contactName", "phone", "email", "provinceCode", "communeId", "communeName", "address", "note", "paymentMethod"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const owner = await cartOwnerOf(args);
  const cartId = await findOpenCartId(args.context.db, owner);
  if (!cartId) throw redirect("/cart");
  const today = todayInVietnam();
  const [cart, places, csrf, viewer] = await Promise.all([
    getCartViewById(args.context.db, cartId, today),
    listDeliveryPlaces(args.context.db),
    csrfTokenFor(args, { issue: true }),
    getViewer(args),
  ]);
  if (cart.groups.length === 0) throw redirect("/cart");
  const body = {
    cart,
    places,
    cardAvailable: args.context.payments.card !== null,
    transferAvailable: await canPayByTransfer(args.context.db, cart.groups.map((g) => g.organisationId)),
    csrfToken: csrf?.token ?? null,
    defaults: { contactName: viewer?.user.displayName ?? "", email: viewer?.user.email ?? "" },
    title: translate(getLocale(args.request), "checkout.title"),
  };
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  if (csrf?.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  return data(body, { headers });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

interface ActionBody {
  formError?: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
  shortages?: Shortage[];
  unavailable?: { nameVi: string; nameEn: string | null }[];
}

export async function action(args: ActionFunctionArgs) {
  const { form, csrfOk } = await readFormWithCsrf(args);
  const raw = formObject(form);
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(raw[f] ?? "").slice(0, 600)]));
  const fail = (status: number, body: Omit<ActionBody, "values" | "fieldErrors"> & { fieldErrors?: Record<string, string> }) =>
    data({ fieldErrors: {}, ...body, values } satisfies ActionBody, { status });
  if (!csrfOk) return fail(403, { formError: CSRF_ERROR_KEY });

  const db = args.context.db;
  const owner = await cartOwnerOf(args);
  const cartId = await findOpenCartId(db, owner);
  if (!cartId) throw redirect("/cart");
  const result = await checkOut(db, args.context.payments.card, args.context.logger, {
    cartId,
    userId: "userId" in owner ? owner.userId : null,
    form: raw,
    locale: getLocale(args.request),
    today: todayInVietnam(),
    baseUrl: args.context.publicUrl,
  });
  if (!result.ok) {
    switch (result.reason) {
      case "empty_cart":
        throw redirect("/cart");
      case "invalid":
        return fail(400, { formError: "checkout.error.form", fieldErrors: result.fieldErrors });
      case "unavailable":
        return fail(409, { unavailable: result.products });
      case "insufficient_stock":
        return fail(409, { shortages: result.shortages });
      case "card_failed":
        return fail(503, { formError: "checkout.error.cardFailed" });
    }
  }

  const access = grantOrderAccess(args.context.identity.sessionSecret, args.request, result.number);
  const location = result.cardUrl ?? `/orders/${result.number}?placed=1`;
  return redirect(location, { status: 303, headers: { "Set-Cookie": access } });
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const paymentHints: Record<PaymentMethod, "checkout.pay.cardHint" | "checkout.pay.bank_transferHint" | "checkout.pay.cash_on_deliveryHint"> = {
  card: "checkout.pay.cardHint",
  bank_transfer: "checkout.pay.bank_transferHint",
  cash_on_delivery: "checkout.pay.cash_on_deliveryHint",
};

export default function CheckoutPage() {
  const { cart, places, cardAvailable, transferAvailable, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const values = result?.values;
  const errors = result?.fieldErrors ?? {};
  const [province, setProvince] = useState(values?.provinceCode || DEFAULT_PROVINCE);
  const knownCommunes = places.communes[province] ?? [];
  // Without JavaScript both commune inputs are shown (the server uses the one that fits the province).
  const showCommuneList = !hydrated || knownCommunes.length > 0;
  const showCommuneText = !hydrated || knownCommunes.length === 0;
  const listCommunes = hydrated ? knownCommunes : (places.communes[DEFAULT_PROVINCE] ?? []);
  const methods = paymentMethods.filter((m) => (m !== "card" || cardAvailable) && (m !== "bank_transfer" || transferAvailable));
  const chosenMethod = values?.paymentMethod || "";
  const hasProblems = cart.hasProblems;

  return (
    <div className="container section">
      <h1>{t("checkout.title")}</h1>
      <p className="muted">{t("checkout.lead")}</p>
      {result?.shortages?.length ? (
        <div className="notice notice--danger" role="alert" data-testid="shortages">
          <p>{t("checkout.error.shortTitle")}</p>
          <ul>
            {result.shortages.map((s) => (
              <li key={s.productId}>
                {s.recall && s.available === 0
                  ? t("recall.cart.recalled", { product: localized(locale, s.nameVi, s.nameEn), number: s.recall })
                  : s.available > 0
                  ? t("checkout.error.short", { name: localized(locale, s.nameVi, s.nameEn), requested: s.requested, available: s.available })
                  : t("checkout.error.soldOut", { name: localized(locale, s.nameVi, s.nameEn) })}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/cart">{t("checkout.backToCart")}</Link>
          </p>
        </div>
      ) : null}
      {result?.unavailable?.length ? (
        <p className="notice notice--danger" role="alert">
          {t("checkout.error.unavailable", { names: result.unavailable.map((p) => localized(locale, p.nameVi, p.nameEn)).join(", ") })}
        </p>
      ) : null}

      <section aria-labelledby="summary-heading" className="section">
        <h2 id="summary-heading">{t("checkout.section.summary")}</h2>
        {cart.groups.length > 1 ? <p className="muted">{t("checkout.splitNote", { count: cart.groups.length })}</p> : null}
        {cart.groups.map((group) => (
          <div key={group.organisationId}>
            <h3>{localized(locale, group.name, group.nameEn)}</h3>
            <ul className="plain-list">
              {group.lines.map((line) => (
                <li key={line.productId}>
                  {t("checkout.summaryLine", {
                    quantity: line.quantity,
                    name: localized(locale, line.nameVi, line.nameEn),
                    unit: localized(locale, line.unitVi, line.unitEn),
                    amount: line.available ? formatVnd(line.lineTotalVnd, locale) : t("cart.unavailable"),
                  })}
                </li>
              ))}
            </ul>
          </div>
        ))}
        <dl className="facts">
          <dt>{t("checkout.subtotal")}</dt>
          <dd>{formatVnd(cart.subtotalVnd, locale)}</dd>
          <dt>{t("checkout.shipping")}</dt>
          <dd>{t("checkout.shippingFree")}</dd>
          <dt>{t("checkout.total")}</dt>
          <dd>
            <strong data-testid="checkout-total">{formatVnd(cart.subtotalVnd, locale)}</strong>
          </dd>
        </dl>
        <p>
          <Link to="/cart">{t("checkout.backToCart")}</Link>
        </p>
      </section>

      {hasProblems ? (
        <p className="notice notice--warn" role="status">
          {t("checkout.fixCart")}
        </p>
      ) : (
        <Form method="post" className="form" noValidate>
          <CsrfInput />
          <FormError error={result?.formError} />
          <fieldset>
            <legend>{t("checkout.section.contact")}</legend>
            <TextField
              name="contactName"
              label={t("checkout.field.contactName")}
              autoComplete="name"
              required
              maxLength={CONTACT_NAME_MAX}
              defaultValue={values?.contactName ?? defaults.contactName}
              error={errors.contactName}
            />
            <TextField
              name="phone"
              type="tel"
              label={t("checkout.field.phone")}
              hint={t("checkout.field.phoneHint")}
              autoComplete="tel"
              inputMode="tel"
              required
              maxLength={30}
              defaultValue={values?.phone}
              error={errors.phone}
            />
            <TextField
              name="email"
              type="email"
              label={t("checkout.field.email")}
              autoComplete="email"
              maxLength={EMAIL_MAX}
              defaultValue={values?.email ?? defaults.email}
              error={errors.email}
            />
          </fieldset>
          <fieldset>
            <legend>{t("checkout.section.delivery")}</legend>
            <SelectField
              name="provinceCode"
              label={t("checkout.field.province")}
              options={places.provinces.map((p) => ({ value: p.code, label: localized(locale, p.nameVi, p.nameEn) }))}
              value={province}
              onChange={(e) => setProvince(e.currentTarget.value)}
              autoComplete="address-level1"
              required
              error={errors.provinceCode}
            />
            {showCommuneList ? (
              <SelectField
                name="communeId"
                label={t("checkout.field.communeId")}
                hint={hydrated ? undefined : t("checkout.field.communeIdHint")}
                options={listCommunes.map((c) => ({ value: String(c.id), label: c.nameVi }))}
                emptyLabel={t("checkout.choose")}
                defaultValue={values?.communeId}
                error={errors.communeId}
              />
            ) : null}
            {showCommuneText ? (
              <TextField
                name="communeName"
                label={t("checkout.field.communeName")}
                hint={hydrated ? undefined : t("checkout.field.communeNameHint")}
                autoComplete="address-level2"
                maxLength={COMMUNE_NAME_MAX}
                defaultValue={values?.communeName}
                error={errors.communeName}
              />
            ) : null}
            <TextField
              name="address"
              label={t("checkout.field.address")}
              autoComplete="street-address"
              required
              maxLength={ADDRESS_MAX}
              defaultValue={values?.address}
              error={errors.address}
            />
            <TextAreaField name="note" label={t("checkout.field.note")} maxLength={NOTE_MAX} defaultValue={values?.note} error={errors.note} rows={2} />
          </fieldset>
          <Field name="paymentMethod" label={t("checkout.section.payment")} error={errors.paymentMethod}>
            {({ describedBy }) => (
              <div className="choice-list" role="radiogroup" aria-describedby={describedBy}>
                {methods.map((m) => (
                  <label key={m} className="choice">
                    <input type="radio" name="paymentMethod" value={m} defaultChecked={chosenMethod === m} required />
                    <span>
                      <strong>{t(`checkout.pay.${m}`)}</strong>
                      <br />
                      <span className="muted">{t(paymentHints[m])}</span>
                      {m === "bank_transfer" && cart.groups.length > 1 ? (
                        <>
                          <br />
                          <strong className="choice__warning" data-testid="transfer-split">
                            {t("checkout.pay.bank_transferSplit", { count: cart.groups.length })}
                          </strong>
                        </>
                      ) : null}
                    </span>
                  </label>
                ))}
              </div>
            )}
          </Field>
          <p>
            {t("checkout.total")}: <strong>{formatVnd(cart.subtotalVnd, locale)}</strong>
          </p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("checkout.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
