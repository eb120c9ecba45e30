import type { Database } from "#db/client.server";
import { hasDemoData } from "~/catalog/catalog.server";
import { documentLinks, originDocumentHeaders, renderNotRegisteredDocument } from "~/components/origin/origin-document";
import { getLocale } from "~/lib/locale.server";
import { resolveRequest } from "./resolver.server";

/**
 * The resolver behind Remix, for requests the fast path passed on (a browser asking for HTML about a bad
 * or unknown code): errors are thrown for the route's boundary; anything else is answered as the resolver does.
 */
export async function resolveFetchRequest(db: Database, request: Request, publicUrl: string): Promise<Response> {
  const url = new URL(request.url);
  const answer = await resolveRequest(db, {
    method: request.method,
    pathname: url.pathname,
    search: url.search.slice(1),
    accept: request.headers.get("Accept") ?? undefined,
    acceptLanguage: request.headers.get("Accept-Language") ?? undefined,
    origin: publicUrl,
  });
  if (answer.kind !== "found") throw new Response(answer.reason, { status: answer.status });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * The loader of both resolver routes (`/01/…` and `/t/…`). The HTTP fast path answers resolver requests; this
 * answers what reaches Remix, and a browser asking about a bad or unknown code gets the origin page's "not
 * registered" document, styled with the root route's `links` (the routes pass them in).
 */
export async function resolverLoader({ request, db, publicUrl }: { request: Request; db: Database; publicUrl: string }, links: readonly unknown[]): Promise<Response> {
  try {
    return await resolveFetchRequest(db, request, publicUrl);
  } catch (error) {
    if (!(error instanceof Response) || (error.status !== 400 && error.status !== 404)) throw error;
    const url = new URL(request.url);
    const status = error.status;
    const body = renderNotRegisteredDocument({
      status,
      locale: getLocale(request),
      path: `${url.pathname}${url.search}`,
      shell: { links: documentLinks(links), demo: await hasDemoData(db) },
    });
    return new Response(request.method === "HEAD" ? null : body, { status, headers: originDocumentHeaders(status) });
  }
}
