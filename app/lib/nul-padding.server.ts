import { Transform } from "node:stream";

/**
 * React 18.3's streaming renderer encodes into 2,048-byte buffers and, when a multi-byte UTF-8
 * character (most Vietnamese letters) would straddle the end of one, flushes the unwritten tail as
 * NUL bytes (facebook/react#24985, fixed in React 19 by #26228). A UTF-8 character has at most 4 bytes,
 * so at most 3 trailing NULs per chunk are padding; HTML never needs a NUL, so they are dropped.
 */
export function stripTrailingNulPadding(chunk: Buffer): Buffer {
  let end = chunk.length;
  while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end -= 1;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

/** A pass-through stream that drops React's NUL padding from every chunk. */
export function createNulPaddingFilter(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, stripTrailingNulPadding(chunk));
    },
  });
}
