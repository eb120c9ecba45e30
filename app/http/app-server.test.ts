import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppServer } from "./app-server";
import { createLogger } from "./request-log";
import { createStaticFiles } from "./static-files";

describe("HTTP server", () => {
  let server: Server;
  let base: string;
  let publicDir: string;
  let databaseUp = true;
  const logLines: string[] = [];

  beforeAll(async () => {
    publicDir = mkdtempSync(join(tmpdir(), "ocop-public-"));
    mkdirSync(join(publicDir, "build"));
    writeFileSync(join(publicDir, "build", "app-ABC123.css"), "body{}");
    writeFileSync(join(publicDir, "robots.txt"), "User-agent: *\n");
    // A file beside the public folder that must never be reachable.
    writeFileSync(join(publicDir, "..", `${publicDir.split("/").pop()}-secret.txt`), "secret");
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(...String(chunk).trim().split("\n"));
        done();
      },
    });
    server = createAppServer({
      handle: async (request) => {
        const url = new URL(request.url);
        if (url.pathname === "/boom") throw new Error("exploded");
        const body = request.method === "POST" ? await request.text() : "";
        const headers = new Headers({ "Content-Type": "text/plain" });
        headers.append("Set-Cookie", "a=1; Path=/");
        headers.append("Set-Cookie", "b=2; Path=/");
        return new Response(`app:${request.method}:${url.pathname}:${body}`, { status: 200, headers });
      },
      staticFiles: createStaticFiles(publicDir),
      logger: createLogger(sink),
      logRequests: true,
      publicUrl: "http://localhost:3000",
      trustProxy: false,
      database: {
        driver: "pglite",
        ping: async () => {
          if (!databaseUp) throw new Error("down");
        },
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(join(publicDir, "..", `${publicDir.split("/").pop()}-secret.txt`), { force: true });
    rmSync(publicDir, { recursive: true, force: true });
  });

  it("answers /healthz with 200 while the database answers, 503 when it does not", async () => {
    databaseUp = true;
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok", database: "ok", driver: "pglite" });
    databaseUp = false;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "error", database: "unreachable", driver: "pglite" });
    databaseUp = true;
  });

  it("serves fingerprinted build files as immutable and other public files briefly cached", async () => {
    const css = await fetch(`${base}/build/app-ABC123.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const robots = await fetch(`${base}/robots.txt`);
    expect(robots.headers.get("cache-control")).toBe("public, max-age=3600");
    const again = await fetch(`${base}/robots.txt`, { headers: { "If-None-Match": robots.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("never serves files outside the public folder", async () => {
    const name = `${publicDir.split("/").pop()}-secret.txt`;
    for (const path of [`/../${name}`, `/%2e%2e/${name}`, `/build/..%2f..%2f${name}`]) {
      const response = await fetch(`${base}${path}`);
      expect(await response.text()).not.toBe("secret");
    }
  });

  it("passes other requests to the app, with bodies and every Set-Cookie header", async () => {
    const response = await fetch(`${base}/lang`, { method: "POST", body: "lang=en" });
    expect(await response.text()).toBe("app:POST:/lang:lang=en");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("answers 400 in the visitor's language to a form whose text is not UTF-8, before the app sees it", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const refused = await fetch(`${base}/login`, { method: "POST", body: "email=a%C3%28%FF", headers: form });
    expect(refused.status).toBe(400);
    const message = await refused.text();
    expect(message).toContain("UTF-8");
    expect(message).not.toContain("app:");
    const english = await fetch(`${base}/login`, { method: "POST", body: new Uint8Array([0x61, 0x3d, 0xff]), headers: { ...form, cookie: "lang=en" } });
    expect(english.status).toBe(400);
    expect(await english.text()).toMatch(/^The form sent characters that cannot be read/);

    const boundary = "b0undary";
    const multipart = (value: Buffer) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`), value, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const headers = { "content-type": `multipart/form-data; boundary=${boundary}` };
    expect((await fetch(`${base}/upload`, { method: "POST", body: multipart(Buffer.from([0xc3, 0x28])), headers })).status).toBe(400);

    // Good forms reach the app byte for byte; other bodies (a webhook's JSON) are not judged.
    const good = await fetch(`${base}/login`, { method: "POST", body: "name=Ch%C3%A8+%F0%9F%8D%B5", headers: form });
    expect(await good.text()).toBe("app:POST:/login:name=Ch%C3%A8+%F0%9F%8D%B5");
    const goodMultipart = await fetch(`${base}/upload`, { method: "POST", body: multipart(Buffer.from("Chè 🍵")), headers });
    expect(await goodMultipart.text()).toContain("Chè 🍵");
    const json = await fetch(`${base}/webhooks/x`, { method: "POST", body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: { "content-type": "application/json" } });
    expect(json.status).toBe(200);
  });

  it("refuses a POST another site's page sends, before the app sees it", async () => {
    const response = await fetch(`${base}/lang`, { method: "POST", body: "lang=en", headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("app:");
    const own = await fetch(`${base}/lang`, { method: "POST", body: "lang=en", headers: { origin: "http://localhost:3000" } });
    expect(await own.text()).toBe("app:POST:/lang:lang=en");
  });

  it("turns an unexpected failure into a plain 500 and logs it once", async () => {
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal Server Error");
    await new Promise((resolve) => setImmediate(resolve));
    const errors = logLines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: "request failed", error: "exploded" });
  });

  it("logs one structured line per request, without the query string", async () => {
    await fetch(`${base}/robots.txt?token=secret-token`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const requests = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    const last = requests.at(-1)!;
    expect(last).toMatchObject({ level: "info", method: "GET", path: "/robots.txt", status: 200 });
    expect(typeof last.ms).toBe("number");
    expect(logLines.join("\n")).not.toContain("secret-token");
  });
});
