import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader } from "~/routes/uploads.$key";
import { createLocalFileStorage } from "./local-storage.server";
import type { FileStorage } from "./storage.server";
import { minimalPdf, onePixelPng } from "../../tests/setup/test-files";

describe("GET /uploads/:key", () => {
  let root: string;
  let storage: FileStorage;
  let pngKey: string;
  let pdfKey: string;

  const call = async (key: string, init?: RequestInit): Promise<Response> => {
    const request = new Request(`http://localhost/uploads/${encodeURIComponent(key)}`, init);
    try {
      return await loader({ request, params: { key }, context: { storage } as unknown as AppLoadContext });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "ocop-serve-"));
    storage = createLocalFileStorage({ root });
    const png = await storage.put({ bytes: onePixelPng(), declaredName: "a.png", kind: "photo" });
    const pdf = await storage.put({ bytes: minimalPdf(), declaredName: "a.pdf", kind: "document" });
    if (!png.ok || !pdf.ok) throw new Error("fixtures refused");
    pngKey = png.key;
    pdfKey = pdf.key;
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("streams an image with the sniffed type and headers that keep it an image", async () => {
    const response = await call(pngKey);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/png",
      "content-length": String(onePixelPng().length),
      "x-content-type-options": "nosniff",
      "content-disposition": `inline; filename="${pngKey}"`,
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${pngKey}"`,
    });
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none';.*sandbox$/);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(onePixelPng());
  });

  it("serves a PDF inline under a CSP that allows nothing", async () => {
    const response = await call(pdfKey);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    await response.body?.cancel();
  });

  it("answers HEAD and a matching If-None-Match without a body", async () => {
    const head = await call(pngKey, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(onePixelPng().length));
    expect(head.body).toBeNull();
    const again = await call(pngKey, { headers: { "If-None-Match": `W/"other", "${pngKey}"` } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
  });

  it("is a 404 for malformed and unknown keys", async () => {
    for (const key of ["../../etc/passwd", "x.png", `${"0".repeat(64)}.svg`, `${"0".repeat(64)}.png`]) {
      const response = await call(key);
      expect(response.status).toBe(404);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});
