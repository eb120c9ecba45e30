/**
 * Security headers set on every answer of the server (pages, fast paths, files). Remix's pages replace the
 * default Content-Security-Policy with one carrying their per-request script nonce (app/entry.server.tsx).
 */
import { contentSecurityPolicy } from "~/lib/content-security-policy";

export const HSTS = "max-age=31536000";

export function securityHeaders(tls: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    // Pages without a nonce (the QR origin page, cached pages) run no inline script.
    "Content-Security-Policy": contentSecurityPolicy(null),
    // Not no-referrer: Remix refuses form posts whose Origin is null.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
  };
  if (tls) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}
