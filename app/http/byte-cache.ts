/**
 * The one byte cache of pages answered before Remix (the origin page, the storefront's result pages): rendered
 * bytes kept per key, served for `freshMs`, then checked against their stamp (the invalidation rule the page's
 * context passes in with each render) and rendered again only when it moved; an ETag and 304 for kept pages.
 * Built on the app's memo cache (app/lib/memo-cache.ts). See docs/decisions/0005 and 0013.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CollectedPageStamp } from "~/lib/page-stamp";
import { createMemoCache } from "~/lib/memo-cache";

/** The calendar day in Vietnam (UTC+7 all year), by arithmetic: this runs on every request of a hot path. */
export const vietnamDay = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/** A strong ETag from the body's hash. */
export const bodyEtag = (body: Buffer): string => `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;

export type PageHeaders = Record<string, string | string[]>;

/** A page as its context rendered it. */
export interface RenderedPage<M = undefined> {
  status: number;
  /** The headers to send with it (the byte cache adds ETag and Content-Length). */
  headers: PageHeaders;
  body: Buffer;
  /** The invalidation rule: the stamp of what the page shows and how to read it again; null: never kept. */
  stamp: CollectedPageStamp | null;
  /** What the context wants back with a served page (the origin page: the batch, to count the scan). */
  meta: M;
}

/** A page ready to send: headers (names in lower case) computed once, with the ETag of a kept 200 page. */
export interface SendablePage<M = undefined> extends RenderedPage<M> {
  etag: string | null;
  sendHeaders: PageHeaders;
  notModifiedHeaders: PageHeaders | null;
}

/**
 * What a 304 repeats of the 200 it stands for (RFC 9110 §15.4.5: Content-Location, Date, ETag, Vary, Cache-Control,
 * Expires); representation metadata (Content-Type, Content-Length) and a body are left out. Node adds Date.
 */
const REPEATED_ON_304 = new Set(["cache-control", "content-location", "etag", "expires", "vary"]);

/** Makes a rendered page sendable; only a kept 200 page gets an ETag (and so can be answered with a 304). */
export function sendablePage<M>(page: RenderedPage<M>): SendablePage<M> {
  const etag = page.stamp && page.status === 200 ? bodyEtag(page.body) : null;
  const sendHeaders: PageHeaders = {};
  for (const [name, value] of Object.entries(page.headers)) {
    const lower = name.toLowerCase();
    if (lower !== "content-length" && lower !== "etag") sendHeaders[lower] = value;
  }
  if (etag) sendHeaders.etag = etag;
  let notModifiedHeaders: PageHeaders | null = null;
  if (etag) {
    notModifiedHeaders = {};
    for (const [name, value] of Object.entries(sendHeaders)) if (REPEATED_ON_304.has(name)) notModifiedHeaders[name] = value;
  }
  sendHeaders["content-length"] = String(page.body.length);
  return { ...page, etag, sendHeaders, notModifiedHeaders };
}

/** If-None-Match (RFC 9110 §13.1.2): "*" or a list of entity tags, compared weakly (a W/ prefix added by a proxy is ignored). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  const opaque = etag.startsWith("W/") ? etag.slice(2) : etag;
  return header.split(",").some((part) => {
    const tag = part.trim();
    return tag === "*" || (tag.startsWith("W/") ? tag.slice(2) : tag) === opaque;
  });
}

/** The one sender of kept and passed-on pages: a 304 when the browser has the kept page's bytes, else the page. */
export function sendPage(req: IncomingMessage, res: ServerResponse, page: SendablePage<unknown>): void {
  if (page.etag && page.notModifiedHeaders && ifNoneMatchHits(req.headers["if-none-match"], page.etag)) {
    res.writeHead(304, page.notModifiedHeaders);
    res.end();
    return;
  }
  res.writeHead(page.status, page.sendHeaders);
  res.end(req.method === "HEAD" ? undefined : page.body);
}

export interface ByteCacheOptions {
  /** How long a kept page is served before its stamp is read again. */
  freshMs?: number;
  /** Memory for kept pages (bytes of their bodies); the oldest are dropped first. */
  maxBytes?: number;
  maxEntries?: number;
  now?: () => number;
}

export interface ByteCache<M> {
  /** The page of `key`: the kept copy while fresh or while its stamp holds, else `render` (concurrent misses share one). */
  page(key: string, render: () => Promise<RenderedPage<M>>): Promise<SendablePage<M>>;
  stats(): { entries: number; bytes: number; hits: number; revalidations: number; renders: number };
  clear(): void;
}

export function createByteCache<M>(options: ByteCacheOptions = {}): ByteCache<M> {
  const { freshMs = 1000, maxBytes = 32 * 1024 * 1024, maxEntries, now = Date.now } = options;
  const pages = createMemoCache<SendablePage<M>>({
    freshMs,
    keep: (page) => page.stamp !== null,
    maxSize: maxBytes,
    maxEntries,
    sizeOf: (page) => page.body.length,
    now,
  });
  const counters = { hits: 0, revalidations: 0, renders: 0 };

  async function load(expired: SendablePage<M> | undefined, render: () => Promise<RenderedPage<M>>): Promise<SendablePage<M>> {
    if (expired?.stamp) {
      counters.revalidations += 1;
      // The cheap check first: most expired copies are still current.
      if ((await expired.stamp.check()) === expired.stamp.stamp) return expired;
    }
    counters.renders += 1;
    return sendablePage(await render());
  }

  return {
    page(key, render) {
      const page = pages.fresh(key);
      if (page) {
        counters.hits += 1;
        return Promise.resolve(page);
      }
      return pages.get(key, (expired) => load(expired, render));
    },
    stats: () => {
      const { entries, size } = pages.stats();
      return { entries, bytes: size, ...counters };
    },
    clear: () => pages.clear(),
  };
}
