const PROBE_ORIGIN = "http://same-site.invalid";

/**
 * The one check for where a visitor may be sent back to (`redirectTo` of /login, /lang, …): a path on this
 * site or the fallback. Browsers drop TAB/CR/LF and read "\" as "/" in URLs, so "/\t/evil.example" lands on
 * //evil.example: any control character, whitespace or backslash is refused, and the path is resolved the
 * way a browser would and must stay on the site. The answer is ASCII (percent-encoded), safe in a Location header.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value === "" || value.length > 2048) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f-\u009f\\]|\s/u.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example": a protocol-relative address.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
