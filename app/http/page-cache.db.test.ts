import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemoData } from "#db/seed";
import { batchStock, products } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { createTestRemix } from "../../tests/setup/remix-app";
import { renderNotRegisteredDocument } from "~/components/origin/origin-document";
import { silentLogger } from "~/lib/logger";
import type { PageStampSink } from "~/lib/page-stamp";
import * as shopRoute from "~/routes/shop._index";
import { createPageCache, onlyLanguageCookie, type PageCache } from "./page-cache";

// The page cache in front of the real Remix server rendering the real /shop route (its loader stamps the page);
// `respond` lets a test answer a request in Remix's place.
let t: TestDatabase;
let server: Server;
let base: string;
let cache: PageCache;
let clock = Date.UTC(2026, 10, 25, 3, 0, 0);
let renders = 0;
let respond: ((url: URL, sink: PageStampSink) => Response | null) | null = null;
let remix: ReturnType<typeof createTestRemix>;
const renderShop = (request: Request, pageStamp?: PageStampSink) =>
  remix(request, { db: t.db, identity: { sessionSecret: "test-secret-".repeat(3), mailer: null }, logger: silentLogger, pageStamp } as never);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  remix = createTestRemix([{ id: "routes/shop._index", path: "shop", index: true, module: shopRoute }]);
  cache = createPageCache({
    paths: ["/shop"],
    publicUrl: "https://truyxuat.example.vn",
    freshMs: 1000,
    maxBytes: 4 * 1024 * 1024,
    now: () => clock,
    render: async (request, sink) => {
      renders += 1;
      return respond?.(new URL(request.url), sink) ?? renderShop(request, sink);
    },
  });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://internal");
    void (async () => {
      if (await cache(req, res, url)) return;
      res.writeHead(599);
      res.end("passed on");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.dispose();
});

beforeEach(() => {
  cache.clear();
  respond = null;
  clock += 86_400_000;
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

describe("page cache for anonymous visitors", () => {
  it("renders a page once, then serves its bytes with an ETag, and 304 when the browser has them", async () => {
    const before = renders;
    const first = await get("/shop?q=che");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(first.headers.get("cache-control")).toBe("no-cache");
    expect(first.headers.get("vary")).toBe("Cookie");
    const etag = first.headers.get("etag")!;
    const body = await first.text();
    expect(body).toContain('data-testid="shop-card"');
    const again = await get("/shop?q=che");
    expect(await again.text()).toBe(body);
    expect(renders).toBe(before + 1);
    const conditional = await get("/shop?q=che", { "If-None-Match": etag });
    expect(conditional.status).toBe(304);
    expect(await conditional.text()).toBe("");
    expect(conditional.headers.get("etag")).toBe(etag);
    expect(conditional.headers.get("vary")).toBe("Cookie");
    expect(conditional.headers.get("cache-control")).toBe("no-cache");
    expect(conditional.headers.get("content-type")).toBeNull();
    expect(renders).toBe(before + 1);
    expect(cache.stats().hits).toBeGreaterThanOrEqual(2);
  });

  it("keeps one copy per language and renders with nothing but the language cookie", async () => {
    const vi = await (await get("/shop")).text();
    const en = await (await get("/shop", { Cookie: "lang=en" })).text();
    expect(vi).toMatch(/^<!DOCTYPE html><html lang="vi">/);
    expect(en).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(await (await get("/shop", { Cookie: "lang=en" })).text()).toBe(en);
  });

  it("passes on visitors with a session, cart or CSRF cookie, data requests, other paths and other methods", async () => {
    const before = renders;
    for (const cookie of ["__session=abc", "lang=vi; __cart=xyz", "__csrf=n", "other=1"]) {
      expect((await get("/shop", { Cookie: cookie })).status).toBe(599);
    }
    expect((await get("/shop.data?q=che")).status).toBe(599);
    expect((await get("/shop/")).status).toBe(599);
    expect((await get("/products/che-tan-cuong-dac-biet")).status).toBe(599);
    expect((await fetch(`${base}/shop`, { method: "POST", body: "x=1" })).status).toBe(599);
    expect(renders).toBe(before);
  });

  it("serves a copy for freshMs, then checks its stamp: unchanged costs no render, a sale renders the new stock", async () => {
    const path = "/shop?q=che+tan+cuong";
    const first = await (await get(path, { Cookie: "lang=en" })).text();
    const slug = /data-slug="([^"]+)"/.exec(first)![1]!;
    const [product] = await t.db.select({ id: products.id }).from(products).where(eq(products.slug, slug));
    const [row] = await t.db
      .select()
      .from(batchStock)
      .where(and(eq(batchStock.productId, product!.id), gt(batchStock.unitsAvailable, 1)))
      .limit(1);
    const rendersBefore = renders;

    clock += 1500;
    expect(await (await get(path, { Cookie: "lang=en" })).text()).toBe(first);
    expect(renders).toBe(rendersBefore);

    await t.db.update(batchStock).set({ unitsAvailable: row!.unitsAvailable - 1 }).where(eq(batchStock.batchId, row!.batchId));
    // Within freshMs of the last check the copy is served as it is.
    expect(await (await get(path, { Cookie: "lang=en" })).text()).toBe(first);
    clock += 1500;
    const after = await (await get(path, { Cookie: "lang=en" })).text();
    expect(renders).toBe(rendersBefore + 1);
    const units = (html: string) => {
      const card = new RegExp(`data-slug="${slug}"[\\s\\S]*?</article>`).exec(html)![0];
      return Number(/(\d+) in stock|Only (\d+) left/.exec(card)!.slice(1).find(Boolean));
    };
    expect(units(after)).toBe(units(first) - 1);
    await t.db.update(batchStock).set({ unitsAvailable: row!.unitsAvailable }).where(eq(batchStock.batchId, row!.batchId));
  });

  it("keeps one copy per Vietnam day", async () => {
    clock = Date.UTC(2027, 0, 10, 16, 59, 0); // 23:59 in Vietnam
    await get("/shop?sort=price_asc");
    const before = renders;
    clock += 2 * 60_000; // 00:01 the next day
    await get("/shop?sort=price_asc");
    expect(renders).toBe(before + 1);
  });

  it("shares one render between concurrent misses", async () => {
    const before = renders;
    const bodies = await Promise.all(Array.from({ length: 8 }, async () => (await get("/shop?sort=newest")).text()));
    expect(new Set(bodies).size).toBe(1);
    expect(renders).toBe(before + 1);
  });

  it("sends but never keeps a redirect, a page setting a cookie, or a page no loader stamped", async () => {
    const canonical = await fetch(`${base}/shop?q=`, { redirect: "manual" });
    expect(canonical.status).toBe(302);
    expect(canonical.headers.get("location")).toBe("/shop");
    respond = (url) => {
      if (url.searchParams.has("redirect")) return new Response(null, { status: 302, headers: { Location: "/shop" } });
      if (url.searchParams.has("cookie")) {
        const headers = new Headers({ "Content-Type": "text/html" });
        headers.append("Set-Cookie", "__csrf=a; Path=/");
        headers.append("Set-Cookie", "other=b; Path=/");
        return new Response("<html>cookie</html>", { headers });
      }
      if (url.searchParams.has("plain")) return new Response("<html>plain</html>");
      return null;
    };
    const before = renders;
    const redirected = await fetch(`${base}/shop?redirect=1`, { redirect: "manual" });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe("/shop");
    const withCookie = await get("/shop?cookie=1");
    expect(withCookie.headers.getSetCookie()).toEqual(["__csrf=a; Path=/", "other=b; Path=/"]);
    expect(withCookie.headers.get("etag")).toBeNull();
    expect(await (await get("/shop?plain=1")).text()).toBe("<html>plain</html>");
    await fetch(`${base}/shop?redirect=1`, { redirect: "manual" });
    await get("/shop?cookie=1");
    await get("/shop?plain=1");
    expect(renders).toBe(before + 6);
    expect(cache.stats().entries).toBe(0);
  });

  it("drops the oldest copies past its memory budget", async () => {
    const small = createPageCache({
      paths: ["/p"],
      publicUrl: "https://truyxuat.example.vn",
      maxBytes: 2500,
      render: async (request, sink) => {
        sink.set("s", async () => "s");
        return new Response("x".repeat(1000) + new URL(request.url).search);
      },
    });
    const probe = createServer((req, res) => {
      void small(req, res, new URL(req.url ?? "/", "http://internal"));
    });
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const at = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    for (const q of ["a", "b", "c"]) await fetch(`${at}/p?${q}`);
    expect(small.stats().entries).toBe(2);
    expect(small.stats().bytes).toBeLessThanOrEqual(2500);
    await fetch(`${at}/p?a`);
    expect(small.stats().renders).toBe(4);
    await new Promise((resolve) => probe.close(resolve));
  });
});

describe("the site's chrome", () => {
  it("is the same on a React page and on the string-rendered origin pages", async () => {
    // React marks its links and forms for route discovery and closes empty elements with "/>": nothing else differs.
    const chrome = (page: string) =>
      /<header class="site-header">[\s\S]*<\/header>/.exec(page)![0].replaceAll(' data-discover="true"', "").replaceAll("/>", ">") +
      /<footer class="site-footer">[\s\S]*<\/footer>/.exec(page)![0];
    for (const locale of ["vi", "en"] as const) {
      const react = await (await renderShop(new Request("http://test/shop", { headers: { Cookie: `lang=${locale}` } }))).text();
      const strings = renderNotRegisteredDocument({ status: 404, locale, path: "/shop", shell: { links: [], demo: true } });
      expect(chrome(react)).toContain('class="site-header__shop"');
      expect(chrome(strings)).toBe(chrome(react));
    }
  });
});

describe("onlyLanguageCookie", () => {
  it("accepts no cookie or only the language, and nothing else", () => {
    expect(onlyLanguageCookie(undefined)).toBe(true);
    expect(onlyLanguageCookie("")).toBe(true);
    expect(onlyLanguageCookie("lang=en")).toBe(true);
    expect(onlyLanguageCookie(" lang=vi ; ")).toBe(true);
    expect(onlyLanguageCookie("lang=vi; __session=x")).toBe(false);
    expect(onlyLanguageCookie("__cart=x")).toBe(false);
    expect(onlyLanguageCookie("language=vi")).toBe(false);
    expect(onlyLanguageCookie(["lang=vi", "__csrf=1"])).toBe(false);
  });
});
