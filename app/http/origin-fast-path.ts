import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "#db/client.server";
import { asc } from "drizzle-orm";
import { provinces } from "#db/schema";
import { hasDemoData } from "~/catalog/catalog.server";
import {
  documentLinks,
  originDocumentHeaders,
  renderNotRegisteredDocument,
  renderOriginDocument,
} from "~/components/origin/origin-document";
import { isLocale, localeFromCookieHeader, type Locale } from "~/lib/i18n";
import { getOriginPage, getOriginStamp, parseOriginCode, type OriginStamp } from "~/trace/origin.server";
import { originPath } from "~/trace/resolver.server";
import { deviceClassOf, type ScanRecorder } from "~/trace/scans.server";
import type { FastPath } from "./app-server";
import { bodyEtag, vietnamDay } from "./byte-cache";

// Vietnam keeps UTC+7 all year: the day changes the page (certificate validity) and is cheap to compute per request.

interface Entry {
  status: number;
  body: Buffer;
  etag: string;
  version: string;
  checkedAt: number;
  batchId: string | null;
  organisationId: string | null;
}

export interface OriginFastPathOptions {
  db: Database;
  scans: ScanRecorder;
  /** The public origin (PUBLIC_URL) the page's absolute links are written for; never the request's Host. */
  publicUrl: string;
  /** The root route's `links()` (stylesheet, icon), so the page is styled like every Remix page. */
  links?: readonly unknown[];
  /**
   * Replaces the built-in renderer (app/components/origin/origin-document.ts) with a fetch-style one that
   * gets a request carrying only the language cookie; tests use it to count renders.
   */
  render?: (request: Request) => Promise<Response>;
  /** How long a cached copy is served before its stamp is checked against the database again. */
  freshMs?: number;
  maxEntries?: number;
  /** false renders every request (kept for measuring the cold path); scans are still recorded. */
  cache?: boolean;
  now?: () => number;
}

export interface OriginFastPath extends FastPath {
  stats(): { entries: number; hits: number; revalidations: number; renders: number };
  clear(): void;
}

const versionOf = (stamp: OriginStamp | null) => (stamp ? stamp.version : "unknown");

/**
 * The QR origin page, rendered here from `getOriginPage` by the one string renderer (no Remix, no React)
 * and kept as bytes per (code, serial, language, day), checked against the batch's stamp (status, chain
 * head, product and producer updates, scan flag) at most once per `freshMs`; a changed stamp re-renders.
 * See docs/decisions/0005-origin-page-cache.md.
 */
export function createOriginFastPath(options: OriginFastPathOptions): OriginFastPath {
  const { db, render, scans, freshMs = 1000, maxEntries = 20_000, cache = true, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const counters = { hits: 0, revalidations: 0, renders: 0 };
  const links = documentLinks(options.links ?? []);
  let provinceCodes: Promise<Set<string>> | null = null;

  const knownProvinces = () =>
    (provinceCodes ??= db
      .select({ code: provinces.code })
      .from(provinces)
      .orderBy(asc(provinces.code))
      .then((rows) => new Set(rows.map((r) => r.code))));

  function entryOf(status: number, body: Buffer, stamp: OriginStamp | null): Entry {
    return {
      status,
      body,
      etag: bodyEtag(body),
      version: versionOf(stamp),
      checkedAt: now(),
      batchId: stamp?.batchId ?? null,
      organisationId: stamp?.organisationId ?? null,
    };
  }

  /** One lookup plus one parallel round of queries (the stamp comes with the page), then a string template. */
  async function renderHere(code: string, serial: string | null, locale: Locale): Promise<Entry> {
    const [page, demo] = await Promise.all([getOriginPage(db, code, serial), hasDemoData(db)]);
    const shell = { links, demo };
    const body = page
      ? renderOriginDocument({ page, locale, today: vietnamDay(now()), shell })
      : renderNotRegisteredDocument({ status: 404, locale, path: originPath(code, serial), shell });
    return entryOf(page ? 200 : 404, Buffer.from(body), page?.stamp ?? null);
  }

  async function renderThrough(
    renderer: (request: Request) => Promise<Response>,
    code: string,
    serial: string | null,
    locale: Locale,
    origin: string,
  ): Promise<Entry> {
    const stamp = await getOriginStamp(db, code, serial);
    const response = await renderer(
      new Request(`${origin}${originPath(code, serial)}`, { headers: { Cookie: `lang=${locale}`, Accept: "text/html" } }),
    );
    return entryOf(response.status, Buffer.from(await response.arrayBuffer()), stamp);
  }

  async function refresh(key: string, code: string, serial: string | null, locale: Locale, origin: string): Promise<Entry> {
    const previous = cache ? entries.get(key) : undefined;
    counters.revalidations += 1;
    if (previous) {
      // The cheap check first: most expired copies are still current.
      if (previous.version === versionOf(await getOriginStamp(db, code, serial))) {
        previous.checkedAt = now();
        return previous;
      }
    }
    counters.renders += 1;
    const entry = render ? await renderThrough(render, code, serial, locale, origin) : await renderHere(code, serial, locale);
    // Only answers that depend on the stamp alone are kept: a page or a "not registered" page.
    if (cache && (entry.status === 200 || entry.status === 404)) {
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    }
    return entry;
  }

  function send(req: IncomingMessage, res: ServerResponse, entry: Entry): void {
    const headers: Record<string, string | number> = originDocumentHeaders(entry.status);
    if (entry.status === 200) {
      headers.ETag = entry.etag;
      if (req.headers["if-none-match"] === entry.etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    headers["Content-Length"] = entry.body.length;
    res.writeHead(entry.status, headers);
    res.end(req.method === "HEAD" ? undefined : entry.body);
  }

  const fastPath = (async (req, res, url) => {
    if (!url.pathname.startsWith("/origin/")) return false;
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const parts = url.pathname.slice("/origin/".length).split("/");
    if (parts.length > 1 && parts.at(-1) === "") parts.pop();
    if (parts.length > 2) return false;
    const parsed = parseOriginCode(parts[0], parts[1]);
    // Malformed codes go to Remix, which renders the 400 "not a valid code" page.
    if (!parsed.ok) return false;

    const lang = url.searchParams.get("lang");
    const locale: Locale = isLocale(lang) ? lang : localeFromCookieHeader(req.headers.cookie ?? null);
    const key = `${parsed.code}/${parsed.serial ?? ""}|${locale}|${vietnamDay(now())}`;

    let entry = cache ? entries.get(key) : undefined;
    if (entry && now() - entry.checkedAt < freshMs) {
      counters.hits += 1;
    } else {
      // Concurrent misses of one page share one render; with the cache off each request renders (to measure it).
      let work = cache ? pending.get(key) : undefined;
      if (!work) {
        const origin = options.publicUrl;
        work = refresh(key, parsed.code, parsed.serial, locale, origin).finally(() => pending.delete(key));
        pending.set(key, work);
      }
      entry = await work;
    }

    if (req.method === "GET" && entry.status === 200 && entry.batchId && entry.organisationId) {
      const p = url.searchParams.get("p");
      const provinceCode = p && /^\d{2}$/.test(p) && (await knownProvinces()).has(p) ? p : null;
      scans.record({
        batchId: entry.batchId,
        organisationId: entry.organisationId,
        serial: parsed.serial,
        provinceCode,
        device: deviceClassOf(req.headers["user-agent"]),
        at: new Date(now()),
      });
    }
    send(req, res, entry);
    return true;
  }) as OriginFastPath;
  fastPath.stats = () => ({ entries: entries.size, ...counters });
  fastPath.clear = () => entries.clear();
  return fastPath;
}
