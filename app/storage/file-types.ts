/**
 * Decides what an uploaded file is from its bytes alone, and whether it is whole and free of
 * active content. Declared names and types are only checked for consistency, never trusted.
 */

export type FileFormat = "jpeg" | "png" | "webp" | "pdf";
export type UploadKind = "photo" | "document";

export const formatInfo: Record<FileFormat, { extension: string; contentType: string; aliases: readonly string[] }> = {
  jpeg: { extension: "jpg", contentType: "image/jpeg", aliases: ["jpg", "jpeg", "jpe", "jfif"] },
  png: { extension: "png", contentType: "image/png", aliases: ["png"] },
  webp: { extension: "webp", contentType: "image/webp", aliases: ["webp"] },
  pdf: { extension: "pdf", contentType: "application/pdf", aliases: ["pdf"] },
};

const MB = 1024 * 1024;

export const uploadKinds: Record<UploadKind, { formats: readonly FileFormat[]; maxBytes: number }> = {
  photo: { formats: ["jpeg", "png", "webp"], maxBytes: 8 * MB },
  document: { formats: ["pdf", "jpeg", "png", "webp"], maxBytes: 15 * MB },
};

/** Why an upload was refused; each reason is something the user can fix by choosing another file. */
export type UploadRejectionReason =
  | "empty"
  | "too_large"
  | "unrecognised"
  | "markup_refused"
  | "not_allowed"
  | "name_mismatch"
  | "truncated"
  | "damaged"
  | "active_content";

export interface UploadRejection {
  ok: false;
  reason: UploadRejectionReason;
  kind: UploadKind;
  /** The format found in the bytes, when one was. */
  detected?: FileFormat;
}

export interface UploadCheck {
  ok: true;
  format: FileFormat;
  extension: string;
  contentType: string;
}

type Structure = "whole" | "truncated" | "damaged";

export interface CheckUploadInput {
  bytes: Uint8Array;
  kind: UploadKind;
  declaredName?: string;
  declaredType?: string;
}

/** Runs every check in the order a user would want to hear about the problems. */
export function checkUpload({ bytes, kind, declaredName, declaredType }: CheckUploadInput): UploadCheck | UploadRejection {
  const rules = uploadKinds[kind];
  const reject = (reason: UploadRejectionReason, detected?: FileFormat): UploadRejection =>
    detected ? { ok: false, reason, kind, detected } : { ok: false, reason, kind };

  if (bytes.byteLength === 0) return reject("empty");
  if (bytes.byteLength > rules.maxBytes) return reject("too_large");

  const format = sniffFormat(bytes);
  if (!format) return reject(looksLikeMarkup(bytes) ? "markup_refused" : "unrecognised");
  if (!rules.formats.includes(format)) return reject("not_allowed", format);
  if (!declarationMatches(format, declaredName, declaredType)) return reject("name_mismatch", format);

  const structure = structureOf(format, bytes);
  if (structure !== "whole") return reject(structure, format);
  if (hasActiveContent(format, bytes)) return reject("active_content", format);

  const info = formatInfo[format];
  return { ok: true, format, extension: info.extension, contentType: info.contentType };
}

/** The format named by the file's magic bytes, or null. */
export function sniffFormat(bytes: Uint8Array): FileFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes.subarray(8), ascii("WEBP"))) return "webp";
  if (startsWith(bytes, ascii("%PDF-"))) return "pdf";
  return null;
}

/** A declared extension or type that names another format means a renamed file; none at all is fine. */
function declarationMatches(format: FileFormat, declaredName?: string, declaredType?: string): boolean {
  const info = formatInfo[format];
  const name = (declaredName ?? "").trim().toLowerCase();
  const dot = name.lastIndexOf(".");
  if (dot > 0 && dot < name.length - 1 && !info.aliases.includes(name.slice(dot + 1))) return false;
  const type = (declaredType ?? "").split(";")[0]!.trim().toLowerCase();
  // Browsers send octet-stream when they do not know the extension; "image/jpg" is a common misspelling.
  const acceptable = ["", "application/octet-stream", info.contentType, ...(format === "jpeg" ? ["image/jpg", "image/pjpeg"] : [])];
  return acceptable.includes(type);
}

function structureOf(format: FileFormat, bytes: Uint8Array): Structure {
  switch (format) {
    case "png":
      return pngStructure(bytes);
    case "jpeg":
      return jpegStructure(bytes);
    case "webp":
      return webpStructure(bytes);
    case "pdf":
      return pdfStructure(bytes);
  }
}

/** Chunks from IHDR to IEND, each fitting in the file, nothing after IEND. */
function pngStructure(bytes: Uint8Array): Structure {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let first = true;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = latin1(bytes.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) return "damaged";
    if (first && type !== "IHDR") return "damaged";
    first = false;
    const end = offset + 12 + length;
    if (end > bytes.length) return "truncated";
    if (type === "IEND") return end === bytes.length ? "whole" : "damaged";
    offset = end;
  }
  return "truncated";
}

/** Marker segments, entropy-coded scans and an EOI; data after EOI (phone makers' trailers) is allowed. */
function jpegStructure(bytes: Uint8Array): Structure {
  let offset = 2;
  let inScan = false;
  while (offset < bytes.length) {
    if (inScan) {
      // Inside a scan, FF 00 is a stuffed byte and FF D0–D7 are restart markers.
      const next = bytes.indexOf(0xff, offset);
      if (next < 0 || next + 1 >= bytes.length) return "truncated";
      const code = bytes[next + 1]!;
      if (code === 0x00 || (code >= 0xd0 && code <= 0xd7) || code === 0xff) {
        offset = next + 1;
        continue;
      }
      inScan = false;
      offset = next;
    }
    if (bytes[offset] !== 0xff) return "damaged";
    while (offset < bytes.length && bytes[offset] === 0xff) offset++;
    if (offset >= bytes.length) return "truncated";
    const marker = bytes[offset]!;
    offset++;
    if (marker === 0xd9) return "whole";
    if (marker === 0xd8 || marker === 0x00) return "damaged";
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (offset + 2 > bytes.length) return "truncated";
    const length = (bytes[offset]! << 8) | bytes[offset + 1]!;
    if (length < 2) return "damaged";
    offset += length;
    if (offset > bytes.length) return "truncated";
    if (marker === 0xda) inScan = true;
  }
  return "truncated";
}

/** A RIFF container whose declared size matches the file and whose chunks fit in it. */
function webpStructure(bytes: Uint8Array): Structure {
  if (bytes.length < 12) return "truncated";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = view.getUint32(4, true) + 8;
  if (end > bytes.length) return "truncated";
  if (end < bytes.length) return "damaged";
  let offset = 12;
  let hasImage = false;
  while (offset < end) {
    if (offset + 8 > end) return "damaged";
    const type = latin1(bytes.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (type === "VP8 " || type === "VP8L" || type === "VP8X") hasImage = true;
    offset += 8 + size + (size % 2);
    if (offset > end) return "damaged";
  }
  return hasImage ? "whole" : "damaged";
}

/** A PDF that was cut short loses its trailer and final %%EOF. */
function pdfStructure(bytes: Uint8Array): Structure {
  const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes("%%EOF") ? "whole" : "truncated";
}

// Markup that a browser would run if the file were ever taken for HTML or SVG (polyglots).
const markupPattern = /<(?:script|iframe|object|embed|body|html|svg|!doctype)[\s>/]|<\?xml-stylesheet|\bon(?:load|error)\s*=|javascript:/i;
// PDF actions that run code or other programs when the document is opened.
const pdfActionPattern = /\/(?:JavaScript|JS|Launch|RichMedia)(?![A-Za-z0-9])/;

function hasActiveContent(format: FileFormat, bytes: Uint8Array): boolean {
  const text = latin1(bytes);
  if (markupPattern.test(text)) return true;
  if (format !== "pdf") return false;
  // PDF names may spell letters as #xx escapes (/J#61vaScript); decode them before looking.
  const names = text.replace(/\/[^\s/[\]<>(){}%]*/g, (name) =>
    name.includes("#") ? name.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name,
  );
  return pdfActionPattern.test(names);
}

/** Text-like content (HTML, SVG, XML) at the start of a file that has no known magic bytes. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, 1024))
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .trimStart();
  return head.startsWith("<") || markupPattern.test(head);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

// One character per byte with ASCII intact, which is all the patterns above look at.
const byteDecoder = new TextDecoder("latin1");

function latin1(bytes: Uint8Array): string {
  return byteDecoder.decode(bytes);
}
