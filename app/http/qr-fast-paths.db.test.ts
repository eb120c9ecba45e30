import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "#db/seed";
import { batches, provinces, scanCounts } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { appendTraceEvent } from "~/trace/events.server";
import { countBatchScans, countUnregisteredScans, createScanRecorder, type ScanRecorder } from "~/trace/scans.server";
import { createOriginFastPath, type OriginFastPath } from "./origin-fast-path";
import { createResolverFastPath } from "./resolver-fast-path";

const PUBLIC_URL = "https://truyxuat.example.vn";
let t: TestDatabase;
let server: Server;
let base: string;
let origin: OriginFastPath;
let scans: ScanRecorder;
let clock = Date.UTC(2026, 10, 20, 3, 0, 0);
const renders = () => origin.stats().renders;
let batch: { id: string; organisationId: string; shortCode: string };

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  [batch] = (await t.db
    .select({ id: batches.id, organisationId: batches.organisationId, shortCode: batches.shortCode })
    .from(batches)
    .where(eq(batches.status, "active"))
    .limit(1)) as [typeof batch];
  scans = createScanRecorder(t.db, { flushIntervalMs: 60_000 });
  origin = createOriginFastPath({
    db: t.db,
    scans,
    publicUrl: PUBLIC_URL,
    freshMs: 1000,
    now: () => clock,
    links: [{ rel: "stylesheet", href: "/build/app.css" }],
  });
  const resolver = createResolverFastPath(t.db, PUBLIC_URL);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://internal");
    void (async () => {
      if (await resolver(req, res, url)) return;
      if (await origin(req, res, url)) return;
      res.writeHead(599);
      res.end("passed on");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await scans?.close();
  await t?.dispose();
});

describe("origin page fast path", () => {
  it("renders the page once, then serves the cached bytes with an ETag and a 304 carrying the caching headers", async () => {
    const before = renders();
    const first = await fetch(`${base}/origin/${batch.shortCode}`, { headers: { "User-Agent": "Mozilla/5.0 (iPhone) Mobile" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(first.headers.get("cache-control")).toContain("stale-while-revalidate");
    const etag = first.headers.get("etag")!;
    const body = await first.text();
    expect(body).toMatch(/^<!DOCTYPE html><html lang="vi">/);
    expect(body).toContain(`data-batch="${batch.shortCode}"`);
    expect(body).toContain('<link rel="stylesheet" href="/build/app.css">');
    expect(Number(first.headers.get("content-length"))).toBe(Buffer.byteLength(body));
    const again = await fetch(`${base}/origin/${batch.shortCode}`);
    expect(await again.text()).toBe(body);
    expect(renders()).toBe(before + 1);
    const conditional = await fetch(`${base}/origin/${batch.shortCode}`, { headers: { "If-None-Match": `"other", W/${etag}` } });
    expect(conditional.status).toBe(304);
    expect(await conditional.text()).toBe("");
    expect(conditional.headers.get("etag")).toBe(etag);
    expect(conditional.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
    expect(conditional.headers.get("vary")).toBe("Cookie, Accept-Language");
    expect(conditional.headers.get("content-type")).toBeNull();
    expect((await fetch(`${base}/origin/${batch.shortCode}`, { headers: { "If-None-Match": '"other"' } })).status).toBe(200);
  });

  it("keeps one copy per language, chosen by ?lang or the cookie", async () => {
    const before = renders();
    const byQuery = await (await fetch(`${base}/origin/${batch.shortCode}?lang=en`)).text();
    const byCookie = await (await fetch(`${base}/origin/${batch.shortCode}`, { headers: { Cookie: "lang=en" } })).text();
    expect(renders()).toBe(before + 1);
    expect(byQuery).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(byCookie).toBe(byQuery);
  });

  it("honours Accept-Language on a first visit (no cookie, no ?lang), the cookie over it afterwards", async () => {
    const byHeader = await (await fetch(`${base}/origin/${batch.shortCode}`, { headers: { "Accept-Language": "en-US,en;q=0.9" } })).text();
    expect(byHeader).toMatch(/^<!DOCTYPE html><html lang="en">/);
    const cookieWins = await (
      await fetch(`${base}/origin/${batch.shortCode}`, { headers: { "Accept-Language": "en", Cookie: "lang=vi" } })
    ).text();
    expect(cookieWins).toMatch(/^<!DOCTYPE html><html lang="vi">/);
  });

  it("warns on a lot's page the resolver walked up to from an unknown serial", async () => {
    const walked = await (await fetch(`${base}/origin/${batch.shortCode}?unregistered=serial`)).text();
    expect(walked).toContain('data-testid="walk-up-warning"');
    const plain = await (await fetch(`${base}/origin/${batch.shortCode}`)).text();
    expect(plain).not.toContain('data-testid="walk-up-warning"');
  });

  it("keeps the not-registered page of a well-formed unknown code, with a 404 and no ETag", async () => {
    const before = renders();
    for (let i = 0; i < 2; i += 1) {
      const unknown = await fetch(`${base}/origin/0000000000000`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get("etag")).toBeNull();
      expect(unknown.headers.get("cache-control")).toBe("no-store");
      expect(await unknown.text()).toContain('data-testid="not-registered"');
    }
    expect(renders()).toBe(before + 1);
  });

  it("re-renders after an event is appended, once the copy's freshness has run out", async () => {
    const before = renders();
    const old = await (await fetch(`${base}/origin/${batch.shortCode}`)).text();
    await appendTraceEvent(t.db, {
      organisationId: batch.organisationId,
      batchId: batch.id,
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: "storing",
      eventTime: new Date(clock),
    });
    clock += 1500;
    const page = await fetch(`${base}/origin/${batch.shortCode}`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(renders()).toBe(before + 1);
    expect(body).not.toBe(old);
    // An unchanged stamp only refreshes the copy.
    clock += 1500;
    expect(await (await fetch(`${base}/origin/${batch.shortCode}`)).text()).toBe(body);
    expect(renders()).toBe(before + 1);
  });

  it("records scans in memory, with the consumer's province only when it names one", async () => {
    const [province] = await t.db.select({ code: provinces.code }).from(provinces).limit(1);
    await scans.flush();
    const counted = async (code: string) =>
      (await t.db.select().from(scanCounts).where(and(eq(scanCounts.batchId, batch.id), eq(scanCounts.provinceCode, code)))).reduce((n, r) => n + r.count, 0);
    const before = { chosen: await counted(province!.code), none: await counted("") };
    await fetch(`${base}/origin/${batch.shortCode}?p=${province!.code}`, { headers: { "User-Agent": "Mozilla/5.0 (Linux; Android 14) Mobile" } });
    await fetch(`${base}/origin/${batch.shortCode}?p=99`);
    await fetch(`${base}/origin/${batch.shortCode}?p=x`, { method: "HEAD" });
    await scans.flush();
    expect(await counted(province!.code)).toBe(before.chosen + 1);
    expect(await counted("")).toBe(before.none + 1);
    expect(await counted("99")).toBe(0);
  });

  it("records a scan the resolver walked up from an unknown serial as a scan of an unregistered code", async () => {
    await scans.flush();
    const unregisteredBefore = await countUnregisteredScans(t.db, batch.id);
    const totalBefore = await countBatchScans(t.db, batch.id);
    // A well-formed serial this lot never issued: the resolver walks up to the lot's page.
    const walk = await fetch(`${base}/t/${batch.shortCode}/ZZZZZZZZZZZZZ`, { redirect: "manual" });
    expect(walk.status).toBe(307);
    const location = new URL(walk.headers.get("location") ?? "");
    expect(location.searchParams.get("unregistered")).toBe("serial");
    await fetch(`${base}${location.pathname}${location.search}`);
    await fetch(`${base}/origin/${batch.shortCode}`);
    await scans.flush();
    expect(await countUnregisteredScans(t.db, batch.id)).toBe(unregisteredBefore + 1);
    expect(await countBatchScans(t.db, batch.id)).toBe(totalBefore + 2);
    const flagged = await t.db.select().from(scanCounts).where(and(eq(scanCounts.batchId, batch.id), eq(scanCounts.unregistered, true)));
    expect(flagged.every((r) => r.serial === "")).toBe(true);
  });

  it("passes malformed codes on to Remix", async () => {
    expect((await fetch(`${base}/origin/not*a*code`)).status).toBe(599);
  });
});

describe("resolver fast path", () => {
  it("answers OPTIONS with CORS, redirects with 307 and serves the description file", async () => {
    const options = await fetch(`${base}/t/${batch.shortCode}`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("access-control-allow-origin")).toBe("*");
    const redirect = await fetch(`${base}/t/${batch.shortCode}?x=1`, { redirect: "manual" });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toBe(`${PUBLIC_URL}/origin/${batch.shortCode}?x=1`);
    const head = await fetch(`${base}/t/${batch.shortCode}`, { method: "HEAD", redirect: "manual" });
    expect(head.status).toBe(307);
    const description = await fetch(`${base}/.well-known/gs1resolver`);
    expect(((await description.json()) as { supportedPrimaryKeys: string[] }).supportedPrimaryKeys).toEqual(["01"]);
  });

  it("answers 400/404 in plain text to programs and passes browsers on to the not-registered page", async () => {
    const bad = await fetch(`${base}/01/08930000000010/10/A`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^Bad Request: bad_check_digit/);
    expect((await fetch(`${base}/t/0000000000000`)).status).toBe(404);
    expect((await fetch(`${base}/t/0000000000000`, { headers: { Accept: "text/html" } })).status).toBe(599);
  });
});

/** A GET with a forged Host and X-Forwarded-* headers (fetch does not let a test set Host). */
function forgedGet(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { headers: { Host: "evil.example", "X-Forwarded-Proto": "http", "X-Forwarded-Host": "evil.example" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("absolute links come from PUBLIC_URL, never from the request's Host", () => {
  it("the resolver's redirect, Link header and description file carry the public address", async () => {
    const redirect = await forgedGet(`/t/${batch.shortCode}`);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.location).toBe(`${PUBLIC_URL}/origin/${batch.shortCode}`);
    expect(String(redirect.headers.link)).not.toContain("evil.example");
    const description = await forgedGet("/.well-known/gs1resolver");
    expect((JSON.parse(description.body) as { resolverRoot: string }).resolverRoot).toBe(PUBLIC_URL);
    expect(description.body).not.toContain("evil.example");
  });

  it("the origin page never carries the forged host", async () => {
    origin.clear();
    const page = await forgedGet(`/origin/${batch.shortCode}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain("evil.example");
  });
});
