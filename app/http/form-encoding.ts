/**
 * Whether a form body's text is UTF-8, read at the HTTP edge before the app parses it: the platform's parsers
 * would otherwise turn bytes that are not UTF-8 into U+FFFD and store them silently.
 * Covers application/x-www-form-urlencoded bodies and the text parts of multipart/form-data bodies (file parts are
 * bytes of their own kind and are not judged).
 */

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    fatalUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export type FormEncoding = "urlencoded" | "multipart";

/** The kind of form a Content-Type announces, or null for any other body (JSON, text, none). */
export function formEncodingOf(contentType: string | null | undefined): FormEncoding | null {
  if (!contentType) return null;
  if (/^\s*application\/x-www-form-urlencoded\b/i.test(contentType)) return "urlencoded";
  if (/^\s*multipart\/form-data\b/i.test(contentType)) return "multipart";
  return null;
}

const PERCENT = 0x25;

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * A urlencoded body whose names and values, once percent-decoded, are UTF-8. Decoding the whole body at once is
 * enough: the separators (&, =, +) are ASCII, so a character cut by one is invalid in the whole too. A "%" not
 * followed by two hex digits stays as it is, as the URL standard's parser leaves it.
 */
export function urlencodedIsUtf8(body: Uint8Array): boolean {
  const decoded = new Uint8Array(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (byte === PERCENT) {
      const high = hexValue(body[i + 1]);
      const low = hexValue(body[i + 2]);
      if (high >= 0 && low >= 0) {
        decoded[n++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    decoded[n++] = byte;
  }
  return isUtf8(decoded.subarray(0, n));
}

/** The boundary a multipart Content-Type names (quoted or not), or null. */
export function multipartBoundary(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * A multipart body whose part headers and text parts (parts without a filename) are UTF-8. A body that is not
 * well-formed multipart is left to the form parser to refuse.
 */
export function multipartTextIsUtf8(body: Uint8Array, boundary: string): boolean {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const headerEnd = Buffer.from("\r\n\r\n", "latin1");
  let at = bytes.indexOf(delimiter);
  while (at !== -1) {
    const partStart = at + delimiter.length;
    // "--boundary--" closes the body.
    if (bytes[partStart] === 0x2d && bytes[partStart + 1] === 0x2d) return true;
    const next = bytes.indexOf(delimiter, partStart);
    if (next === -1) return true;
    const headersEnd = bytes.indexOf(headerEnd, partStart);
    if (headersEnd === -1 || headersEnd > next) return true;
    const headers = bytes.subarray(partStart, headersEnd);
    if (!isUtf8(headers)) return false;
    // The content ends before the CRLF that precedes the next delimiter.
    const content = bytes.subarray(headersEnd + headerEnd.length, Math.max(headersEnd + headerEnd.length, next - 2));
    const isFile = /;\s*filename\*?=/i.test(headers.toString("utf8"));
    if (!isFile && !isUtf8(content)) return false;
    at = next;
  }
  return true;
}

/** Whether a form body of this Content-Type has only UTF-8 text (true for bodies that are not forms). */
export function formTextIsUtf8(contentType: string | null | undefined, body: Uint8Array): boolean {
  const encoding = formEncodingOf(contentType);
  if (encoding === "urlencoded") return urlencodedIsUtf8(body);
  if (encoding === "multipart") {
    const boundary = multipartBoundary(contentType!);
    return boundary === null || multipartTextIsUtf8(body, boundary);
  }
  return true;
}
