import type { Database } from "#db/client.server";
import {
  corsHeaders,
  createCachedResolver,
  isResolverPath,
  resolverDescription,
} from "~/trace/resolver.server";
import type { FastPath } from "./app-server";

/**
 * GS1 Digital Link resolver (/01/…, /t/…, /.well-known/gs1resolver) answered before Remix. A browser
 * asking for HTML about a bad or unknown code is passed on, so Remix renders the "not registered" page
 * with the same status.
 */
export function createResolverFastPath(db: Database, publicUrl: string): FastPath {
  const resolve = createCachedResolver(db);
  return async (req, res, url) => {
    const pathname = url.pathname;
    const wellKnown = pathname === "/.well-known/gs1resolver";
    if (!wellKnown && !isResolverPath(pathname)) return false;
    const method = req.method ?? "GET";
    if (method === "OPTIONS") {
      res.writeHead(204, { ...corsHeaders(), "Access-Control-Max-Age": "86400", "Content-Length": "0" });
      res.end();
      return true;
    }
    if (method !== "GET" && method !== "HEAD") {
      res.writeHead(405, { ...corsHeaders(), Allow: "GET, HEAD, OPTIONS", "Content-Type": "text/plain; charset=utf-8" });
      res.end("Method Not Allowed");
      return true;
    }
    // Links, linksets and resolverRoot carry the configured public address, never the request's Host.
    const origin = publicUrl;
    if (wellKnown) {
      const body = JSON.stringify(resolverDescription(origin));
      res.writeHead(200, { ...corsHeaders(), "Content-Type": "application/json", "Cache-Control": "public, max-age=3600" });
      res.end(method === "HEAD" ? undefined : body);
      return true;
    }
    // The query exactly as sent: it is passed on unchanged when redirecting.
    const target = req.url ?? "";
    const rawQuery = target.includes("?") ? target.slice(target.indexOf("?") + 1) : "";
    const answer = await resolve({
      method,
      pathname,
      search: rawQuery,
      accept: req.headers.accept,
      acceptLanguage: req.headers["accept-language"],
      origin,
    });
    if (answer.kind !== "found") {
      if (req.headers.accept?.includes("text/html")) return false;
      const body = answer.kind === "bad_request" ? `Bad Request: ${answer.reason}: ${answer.detail}\n` : "Not Found: unknown_key\n";
      res.writeHead(answer.status, { ...corsHeaders(), "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      res.end(method === "HEAD" ? undefined : body);
      return true;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(method === "HEAD" || answer.body === null ? undefined : answer.body);
    return true;
  };
}
