import type { IncomingMessage, ServerResponse } from "node:http";
import { LOCALE_COOKIE, localeFromCookieHeader } from "~/lib/i18n";
import { createPageStampSink, type CollectedPageStamp, type PageStampSink } from "~/lib/page-stamp";
import type { FastPath } from "./app-server";
import { bodyEtag, vietnamDay } from "./byte-cache";

// Vietnam keeps UTC+7 all year: what is on sale depends on the day (sell-by dates).

interface Entry {
  status: number;
  headers: [string, string][];
  body: Buffer;
  etag: string;
  stamp: CollectedPageStamp;
  checkedAt: number;
}

/** A render that may not be kept (a redirect, a page setting a cookie, a page without a stamp): sent as it came. */
interface Passed {
  status: number;
  headers: [string, string][];
  body: Buffer;
  stamp: null;
}

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
 * Public pages for anonymous visitors (no cookie but the language), kept as rendered bytes per (URL, language,
 * Vietnam day) and checked against their stamp at most once per `freshMs`: a changed stamp renders again.
 * Concurrent misses of one page share one render. See docs/decisions/0013-storefront-page-cache.md.
 */
export function createPageCache(options: PageCacheOptions): PageCache {
  const { paths, render, freshMs = 1000, maxBytes = 32 * 1024 * 1024, cache = true, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | Passed>>();
  const counters = { hits: 0, revalidations: 0, renders: 0 };
  let bytes = 0;

  function keep(key: string, entry: Entry): void {
    drop(key);
    entries.set(key, entry);
    bytes += entry.body.length;
    while (bytes > maxBytes && entries.size > 1) drop(entries.keys().next().value as string);
  }

  function drop(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.body.length;
    entries.delete(key);
  }

  async function renderPage(target: string, locale: string, origin: string): Promise<Entry | Passed> {
    counters.renders += 1;
    const sink = createPageStampSink();
    const response = await render(
      new Request(`${origin}${target}`, { headers: { Cookie: `${LOCALE_COOKIE}=${locale}`, Accept: "text/html" } }),
      sink,
    );
    const body = Buffer.from(await response.arrayBuffer());
    const headers = [...response.headers].filter(([name]) => name !== "set-cookie" && name !== "content-length");
    const stamp = sink.collected();
    if (response.status !== 200 || response.headers.has("set-cookie") || !stamp) {
      return { status: response.status, headers: [...response.headers].filter(([name]) => name !== "content-length"), body, stamp: null };
    }
    const etag = bodyEtag(body);
    return { status: 200, headers, body, etag, stamp, checkedAt: now() };
  }

  async function refresh(key: string, target: string, locale: string, origin: string): Promise<Entry | Passed> {
    const previous = entries.get(key);
    if (previous) {
      counters.revalidations += 1;
      // The cheap check first: most pages are still current.
      if ((await previous.stamp.check()) === previous.stamp.stamp) {
        previous.checkedAt = now();
        return previous;
      }
      drop(key);
    }
    const rendered = await renderPage(target, locale, origin);
    if (rendered.stamp) keep(key, rendered);
    return rendered;
  }

  function send(req: IncomingMessage, res: ServerResponse, page: Entry | Passed): void {
    const headers: Record<string, string | string[] | number> = {};
    const cookies: string[] = [];
    for (const [name, value] of page.headers) {
      if (name === "set-cookie") cookies.push(value);
      else headers[name] = value;
    }
    if (cookies.length > 0) headers["Set-Cookie"] = cookies;
    if (page.stamp) {
      headers["ETag"] = page.etag;
      headers["Vary"] = "Cookie";
      // Browsers keep the page but ask again each time; an unchanged page costs a 304.
      headers["Cache-Control"] = "no-cache";
      if (req.headers["if-none-match"] === page.etag) {
        res.writeHead(304, { ETag: page.etag, Vary: "Cookie", "Cache-Control": "no-cache" });
        res.end();
        return;
      }
    }
    headers["Content-Length"] = page.body.length;
    res.writeHead(page.status, headers);
    res.end(req.method === "HEAD" ? undefined : page.body);
  }

  const fastPath = (async (req, res, url) => {
    if (!cache || (req.method !== "GET" && req.method !== "HEAD")) return false;
    // Exact paths only: single-fetch data requests (/shop.data) go to Remix.
    if (!paths.includes(url.pathname)) return false;
    // Only visitors without a session, cart or CSRF cookie see the page everyone sees.
    if (!onlyLanguageCookie(req.headers.cookie)) return false;

    const locale = localeFromCookieHeader(req.headers.cookie ?? null);
    const target = `${url.pathname}${url.search}`;
    const key = `${target}|${locale}|${vietnamDay(now())}`;
    const entry = entries.get(key);
    if (entry && now() - entry.checkedAt < freshMs) {
      counters.hits += 1;
      send(req, res, entry);
      return true;
    }
    let work = pending.get(key);
    if (!work) {
      const origin = options.publicUrl;
      work = refresh(key, target, locale, origin).finally(() => pending.delete(key));
      pending.set(key, work);
    }
    send(req, res, await work);
    return true;
  }) as PageCache;
  fastPath.stats = () => ({ entries: entries.size, bytes, ...counters });
  fastPath.clear = () => {
    entries.clear();
    bytes = 0;
  };
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
