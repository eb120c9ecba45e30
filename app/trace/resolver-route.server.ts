import type { Database } from "#db/client.server";
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
    origin: publicUrl,
  });
  if (answer.kind !== "found") throw new Response(answer.reason, { status: answer.status });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
