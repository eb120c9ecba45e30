import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "~/lib/logger";
import { createAppServer, type AppServerOptions } from "./app-server";
import type { StaticFiles } from "./static-files";

// What the server hands the app, and what it answers, when a request lies about its host, its scheme or its size.

const PUBLIC_URL = "https://truyxuat.example.vn";
const limits = { form: 1000, webhook: 4000, upload: 8000 };
const noFiles: StaticFiles = { serve: async () => false };
const seen: { url: string; bodyBytes: number }[] = [];

async function start(options: Partial<AppServerOptions>): Promise<{ server: Server; base: string }> {
  const server = createAppServer({
    handle: async (request) => {
      const body = request.method === "POST" ? await request.arrayBuffer() : new ArrayBuffer(0);
      seen.push({ url: request.url, bodyBytes: body.byteLength });
      return new Response(`<!doctype html><p>${request.url}</p>`, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    },
    staticFiles: noFiles,
    logger: silentLogger,
    logRequests: false,
    database: { driver: "pglite", ping: async () => {} },
    publicUrl: PUBLIC_URL,
    trustProxy: false,
    limits,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request (fetch forbids Host); `chunks` are written one by one without a Content-Length. */
function send(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string; chunks?: number; chunk?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(`${base}${path}`, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (init.chunks) {
      let left = init.chunks;
      const next = () => {
        if (answered || left === 0) return void req.end();
        left -= 1;
        req.write(init.chunk ?? "x".repeat(500), () => setImmediate(next));
      };
      next();
    } else {
      req.end(init.body);
    }
  });
}

let plain: { server: Server; base: string };
let proxied: { server: Server; base: string };

beforeAll(async () => {
  plain = await start({});
  proxied = await start({ trustProxy: true });
});

afterAll(async () => {
  for (const s of [plain, proxied]) await new Promise((resolve) => s?.server.close(resolve));
});

describe("the public address", () => {
  it("hands the app the configured host whatever Host and X-Forwarded-* say", async () => {
    await send(plain.base, "/forgot-password", {
      headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
    });
    expect(seen.at(-1)!.url).toBe("http://truyxuat.example.vn/forgot-password");
  });

  it("keeps a target that starts with // a path on this site", async () => {
    await send(plain.base, "//evil.example/x", {});
    expect(new URL(seen.at(-1)!.url).host).toBe("truyxuat.example.vn");
  });

  it("counts X-Forwarded-Proto only with TRUST_PROXY: then the request is https and HSTS is sent", async () => {
    const untrusted = await send(plain.base, "/login", { headers: { "X-Forwarded-Proto": "https" } });
    expect(seen.at(-1)!.url).toBe("http://truyxuat.example.vn/login");
    expect(untrusted.headers["strict-transport-security"]).toBeUndefined();
    const trusted = await send(proxied.base, "/login", { headers: { "X-Forwarded-Proto": "https" } });
    expect(seen.at(-1)!.url).toBe("https://truyxuat.example.vn/login");
    expect(trusted.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    const plainHttp = await send(proxied.base, "/login", { headers: { "X-Forwarded-Proto": "http" } });
    expect(plainHttp.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("body limits", () => {
  it("answers 413 before reading when Content-Length is over the form limit", async () => {
    const before = seen.length;
    const answer = await send(plain.base, "/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * 1024 * 1024) },
      body: "",
    });
    expect(answer.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it("answers 413 once a chunked body passes the limit, without reading the rest", async () => {
    const before = seen.length;
    const answer = await send(plain.base, "/lang", { method: "POST", chunks: 200 });
    expect(answer.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it("limits by kind of route: a webhook and an upload may be bigger than a form", async () => {
    const body = "x".repeat(3000);
    expect((await send(plain.base, "/login", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } })).status).toBe(413);
    expect((await send(plain.base, "/webhooks/stripe", { method: "POST", body, headers: { "Content-Type": "application/json" } })).status).toBe(200);
    expect(seen.at(-1)!.bodyBytes).toBe(3000);
    expect((await send(plain.base, "/webhooks/stripe", { method: "POST", body: body + body })).status).toBe(413);
    const upload = await send(plain.base, "/workspace/x/households/import", {
      method: "POST",
      body: "x".repeat(6000),
      headers: { "Content-Type": "multipart/form-data; boundary=abc" },
    });
    expect(upload.status).toBe(200);
  });
});

describe("security headers", () => {
  it("every answer forbids framing, sets a script policy, a referrer policy and a permissions policy", async () => {
    const answer = await send(plain.base, "/login", {});
    const csp = String(answer.headers["content-security-policy"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(answer.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(answer.headers["permissions-policy"]).toContain("camera=()");
    expect(answer.headers["x-frame-options"]).toBe("DENY");
  });

  it("also on answers written before Remix (fast paths)", async () => {
    const fast = await start({
      fastPaths: [
        (_req, res) => {
          res.writeHead(200, { "Content-Type": "text/html" });
          res.end("<p>cached</p>");
          return true;
        },
      ],
    });
    const answer = await send(fast.base, "/origin/X", {});
    expect(String(answer.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    await new Promise((resolve) => fast.server.close(resolve));
  });
});
