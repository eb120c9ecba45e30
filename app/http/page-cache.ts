import { LOCALE_COOKIE, localeFromCookieHeader } from "~/lib/i18n";
import { createPageStampSink, type PageStampSink } from "~/lib/page-stamp";
import type { FastPath } from "./app-server";
import { createByteCache, sendPage, vietnamDay, type PageHeaders, type RenderedPage } from "./byte-cache";

export interface PageCacheOptions {
  /** The pathnames whose pages may be kept (their loaders stamp them; see app/lib/page-stamp.ts). */
  paths: readonly string[];
  /** The public origin (PUBLIC_URL) the page's absolute links are written for; never the request's Host. */
  publicUrl: string;
  /** Renders through Remix with a request carrying only the language cookie, and the sink the loaders stamp. */
  render: (request: Request, sink: PageStampSink) => Promise<Response>;
  /** How long a kept page is served before its stamp is read again. */
  freshMs?: number;
  /** Memory for kept pages; the oldest are dropped first. */
  maxBytes?: number;
  /** false passes every request on to Remix (to measure the uncached page). */
  cache?: boolean;
  now?: () => number;
}

export interface PageCache extends FastPath {
  stats(): { entries: number; bytes: number; hits: number; revalidations: number; renders: number };
  clear(): void;
}

/**
 * Public pages for anonymous visitors (no cookie but the language), kept in the byte cache per (URL, language,
 * Vietnam day) and checked against the stamp their loaders set at most once per `freshMs`: a changed stamp renders
 * again. Concurrent misses of one page share one render. See docs/decisions/0013-storefront-page-cache.md.
 */
export function createPageCache(options: PageCacheOptions): PageCache {
  const { paths, render, freshMs = 1000, maxBytes = 32 * 1024 * 1024, cache = true, now = Date.now } = options;
  const pages = createByteCache<undefined>({ freshMs, maxBytes, now });

  /** A render that may not be kept (a redirect, a page setting a cookie, a page without a stamp) is sent as it came. */
  async function renderPage(target: string, locale: string, origin: string): Promise<RenderedPage> {
    const sink = createPageStampSink();
    const response = await render(
      new Request(`${origin}${target}`, { headers: { Cookie: `${LOCALE_COOKIE}=${locale}`, Accept: "text/html" } }),
      sink,
    );
    const body = Buffer.from(await response.arrayBuffer());
    const headers: PageHeaders = {};
    for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) headers["set-cookie"] = cookies;
    const stamp = sink.collected();
    if (response.status !== 200 || cookies.length > 0 || !stamp) return { status: response.status, headers, body, stamp: null, meta: undefined };
    // The page everyone without a session sees: browsers keep it but ask again each time; an unchanged page costs a 304.
    headers.vary = "Cookie";
    headers["cache-control"] = "no-cache";
    return { status: 200, headers, body, stamp, meta: undefined };
  }

  const fastPath = (async (req, res, url) => {
    if (!cache || (req.method !== "GET" && req.method !== "HEAD")) return false;
    // Exact paths only: single-fetch data requests (/shop.data) go to Remix.
    if (!paths.includes(url.pathname)) return false;
    // Only visitors without a session, cart or CSRF cookie see the page everyone sees.
    if (!onlyLanguageCookie(req.headers.cookie)) return false;

    const locale = localeFromCookieHeader(req.headers.cookie ?? null);
    const target = `${url.pathname}${url.search}`;
    const page = await pages.page(`${target}|${locale}|${vietnamDay(now())}`, () => renderPage(target, locale, options.publicUrl));
    sendPage(req, res, page);
    return true;
  }) as PageCache;
  fastPath.stats = () => pages.stats();
  fastPath.clear = () => pages.clear();
  return fastPath;
}

/** True when the Cookie header is absent or names no cookie but the language. */
export function onlyLanguageCookie(header: string | string[] | undefined): boolean {
  if (header === undefined) return true;
  const text = Array.isArray(header) ? header.join(";") : header;
  return text.split(";").every((part) => {
    const name = part.split("=")[0]!.trim();
    return name === "" || name === LOCALE_COOKIE;
  });
}
