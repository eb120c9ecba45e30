import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, stat, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { contentTypeOfKey, isStorageKey, prepareUpload, type FileStorage } from "./storage.server";

/**
 * Uploads in a local folder: `<root>/<first two hex digits>/<key>`, so no folder grows past a few
 * thousand entries. Each file is written to a temporary name and renamed into place, so readers never
 * see half a file and two puts of the same bytes both end with the same whole file.
 */
export function createLocalFileStorage(options: { root: string }): FileStorage {
  const root = resolve(options.root);
  const pathOf = (key: string) => join(root, key.slice(0, 2), key);

  return {
    async put(input) {
      const prepared = prepareUpload(input);
      if ("ok" in prepared) return prepared;
      const { key, contentType } = prepared;
      const size = input.bytes.byteLength;
      const target = pathOf(key);
      const existing = await stat(target).catch(() => null);
      if (existing?.isFile() && existing.size === size) return { ok: true, key, contentType, size };

      await mkdir(join(root, key.slice(0, 2)), { recursive: true });
      const temp = join(root, key.slice(0, 2), `.tmp-${randomUUID()}`);
      try {
        const handle = await open(temp, "wx", 0o644);
        try {
          await handle.writeFile(input.bytes);
          // Flushed before the rename, so a crash cannot leave a named but empty file.
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { ok: true, key, contentType, size };
    },

    async open(key) {
      if (!isStorageKey(key)) return null;
      let handle;
      try {
        handle = await open(pathOf(key), "r");
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) {
          await handle.close();
          return null;
        }
        // The stream owns the handle from here: it closes it when read to the end or cancelled.
        const stream = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
        return { stream, size: info.size, contentType: contentTypeOfKey(key) };
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
    },

    async delete(key) {
      if (!isStorageKey(key)) throw new TypeError("invalid storage key");
      try {
        await unlink(pathOf(key));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },
  };
}

function isMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT";
}
