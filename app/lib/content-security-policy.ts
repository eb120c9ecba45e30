/**
 * The Content-Security-Policy of the site's pages: scripts only from the site itself and, for Remix's
 * inline hydration scripts, the request's nonce; never framed by another site.
 */
export function contentSecurityPolicy(nonce: string | null): string {
  return [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ""}`,
    // React renders style attributes (charts, progress bars).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
