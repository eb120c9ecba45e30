import type { Database } from "#db/client.server";
import { hasDemoData } from "~/catalog/catalog.server";
import {
  documentLinks,
  originDocumentHeaders,
  renderNotRegisteredDocument,
  renderOriginDocument,
} from "~/components/origin/origin-document";
import { isLocale, LOCALE_COOKIE, type Locale } from "~/lib/i18n";
import { localeFromAcceptLanguage } from "~/lib/negotiation";
import { getOriginPage, getOriginStamp, parseOriginCode, type OriginStamp } from "~/trace/origin.server";
import { originPath } from "~/trace/resolver.server";
import { deviceClassOf, scanProvinceOf, type ScanRecorder } from "~/trace/scans.server";
import type { FastPath } from "./app-server";
import { createByteCache, sendablePage, sendPage, vietnamDay, type RenderedPage } from "./byte-cache";

export interface OriginFastPathOptions {
  db: Database;
  scans: ScanRecorder;
  /** The public origin (PUBLIC_URL) the page's absolute links are written for; never the request's Host. */
  publicUrl: string;
  /** The root route's `links()` (stylesheet, icon), so the page is styled like every Remix page. */
  links?: readonly unknown[];
  /** How long a cached copy is served before its stamp is checked against the database again. */
  freshMs?: number;
  maxEntries?: number;
  maxBytes?: number;
  /** false renders every request (kept for measuring the cold path); scans are still recorded. */
  cache?: boolean;
  now?: () => number;
}

export interface OriginFastPath extends FastPath {
  stats(): { entries: number; bytes: number; hits: number; revalidations: number; renders: number };
  clear(): void;
}

/** The language cookie when set, else the Accept-Language header's preferred locale, else Vietnamese. */
function localeOf(cookieHeader: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookieHeader) {
    for (const part of cookieHeader.split(";")) {
      const [name, value] = part.trim().split("=");
      if (name === LOCALE_COOKIE && isLocale(value)) return value;
    }
  }
  return localeFromAcceptLanguage(acceptLanguage) ?? "vi";
}

/** The batch a served page shows, to count its scan. */
type ScannedBatch = { batchId: string; organisationId: string } | null;

const versionOf = (stamp: OriginStamp | null) => (stamp ? stamp.version : "unknown");

/**
 * The QR origin page, rendered here from `getOriginPage` by the one string renderer (no Remix, no React)
 * and kept in the byte cache per (code, serial, language, day), checked against the batch's stamp (status,
 * chain head, product and producer updates, scan flag) at most once per `freshMs`; a changed stamp re-renders.
 * See docs/decisions/0005-origin-page-cache.md.
 */
export function createOriginFastPath(options: OriginFastPathOptions): OriginFastPath {
  const { db, scans, freshMs = 1000, maxEntries = 20_000, maxBytes = 256 * 1024 * 1024, cache = true, now = Date.now } = options;
  const pages = createByteCache<ScannedBatch>({ freshMs, maxEntries, maxBytes, now });
  const links = documentLinks(options.links ?? []);

  /** One lookup plus one parallel round of queries (the stamp comes with the page), then a string template. */
  async function render(code: string, serial: string | null, locale: Locale, walkUp: boolean): Promise<RenderedPage<ScannedBatch>> {
    const [page, demo] = await Promise.all([getOriginPage(db, code, serial), hasDemoData(db)]);
    const shell = { links, demo };
    const status = page ? 200 : 404;
    const body = page
      ? renderOriginDocument({ page, locale, today: vietnamDay(now()), shell, walkUp })
      : renderNotRegisteredDocument({ status: 404, locale, path: originPath(code, serial), shell });
    const stamp = page?.stamp ?? null;
    return {
      status,
      headers: originDocumentHeaders(status),
      body: Buffer.from(body),
      // The page and the "not registered" page both depend on the stamp alone: both are kept.
      stamp: { stamp: versionOf(stamp), check: async () => versionOf(await getOriginStamp(db, code, serial)) },
      meta: stamp ? { batchId: stamp.batchId, organisationId: stamp.organisationId } : null,
    };
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
    // ?lang= first, then the visitor's saved choice, then (a first visit) the browser's Accept-Language.
    const locale: Locale = isLocale(lang) ? lang : localeOf(req.headers.cookie, req.headers["accept-language"]);
    // The resolver walked up to this lot from a serial it does not know (only on a lot's page).
    const walkUp = parsed.serial === null && url.searchParams.get("unregistered") === "serial";
    const renderPage = () => render(parsed.code, parsed.serial, locale, walkUp);
    // With the cache off each request renders (to measure it).
    const page = cache
      ? await pages.page(`${parsed.code}/${parsed.serial ?? ""}|${locale}${walkUp ? "!" : ""}|${vietnamDay(now())}`, renderPage)
      : sendablePage(await renderPage());

    if (req.method === "GET" && page.status === 200 && page.meta) {
      scans.record({
        ...page.meta,
        serial: parsed.serial,
        provinceCode: await scanProvinceOf(db, url.searchParams.get("p")),
        device: deviceClassOf(req.headers["user-agent"]),
        at: new Date(now()),
        unregistered: walkUp,
      });
    }
    sendPage(req, res, page);
    return true;
  }) as OriginFastPath;
  fastPath.stats = () => pages.stats();
  fastPath.clear = () => pages.clear();
  return fastPath;
}
