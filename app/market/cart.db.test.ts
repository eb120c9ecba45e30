import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchStock, cartItems, carts, listings, users } from "#db/schema";
import { createCart, createCooperative, createListedProduct } from "../../tests/setup/checkout-fixtures";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import {
  addToCart,
  countCartUnits,
  findOpenCartId,
  getCartView,
  getCartViewById,
  mergeGuestCart,
  removeFromCart,
  setCartQuantity,
  type CartOwner,
} from "./cart.server";
import { CART_QUANTITY_MAX } from "./checkout-schema";

const TODAY = "2026-11-25";

let t: TestDatabase;
let teaCoop: string;
let riceCoop: string;
let userCounter = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  teaCoop = await createCooperative(t.db, "HTX Chè La Bằng thử");
  riceCoop = await createCooperative(t.db, "HTX Gạo Định Hóa thử");
});
afterAll(async () => {
  await t?.dispose();
});

async function newUser(): Promise<string> {
  userCounter += 1;
  const [user] = await t.db
    .insert(users)
    .values({ email: `khach.${userCounter}.${Date.now()}@example.vn`, displayName: `Khách ${userCounter}` })
    .returning({ id: users.id });
  return user!.id;
}

async function linesOf(cartId: string): Promise<Record<string, number>> {
  const rows = await t.db.select().from(cartItems).where(eq(cartItems.cartId, cartId));
  return Object.fromEntries(rows.map((r) => [r.productId, r.quantity]));
}

async function statusOf(cartId: string) {
  return (await t.db.select({ status: carts.status, userId: carts.userId }).from(carts).where(eq(carts.id, cartId)))[0];
}

const add = (owner: CartOwner, productId: string, quantity: number) => addToCart(t.db, owner, { productId, quantity, today: TODAY });

describe("quantities limited by stock", () => {
  it("creates a guest cart on the first add, adds up quantities and caps them at the units on sale", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 3, expiresOn: "2027-01-01" }, { units: 2 }] });
    const first = await add({ guestCartId: null }, tea.productId, 2);
    expect(first).toMatchObject({ ok: true, quantity: 2, limit: 5, capped: false });
    if (!first.ok) return;
    const guest: CartOwner = { guestCartId: first.cartId };
    expect(await statusOf(first.cartId)).toEqual({ status: "open", userId: null });

    expect(await add(guest, tea.productId, 2)).toEqual({ ok: true, cartId: first.cartId, quantity: 4, limit: 5, capped: false });
    expect(await add(guest, tea.productId, 10)).toEqual({ ok: true, cartId: first.cartId, quantity: 5, limit: 5, capped: true });
    expect(await linesOf(first.cartId)).toEqual({ [tea.productId]: 5 });
    expect(await countCartUnits(t.db, guest)).toBe(5);
    expect(await countCartUnits(t.db, { guestCartId: null })).toBe(0);
  });

  it("caps at the listing's most-per-order and at the cart's own maximum", async () => {
    const limited = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, maxPerOrder: 3, batches: [{ units: 50 }] });
    const plenty = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 20_000, batches: [{ units: 5_000 }] });
    const r1 = await add({ guestCartId: null }, limited.productId, 5);
    expect(r1).toMatchObject({ ok: true, quantity: 3, limit: 3, capped: true });
    if (!r1.ok) return;
    expect(await add({ guestCartId: r1.cartId }, plenty.productId, 4_000)).toMatchObject({ ok: true, quantity: CART_QUANTITY_MAX, limit: CART_QUANTITY_MAX, capped: true });
  });

  it("counts only sellable batches, and refuses what is not on sale", async () => {
    const stale = await createListedProduct(t.db, {
      organisationId: teaCoop,
      priceVnd: 60_000,
      batches: [
        { units: 4, expiresOn: "2026-11-24" }, // expired yesterday
        { units: 4, status: "recalled" },
        { units: 2, bestBefore: "2026-11-25" }, // still sellable today
      ],
    });
    expect(await add({ guestCartId: null }, stale.productId, 9)).toMatchObject({ ok: true, quantity: 2, limit: 2, capped: true });

    const soldOut = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 60_000, batches: [{ units: 0 }] });
    expect(await add({ guestCartId: null }, soldOut.productId, 1)).toEqual({ ok: false, reason: "unavailable" });
    const paused = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 60_000, batches: [{ units: 8 }] });
    await t.db.update(listings).set({ status: "paused" }).where(eq(listings.productId, paused.productId));
    expect(await add({ guestCartId: null }, paused.productId, 1)).toEqual({ ok: false, reason: "unavailable" });
    expect(await add({ guestCartId: null }, "00000000-0000-4000-8000-000000000000", 1)).toEqual({ ok: false, reason: "unavailable" });
  });

  it("sets and removes quantities within the limit", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 70_000, batches: [{ units: 6 }] });
    const other = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 70_000, batches: [{ units: 6 }] });
    const created = await add({ guestCartId: null }, tea.productId, 1);
    if (!created.ok) throw new Error("not added");
    const owner: CartOwner = { guestCartId: created.cartId };
    const set = (productId: string, quantity: number) => setCartQuantity(t.db, owner, { productId, quantity, today: TODAY });

    expect(await set(tea.productId, 4)).toEqual({ ok: true, cartId: created.cartId, quantity: 4, limit: 6, capped: false });
    expect(await set(tea.productId, 9)).toEqual({ ok: true, cartId: created.cartId, quantity: 6, limit: 6, capped: true });
    expect(await set(other.productId, 2)).toEqual({ ok: false, reason: "not_in_cart" });
    expect(await set(tea.productId, 0)).toMatchObject({ ok: true, quantity: 0 });
    expect(await linesOf(created.cartId)).toEqual({});
    expect(await removeFromCart(t.db, owner, tea.productId)).toEqual({ ok: false, reason: "not_in_cart" });
    expect(await setCartQuantity(t.db, { guestCartId: null }, { productId: tea.productId, quantity: 1, today: TODAY })).toEqual({
      ok: false,
      reason: "not_in_cart",
    });
  });
});

describe("a cart with items from several cooperatives", () => {
  it("groups lines per cooperative with current prices, and flags lines the stock no longer covers", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 10 }] });
    const honey = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 250_000, batches: [{ units: 10 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 60_000, batches: [{ units: 10 }] });
    const r = await add({ guestCartId: null }, tea.productId, 2);
    if (!r.ok) throw new Error("not added");
    const owner: CartOwner = { guestCartId: r.cartId };
    await add(owner, honey.productId, 1);
    await add(owner, rice.productId, 3);

    const view = await getCartView(t.db, owner, TODAY);
    expect(view).toMatchObject({ cartId: r.cartId, units: 6, subtotalVnd: 2 * 85_000 + 250_000 + 3 * 60_000, hasProblems: false });
    expect(view.groups).toHaveLength(2);
    const byCoop = new Map(view.groups.map((g) => [g.organisationId, g]));
    expect(byCoop.get(teaCoop)!.subtotalVnd).toBe(420_000);
    expect(byCoop.get(teaCoop)!.lines.map((l) => l.productId).sort()).toEqual([tea.productId, honey.productId].sort());
    expect(byCoop.get(riceCoop)).toMatchObject({ subtotalVnd: 180_000, lines: [{ productId: rice.productId, quantity: 3, limit: 10, available: true, lineTotalVnd: 180_000 }] });

    // The cooperative raises a price and sells most of the rice elsewhere; honey is paused.
    await t.db.update(listings).set({ priceVnd: 90_000 }).where(eq(listings.productId, tea.productId));
    await t.db.update(batchStock).set({ unitsAvailable: 1 }).where(eq(batchStock.batchId, rice.batchIds[0]!));
    await t.db.update(listings).set({ status: "paused" }).where(eq(listings.productId, honey.productId));
    const after = await getCartViewById(t.db, r.cartId, TODAY);
    const lines = new Map(after.groups.flatMap((g) => g.lines).map((l) => [l.productId, l]));
    expect(lines.get(tea.productId)).toMatchObject({ priceVnd: 90_000, lineTotalVnd: 180_000, available: true });
    expect(lines.get(rice.productId)).toMatchObject({ quantity: 3, limit: 1, available: true });
    expect(lines.get(honey.productId)).toMatchObject({ available: false, limit: 0, lineTotalVnd: 0 });
    expect(after).toMatchObject({ hasProblems: true, units: 5, subtotalVnd: 180_000 + 180_000 });
  });

  it("opens one cart when a signed-in user's first two additions race (two tabs)", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 10 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 60_000, batches: [{ units: 10 }] });
    const userId = await newUser();
    const [a, b] = await Promise.all([add({ userId }, tea.productId, 1), add({ userId }, rice.productId, 2)]);
    if (!a.ok || !b.ok) throw new Error("not added");
    expect(a.cartId).toBe(b.cartId);
    const open = await t.db.select({ id: carts.id }).from(carts).where(and(eq(carts.userId, userId), eq(carts.status, "open")));
    expect(open).toHaveLength(1);
    expect(await linesOf(a.cartId)).toEqual({ [tea.productId]: 1, [rice.productId]: 2 });
  });

  it("never opens an account's cart from a guest cookie", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 10 }] });
    const userId = await newUser();
    const r = await add({ userId }, tea.productId, 1);
    if (!r.ok) throw new Error("not added");
    expect(await findOpenCartId(t.db, { userId })).toBe(r.cartId);
    expect(await findOpenCartId(t.db, { guestCartId: r.cartId })).toBeNull();
    expect(await countCartUnits(t.db, { guestCartId: r.cartId })).toBe(0);
    expect((await getCartView(t.db, { guestCartId: r.cartId }, TODAY)).groups).toEqual([]);
    expect(await removeFromCart(t.db, { guestCartId: r.cartId }, tea.productId)).toEqual({ ok: false, reason: "not_in_cart" });
    expect(await linesOf(r.cartId)).toEqual({ [tea.productId]: 1 });
  });
});

describe("merging the guest cart at sign-in", () => {
  it("gives the guest cart to a user who has none", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 10 }] });
    const guestCart = await createCart(t.db, [{ productId: tea.productId, quantity: 2 }]);
    const userId = await newUser();
    expect(await mergeGuestCart(t.db, { guestCartId: guestCart, userId, today: TODAY })).toBe(guestCart);
    expect(await statusOf(guestCart)).toEqual({ status: "open", userId });
    expect(await findOpenCartId(t.db, { userId })).toBe(guestCart);
    // The cookie no longer opens it, and a second sign-in with it merges nothing.
    expect(await findOpenCartId(t.db, { guestCartId: guestCart })).toBeNull();
    expect(await mergeGuestCart(t.db, { guestCartId: guestCart, userId, today: TODAY })).toBeNull();
  });

  it("adds the guest's lines to the user's cart, capped by stock, keeping unavailable items to show", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 5 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 60_000, batches: [{ units: 10 }] });
    const honey = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 250_000, batches: [{ units: 10 }] });
    const userId = await newUser();
    const own = await createCart(t.db, [{ productId: tea.productId, quantity: 3 }], userId);
    const guestCart = await createCart(t.db, [
      { productId: tea.productId, quantity: 4 },
      { productId: rice.productId, quantity: 2 },
      { productId: honey.productId, quantity: 1 },
    ]);
    await t.db.update(listings).set({ status: "paused" }).where(eq(listings.productId, honey.productId));

    expect(await mergeGuestCart(t.db, { guestCartId: guestCart, userId, today: TODAY })).toBe(own);
    expect(await linesOf(own)).toEqual({ [tea.productId]: 5, [rice.productId]: 2, [honey.productId]: 1 });
    expect(await statusOf(guestCart)).toEqual({ status: "merged", userId: null });
    const view = await getCartView(t.db, { userId }, TODAY);
    expect(view.cartId).toBe(own);
    expect(view.groups.flatMap((g) => g.lines).find((l) => l.productId === honey.productId)).toMatchObject({ available: false });
    expect(await mergeGuestCart(t.db, { guestCartId: guestCart, userId, today: TODAY })).toBeNull();
    expect(await mergeGuestCart(t.db, { guestCartId: "00000000-0000-4000-8000-000000000000", userId, today: TODAY })).toBeNull();
  });

  it("merges once when two sign-ins with the same cookie race", async () => {
    const tea = await createListedProduct(t.db, { organisationId: teaCoop, priceVnd: 85_000, batches: [{ units: 50 }] });
    const rice = await createListedProduct(t.db, { organisationId: riceCoop, priceVnd: 60_000, batches: [{ units: 50 }] });

    // The user already has a cart: quantities would add up twice if both merges went through.
    const userId = await newUser();
    const own = await createCart(t.db, [{ productId: tea.productId, quantity: 1 }], userId);
    const guestCart = await createCart(t.db, [
      { productId: tea.productId, quantity: 2 },
      { productId: rice.productId, quantity: 3 },
    ]);
    const results = await Promise.all([
      mergeGuestCart(t.db, { guestCartId: guestCart, userId, today: TODAY }),
      mergeGuestCart(t.db, { guestCartId: guestCart, userId, today: TODAY }),
    ]);
    expect(results.filter((r) => r === own)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(await linesOf(own)).toEqual({ [tea.productId]: 3, [rice.productId]: 3 });
    expect(await statusOf(guestCart)).toEqual({ status: "merged", userId: null });

    // No cart of their own: the guest cart becomes the user's once, and no second cart appears.
    const second = await newUser();
    const guest2 = await createCart(t.db, [{ productId: rice.productId, quantity: 2 }]);
    const results2 = await Promise.all([
      mergeGuestCart(t.db, { guestCartId: guest2, userId: second, today: TODAY }),
      mergeGuestCart(t.db, { guestCartId: guest2, userId: second, today: TODAY }),
    ]);
    expect(results2.filter((r) => r === guest2)).toHaveLength(1);
    expect(results2.filter((r) => r === null)).toHaveLength(1);
    const open = await t.db.select({ id: carts.id }).from(carts).where(and(eq(carts.userId, second), eq(carts.status, "open")));
    expect(open).toEqual([{ id: guest2 }]);
    expect(await linesOf(guest2)).toEqual({ [rice.productId]: 2 });
  });
});
