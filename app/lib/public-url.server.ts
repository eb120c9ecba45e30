/**
 * The site's one public address (PUBLIC_URL). Every absolute link the app emits — mails, QR codes and label
 * sheets, linksets, /.well-known/gs1resolver, EPCIS ids, Stripe return URLs, Open Graph — starts with it,
 * never with the request's Host or X-Forwarded-* headers (docs/decisions/0015-public-address-proxy-and-one-writer.md).
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { ConfigError, type AppEnv } from "./env.server";

export interface PublicAddress {
  /** Scheme, host and port, without a trailing slash, e.g. https://truyxuat.thainguyen.gov.vn. */
  origin: string;
  /** True when PUBLIC_URL was not set and the demo default (http://localhost:$PORT) is used. */
  defaulted: boolean;
}

/**
 * The configured public origin. The demo (`npm start`, `--demo`) falls back to http://localhost:$PORT;
 * production (`npm run serve`) refuses to start without PUBLIC_URL.
 */
export function resolvePublicAddress(env: Pick<AppEnv, "PUBLIC_URL" | "PORT">, mode: "demo" | "production"): PublicAddress {
  if (env.PUBLIC_URL) return { origin: env.PUBLIC_URL, defaulted: false };
  if (mode === "demo") return { origin: `http://localhost:${env.PORT}`, defaulted: true };
  throw new ConfigError(
    "Configuration error: PUBLIC_URL must be set to the address people reach this site at (e.g. https://truyxuat.thainguyen.gov.vn): " +
      "mails, QR codes and labels carry it (`npm start` defaults it to http://localhost:$PORT for a local demo)",
  );
}

/**
 * Whether the request reached us over TLS: the socket itself, or — only when TRUST_PROXY is on — a
 * TLS-terminating proxy's X-Forwarded-Proto. Decides Secure cookies and HSTS, never a link's address.
 */
export function cameOverTls(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (!trustProxy) return false;
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

/**
 * The address of the client a request came from, for throttles. Behind a trusted proxy it is the last address the
 * proxy appended to `X-Forwarded-For` (entries before it are the client's own claims); otherwise the socket's peer.
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (!trustProxy) return peer;
  const header = req.headers["x-forwarded-for"];
  const entries = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((e) => e.trim()).filter(Boolean);
  return entries.at(-1) ?? peer;
}

/** An absolute URL on the public address for a path ("/reset-password?token=…"). */
export function publicHref(origin: string, path: string): string {
  return `${origin}${path.startsWith("/") ? path : `/${path}`}`;
}
