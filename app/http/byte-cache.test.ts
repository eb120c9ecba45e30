import { describe, expect, it } from "vitest";
import { ifNoneMatchHits, sendablePage } from "./byte-cache";

const stamp = { stamp: "s", check: async () => "s" };

describe("byte cache sender", () => {
  it("matches If-None-Match lists, * and weak tags", () => {
    expect(ifNoneMatchHits('"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('"b", W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits("*", '"a"')).toBe(true);
    expect(ifNoneMatchHits('"b"', '"a"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"a"')).toBe(false);
  });

  it("gives a kept 200 page an ETag and a 304 that repeats only the caching headers", () => {
    const page = sendablePage({
      status: 200,
      headers: { "Content-Type": "text/html", Vary: "Cookie", "Cache-Control": "no-cache", "Content-Length": "1" },
      body: Buffer.from("<p>hi</p>"),
      stamp,
      meta: undefined,
    });
    expect(page.etag).toMatch(/^"[\w-]{22}"$/);
    expect(page.sendHeaders).toEqual({ "content-type": "text/html", vary: "Cookie", "cache-control": "no-cache", etag: page.etag, "content-length": "9" });
    expect(page.notModifiedHeaders).toEqual({ vary: "Cookie", "cache-control": "no-cache", etag: page.etag });
  });

  it("gives no ETag to a page that is not kept or not a 200", () => {
    expect(sendablePage({ status: 200, headers: {}, body: Buffer.from("x"), stamp: null, meta: undefined }).etag).toBeNull();
    expect(sendablePage({ status: 404, headers: {}, body: Buffer.from("x"), stamp, meta: undefined }).notModifiedHeaders).toBeNull();
  });
});
