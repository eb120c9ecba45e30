import { crc32, deflateSync } from "node:zlib";

/**
 * Small real files for tests, built from known bytes: each one decodes in a browser (the e2e spec
 * shows the images), so the checks are proven against genuine files, not only against fakes.
 */

// Backed by a plain ArrayBuffer, so the bytes can go straight into a File or Blob.
type Bytes = Uint8Array<ArrayBuffer>;

function concat(...parts: (Uint8Array | number[] | string)[]): Bytes {
  const buffers = parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(buffers));
}

function pngChunk(type: string, data: Uint8Array): Bytes {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = concat(type, data);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return concat(length, body, crc);
}

/** A 1×1 green PNG, with an optional text chunk (to hide a script in). */
export function onePixelPng(text?: string): Bytes {
  const ihdr = concat([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const pixels = deflateSync(Buffer.from([0, 0x1f, 0x6f, 0x43]));
  return concat(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    pngChunk("IHDR", ihdr),
    ...(text === undefined ? [] : [pngChunk("tEXt", concat("Comment\0", text))]),
    pngChunk("IDAT", new Uint8Array(pixels)),
    pngChunk("IEND", new Uint8Array()),
  );
}

/** A 1×1 grey baseline JPEG: one 8×8 block, DC difference 0 and end-of-block, each a 1-bit code. */
export function onePixelJpeg(): Bytes {
  const oneCodeTable = (tableClass: number) => [0xff, 0xc4, 0x00, 0x14, tableClass, 1, ...new Array<number>(15).fill(0), 0x00];
  return concat(
    [0xff, 0xd8],
    [0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0", "latin1"), 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1)],
    [0xff, 0xc0, 0x00, 0x0b, 8, 0, 1, 0, 1, 1, 1, 0x11, 0],
    oneCodeTable(0x00),
    oneCodeTable(0x10),
    [0xff, 0xda, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0],
    [0b00111111],
    [0xff, 0xd9],
  );
}

/** A 1×1 lossless WebP (the one browsers use to detect WebP support). */
export function onePixelWebp(): Bytes {
  return new Uint8Array(Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64"));
}

/** A one-page PDF with a correct cross-reference table; `extra` adds a dictionary entry to the catalog. */
export function minimalPdf(extra = ""): Bytes {
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${extra}>>`,
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return concat(body);
}

export function textFile(text: string): Bytes {
  return new Uint8Array(Buffer.from(text, "utf8"));
}
