import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { checkHealth } from "./health";
import { sendFetchResponse, toFetchRequest } from "./node-adapter";
import type { Logger } from "./request-log";
import type { StaticFiles } from "./static-files";

export type FetchHandler = (request: Request) => Promise<Response>;

/** A fast path answers before Remix (cached pages later); it returns false to pass the request on. */
export type FastPath = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface AppServerOptions {
  handle: FetchHandler;
  staticFiles: StaticFiles;
  logger: Logger;
  logRequests: boolean;
  database: { driver: string; ping: () => Promise<void> };
  fastPaths?: FastPath[];
}

export function createAppServer(options: AppServerOptions): Server {
  const { handle, staticFiles, logger, logRequests, database, fastPaths = [] } = options;

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
    await sendFetchResponse(res, await handle(toFetchRequest(req, res)));
  }

  return createServer((req, res) => {
    const started = performance.now();
    // Only the path is logged: query strings can carry one-time tokens.
    const url = new URL(req.url ?? "/", "http://internal");
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
