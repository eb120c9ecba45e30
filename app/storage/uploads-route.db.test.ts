import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "#db/seed";
import { batches, organisationPhotos, organisations, traceAttachments, traceEvents } from "#db/schema";
import { loader } from "~/routes/uploads.$key";
import { uploadAccess } from "./access.server";
import { createLocalFileStorage } from "./local-storage.server";
import type { FileStorage } from "./storage.server";
import { minimalPdf, onePixelPng } from "../../tests/setup/test-files";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";

describe("GET /uploads/:key", () => {
  let root: string;
  let storage: FileStorage;
  let pngKey: string;
  let pdfKey: string;
  let privateKey: string;
  let t: TestDatabase;
  let organisationId: string;

  const call = async (key: string, init?: RequestInit): Promise<Response> => {
    const request = new Request(`http://localhost/uploads/${encodeURIComponent(key)}`, init);
    try {
      return await loader({ request, params: { key }, context: { storage, db: t.db, identity: { sessionSecret: "test-secret-test-secret-test-secret" } } as unknown as AppLoadContext });
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
    // A second PDF (other bytes, other key) attached privately.
    const other = await storage.put({ bytes: new Uint8Array([...minimalPdf(), 0x0a]), declaredName: "b.pdf", kind: "document" });
    if (!other.ok) throw new Error("fixture refused");
    privateKey = other.key;

    t = await createTestDatabase();
    await seedDemoData(t.db);
    const [org] = await t.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.status, "active")).limit(1);
    organisationId = org!.id;
    await t.db.insert(organisationPhotos).values({ organisationId, storageKey: pngKey, contentType: "image/png" });
    const events = await t.db
      .select({ id: traceEvents.id })
      .from(traceEvents)
      .innerJoin(batches, eq(batches.id, traceEvents.batchId))
      .where(eq(batches.organisationId, organisationId))
      .limit(2);
    await t.db.insert(traceAttachments).values([
      { eventId: events[0]!.id, organisationId, storageKey: pdfKey, public: true },
      { eventId: events[1]!.id, organisationId, storageKey: privateKey, public: false },
    ]);
  }, 120_000);

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await t?.dispose();
  });

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

  it("serves a private attachment to nobody anonymous, and to members of the organisation that attached it only", async () => {
    const response = await call(privateKey);
    expect(response.status).toBe(404);
    expect(await uploadAccess(t.db, privateKey, [])).toBe("none");
    expect(await uploadAccess(t.db, privateKey, [organisationId])).toBe("members");
    expect(await uploadAccess(t.db, privateKey, ["00000000-0000-4000-8000-000000000000"])).toBe("none");
    expect(await uploadAccess(t.db, pdfKey, [])).toBe("public");
    expect(await uploadAccess(t.db, pngKey, [])).toBe("public");
  });

  it("serves a stored file nothing references (a household document, an orphan) to nobody", async () => {
    const orphan = await storage.put({ bytes: new Uint8Array([...minimalPdf(), 0x0a, 0x0a]), declaredName: "c.pdf", kind: "document" });
    if (!orphan.ok) throw new Error("fixture refused");
    expect((await call(orphan.key)).status).toBe(404);
    expect(await uploadAccess(t.db, orphan.key, [organisationId])).toBe("none");
  });

  it("is a 404 for malformed and unknown keys", async () => {
    for (const key of ["../../etc/passwd", "x.png", `${"0".repeat(64)}.svg`, `${"0".repeat(64)}.png`]) {
      const response = await call(key);
      expect(response.status).toBe(404);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});
