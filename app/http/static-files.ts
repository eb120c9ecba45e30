import { createReadStream, type Stats } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const contentTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

export interface StaticFiles {
  /** Serves the file when the path names one under the public folder; false lets the app answer. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

/**
 * Files under `public/`. Fingerprinted build output (/build/…) is cached for a year and marked
 * immutable; other files are revalidated hourly.
 */
export function createStaticFiles(publicDir: string, fingerprintedPrefix = "/build/"): StaticFiles {
  const root = normalize(publicDir + sep);
  return {
    async serve(req, res, pathname) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      let decoded: string;
      try {
        decoded = decodeURIComponent(pathname);
      } catch {
        return false;
      }
      if (decoded.includes("\0")) return false;
      const file = normalize(join(root, decoded));
      if (!file.startsWith(root)) return false;
      const type = contentTypes[extname(file).toLowerCase()];
      if (!type) return false;
      let info: Stats;
      try {
        info = await stat(file);
      } catch {
        return false;
      }
      if (!info.isFile()) return false;

      const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      res.setHeader("Content-Type", type);
      res.setHeader("ETag", etag);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader(
        "Cache-Control",
        pathname.startsWith(fingerprintedPrefix) ? "public, max-age=31536000, immutable" : "public, max-age=3600",
      );
      if (req.headers["if-none-match"] === etag) {
        res.statusCode = 304;
        res.end();
        return true;
      }
      res.setHeader("Content-Length", info.size);
      if (req.method === "HEAD") {
        res.end();
        return true;
      }
      await new Promise<void>((resolve) => {
        const stream = createReadStream(file);
        stream.on("error", () => {
          res.destroy();
          resolve();
        });
        stream.on("end", resolve);
        stream.pipe(res);
      });
      return true;
    },
  };
}
