import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasDemoData } from "~/catalog/catalog.server";
import {
  documentLinks,
  originDocumentHeaders,
  renderNotRegisteredDocument,
  renderOriginDocument,
} from "~/components/origin/origin-document";
import { todayInVietnam } from "~/lib/format";
import { isLocale } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { links } from "~/root";
import { getOriginPage, parseOriginCode } from "~/trace/origin.server";

/**
 * The QR origin page as a resource route: the HTTP fast path (app/http/origin-fast-path.ts) answers
 * well-formed codes before Remix; this route answers what reaches Remix (malformed codes, servers
 * without the fast path) with the same renderer, so there is one page, with no JavaScript.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lang = url.searchParams.get("lang");
  const locale = isLocale(lang) ? lang : getLocale(request);
  const parsed = parseOriginCode(params.code, params.serial);
  const [page, demo] = await Promise.all([
    parsed.ok ? getOriginPage(context.db, parsed.code, parsed.serial) : null,
    hasDemoData(context.db),
  ]);
  const shell = { links: documentLinks(links()), demo };
  const status = page ? 200 : parsed.ok ? 404 : 400;
  const body = page
    ? renderOriginDocument({ page, locale, today: todayInVietnam(), shell })
    : renderNotRegisteredDocument({ status: parsed.ok ? 404 : 400, locale, path: `${url.pathname}${url.search}`, shell });
  return new Response(request.method === "HEAD" ? null : body, { status, headers: originDocumentHeaders(status) });
}
