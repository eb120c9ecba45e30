/**
 * RFC 9264 linksets (`application/linkset+json`) shaped like GS1's model linkset, for the resolver's
 * `linkType=linkset` / `linkType=all` answers, plus the HTTP Link header form. Pure: safe anywhere.
 *
 * Link-type keys are full URIs in the GS1 Web Vocabulary namespace as the model linkset writes them
 * (https://ref.gs1.org/voc/pip); GS1_VOC is the one place to change if the resolver is asked for gs1.org/voc.
 */

export const LINKSET_MEDIA_TYPE = "application/linkset+json";
export const GS1_VOC = "https://ref.gs1.org/voc/";

/** GS1 Web Vocabulary link types this app publishes (a resolver SHALL NOT invent duplicates of GS1's). */
export const GS1_LINK_TYPES = [
  "pip",
  "traceability",
  "certificationInfo",
  "hasRetailers",
  "verificationService",
  "recallStatus",
  "sustainabilityInfo",
  "homepage",
  "instructions",
  "masterData",
  "epcis",
] as const;
export type Gs1LinkType = (typeof GS1_LINK_TYPES)[number];

export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface AppLink {
  linkType: Gs1LinkType;
  /** One target per language (the origin page in vi and en) or one for all (an EPCIS document). */
  href: string | Record<Language, string>;
  title: Record<Language, string>;
  /** Media type of the target, e.g. text/html or application/ld+json. */
  type?: string;
  /** The one link the resolver redirects to when no link type is asked for. */
  isDefault?: boolean;
}

/** One level of the identifier: the GTIN, the batch (GTIN + lot) or the unit (+ serial). */
export interface LinksetContext {
  /** The uncompressed GS1 Digital Link URI (or the app's short URI) the links are about. */
  anchor: string;
  /** What the anchor identifies (GS1's linkset schema requires it), e.g. the product's name and lot. */
  itemDescription: string;
  links: AppLink[];
}

export interface LinkTarget {
  href: string;
  title: string;
  type?: string;
  hreflang?: Language[];
}

export type LinksetContextObject = { anchor: string; itemDescription: string } & { [linkType: string]: LinkTarget[] | string };
export interface Linkset {
  linkset: LinksetContextObject[];
}

export const linkTypeUri = (linkType: Gs1LinkType | "defaultLink" | "defaultLinkMulti") => `${GS1_VOC}${linkType}`;

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function targetsOf(link: AppLink, primary: Language): LinkTarget[] {
  const base = link.type ? { type: link.type } : {};
  if (typeof link.href === "string") {
    // One target for all languages, titled in the primary language (GS1's linkset schema allows no title*).
    return [{ href: link.href, title: link.title[primary], ...base }];
  }
  const hrefs = link.href;
  return LANGUAGES.map((language) => ({ href: hrefs[language], title: link.title[language], ...base, hreflang: [language] }));
}

/**
 * Builds the linkset for a request URI: one context object per identifier level, most specific first.
 * Throws on data that would make a non-conformant answer (no or several defaults, missing titles,
 * relative targets): those are programming errors, not user input.
 */
export function buildLinkset(contexts: readonly LinksetContext[], primary: Language = "vi"): Linkset {
  const defaults = contexts.flatMap((c) => c.links.filter((l) => l.isDefault));
  if (defaults.length !== 1) throw new Error(`A linkset needs exactly one default link, got ${defaults.length}`);
  const linkset = contexts.map((context) => {
    if (!isAbsoluteHttpUrl(context.anchor) && !context.anchor.startsWith("urn:")) {
      throw new Error(`Anchor must be an absolute URI: ${context.anchor}`);
    }
    if (!context.itemDescription.trim()) throw new Error(`Context ${context.anchor} needs an itemDescription`);
    const object: LinksetContextObject = { anchor: context.anchor, itemDescription: context.itemDescription };
    for (const link of context.links) {
      if (!(GS1_LINK_TYPES as readonly string[]).includes(link.linkType)) throw new Error(`Unknown link type ${link.linkType}`);
      if (LANGUAGES.some((language) => !link.title[language]?.trim())) {
        throw new Error(`Link ${link.linkType} needs a title in every language`);
      }
      const targets = targetsOf(link, primary);
      for (const t of targets) {
        if (!isAbsoluteHttpUrl(t.href)) throw new Error(`Link target must be an absolute http(s) URL: ${t.href}`);
      }
      const key = linkTypeUri(link.linkType);
      object[key] = [...((object[key] as LinkTarget[] | undefined) ?? []), ...targets];
      if (link.isDefault) {
        // The default in the primary language; every language variant under defaultLinkMulti.
        const preferred = targets.find((t) => t.hreflang?.includes(primary)) ?? (targets[0] as LinkTarget);
        object[linkTypeUri("defaultLink")] = [{ href: preferred.href, title: preferred.title }];
        if (targets.length > 1) object[linkTypeUri("defaultLinkMulti")] = targets;
      }
    }
    return object;
  });
  return { linkset };
}

/** The default link of a linkset, for the resolver's redirect. */
export function defaultLinkOf(linkset: Linkset): LinkTarget {
  for (const context of linkset.linkset) {
    const targets = context[linkTypeUri("defaultLink")];
    if (Array.isArray(targets) && targets[0]) return targets[0];
  }
  throw new Error("Linkset has no default link");
}

/** The namespaces a link type may be asked for in: GS1's current one, and the older gs1.org/voc. */
const GS1_NAMESPACES = ["https://ref.gs1.org/voc/", "http://ref.gs1.org/voc/", "https://gs1.org/voc/", "http://gs1.org/voc/", "https://www.gs1.org/voc/"];

/**
 * The linkset key (full URI in GS1_VOC) a `linkType` query value names: a CURIE (gs1:pip) or a full URI
 * in any GS1 namespace. null for anything else (another namespace, a bare word) — the resolver answers 404.
 */
export function linkTypeKey(value: string): string | null {
  let name: string | undefined;
  if (value.startsWith("gs1:")) name = value.slice(4);
  else {
    const namespace = GS1_NAMESPACES.find((ns) => value.startsWith(ns));
    if (namespace) name = value.slice(namespace.length);
  }
  return name && /^[A-Za-z]+$/.test(name) ? `${GS1_VOC}${name}` : null;
}

/**
 * The targets of one link type (a key from linkTypeKey) over all levels, most specific first; within a
 * level, targets in `language` (hreflang) come first.
 */
export function linksOfType(linkset: Linkset, key: string, language?: Language): LinkTarget[] {
  return linkset.linkset.flatMap((c) => {
    const targets = c[key];
    if (!Array.isArray(targets)) return [];
    if (!language) return targets;
    const rank = (t: LinkTarget) => (t.hreflang === undefined ? 1 : t.hreflang.includes(language) ? 0 : 2);
    return [...targets].sort((a, b) => rank(a) - rank(b));
  });
}

/**
 * The RFC 8288 Link header of a resolver answer: the linkset only (listing every link in the header is
 * deprecated by GS1-Conformant Resolver 1.2), plus `owl:sameAs` with the uncompressed URI when the request
 * was a compressed Digital Link URI.
 */
export function linksetLinkHeader(linksetHref: string, sameAs?: string): string {
  const parts = [`<${linksetHref}>; rel="linkset"; type="${LINKSET_MEDIA_TYPE}"`];
  if (sameAs) parts.push(`<${sameAs}>; rel="owl:sameAs"`);
  return parts.join(", ");
}
