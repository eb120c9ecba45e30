/**
 * What an uploaded ZIP (an XLSX file) unpacks to, checked before a spreadsheet library opens it: a 2 MB upload
 * can hold gigabytes of repeated bytes (a "zip bomb") that would exhaust the server's memory. The central
 * directory's sizes are summed, then every entry is inflated with a ceiling of the size it declares, so a
 * directory that lies is caught too. Plain Node (zlib), no framework.
 */
import { inflateRawSync } from "node:zlib";

export interface ZipLimits {
  /** Sum of the entries' unpacked sizes. */
  maxUnpackedBytes: number;
  maxEntries: number;
}

/** Room for the largest list an import accepts (5,000 rows as sheet XML, shared strings and styles), with margin. */
export const XLSX_LIMITS: ZipLimits = { maxUnpackedBytes: 24 * 1024 * 1024, maxEntries: 500 };

export type ZipCheck = { ok: true; entries: number; unpackedBytes: number } | { ok: false; reason: "unreadable" | "tooLarge" };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function checkZip(bytes: Uint8Array, limits: ZipLimits = XLSX_LIMITS): ZipCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const unreadable = { ok: false, reason: "unreadable" } as const;
  const tooLarge = { ok: false, reason: "tooLarge" } as const;
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return unreadable;
  const count = u16(eocd + 10);
  const directorySize = u32(eocd + 12);
  const directoryAt = u32(eocd + 16);
  // ZIP64 markers: never needed for a file of a few megabytes.
  if (count === 0xffff || directoryAt === 0xffffffff || directoryAt + directorySize > eocd) return unreadable;
  if (count > limits.maxEntries) return tooLarge;

  const entries: { method: number; packed: number; unpacked: number; localAt: number }[] = [];
  let declared = 0;
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(at) !== CENTRAL) return unreadable;
    const entry = { method: u16(at + 10), packed: u32(at + 20), unpacked: u32(at + 24), localAt: u32(at + 42) };
    declared += entry.unpacked;
    if (declared > limits.maxUnpackedBytes) return tooLarge;
    entries.push(entry);
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
  }

  let unpacked = 0;
  for (const e of entries) {
    if (e.localAt + 30 > bytes.length || u32(e.localAt) !== LOCAL) return unreadable;
    const dataAt = e.localAt + 30 + u16(e.localAt + 26) + u16(e.localAt + 28);
    if (dataAt + e.packed > bytes.length) return unreadable;
    const data = bytes.subarray(dataAt, dataAt + e.packed);
    let size: number;
    if (e.method === 0) size = data.length;
    else if (e.method === 8) {
      try {
        // One byte over the declared size is enough to know it lied.
        size = inflateRawSync(data, { maxOutputLength: e.unpacked + 1 }).length;
      } catch (error) {
        return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? tooLarge : unreadable;
      }
    } else return unreadable;
    if (size !== e.unpacked) return size > e.unpacked ? tooLarge : unreadable;
    unpacked += size;
  }
  return { ok: true, entries: entries.length, unpackedBytes: unpacked };
}
