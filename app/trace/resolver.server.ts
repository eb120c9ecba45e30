/**
 * The GS1-conformant resolver for the app's own keys, framework-free: a request (method, path, query,
 * Accept, origin) in, an answer (status, headers, body) out. The HTTP fast path only writes it out.
 *
 * Paths: /01/{gtin}[/10/{lot}][/21/{serial}] (GS1 Digital Link, parsed with the syntax dictionary) and
 * the app's short paths /t/{code}[/{serial}]. Every batch has a short code, so both land on the same
 * origin page /origin/{code}[/{serial}] (the default link, gs1:pip).
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, organisations, products, serialUnits } from "#db/schema";
import { translate, type MessageKey } from "~/lib/i18n";
import { createMemoCache } from "~/lib/memo-cache";
import { parseDigitalLinkPath } from "./gs1/digital-link.server";
import {
  buildLinkset,
  defaultLinkOf,
  formatLinkHeader,
  LINKSET_MEDIA_TYPE,
  linksOfType,
  type AppLink,
  type Linkset,
  type LinksetContext,
} from "./gs1/linkset";
import { formatShortPath, parseShortPath } from "./gs1/serials.server";

export const ORIGIN_PREFIX = "/origin/";

/** A batch as the resolver and the origin page's cache need it: identity and where it links. */
export interface BatchRef {
  id: string;
  organisationId: string;
  shortCode: string;
  lotCode: string;
  gtin: string | null;
  productSlug: string;
  productNameVi: string;
  productNameEn: string | null;
  hasOcop: boolean;
  status: "active" | "consumed" | "recalled" | "withdrawn";
}

const batchRefColumns = {
  id: batches.id,
  organisationId: batches.organisationId,
  shortCode: batches.shortCode,
  lotCode: batches.lotCode,
  gtin: products.gtin,
  productSlug: products.slug,
  productNameVi: products.nameVi,
  productNameEn: products.nameEn,
  ocopStars: products.ocopStars,
  status: batches.status,
};

function toRef(row: { ocopStars: number | null } & Omit<BatchRef, "hasOcop">): BatchRef {
  const { ocopStars, ...rest } = row;
  return { ...rest, hasOcop: ocopStars !== null };
}

function baseQuery(db: Database) {
  return db
    .select(batchRefColumns)
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .innerJoin(organisations, eq(organisations.id, batches.organisationId));
}

export async function findBatchByShortCode(db: Database, code: string): Promise<BatchRef | null> {
  const [row] = await baseQuery(db).where(eq(batches.shortCode, code)).limit(1);
  return row ? toRef(row) : null;
}

export async function findBatchByGtinLot(db: Database, gtin: string, lot: string): Promise<BatchRef | null> {
  const [row] = await baseQuery(db)
    .where(and(eq(products.gtin, gtin), eq(batches.lotCode, lot)))
    .limit(1);
  return row ? toRef(row) : null;
}

/** A serial of a product's batches when the lot is not in the URI (/01/{gtin}/21/{serial}). */
export async function findBatchByGtinSerial(db: Database, gtin: string, serial: string): Promise<BatchRef | null> {
  const rows = await baseQuery(db)
    .innerJoin(serialUnits, eq(serialUnits.batchId, batches.id))
    .where(and(eq(products.gtin, gtin), eq(serialUnits.serial, serial)))
    .limit(2);
  // Serials are unique per batch only: two batches with the same serial cannot be told apart.
  return rows.length === 1 && rows[0] ? toRef(rows[0]) : null;
}

export async function serialExists(db: Database, batchId: string, serial: string): Promise<boolean> {
  const [row] = await db
    .select({ serial: serialUnits.serial })
    .from(serialUnits)
    .where(and(eq(serialUnits.batchId, batchId), eq(serialUnits.serial, serial)))
    .limit(1);
  return Boolean(row);
}

interface ProductRef {
  slug: string;
  nameVi: string;
  nameEn: string | null;
  hasOcop: boolean;
}

async function findProductByGtin(db: Database, gtin: string): Promise<ProductRef | null> {
  const [row] = await db
    .select({ slug: products.slug, nameVi: products.nameVi, nameEn: products.nameEn, ocopStars: products.ocopStars })
    .from(products)
    .where(eq(products.gtin, gtin))
    .limit(1);
  return row ? { slug: row.slug, nameVi: row.nameVi, nameEn: row.nameEn, hasOcop: row.ocopStars !== null } : null;
}

/** The origin page of a batch or unit, relative to the app's root. */
export function originPath(shortCode: string, serial?: string | null): string {
  return `${ORIGIN_PREFIX}${formatShortPath(shortCode, serial).slice("/t/".length)}`;
}

export function epcisExportPath(shortCode: string): string {
  return `/api/epcis/batches/${shortCode}`;
}

const title = (key: MessageKey) => ({ vi: translate("vi", key), en: translate("en", key) });

function productLinks(origin: string, product: ProductRef, isDefault: boolean): AppLink[] {
  const page = `${origin}/products/${encodeURIComponent(product.slug)}`;
  const links: AppLink[] = [
    { linkType: "pip", href: { vi: page, en: `${page}?lang=en` }, title: title("link.productPage"), type: "text/html", isDefault },
    { linkType: "buyOnline", href: page, title: title("link.buyOnline"), type: "text/html" },
  ];
  if (product.hasOcop) {
    links.push({ linkType: "certificationInfo", href: `${page}#cert-heading`, title: title("link.certificationInfo"), type: "text/html" });
  }
  return links;
}

function batchLinks(origin: string, batch: BatchRef, serial: string | null, isDefault: boolean): AppLink[] {
  const page = `${origin}${originPath(batch.shortCode, serial)}`;
  const productPage = `${origin}/products/${encodeURIComponent(batch.productSlug)}`;
  const links: AppLink[] = [
    // The default in Vietnamese carries no lang parameter, so a visitor's own language choice still applies.
    { linkType: "pip", href: { vi: page, en: `${page}?lang=en` }, title: title("link.pip"), type: "text/html", isDefault },
    {
      linkType: "traceability",
      href: `${origin}${epcisExportPath(batch.shortCode)}`,
      title: title("link.traceability"),
      type: "application/ld+json",
    },
    { linkType: "buyOnline", href: productPage, title: title("link.buyOnline"), type: "text/html" },
  ];
  if (batch.hasOcop) {
    links.push({ linkType: "certificationInfo", href: `${productPage}#cert-heading`, title: title("link.certificationInfo"), type: "text/html" });
  }
  return links;
}

export type ResolverAnswer =
  | { kind: "bad_request"; status: 400; reason: string; detail: string }
  | { kind: "not_found"; status: 404; reason: "unknown_key" }
  | {
      kind: "found";
      status: 200 | 307;
      headers: Record<string, string>;
      body: string | null;
      /** The batch behind the key, for scans; null for a product-level key. */
      batch: BatchRef | null;
      serial: string | null;
    };

export interface ResolveInput {
  method: string;
  pathname: string;
  /** The raw query string without "?" (passed on when redirecting). */
  search: string;
  accept: string | undefined;
  /** https://host of the app, for absolute link targets and anchors. */
  origin: string;
}

export function isResolverPath(pathname: string): boolean {
  return pathname.startsWith("/01/") || pathname === "/01" || pathname.startsWith("/t/");
}

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Accept, Accept-Language",
  "Access-Control-Expose-Headers": "Link, Location",
} as const;

export function corsHeaders(): Record<string, string> {
  return { ...CORS_HEADERS };
}

/** Merges the request's query (minus linkType, which asked for this target) into a target URL. */
function withQuery(href: string, search: string): string {
  const params = search
    .split("&")
    .filter((p) => p !== "" && !p.startsWith("linkType="));
  if (params.length === 0) return href;
  const hashAt = href.indexOf("#");
  const base = hashAt === -1 ? href : href.slice(0, hashAt);
  const hash = hashAt === -1 ? "" : href.slice(hashAt);
  return `${base}${base.includes("?") ? "&" : "?"}${params.join("&")}${hash}`;
}

function wantsLinkset(linkType: string | undefined, accept: string | undefined): boolean {
  if (linkType === "all" || linkType === "linkset") return true;
  return linkType === undefined && Boolean(accept?.includes(LINKSET_MEDIA_TYPE));
}

/**
 * Resolves one request. Syntax is checked before any database access; 404 for keys the app does not
 * know; 307 to the default (or asked-for) link with the query passed on; 200 with a linkset for
 * linkType=all|linkset. OPTIONS is answered by the caller with corsHeaders().
 */
export async function resolveRequest(db: Database, input: ResolveInput): Promise<ResolverAnswer> {
  let contexts: LinksetContext[];
  let batch: BatchRef | null = null;
  let serial: string | null = null;
  let linkType: string | undefined;

  if (input.pathname.startsWith("/t/")) {
    const parsed = parseShortPath(input.pathname);
    if (!parsed.ok) return { kind: "bad_request", status: 400, reason: parsed.reason, detail: parsed.detail };
    linkType = new URLSearchParams(input.search).get("linkType") ?? undefined;
    batch = await findBatchByShortCode(db, parsed.code);
    if (!batch) return { kind: "not_found", status: 404, reason: "unknown_key" };
    serial = parsed.serial;
    if (serial && !(await serialExists(db, batch.id, serial))) return { kind: "not_found", status: 404, reason: "unknown_key" };
    const batchAnchor = `${input.origin}${formatShortPath(batch.shortCode)}`;
    contexts = serial
      ? [
          { anchor: `${input.origin}${formatShortPath(batch.shortCode, serial)}`, links: batchLinks(input.origin, batch, serial, true) },
          { anchor: batchAnchor, links: batchLinks(input.origin, batch, null, false) },
        ]
      : [{ anchor: batchAnchor, links: batchLinks(input.origin, batch, null, true) }];
  } else {
    const parsed = parseDigitalLinkPath(input.pathname, input.search);
    if (!parsed.ok) return { kind: "bad_request", status: 400, reason: parsed.reason, detail: parsed.detail };
    linkType = parsed.params.linkType;
    const { gtin, lot, cpv } = parsed.key;
    serial = parsed.key.serial ?? null;
    // The app issues no consumer product variants: a /22/ key is well-formed but not ours.
    if (cpv !== undefined) return { kind: "not_found", status: 404, reason: "unknown_key" };
    const product = await findProductByGtin(db, gtin);
    if (!product) return { kind: "not_found", status: 404, reason: "unknown_key" };
    const gtinAnchor = `${input.origin}/01/${gtin}`;
    if (lot === undefined && serial === null) {
      contexts = [{ anchor: gtinAnchor, links: productLinks(input.origin, product, true) }];
    } else {
      batch = lot !== undefined ? await findBatchByGtinLot(db, gtin, lot) : await findBatchByGtinSerial(db, gtin, serial as string);
      if (!batch) return { kind: "not_found", status: 404, reason: "unknown_key" };
      if (serial && lot !== undefined && !(await serialExists(db, batch.id, serial))) {
        return { kind: "not_found", status: 404, reason: "unknown_key" };
      }
      const levels: LinksetContext[] = [
        { anchor: `${input.origin}${parsed.canonicalPath}`, links: batchLinks(input.origin, batch, serial, true) },
      ];
      if (serial && lot !== undefined) {
        const lotPath = parsed.canonicalPath.slice(0, parsed.canonicalPath.lastIndexOf("/21/"));
        levels.push({ anchor: `${input.origin}${lotPath}`, links: batchLinks(input.origin, batch, null, false) });
      }
      levels.push({ anchor: gtinAnchor, links: productLinks(input.origin, product, false) });
      contexts = levels;
    }
  }

  const linkset = buildLinkset(contexts);
  const selfHref = `${input.origin}${input.pathname.replace(/\/+$/, "")}?linkType=linkset`;
  const headers: Record<string, string> = { ...CORS_HEADERS, Vary: "Accept" };
  if (wantsLinkset(linkType, input.accept)) {
    headers["Content-Type"] = `${LINKSET_MEDIA_TYPE}`;
    headers["Cache-Control"] = "public, max-age=60";
    headers.Link = `<${selfHref}>; rel="linkset"; type="${LINKSET_MEDIA_TYPE}"`;
    return { kind: "found", status: 200, headers, body: JSON.stringify(linkset), batch, serial };
  }
  const target = pickTarget(linkset, linkType);
  headers.Location = withQuery(target, input.search);
  headers.Link = formatLinkHeader(linkset, selfHref);
  // Redirects are not cached: each scan must reach the server to be counted.
  headers["Cache-Control"] = "no-store";
  return { kind: "found", status: 307, headers, body: null, batch, serial };
}

function pickTarget(linkset: Linkset, linkType: string | undefined): string {
  if (linkType) {
    const asked = linksOfType(linkset, linkType)[0];
    if (asked) return asked.href;
  }
  return defaultLinkOf(linkset).href;
}

/** The description file at /.well-known/gs1resolver (GS1-Conformant Resolver 1.2, section 6). */
export function resolverDescription(origin: string): Record<string, unknown> {
  return {
    name: "OCOP Trace resolver",
    resolverRoot: origin,
    supportedPrimaryKeys: ["01"],
    linkTypeDefaultCanBeLinkset: false,
    supportedLinkType: ["gs1:pip", "gs1:traceability", "gs1:certificationInfo", "gs1:buyOnline"].map((t) => ({
      namespace: "https://ref.gs1.org/voc/",
      prefix: "gs1:",
      profile: "https://ref.gs1.org/voc/?show=linktypes",
      linkType: t,
    })),
    contact: { fn: "OCOP Trace" },
  };
}

export interface CachedResolverOptions {
  /** How long a known key's answer is reused; issuing serials or new lots shows within this. */
  foundMs?: number;
  /** How long an unknown key's 404 is reused (a flood of one bad code costs one lookup per window). */
  notFoundMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * resolveRequest with answers kept in memory per request target for a few seconds: a label's code is
 * scanned many times, and what it resolves to (batch, links) changes rarely. Syntax errors are not kept.
 */
export function createCachedResolver(db: Database, options: CachedResolverOptions = {}) {
  const { foundMs = 5000, notFoundMs = 1000, maxEntries = 20_000, now = Date.now } = options;
  const answers = createMemoCache<ResolverAnswer>({
    freshMs: (answer) => (answer.kind === "found" ? foundMs : notFoundMs),
    keep: (answer) => answer.kind !== "bad_request",
    maxEntries,
    now,
  });
  return (input: ResolveInput): Promise<ResolverAnswer> => {
    const key = `${input.origin} ${input.pathname}?${input.search} ${wantsLinkset(undefined, input.accept) ? "L" : "-"}`;
    return answers.get(key, () => resolveRequest(db, input));
  };
}
