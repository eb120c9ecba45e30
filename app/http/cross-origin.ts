/**
 * A write sent by another site's page: a browser names the page's origin in the Origin header of every
 * POST, so a form posted from elsewhere is refused (403) before it reaches any action, whatever the
 * action would make of it. Requests without an Origin (curl, payment webhooks) are left to the action's
 * own checks (CSRF token, webhook signature).
 */
export function isCrossOriginWrite(method: string | undefined, origin: string | undefined, ownHosts: readonly string[]): boolean {
  if (method === undefined || method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  if (origin === undefined) return false;
  let host: string;
  try {
    // "null" (a sandboxed frame, a file) is not a URL: never this site.
    host = new URL(origin).host;
  } catch {
    return true;
  }
  return !ownHosts.includes(host);
}
