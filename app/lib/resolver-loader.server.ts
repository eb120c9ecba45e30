import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasDemoData } from "~/catalog/catalog.server";
import { documentLinks, originDocumentHeaders, renderNotRegisteredDocument } from "~/components/origin/origin-document";
import { getLocale } from "~/lib/locale.server";
import { links } from "~/root";
import { resolveFetchRequest } from "~/trace/resolver-route.server";

/**
 * The loader of both resolver routes (`/01/…` and `/t/…`). The HTTP fast path answers resolver
 * requests; this answers what reaches Remix, and a browser asking about a bad or unknown code gets the
 * origin page's "not registered" document.
 */
export async function resolverLoader({ request, context }: LoaderFunctionArgs): Promise<Response> {
  try {
    return await resolveFetchRequest(context.db, request, context.publicUrl);
  } catch (error) {
    if (!(error instanceof Response) || (error.status !== 400 && error.status !== 404)) throw error;
    const url = new URL(request.url);
    const status = error.status;
    const body = renderNotRegisteredDocument({
      status,
      locale: getLocale(request),
      path: `${url.pathname}${url.search}`,
      shell: { links: documentLinks(links()), demo: await hasDemoData(context.db) },
    });
    return new Response(request.method === "HEAD" ? null : body, { status, headers: originDocumentHeaders(status) });
  }
}
