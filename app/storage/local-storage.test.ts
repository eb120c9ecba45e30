import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalFileStorage } from "./local-storage.server";
import { isStorageKey, uploadUrl, type FileStorage, type StoredFile } from "./storage.server";
import { minimalPdf, onePixelJpeg, onePixelPng, onePixelWebp, textFile } from "../../tests/setup/test-files";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function stored(result: Awaited<ReturnType<FileStorage["put"]>>): StoredFile {
  if (!result.ok) throw new Error(`expected the file to be stored, got ${result.reason}`);
  return result;
}

describe("local file storage", () => {
  let parent: string;
  let root: string;
  let storage: FileStorage;

  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), "ocop-storage-"));
    root = join(parent, "uploads");
    storage = createLocalFileStorage({ root });
  });

  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("stores, opens and deletes a file under its content address", async () => {
    const png = onePixelPng();
    const file = stored(await storage.put({ bytes: png, declaredName: "anh.png", declaredType: "image/png", kind: "photo" }));
    const hash = createHash("sha256").update(png).digest("hex");
    expect(file).toEqual({ ok: true, key: `${hash}.png`, contentType: "image/png", size: png.length });
    expect(uploadUrl(file.key)).toBe(`/uploads/${hash}.png`);
    // Sharded by the first two hex digits, with no temporary file left behind.
    expect(readdirSync(join(root, hash.slice(0, 2)))).toEqual([file.key]);

    const opened = await storage.open(file.key);
    expect(opened).not.toBeNull();
    expect(opened!.size).toBe(png.length);
    expect(opened!.contentType).toBe("image/png");
    expect(await readAll(opened!.stream)).toEqual(png);

    await storage.delete(file.key);
    expect(await storage.open(file.key)).toBeNull();
    await expect(storage.delete(file.key)).resolves.toBeUndefined();
  });

  it("gives the same key for the same bytes, whatever they were called", async () => {
    const jpeg = onePixelJpeg();
    const a = stored(await storage.put({ bytes: jpeg, declaredName: "a.jpg", kind: "photo" }));
    const b = stored(await storage.put({ bytes: jpeg, declaredName: "IMG_2001.JPEG", declaredType: "image/jpeg", kind: "document" }));
    expect(b.key).toBe(a.key);
    expect(a.key.endsWith(".jpg")).toBe(true);
    const other = stored(await storage.put({ bytes: onePixelWebp(), declaredName: "a.webp", kind: "photo" }));
    expect(other.key).not.toBe(a.key);
    const pdf = stored(await storage.put({ bytes: minimalPdf(), declaredName: "chung-nhan.pdf", kind: "document" }));
    expect(pdf.contentType).toBe("application/pdf");
  });

  it("stores nothing for a refused file and says why", async () => {
    const before = existsSync(root) ? readdirSync(root, { recursive: true }).length : 0;
    const html = textFile("<html><script>alert(1)</script></html>");
    expect(await storage.put({ bytes: html, declaredName: "a.jpg", kind: "photo" })).toEqual({
      ok: false,
      reason: "markup_refused",
      kind: "photo",
    });
    expect(await storage.put({ bytes: new Uint8Array(), declaredName: "a.png", kind: "photo" })).toMatchObject({ ok: false, reason: "empty" });
    const after = existsSync(root) ? readdirSync(root, { recursive: true }).length : 0;
    expect(after).toBe(before);
  });

  it("ends with one whole file when the same bytes are put concurrently", async () => {
    const png = onePixelPng("concurrent");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => storage.put({ bytes: png, declaredName: "a.png", kind: "photo" })),
    );
    const keys = new Set(results.map((r) => stored(r).key));
    expect(keys.size).toBe(1);
    const [key] = [...keys];
    const shard = join(root, key!.slice(0, 2));
    expect(readdirSync(shard).filter((name) => name.startsWith(".tmp-"))).toEqual([]);
    expect(new Uint8Array(readFileSync(join(shard, key!)))).toEqual(png);
  });

  it("never reads or deletes outside its folder, whatever key it is given", async () => {
    const secret = join(parent, "secret.png");
    writeFileSync(secret, onePixelPng());
    const hash = "a".repeat(64);
    mkdirSync(join(root, "aa"), { recursive: true });
    const attempts = [
      "../secret.png",
      "..%2fsecret.png",
      `../../${dirname(secret)}/secret.png`,
      secret,
      `aa/../../secret.png`,
      `${hash}.png/../../../secret.png`,
      `${hash}.PNG`,
      `${hash}.svg`,
      `${hash}.html`,
      `${hash}.png\0`,
      `${hash.slice(1)}.png`,
      "",
      ".",
    ];
    for (const key of attempts) {
      expect(isStorageKey(key)).toBe(false);
      expect(await storage.open(key)).toBeNull();
      await expect(storage.delete(key)).rejects.toThrow("invalid storage key");
    }
    expect(existsSync(secret)).toBe(true);
    // A well-formed key that names nothing is simply unknown.
    expect(await storage.open(`${hash}.png`)).toBeNull();
  });
});
