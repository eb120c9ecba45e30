import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { cameOverTls, clientAddressOf } from "~/lib/public-url.server";
import { localeFromCookieHeader, translate } from "~/lib/i18n";
import { bodyKindOf, bodyLimits } from "./body-limits";
import { isCrossOriginWrite } from "./cross-origin";
import { formEncodingOf, formTextIsUtf8 } from "./form-encoding";
import { checkHealth } from "./health";
import { readWholeBody, sendFetchResponse, toFetchRequest } from "./node-adapter";
import type { Logger } from "./request-log";
import { securityHeaders } from "./security-headers";
import type { StaticFiles } from "./static-files";

/** What the server knows of a request beyond the Fetch Request itself. */
export interface RequestInfo {
  /** The client's address (throttles); see clientAddressOf. */
  clientAddress: string;
}

export type FetchHandler = (request: Request, info: RequestInfo) => Promise<Response>;

/** A fast path answers before Remix (cached pages later); it returns false to pass the request on. */
export type FastPath = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface AppServerOptions {
  handle: FetchHandler;
  staticFiles: StaticFiles;
  logger: Logger;
  logRequests: boolean;
  database: { driver: string; ping: () => Promise<void> };
  fastPaths?: FastPath[];
  /** The configured public origin (PUBLIC_URL): the host of every request handed to Remix. */
  publicUrl: string;
  /** Heed X-Forwarded-Proto (TRUST_PROXY): Secure cookies and HSTS behind a TLS-terminating proxy. */
  trustProxy: boolean;
  /** Body limits by kind of route; defaults to bodyLimits (./body-limits.ts). */
  limits?: Record<keyof typeof bodyLimits, number>;
}

function refuseTooLarge(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
  res.end("Payload Too Large");
}

/** A form whose text is not UTF-8: the sender's to fix, said in the visitor's language, never stored as U+FFFD. */
function refuseNotUtf8(req: IncomingMessage, res: ServerResponse): void {
  const message = translate(localeFromCookieHeader(req.headers.cookie ?? null), "error.formEncoding");
  res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
  res.end(message);
}

export function createAppServer(options: AppServerOptions): Server {
  const { handle, staticFiles, logger, logRequests, database, fastPaths = [], trustProxy, limits = bodyLimits } = options;
  const publicHost = new URL(options.publicUrl).host;

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === "/healthz") {
      const { httpStatus, report } = await checkHealth(database.ping, database.driver);
      res.writeHead(httpStatus, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : JSON.stringify(report));
      return;
    }
    if (await staticFiles.serve(req, res, url.pathname)) return;
    for (const fastPath of fastPaths) {
      if (await fastPath(req, res, url)) return;
    }
    const tls = cameOverTls(req, trustProxy);
    // The public host, and the host the browser used (a local address in development): a form from elsewhere is refused.
    if (isCrossOriginWrite(req.method, req.headers.origin, [publicHost, req.headers.host ?? publicHost])) {
      res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Forbidden: cross-origin request");
      return;
    }
    let maxBodyBytes = 0;
    let checkFormText = false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      const kind = bodyKindOf(url.pathname, req.headers["content-type"]);
      maxBodyBytes = limits[kind];
      checkFormText = kind !== "webhook" && formEncodingOf(req.headers["content-type"]) !== null;
      // Refused before a byte is read when the client says the body is too big.
      if (Number(req.headers["content-length"] ?? 0) > maxBodyBytes) return refuseTooLarge(res);
    }
    let body: Uint8Array<ArrayBuffer> | undefined;
    // Forms are read whole (within their limit) so their text can be checked before the app parses it.
    if (checkFormText) {
      const read = await readWholeBody(req, maxBodyBytes, () => refuseTooLarge(res));
      if (read === "too_large") return;
      if (read === "aborted") return void res.destroy();
      if (!formTextIsUtf8(req.headers["content-type"], read)) return refuseNotUtf8(req, res);
      body = read;
    }
    const request = toFetchRequest(req, res, { publicHost, tls, maxBodyBytes, onTooLarge: () => refuseTooLarge(res), body });
    const response = await handle(request, { clientAddress: clientAddressOf(req, trustProxy) });
    // A body that grew past its limit was already answered 413.
    if (res.headersSent) return;
    await sendFetchResponse(res, response);
  }

  return createServer((req, res) => {
    const started = performance.now();
    // Only the path is logged: query strings can carry one-time tokens.
    const url = new URL(req.url ?? "/", "http://internal");
    for (const [name, value] of Object.entries(securityHeaders(cameOverTls(req, trustProxy)))) res.setHeader(name, value);
    if (logRequests) {
      res.once("finish", () => {
        logger.log("info", "request", {
          method: req.method,
          path: url.pathname,
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      });
    }
    route(req, res, url).catch((error: unknown) => {
      logger.log("error", "request failed", {
        method: req.method,
        path: url.pathname,
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal Server Error");
      } else {
        res.destroy();
      }
    });
  });
}
