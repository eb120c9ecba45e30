/**
 * HTTP content and language negotiation (RFC 9110 12.5.1 and 12.5.4): q-values honoured, q=0 means "not
 * acceptable". Pure and cheap: the resolver and the origin page's fast path call it per request.
 */
import { isLocale, type Locale } from "./i18n";

interface Weighted {
  value: string;
  q: number;
}

function parseWeighted(header: string): Weighted[] {
  const out: Weighted[] = [];
  for (const part of header.split(",")) {
    const [rawValue, ...params] = part.split(";");
    const value = rawValue?.trim().toLowerCase();
    if (!value) continue;
    let q = 1;
    for (const param of params) {
      const [name, raw] = param.split("=");
      if (name?.trim().toLowerCase() === "q") {
        const parsed = Number(raw?.trim());
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    out.push({ value, q });
  }
  return out;
}

/** The q-value a media type gets from an Accept header (exact, then type/*, then * / *); 0 when absent. */
export function mediaTypeQuality(accept: string | undefined, mediaType: string): number {
  if (!accept) return 0;
  const wanted = mediaType.toLowerCase();
  const [type] = wanted.split("/");
  let exact: number | undefined;
  let range: number | undefined;
  let any: number | undefined;
  for (const { value, q } of parseWeighted(accept)) {
    if (value === wanted) exact = Math.max(exact ?? 0, q);
    else if (value === `${type}/*`) range = Math.max(range ?? 0, q);
    else if (value === "*/*") any = Math.max(any ?? 0, q);
  }
  return exact ?? range ?? any ?? 0;
}

/** True when the Accept header names the media type itself with q > 0 (a wildcard is not a request for it). */
export function explicitlyAccepts(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return false;
  const wanted = mediaType.toLowerCase();
  return parseWeighted(accept).some((w) => w.value === wanted && w.q > 0);
}

/**
 * The app's locale an Accept-Language header prefers (highest q first, then order), or null when it names
 * none of them. "en-GB" matches "en"; "*" matches nothing in particular.
 */
export function localeFromAcceptLanguage(header: string | undefined | null): Locale | null {
  if (!header) return null;
  const ranked = parseWeighted(header)
    .map((w, index) => ({ ...w, index }))
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { value } of ranked) {
    const primary = value.split("-")[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}
