import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CsrfInput } from "~/components/CsrfInput";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { csrfTokenFor, requireCsrf } from "~/identity/request.server";
import { formatVnd, todayInVietnam } from "~/lib/format";
import { localized, translate, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useLocale, useT } from "~/lib/use-t";
import { addToCart, cartOwnerOf, getCartView, guestCartCookie, removeFromCart, setCartQuantity, type CartLine } from "~/market/cart.server";
import { cartIntentSchema } from "~/market/checkout-schema";
import { formObject } from "~/workspace/access.server";

const notices = ["added", "capped", "unavailable", "updated", "removed", "notInCart", "cardCancelled"] as const;
type Notice = (typeof notices)[number];

export async function loader(args: LoaderFunctionArgs) {
  const owner = await cartOwnerOf(args);
  // Signed-out visitors get a CSRF cookie here: the cart's forms are theirs to submit.
  const [cart, csrf] = await Promise.all([getCartView(args.context.db, owner, todayInVietnam()), csrfTokenFor(args, { issue: true })]);
  const body = { cart, csrfToken: csrf?.token ?? null, title: translate(getLocale(args.request), "cart.title") };
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  if (csrf?.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  return data(body, { headers });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · OCOP Trace` }, { name: "robots", content: "noindex" }];

export async function action(args: ActionFunctionArgs) {
  const form = await requireCsrf(args);
  const values = formObject(form);
  // Fetcher submissions (JavaScript on) mark themselves and get data back; plain forms are redirected.
  const enhanced = values.js === "1";
  const parsed = cartIntentSchema.safeParse(values);
  const reply = (notice: Notice, extra: { count?: number; setCookie?: string; status?: number } = {}) => {
    const headers = new Headers();
    if (extra.setCookie) headers.append("Set-Cookie", extra.setCookie);
    if (enhanced) return data({ notice, count: extra.count ?? null }, { status: extra.status ?? 200, headers });
    const search = new URLSearchParams({ notice });
    if (extra.count !== undefined) search.set("count", String(extra.count));
    headers.set("Location", `/cart?${search.toString()}`);
    return new Response(null, { status: 303, headers });
  };
  if (!parsed.success) {
    if (enhanced) return data({ notice: "unavailable" satisfies Notice, count: null, invalid: true }, { status: 400 });
    throw redirect("/cart");
  }
  const intent = parsed.data;
  const db = args.context.db;
  const owner = await cartOwnerOf(args);
  const today = todayInVietnam();
  if (intent.intent === "add") {
    const result = await addToCart(db, owner, { productId: intent.productId, quantity: intent.quantity, today });
    if (!result.ok) return reply("unavailable", { status: 409 });
    const setCookie =
      "guestCartId" in owner && owner.guestCartId !== result.cartId
        ? guestCartCookie(args.context.identity.sessionSecret, args.request, result.cartId)
        : undefined;
    return result.capped ? reply("capped", { count: result.limit, setCookie }) : reply("added", { setCookie });
  }
  if (intent.intent === "update") {
    const quantity = Math.max(0, intent.quantity + (intent.adjust ?? 0));
    const result = await setCartQuantity(db, owner, { productId: intent.productId, quantity, today });
    if (!result.ok) return reply(result.reason === "unavailable" ? "unavailable" : "notInCart", { status: 409 });
    if (result.quantity === 0) return reply("removed");
    return result.capped ? reply("capped", { count: result.limit }) : reply("updated");
  }
  const result = await removeFromCart(db, owner, intent.productId);
  return result.ok ? reply("removed") : reply("notInCart", { status: 409 });
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** The quantity a line shows: what the pending submission asks for (optimistic), else the server's. */
function optimisticQuantity(line: CartLine, formData: FormData | undefined): number {
  if (!formData) return line.quantity;
  if (formData.get("intent") === "remove") return 0;
  const asked = Number(formData.get("quantity"));
  const adjust = Number(formData.get("adjust") ?? 0);
  if (!Number.isInteger(asked) || !Number.isInteger(adjust)) return line.quantity;
  return Math.max(0, Math.min(asked + adjust, line.limit));
}

function CartLineRow({ line, hydrated, onQuantity }: { line: CartLine; hydrated: boolean; onQuantity: (productId: string, q: number) => void }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const name = localized(locale, line.nameVi, line.nameEn);
  const unit = localized(locale, line.unitVi, line.unitEn);
  const quantity = optimisticQuantity(line, fetcher.formData);
  useEffect(() => onQuantity(line.productId, quantity), [line.productId, quantity, onQuantity]);
  if (quantity === 0 && fetcher.formData) return null;
  const inputId = `q-${line.productId}`;
  return (
    <li className="card" data-testid="cart-line" data-product-id={line.productId}>
      <p>
        <Link to={`/products/${line.slug}`}>
          <strong>{name}</strong>
        </Link>
      </p>
      <p className="muted">{t("cart.unitPrice", { price: formatVnd(line.priceVnd, locale), unit })}</p>
      {!line.available ? (
        <p className="notice notice--warn" role="status" data-testid={line.recall ? "cart-line-recalled" : undefined}>
          {line.recall ? t("recall.cart.recalled", { product: name, number: line.recall }) : t("cart.unavailable")}
        </p>
      ) : line.quantity > line.limit ? (
        <p className="notice notice--warn" role="status">
          {t("cart.onlyLeft", { count: line.limit })}
        </p>
      ) : null}
      {line.available ? (
        <fetcher.Form method="post" action="/cart" className="form cart-line__quantity">
          <CsrfInput />
          {hydrated ? <input type="hidden" name="js" value="1" /> : null}
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="productId" value={line.productId} />
          <label htmlFor={inputId}>{t("cart.quantityOf", { name })}</label>
          <span style={{ display: "flex", gap: 6, alignItems: "center", flexWrap: "wrap" }}>
            <button type="submit" name="adjust" value="-1" className="button button--secondary" aria-label={t("cart.decrease")} disabled={quantity <= 1}>
              −
            </button>
            <input
              key={quantity}
              id={inputId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={line.limit}
              defaultValue={quantity}
              style={{ width: "5em" }}
              aria-describedby={`${inputId}-limit`}
            />
            <button
              type="submit"
              name="adjust"
              value="1"
              className="button button--secondary"
              aria-label={t("cart.increase")}
              disabled={quantity >= line.limit}
            >
              +
            </button>
            <button type="submit" className="button button--secondary">
              {t("cart.update")}
            </button>
          </span>
          <span id={`${inputId}-limit`} className="field__hint">
            {t("cart.limit", { count: line.limit })}
          </span>
        </fetcher.Form>
      ) : null}
      <p>
        {t("cart.lineTotal")}: <strong data-testid="line-total">{formatVnd(line.available ? line.priceVnd * quantity : 0, locale)}</strong>
      </p>
      <fetcher.Form method="post" action="/cart">
        <CsrfInput />
        {hydrated ? <input type="hidden" name="js" value="1" /> : null}
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="productId" value={line.productId} />
        <button type="submit" className="link-button" aria-label={t("cart.removeItem", { name })}>
          {t("cart.remove")}
        </button>
      </fetcher.Form>
    </li>
  );
}

export default function CartPage() {
  const { cart } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const [params] = useSearchParams();
  const notice = params.get("notice") as Notice | null;
  const count = Number(params.get("count") ?? 0);
  // Optimistic quantities reported by the lines, so totals move with them.
  const [pending, setPending] = useState<Record<string, number>>({});
  const onQuantity = useStableCallback((productId: string, q: number) =>
    setPending((p) => (p[productId] === q ? p : { ...p, [productId]: q })),
  );
  const lines = cart.groups.flatMap((g) => g.lines);
  const quantityOf = (l: CartLine) => pending[l.productId] ?? l.quantity;
  const subtotal = lines.reduce((s, l) => s + (l.available ? l.priceVnd * quantityOf(l) : 0), 0);
  const hasProblems = lines.some((l) => quantityOf(l) > 0 && (!l.available || quantityOf(l) > l.limit));
  const isEmpty = lines.every((l) => quantityOf(l) === 0);
  const noticeKey: MessageKey | null = notice && (notices as readonly string[]).includes(notice) ? (`cart.notice.${notice}` as MessageKey) : null;

  return (
    <div className="container section">
      <h1>{t("cart.title")}</h1>
      {noticeKey ? (
        <p className={`notice ${notice === "unavailable" || notice === "cardCancelled" ? "notice--warn" : "notice--ok"}`} role="status">
          {t(noticeKey, { count })}
        </p>
      ) : null}
      {isEmpty ? (
        <>
          <p>{t("cart.empty")}</p>
          <p>
            <Link to="/shop" className="button">
              {t("cart.browse")}
            </Link>
          </p>
        </>
      ) : (
        <>
          {cart.groups.map((group) => (
            <section key={group.organisationId} aria-labelledby={`coop-${group.organisationId}`} className="section" data-testid="cart-group">
              <h2 id={`coop-${group.organisationId}`}>
                {t("cart.from", { name: localized(locale, group.name, group.nameEn) })}
              </h2>
              <ul className="plain-list" style={{ display: "grid", gap: 12 }}>
                {group.lines.map((line) => (
                  <CartLineRow key={line.productId} line={line} hydrated={hydrated} onQuantity={onQuantity} />
                ))}
              </ul>
              <p>
                {t("cart.groupSubtotal")}:{" "}
                <strong>{formatVnd(group.lines.reduce((s, l) => s + (l.available ? l.priceVnd * quantityOf(l) : 0), 0), locale)}</strong>
              </p>
            </section>
          ))}
          <section className="section" aria-live="polite">
            <p>
              {t("cart.subtotal")}: <strong data-testid="cart-subtotal">{formatVnd(subtotal, locale)}</strong>
            </p>
            <p className="muted">{t("cart.shippingNote")}</p>
            {hasProblems ? (
              <p className="notice notice--warn" role="status">
                {t("cart.problems")}
              </p>
            ) : (
              <p>
                <Link to="/checkout" className="button">
                  {t("cart.checkout")}
                </Link>
              </p>
            )}
            <p>
              <Link to="/shop">{t("cart.continue")}</Link>
            </p>
          </section>
        </>
      )}
    </div>
  );
}

/** A callback whose identity never changes but always calls the latest function. */
function useStableCallback<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  const [ref] = useState(() => ({ current: fn }));
  ref.current = fn;
  const [stable] = useState(() => (...args: A) => ref.current(...args));
  return stable;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
