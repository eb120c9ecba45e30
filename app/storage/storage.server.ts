import { createHash } from "node:crypto";
import { checkUpload, formatInfo, type FileFormat, type UploadKind, type UploadRejection } from "./file-types";

export { uploadKinds, type UploadKind, type UploadRejection, type UploadRejectionReason } from "./file-types";

/** What an action hands to storage: the bytes and what the browser claimed about them. */
export interface PutFileInput {
  bytes: Uint8Array;
  declaredName: string;
  declaredType?: string;
  kind: UploadKind;
}

export interface StoredFile {
  ok: true;
  /** Content address: SHA-256 hex of the bytes and the canonical extension, e.g. `3f…9a.png`. */
  key: string;
  contentType: string;
  size: number;
}

export interface OpenedFile {
  stream: ReadableStream<Uint8Array>;
  size: number;
  contentType: string;
}

/**
 * Where uploads live. The local folder is the default; an object store (S3 and alike) implements
 * the same three calls. Bytes are checked before they are stored, so every key names a safe file.
 */
export interface FileStorage {
  put(input: PutFileInput): Promise<StoredFile | UploadRejection>;
  /** Null for a malformed or unknown key; never touches anything a malformed key could name. */
  open(key: string): Promise<OpenedFile | null>;
  /** Removing a missing file is not an error; a malformed key is (a caller bug). */
  delete(key: string): Promise<void>;
}

const extensionFormat = new Map<string, FileFormat>(
  (Object.keys(formatInfo) as FileFormat[]).map((format) => [formatInfo[format].extension, format]),
);

/** Only keys storage itself produces: 64 lowercase hex digits, a dot, one canonical extension. */
export const storageKeyPattern = /^[0-9a-f]{64}\.(?:jpg|png|webp|pdf)$/;

export function isStorageKey(value: unknown): value is string {
  return typeof value === "string" && storageKeyPattern.test(value);
}

export function contentTypeOfKey(key: string): string {
  const format = extensionFormat.get(key.slice(key.lastIndexOf(".") + 1));
  if (!format || !isStorageKey(key)) throw new TypeError("invalid storage key");
  return formatInfo[format].contentType;
}

/** The address a stored file is served from (app/routes/uploads.$key.tsx). */
export function uploadUrl(key: string): string {
  if (!isStorageKey(key)) throw new TypeError("invalid storage key");
  return `/uploads/${key}`;
}

/**
 * Checks the bytes for the kind and computes their content address; shared by every implementation,
 * so they all accept and refuse the same files.
 */
export function prepareUpload(input: PutFileInput): { key: string; contentType: string } | UploadRejection {
  const check = checkUpload(input);
  if (!check.ok) return check;
  const hash = createHash("sha256").update(input.bytes).digest("hex");
  return { key: `${hash}.${check.extension}`, contentType: check.contentType };
}
