import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Database } from "#db/client.server";
import { asc } from "drizzle-orm";
import { provinces } from "#db/schema";
import { isLocale, localeFromCookieHeader, type Locale } from "~/lib/i18n";
import { getOriginStamp, parseOriginCode } from "~/trace/origin.server";
import { originPath, requestOrigin } from "~/trace/resolver.server";
import { deviceClassOf, type ScanRecorder } from "~/trace/scans.server";
import type { FastPath } from "./app-server";

// Vietnam keeps UTC+7 all year: the day changes the page (certificate validity) and is cheap to compute per request.
const vietnamDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

export const ORIGIN_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=300";

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
  /** Renders a page through Remix (the fast path gives it a request with no cookie but the language). */
  render: (request: Request) => Promise<Response>;
  scans: ScanRecorder;
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

/**
 * The QR origin page served from rendered bytes kept per (code, serial, language, day), checked against
 * the batch's stamp (status, chain head, product and producer updates, scan flag) at most once per
 * `freshMs`; Remix renders only when the stamp changed. See docs/decisions/0005-origin-page-cache.md.
 */
export function createOriginFastPath(options: OriginFastPathOptions): OriginFastPath {
  const { db, render, scans, freshMs = 1000, maxEntries = 20_000, cache = true, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const counters = { hits: 0, revalidations: 0, renders: 0 };
  let provinceCodes: Promise<Set<string>> | null = null;

  const knownProvinces = () =>
    (provinceCodes ??= db
      .select({ code: provinces.code })
      .from(provinces)
      .orderBy(asc(provinces.code))
      .then((rows) => new Set(rows.map((r) => r.code))));

  async function refresh(key: string, code: string, serial: string | null, locale: Locale, origin: string): Promise<Entry> {
    const previous = entries.get(key);
    counters.revalidations += 1;
    const stamp = await getOriginStamp(db, code, serial);
    const version = stamp ? stamp.version : "unknown";
    if (cache && previous && previous.version === version) {
      previous.checkedAt = now();
      return previous;
    }
    counters.renders += 1;
    const response = await render(
      new Request(`${origin}${originPath(code, serial)}`, {
        headers: { Cookie: `lang=${locale}`, Accept: "text/html" },
      }),
    );
    const body = Buffer.from(await response.arrayBuffer());
    const entry: Entry = {
      status: response.status,
      body,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
      version,
      checkedAt: now(),
      batchId: stamp?.batchId ?? null,
      organisationId: stamp?.organisationId ?? null,
    };
    // Only answers that depend on the stamp alone are kept: a page or a "not registered" page.
    if (cache && (entry.status === 200 || entry.status === 404)) {
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    }
    return entry;
  }

  function send(req: IncomingMessage, res: ServerResponse, entry: Entry): void {
    const headers: Record<string, string | number> = {
      "Content-Type": "text/html; charset=utf-8",
      "X-Content-Type-Options": "nosniff",
      Vary: "Cookie",
    };
    if (entry.status === 200) {
      headers.ETag = entry.etag;
      headers["Cache-Control"] = ORIGIN_CACHE_CONTROL;
      if (req.headers["if-none-match"] === entry.etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
    } else {
      headers["Cache-Control"] = "no-store";
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
        const origin = requestOrigin(
          req.headers.host,
          Boolean((req.socket as TLSSocket).encrypted),
          typeof req.headers["x-forwarded-proto"] === "string" ? req.headers["x-forwarded-proto"] : undefined,
        );
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
