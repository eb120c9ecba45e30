/**
 * Which orders this browser may see without an account: the numbers of orders placed from it, in a
 * signed HttpOnly cookie. A guest who placed an order lands on its page and can come back to it.
 */
import { isSecureRequest, readCookie } from "~/identity/sessions.server";
import { sign, unsign } from "~/identity/tokens.server";
import { isOrderNumber } from "./order-number";

export const ORDER_ACCESS_COOKIE = "__orders";
/** The most recent orders kept in the cookie; older ones remain reachable by number and phone. */
export const ORDER_ACCESS_MAX = 20;
const MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

/** Order numbers this browser may see (most recent last); empty when the cookie is absent or forged. */
export function readOrderAccess(secret: string, request: Request): string[] {
  const raw = readCookie(request.headers.get("Cookie"), ORDER_ACCESS_COOKIE);
  if (!raw) return [];
  const value = unsign(secret, raw);
  if (!value) return [];
  return value.split(",").filter(isOrderNumber).slice(-ORDER_ACCESS_MAX);
}

/** A Set-Cookie header value adding `orderNumber` to what this browser may see (keeping the last 20). */
export function grantOrderAccess(secret: string, request: Request, orderNumber: string): string {
  if (!isOrderNumber(orderNumber)) throw new RangeError(`Not an order number: ${orderNumber}`);
  const numbers = readOrderAccess(secret, request).filter((n) => n !== orderNumber);
  numbers.push(orderNumber);
  const value = sign(secret, numbers.slice(-ORDER_ACCESS_MAX).join(","));
  const secure = isSecureRequest(request);
  return `${ORDER_ACCESS_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
