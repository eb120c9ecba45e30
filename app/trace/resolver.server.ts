/**
 * The GS1-conformant resolver for the app's own keys, framework-free: a request (method, path, query,
 * Accept, origin) in, an answer (status, headers, body) out. The HTTP fast path only writes it out.
 *
 * Paths: /01/{gtin}[/10/{lot}][/21/{serial}] (GS1 Digital Link, parsed with the syntax dictionary) and
 * the app's short paths /t/{code}[/{serial}]. Every batch has a short code, so both land on the same
 * origin page /origin/{code}[/{serial}] (the default link, gs1:pip).
 */
import { certificatePath } from "~/ocop/certificate-paths";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, organisations, products, serialUnits } from "#db/schema";
import { translate, type MessageKey } from "~/lib/i18n";
import { createMemoCache } from "~/lib/memo-cache";
import { parseDigitalLinkPath } from "./gs1/digital-link.server";
import {
  buildLinkset,
  defaultLinkOf,
  LINKSET_MEDIA_TYPE,
  linkTypeKey,
  linksetLinkHeader,
  linksOfType,
  linkTypeUri,
  type AppLink,
  type Language,
  type Linkset,
  type LinksetContext,
} from "./gs1/linkset";
import { explicitlyAccepts, localeFromAcceptLanguage, mediaTypeQuality } from "~/lib/negotiation";
import { formatShortPath, parseShortPath } from "./gs1/serials.server";
import { decompressDigitalLinkPath, isCompressedDigitalLinkPath } from "./gs1/compression.server";

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
  /** The register's certificate the stars come from (its verification page is the gs1:certificationInfo link). */
  certificateNumber: string | null;
  status: "active" | "consumed" | "recalled" | "withdrawn";
  /** The confirmed recall the lot is in (its notice is the gs1:recallStatus link), if any. */
  recallNumber: string | null;
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
  // Stars only while the certificate is valid today (db/sql/ocop_stars.sql).
  ocopStars: sql<number | null>`ocop_stars_on(${products.ocopStars}, ${products.ocopIssuedOn}, ${products.ocopExpiresOn}, ocop_today())`,
  certificateNumber: products.ocopCertificateNumber,
  status: batches.status,
  recallNumber: sql<string | null>`(select r.number from recall_lots rl join recalls r on r.id = rl.recall_id
    where rl.batch_id = ${batches.id} and r.status <> 'draft' order by r.confirmed_at desc limit 1)`,
};

function toRef(row: { ocopStars: number | null } & Omit<BatchRef, "hasOcop">): BatchRef {
  const { ocopStars, ...rest } = row;
  return { ...rest, hasOcop: ocopStars !== null, certificateNumber: ocopStars !== null ? rest.certificateNumber : null };
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
  certificateNumber: string | null;
}

async function findProductByGtin(db: Database, gtin: string): Promise<ProductRef | null> {
  const [row] = await db
    .select({ slug: products.slug, nameVi: products.nameVi, nameEn: products.nameEn, ocopStars: batchRefColumns.ocopStars, certificateNumber: products.ocopCertificateNumber })
    .from(products)
    .where(eq(products.gtin, gtin))
    .limit(1);
  return row
    ? { slug: row.slug, nameVi: row.nameVi, nameEn: row.nameEn, hasOcop: row.ocopStars !== null, certificateNumber: row.ocopStars !== null ? row.certificateNumber : null }
    : null;
}

/** The origin page of a batch or unit, relative to the app's root. */
export function originPath(shortCode: string, serial?: string | null): string {
  return `${ORIGIN_PREFIX}${formatShortPath(shortCode, serial).slice("/t/".length)}`;
}

export function epcisExportPath(shortCode: string): string {
  return `/api/epcis/batches/${shortCode}`;
}

const title = (key: MessageKey) => ({ vi: translate("vi", key), en: translate("en", key) });

/** What a walk-up could not find: the product page then warns that this lot or serial is not registered. */
export type WalkUp = "lot" | "serial";
export const WALK_UP_PARAM = "unregistered";

function productLinks(origin: string, product: ProductRef, isDefault: boolean, walkUp?: WalkUp): AppLink[] {
  const page = `${origin}/products/${encodeURIComponent(product.slug)}`;
  const pip = walkUp ? `${page}?${WALK_UP_PARAM}=${walkUp}` : page;
  const links: AppLink[] = [
    { linkType: "pip", href: { vi: pip, en: `${pip}${walkUp ? "&" : "?"}lang=en` }, title: title("link.productPage"), type: "text/html", isDefault },
    { linkType: "hasRetailers", href: page, title: title("link.hasRetailers"), type: "text/html" },
  ];
  if (product.hasOcop) {
    const href = product.certificateNumber ? `${origin}${certificatePath(product.certificateNumber)}` : `${page}#cert-heading`;
    links.push({ linkType: "certificationInfo", href, title: title("link.certificationInfo"), type: "text/html" });
  }
  return links;
}

function batchLinks(origin: string, batch: BatchRef, serial: string | null, isDefault: boolean, walkUp?: WalkUp): AppLink[] {
  const page = `${origin}${originPath(batch.shortCode, serial)}`;
  const pip = walkUp ? `${page}?${WALK_UP_PARAM}=${walkUp}` : page;
  const productPage = `${origin}/products/${encodeURIComponent(batch.productSlug)}`;
  const perLanguage = (href: string, hash = "") => {
    const sep = href.includes("?") ? "&" : "?";
    return { vi: `${href}${hash}`, en: `${href}${sep}lang=en${hash}` };
  };
  const epcis = `${origin}${epcisExportPath(batch.shortCode)}`;
  const links: AppLink[] = [
    // The default in Vietnamese carries no lang parameter, so a visitor's own language choice still applies.
    { linkType: "pip", href: perLanguage(pip), title: title("link.pip"), type: "text/html", isDefault },
    // The journey for people (the origin page's timeline), the events for machines (EPCIS 2.0 JSON-LD).
    { linkType: "traceability", href: perLanguage(page, "#timeline-h"), title: title("link.traceability"), type: "text/html" },
    { linkType: "epcis", href: epcis, title: title("link.epcis"), type: "application/ld+json" },
    { linkType: "hasRetailers", href: productPage, title: title("link.hasRetailers"), type: "text/html" },
  ];
  if (batch.recallNumber) {
    links.push({ linkType: "recallStatus", href: perLanguage(`${origin}/recalls/${encodeURIComponent(batch.recallNumber)}`), title: title("link.recallStatus"), type: "text/html" });
  } else if (batch.status === "recalled" || batch.status === "withdrawn") {
    links.push({ linkType: "recallStatus", href: perLanguage(page, "#main"), title: title("link.recallStatus"), type: "text/html" });
  }
  if (batch.hasOcop) {
    const href = batch.certificateNumber ? `${origin}${certificatePath(batch.certificateNumber)}` : `${productPage}#cert-heading`;
    links.push({ linkType: "certificationInfo", href, title: title("link.certificationInfo"), type: "text/html" });
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
  /** Accept-Language: picks the link in that language (hreflang) when redirecting. */
  acceptLanguage?: string | undefined;
  /** https://host of the app, for absolute link targets and anchors. */
  origin: string;
}

export function isResolverPath(pathname: string): boolean {
  return pathname.startsWith("/01/") || pathname === "/01" || pathname.startsWith("/t/") || isCompressedDigitalLinkPath(pathname);
}

/** A compressed Digital Link URI's path, decompressed to an uncompressed GTIN one; null when it is not one. */
function decompressRequestPath(pathname: string, search: string): { pathname: string; search: string } | null {
  if (!isCompressedDigitalLinkPath(pathname)) return null;
  const uncompressed = decompressDigitalLinkPath(pathname);
  if (!uncompressed) return null;
  const extra = search === "" ? uncompressed.search : uncompressed.search === "" ? search : `${uncompressed.search}&${search}`;
  return { pathname: uncompressed.pathname, search: extra };
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

/**
 * A linkset is wanted for linkType=all|linkset, or when Accept names application/linkset+json with q > 0
 * and at least the q of HTML (q=0 means "not this").
 */
function wantsLinkset(linkType: string | undefined, accept: string | undefined): boolean {
  if (linkType === "all" || linkType === "linkset") return true;
  if (linkType !== undefined || !explicitlyAccepts(accept, LINKSET_MEDIA_TYPE)) return false;
  return mediaTypeQuality(accept, LINKSET_MEDIA_TYPE) >= mediaTypeQuality(accept, "text/html");
}

/** The JSON-LD context of GS1's linksets, linked from every linkset answer and the description file. */
export const LINKSET_JSONLD_CONTEXT = "https://ref.gs1.org/voc/linkset/context.jsonld";

const notFound = { kind: "not_found", status: 404, reason: "unknown_key" } as const;

function describe(product: { nameVi: string }, lot?: string, serial?: string | null): string {
  return [product.nameVi, lot ? `lô ${lot}` : null, serial ? `số sê-ri ${serial}` : null].filter(Boolean).join(", ");
}

/**
 * Resolves one request. Syntax is checked before any database access; 404 for keys the app does not
 * know (and for link types it does not offer); an unknown lot or serial of a known GTIN or lot walks up to
 * the next level's links, whose page warns that this lot or serial is not registered; 307 to the default
 * (or asked-for) link in the visitor's language with the query passed on; 200 with a linkset for
 * linkType=all|linkset. OPTIONS is answered by the caller with corsHeaders().
 */
export async function resolveRequest(db: Database, input: ResolveInput): Promise<ResolverAnswer> {
  let contexts: LinksetContext[];
  let batch: BatchRef | null = null;
  let serial: string | null = null;
  let linkType: string | undefined;
  let pathname = input.pathname;
  let search = input.search;
  let sameAs: string | undefined;

  const decompressed = decompressRequestPath(pathname, search);
  if (decompressed) {
    pathname = decompressed.pathname;
    search = decompressed.search;
    sameAs = `${input.origin}${pathname}${search ? `?${search}` : ""}`;
  }

  if (pathname.startsWith("/t/")) {
    const parsed = parseShortPath(pathname);
    if (!parsed.ok) return { kind: "bad_request", status: 400, reason: parsed.reason, detail: parsed.detail };
    linkType = new URLSearchParams(search).get("linkType") ?? undefined;
    batch = await findBatchByShortCode(db, parsed.code);
    if (!batch) return notFound;
    serial = parsed.serial;
    const batchAnchor = `${input.origin}${formatShortPath(batch.shortCode)}`;
    const batchItem = describe({ nameVi: batch.productNameVi }, batch.lotCode);
    if (serial && !(await serialExists(db, batch.id, serial))) {
      // Walk up to the lot: its page says this serial is not registered.
      contexts = [{ anchor: batchAnchor, itemDescription: batchItem, links: batchLinks(input.origin, batch, null, true, "serial") }];
      serial = null;
    } else {
      contexts = serial
        ? [
            {
              anchor: `${input.origin}${formatShortPath(batch.shortCode, serial)}`,
              itemDescription: describe({ nameVi: batch.productNameVi }, batch.lotCode, serial),
              links: batchLinks(input.origin, batch, serial, true),
            },
            { anchor: batchAnchor, itemDescription: batchItem, links: batchLinks(input.origin, batch, null, false) },
          ]
        : [{ anchor: batchAnchor, itemDescription: batchItem, links: batchLinks(input.origin, batch, null, true) }];
    }
  } else {
    const parsed = parseDigitalLinkPath(pathname, search);
    if (!parsed.ok) return { kind: "bad_request", status: 400, reason: parsed.reason, detail: parsed.detail };
    linkType = parsed.params.linkType;
    const { gtin, lot, cpv } = parsed.key;
    serial = parsed.key.serial ?? null;
    // The app issues no consumer product variants: a /22/ key is well-formed but not ours.
    if (cpv !== undefined) return notFound;
    const product = await findProductByGtin(db, gtin);
    if (!product) return notFound;
    const gtinAnchor = `${input.origin}/01/${gtin}`;
    const gtinContext = (isDefault: boolean, walkUp?: WalkUp): LinksetContext => ({
      anchor: gtinAnchor,
      itemDescription: describe(product),
      links: productLinks(input.origin, product, isDefault, walkUp),
    });
    if (lot === undefined && serial === null) {
      contexts = [gtinContext(true)];
    } else {
      batch = lot !== undefined ? await findBatchByGtinLot(db, gtin, lot) : await findBatchByGtinSerial(db, gtin, serial as string);
      if (!batch) {
        // Walk up to the GTIN: the product page it lands on warns that this lot (or serial) is not registered.
        contexts = [gtinContext(true, lot !== undefined ? "lot" : "serial")];
        serial = null;
      } else if (serial && lot !== undefined && !(await serialExists(db, batch.id, serial))) {
        const lotPath = parsed.canonicalPath.slice(0, parsed.canonicalPath.lastIndexOf("/21/"));
        contexts = [
          { anchor: `${input.origin}${lotPath}`, itemDescription: describe(product, batch.lotCode), links: batchLinks(input.origin, batch, null, true, "serial") },
          gtinContext(false),
        ];
        serial = null;
      } else {
        const levels: LinksetContext[] = [
          {
            anchor: `${input.origin}${parsed.canonicalPath}`,
            itemDescription: describe(product, batch.lotCode, serial),
            links: batchLinks(input.origin, batch, serial, true),
          },
        ];
        if (serial && lot !== undefined) {
          const lotPath = parsed.canonicalPath.slice(0, parsed.canonicalPath.lastIndexOf("/21/"));
          levels.push({ anchor: `${input.origin}${lotPath}`, itemDescription: describe(product, batch.lotCode), links: batchLinks(input.origin, batch, null, false) });
        }
        levels.push(gtinContext(false));
        contexts = levels;
      }
    }
  }

  const linkset = buildLinkset(contexts);
  const selfHref = `${input.origin}${pathname.replace(/\/+$/, "")}?linkType=linkset`;
  const headers: Record<string, string> = { ...CORS_HEADERS, Vary: "Accept, Accept-Language" };
  if (wantsLinkset(linkType, input.accept)) {
    headers["Content-Type"] = `${LINKSET_MEDIA_TYPE}`;
    headers["Cache-Control"] = "public, max-age=60";
    headers.Link = `${linksetLinkHeader(selfHref, sameAs)}, <${LINKSET_JSONLD_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
    return { kind: "found", status: 200, headers, body: JSON.stringify(linkset), batch, serial };
  }
  const language: Language = localeFromAcceptLanguage(input.acceptLanguage) ?? "vi";
  let target: string;
  if (linkType) {
    const key = linkTypeKey(linkType);
    const asked = key ? linksOfType(linkset, key, language)[0] : undefined;
    // A link type the app does not offer for this item is not found: no silent redirect to the default.
    if (!asked) return notFound;
    target = asked.href;
  } else {
    target = defaultTarget(linkset, language);
  }
  headers.Location = withQuery(target, search);
  headers.Link = linksetLinkHeader(selfHref, sameAs);
  // Redirects are not cached: each scan must reach the server to be counted.
  headers["Cache-Control"] = "no-store";
  return { kind: "found", status: 307, headers, body: null, batch, serial };
}

/** The default link in the visitor's language (defaultLinkMulti carries one per hreflang). */
function defaultTarget(linkset: Linkset, language: Language): string {
  const multi = linksOfType(linkset, linkTypeUri("defaultLinkMulti"), language)[0];
  if (multi && multi.hreflang?.includes(language)) return multi.href;
  return defaultLinkOf(linkset).href;
}

/** The link types the resolver offers, all ratified in the GS1 Web Vocabulary (gs1-web-voc-linktypes.json). */
export const OFFERED_LINK_TYPES = ["pip", "traceability", "epcis", "certificationInfo", "hasRetailers", "recallStatus"] as const;

/** The description file at /.well-known/gs1resolver (GS1-Conformant Resolver 1.2, section 6); origin is PUBLIC_URL. */
export function resolverDescription(origin: string): Record<string, unknown> {
  return {
    name: "OCOP Trace resolver",
    resolverRoot: origin,
    supportedPrimaryKeys: ["01"],
    linkTypeDefaultCanBeLinkset: false,
    supportedLinkType: OFFERED_LINK_TYPES.map((t) => ({
      namespace: "https://ref.gs1.org/voc/",
      prefix: "gs1:",
      profile: "https://ref.gs1.org/voc/?show=linktypes",
      linkType: `gs1:${t}`,
    })),
    jsonLdContextLocation: LINKSET_JSONLD_CONTEXT,
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
    // The answer depends on the target, whether a linkset is wanted and the preferred language: all in the key.
    const language = localeFromAcceptLanguage(input.acceptLanguage) ?? "vi";
    const key = `${input.origin} ${input.pathname}?${input.search} ${wantsLinkset(undefined, input.accept) ? "L" : "-"}${language}`;
    return answers.get(key, () => resolveRequest(db, input));
  };
}
