/**
 * The cart, kept on the server (`carts`, `cart_items`). A guest holds the cart's id in a signed
 * cookie; a signed-in consumer's cart is found by user id, and the guest cart joins it at sign-in.
 * Quantities are limited by the units on sale and the listing's most-per-order; prices are always
 * the listing's current price, read from the database.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { cartItems, carts, listings, organisations, products } from "#db/schema";
import { getViewer, type RequestArgs } from "~/identity/request.server";
import { isSecureRequest, readCookie } from "~/identity/sessions.server";
import { sign, unsign } from "~/identity/tokens.server";
import { todayInVietnam } from "~/lib/format";
import { transact, type Actor } from "~/lib/transact.server";
import { CART_QUANTITY_MAX } from "./checkout-schema";
import { countSellableUnits } from "./stock.server";
import { recallsOfProducts } from "~/recalls/recall-queries.server";

export const CART_COOKIE = "__cart";
const CART_COOKIE_MAX_AGE = 60 * 24 * 60 * 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whose cart: a signed-in user's, or the guest cart named by the cookie (null: none yet). */
export type CartOwner = { userId: string } | { guestCartId: string | null };

function actorOf(owner: CartOwner): Actor {
  return { userId: "userId" in owner ? owner.userId : null, organisationId: null };
}

// ---- the guest cookie -------------------------------------------------------------------------

export function readGuestCartId(secret: string, request: Request): string | null {
  const raw = readCookie(request.headers.get("Cookie"), CART_COOKIE);
  const value = raw ? unsign(secret, raw) : null;
  return value && UUID.test(value) ? value : null;
}

export function guestCartCookie(secret: string, request: Request, cartId: string): string {
  const secure = isSecureRequest(request);
  return `${CART_COOKIE}=${encodeURIComponent(sign(secret, cartId))}; Path=/; Max-Age=${CART_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearGuestCartCookie(request: Request): string {
  return `${CART_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${isSecureRequest(request) ? "; Secure" : ""}`;
}

/** The cart owner of this request: the signed-in user, else the guest cart named by the cookie. */
export async function cartOwnerOf(args: RequestArgs): Promise<CartOwner> {
  const viewer = await getViewer(args);
  if (viewer) return { userId: viewer.user.id };
  return { guestCartId: readGuestCartId(args.context.identity.sessionSecret, args.request) };
}

// ---- finding the cart ----------------------------------------------------------------------

/** The owner's open cart, or null. A guest cookie never opens a cart that belongs to an account. */
export async function findOpenCartId(db: Database, owner: CartOwner): Promise<string | null> {
  if ("userId" in owner) {
    const [row] = await db
      .select({ id: carts.id })
      .from(carts)
      .where(and(eq(carts.userId, owner.userId), eq(carts.status, "open")))
      .orderBy(desc(carts.updatedAt))
      .limit(1);
    return row?.id ?? null;
  }
  if (!owner.guestCartId) return null;
  const [row] = await db
    .select({ id: carts.id })
    .from(carts)
    .where(and(eq(carts.id, owner.guestCartId), isNull(carts.userId), eq(carts.status, "open")));
  return row?.id ?? null;
}

/**
 * Serialises, until the transaction ends, whatever opens or merges a signed-in user's cart: two first
 * additions in two tabs (or an addition beside a sign-in merge) would otherwise each create an open cart.
 */
async function lockUserCarts(tx: Database, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ocoptrace:cart:${userId}`}, 0))`);
}

/** Run inside a transaction: the user's lock is held until it ends. */
async function openCartFor(db: Database, owner: CartOwner): Promise<string> {
  if ("userId" in owner) await lockUserCarts(db, owner.userId);
  const existing = await findOpenCartId(db, owner);
  if (existing) return existing;
  const [created] = await db
    .insert(carts)
    .values({ userId: "userId" in owner ? owner.userId : null })
    .returning({ id: carts.id });
  return created!.id;
}

/** Units in the owner's open cart (for the header link); no query for a guest without a cart. */
export async function countCartUnits(db: Database, owner: CartOwner): Promise<number> {
  if (!("userId" in owner) && !owner.guestCartId) return 0;
  const cartCondition =
    "userId" in owner
      ? and(eq(carts.userId, owner.userId), eq(carts.status, "open"))
      : and(eq(carts.id, owner.guestCartId!), isNull(carts.userId), eq(carts.status, "open"));
  const [row] = await db
    .select({ units: sql<string>`coalesce(sum(${cartItems.quantity}), 0)` })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .where(cartCondition);
  return Number(row?.units ?? 0);
}

// ---- what may be bought ------------------------------------------------------------------------

export interface ProductOffer {
  productId: string;
  organisationId: string;
  priceVnd: number;
  maxPerOrder: number | null;
  /** Listed, product active, cooperative active and units on sale. */
  available: boolean;
  stock: number;
  /** Most units one cart line may hold now (0 when unavailable). */
  limit: number;
}

export function quantityLimit(stock: number, maxPerOrder: number | null): number {
  return Math.max(0, Math.min(stock, maxPerOrder ?? Number.POSITIVE_INFINITY, CART_QUANTITY_MAX));
}

/** The current offer of each product (absent when the product has no listing at all). */
export async function getOffers(db: Database, productIds: string[], today: string): Promise<Map<string, ProductOffer>> {
  const out = new Map<string, ProductOffer>();
  if (productIds.length === 0) return out;
  const [rows, stock] = await Promise.all([
    db
      .select({
        productId: listings.productId,
        organisationId: listings.organisationId,
        priceVnd: listings.priceVnd,
        maxPerOrder: listings.maxPerOrder,
        listed: sql<boolean>`${listings.status} = 'listed' and ${products.status} = 'active' and ${organisations.status} = 'active'`,
      })
      .from(listings)
      .innerJoin(products, eq(products.id, listings.productId))
      .innerJoin(organisations, eq(organisations.id, listings.organisationId))
      .where(inArray(listings.productId, productIds)),
    countSellableUnits(db, productIds, today),
  ]);
  for (const r of rows) {
    const units = stock.get(r.productId) ?? 0;
    const available = Boolean(r.listed) && units > 0;
    out.set(r.productId, {
      productId: r.productId,
      organisationId: r.organisationId,
      priceVnd: Number(r.priceVnd),
      maxPerOrder: r.maxPerOrder,
      available,
      stock: units,
      limit: available ? quantityLimit(units, r.maxPerOrder) : 0,
    });
  }
  return out;
}

// ---- changing the cart ---------------------------------------------------------------------

export type CartChange =
  | { ok: true; cartId: string; quantity: number; limit: number; capped: boolean }
  | { ok: false; reason: "unavailable" | "not_in_cart" };

/**
 * Adds units of a product (added to what the cart already holds), capped at what may be bought now.
 * Creates the cart when the owner has none; the caller sets the guest cookie to the returned id.
 */
export async function addToCart(
  db: Database,
  owner: CartOwner,
  input: { productId: string; quantity: number; today: string },
): Promise<CartChange> {
  const offer = (await getOffers(db, [input.productId], input.today)).get(input.productId);
  if (!offer || !offer.available) return { ok: false, reason: "unavailable" };
  const added = await transact(db, actorOf(owner), async ({ db: tx }) => {
    const cartId = await openCartFor(tx, owner);
    const [current] = await tx
      .select({ quantity: cartItems.quantity })
      .from(cartItems)
      .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, input.productId)));
    const wanted = (current?.quantity ?? 0) + input.quantity;
    const quantity = Math.min(wanted, offer.limit);
    await tx
      .insert(cartItems)
      .values({ cartId, productId: input.productId, quantity })
      .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity } });
    await tx.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, cartId));
    return { ok: true as const, cartId, quantity, limit: offer.limit, capped: quantity < wanted };
  });
  return added as CartChange;
}

/** Sets a line's quantity (0 removes it), capped at what may be bought now. */
export async function setCartQuantity(
  db: Database,
  owner: CartOwner,
  input: { productId: string; quantity: number; today: string },
): Promise<CartChange> {
  const cartId = await findOpenCartId(db, owner);
  if (!cartId) return { ok: false, reason: "not_in_cart" };
  if (input.quantity === 0) return removeFromCart(db, owner, input.productId);
  const offer = (await getOffers(db, [input.productId], input.today)).get(input.productId);
  const limit = offer?.limit ?? 0;
  if (limit === 0) return { ok: false, reason: "unavailable" };
  const quantity = Math.min(input.quantity, limit);
  const updated = await db
    .update(cartItems)
    .set({ quantity })
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, input.productId)))
    .returning({ quantity: cartItems.quantity });
  if (updated.length === 0) return { ok: false, reason: "not_in_cart" };
  return { ok: true, cartId, quantity, limit, capped: quantity < input.quantity };
}

export async function removeFromCart(db: Database, owner: CartOwner, productId: string): Promise<CartChange> {
  const cartId = await findOpenCartId(db, owner);
  if (!cartId) return { ok: false, reason: "not_in_cart" };
  const removed = await db
    .delete(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)))
    .returning({ productId: cartItems.productId });
  if (removed.length === 0) return { ok: false, reason: "not_in_cart" };
  return { ok: true, cartId, quantity: 0, limit: 0, capped: false };
}

/**
 * At sign-in: the guest cart's lines join the user's open cart (quantities add up, capped at what
 * may be bought now) and the guest cart is marked merged; with no open cart of their own the guest
 * cart simply becomes theirs. Returns the user's cart id, or null when there was nothing to merge.
 */
export async function mergeGuestCart(
  db: Database,
  input: { guestCartId: string; userId: string; today: string },
): Promise<string | null> {
  const guestCartId = await findOpenCartId(db, { guestCartId: input.guestCartId });
  if (!guestCartId) return null;
  const guestLines = await db
    .select({ productId: cartItems.productId, quantity: cartItems.quantity })
    .from(cartItems)
    .where(eq(cartItems.cartId, guestCartId));
  const offers = await getOffers(
    db,
    guestLines.map((l) => l.productId),
    input.today,
  );
  const merged = await transact(db, { userId: input.userId, organisationId: null }, async ({ db: tx }) => {
    // Claim the guest cart first: two sign-ins with one cookie merge it once.
    const [claimed] = await tx
      .update(carts)
      .set({ updatedAt: sql`now()` })
      .where(and(eq(carts.id, guestCartId), isNull(carts.userId), eq(carts.status, "open")))
      .returning({ id: carts.id });
    if (!claimed) return { ok: true, cartId: null };
    await lockUserCarts(tx, input.userId);
    const own = await findOpenCartId(tx, { userId: input.userId });
    if (!own) {
      await tx.update(carts).set({ userId: input.userId }).where(eq(carts.id, guestCartId));
      return { ok: true, cartId: guestCartId };
    }
    const ownLines = await tx
      .select({ productId: cartItems.productId, quantity: cartItems.quantity })
      .from(cartItems)
      .where(eq(cartItems.cartId, own));
    const ownQuantity = new Map(ownLines.map((l) => [l.productId, l.quantity]));
    for (const line of guestLines) {
      const offer = offers.get(line.productId);
      const sum = (ownQuantity.get(line.productId) ?? 0) + line.quantity;
      // Unavailable items are kept as they are, so the cart can show them as unavailable.
      const quantity = offer && offer.limit > 0 ? Math.min(sum, offer.limit) : Math.min(sum, CART_QUANTITY_MAX);
      await tx
        .insert(cartItems)
        .values({ cartId: own, productId: line.productId, quantity })
        .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity } });
    }
    await tx.update(carts).set({ status: "merged", updatedAt: sql`now()` }).where(eq(carts.id, guestCartId));
    await tx.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, own));
    return { ok: true, cartId: own };
  });
  return merged.ok ? merged.cartId : null;
}

// ---- reading the cart ------------------------------------------------------------------------

export interface CartLine {
  productId: string;
  slug: string;
  nameVi: string;
  nameEn: string | null;
  unitVi: string;
  unitEn: string;
  priceVnd: number;
  quantity: number;
  /** Most units this line may hold now; 0 when the item cannot be bought. */
  limit: number;
  available: boolean;
  lineTotalVnd: number;
  /** The recall that took the product off sale, when one did. */
  recall: string | null;
}

export interface CartGroup {
  organisationId: string;
  slug: string;
  name: string;
  nameEn: string | null;
  lines: CartLine[];
  subtotalVnd: number;
}

export interface CartView {
  cartId: string | null;
  groups: CartGroup[];
  /** Units and amount of the lines that can be bought. */
  units: number;
  subtotalVnd: number;
  /** Some line cannot be bought (paused, unlisted, out of stock) or asks for more than is left. */
  hasProblems: boolean;
}

const emptyCart: CartView = { cartId: null, groups: [], units: 0, subtotalVnd: 0, hasProblems: false };

/** The cart with current prices and limits, one group per cooperative (by name). */
export async function getCartView(db: Database, owner: CartOwner, today: string): Promise<CartView> {
  const cartId = await findOpenCartId(db, owner);
  if (!cartId) return emptyCart;
  return getCartViewById(db, cartId, today);
}

export async function getCartViewById(db: Database, cartId: string, today: string): Promise<CartView> {
  const rows = await db
    .select({
      productId: cartItems.productId,
      quantity: cartItems.quantity,
      slug: products.slug,
      nameVi: products.nameVi,
      nameEn: products.nameEn,
      unitVi: products.unitVi,
      unitEn: products.unitEn,
      organisationId: products.organisationId,
      organisationSlug: organisations.slug,
      organisationName: organisations.name,
      organisationNameEn: organisations.nameEn,
    })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .innerJoin(organisations, eq(organisations.id, products.organisationId))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(organisations.name), asc(products.nameVi));
  if (rows.length === 0) return { ...emptyCart, cartId };
  const offers = await getOffers(
    db,
    rows.map((r) => r.productId),
    today,
  );
  const unavailable = rows.filter((r) => !offers.get(r.productId)?.available).map((r) => r.productId);
  const recalled = unavailable.length > 0 ? await recallsOfProducts(db, unavailable) : new Map<string, string>();
  const groups = new Map<string, CartGroup>();
  let units = 0;
  let subtotalVnd = 0;
  let hasProblems = false;
  for (const r of rows) {
    const offer = offers.get(r.productId);
    const available = Boolean(offer?.available);
    const priceVnd = offer?.priceVnd ?? 0;
    const line: CartLine = {
      productId: r.productId,
      slug: r.slug,
      nameVi: r.nameVi,
      nameEn: r.nameEn,
      unitVi: r.unitVi,
      unitEn: r.unitEn,
      priceVnd,
      quantity: r.quantity,
      limit: offer?.limit ?? 0,
      available,
      lineTotalVnd: available ? priceVnd * r.quantity : 0,
      recall: available ? null : (recalled.get(r.productId) ?? null),
    };
    if (!available || r.quantity > line.limit) hasProblems = true;
    if (available) {
      units += r.quantity;
      subtotalVnd += line.lineTotalVnd;
    }
    let group = groups.get(r.organisationId);
    if (!group) {
      group = { organisationId: r.organisationId, slug: r.organisationSlug, name: r.organisationName, nameEn: r.organisationNameEn, lines: [], subtotalVnd: 0 };
      groups.set(r.organisationId, group);
    }
    group.lines.push(line);
    group.subtotalVnd += line.lineTotalVnd;
  }
  return { cartId, groups: [...groups.values()], units, subtotalVnd, hasProblems };
}

/** At sign-in or sign-up: merges the request's guest cart (if any) into the user's cart. */
export async function mergeGuestCartOfRequest(args: RequestArgs, userId: string, today = todayInVietnam()): Promise<void> {
  const guestCartId = readGuestCartId(args.context.identity.sessionSecret, args.request);
  if (guestCartId) await mergeGuestCart(args.context.db, { guestCartId, userId, today });
}
