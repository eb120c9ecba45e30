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
  "buyOnline",
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
  itemDescription?: string;
  links: AppLink[];
}

export interface LinkTarget {
  href: string;
  title: string;
  "title*"?: { value: string; language: Language }[];
  type?: string;
  hreflang?: Language[];
}

export type LinksetContextObject = { anchor: string; itemDescription?: string } & { [linkType: string]: LinkTarget[] | string };
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
    // One target for all languages: the title in the primary language, every language in title* (RFC 9264 4.2.4.2).
    return [
      {
        href: link.href,
        title: link.title[primary],
        "title*": LANGUAGES.map((language) => ({ value: link.title[language], language })),
        ...base,
      },
    ];
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
    const object: LinksetContextObject = { anchor: context.anchor };
    if (context.itemDescription) object.itemDescription = context.itemDescription;
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

/** The targets of one link type over all levels, most specific first (for ?linkType=gs1:pip). */
export function linksOfType(linkset: Linkset, linkType: string): LinkTarget[] {
  const key = linkType.startsWith("gs1:") ? `${GS1_VOC}${linkType.slice(4)}` : linkType;
  return linkset.linkset.flatMap((c) => {
    const targets = c[key];
    return Array.isArray(targets) ? targets : [];
  });
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

// RFC 8187 ext-value for header parameters with non-ASCII text (Vietnamese titles).
function extValue(value: string, language: string): string {
  const encoded = encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `UTF-8'${language}'${encoded}`;
}

function asciiFallback(value: string): string {
  return value.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[^\x20-\x7e]/g, "");
}

/**
 * The RFC 8288 Link header for a linkset: every link (rel = link-type URI), then a link to the linkset
 * itself, so a redirect also tells clients what else there is.
 */
export function formatLinkHeader(linkset: Linkset, linksetHref: string): string {
  const parts: string[] = [];
  for (const context of linkset.linkset) {
    for (const [rel, value] of Object.entries(context)) {
      if (!Array.isArray(value) || rel === linkTypeUri("defaultLinkMulti")) continue;
      for (const target of value) {
        const language = target.hreflang?.[0];
        let part = `<${target.href}>; rel=${quoted(rel)}; anchor=${quoted(context.anchor)}`;
        // title must be ASCII in a header; the Unicode title goes in title* (RFC 8288 3.4.1).
        part += /^[\x20-\x7e]*$/.test(target.title)
          ? `; title=${quoted(target.title)}`
          : `; title=${quoted(asciiFallback(target.title))}; title*=${extValue(target.title, language ?? "")}`;
        if (language) part += `; hreflang=${quoted(language)}`;
        if (target.type) part += `; type=${quoted(target.type)}`;
        parts.push(part);
      }
    }
  }
  parts.push(`<${linksetHref}>; rel="linkset"; type="${LINKSET_MEDIA_TYPE}"`);
  return parts.join(", ");
}
