/**
 * What a label prints for people, and how text is fitted into a box: shared by the PDF sheets
 * (labels.server.ts) and the thermal-printer commands (thermal.ts). Pure: the caller measures text.
 */

export interface LabelKey {
  shortCode: string;
  lotCode: string;
  gtin: string | null;
}

/**
 * The human-readable interpretation printed beside the QR code: for a GS1 Digital Link label the element string
 * of what the symbol carries, one element per entry in symbol order — "(01) GTIN", "(10) lot", "(21) serial" —
 * with the data as stored (not percent-encoded), as GS1's HRI rules ask; otherwise the app's short code (with the
 * serial of a unit). `digitalLink` says which one the label's URI is.
 */
export function humanReadable(key: LabelKey, serial: string | null, digitalLink: boolean): string[] {
  if (digitalLink && key.gtin) {
    const elements = [`(01) ${key.gtin}`, `(10) ${key.lotCode}`];
    if (serial) elements.push(`(21) ${serial}`);
    return elements;
  }
  return [serial ? `${key.shortCode}-${serial}` : key.shortCode];
}

export interface FittedText {
  size: number;
  lines: string[];
  /** Height taken: lines × size × lineHeight. */
  height: number;
}

export interface FitOptions {
  /** Width of `text` at font size `size`, in the same unit as maxWidth. */
  measure: (text: string, size: number) => number;
  maxWidth: number;
  maxHeight: number;
  /** Largest and smallest font size tried (step `step`). */
  maxSize: number;
  minSize: number;
  step?: number;
  /** Line advance as a multiple of the font size. */
  lineHeight: number;
}

/**
 * Breaks `pieces` (words, or GS1 elements kept whole where they fit) into lines no wider than `maxWidth`;
 * a piece wider than the box on its own is broken between characters.
 */
export function wrapPieces(pieces: readonly string[], width: (s: string) => number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = "";
  const push = (piece: string) => {
    const candidate = current ? `${current} ${piece}` : piece;
    if (width(candidate) <= maxWidth) {
      current = candidate;
      return;
    }
    if (current) lines.push(current);
    current = "";
    if (width(piece) <= maxWidth) {
      current = piece;
      return;
    }
    // A piece longer than the line: as many characters as fit on each line.
    let chunk = "";
    for (const char of Array.from(piece)) {
      if (chunk && width(chunk + char) > maxWidth) {
        lines.push(chunk);
        chunk = "";
      }
      chunk += char;
    }
    current = chunk;
  };
  for (const piece of pieces) if (piece !== "") push(piece);
  if (current) lines.push(current);
  return lines;
}

/** Cuts `line` so that it and an ellipsis fit `maxWidth`. */
export function ellipsize(line: string, width: (s: string) => number, maxWidth: number): string {
  let chars = Array.from(line);
  while (chars.length > 0 && width(`${chars.join("")}…`) > maxWidth) chars = chars.slice(0, -1);
  return `${chars.join("").trimEnd()}…`;
}

/**
 * The largest font size (from maxSize down to minSize) at which the text, wrapped, fits the box; at minSize
 * the lines that do not fit are dropped and the last kept one ends with an ellipsis. Never wider or taller
 * than the box (an empty result when not even one line fits).
 */
export function fitText(pieces: readonly string[], options: FitOptions): FittedText {
  const step = options.step ?? 0.1;
  const lines = (size: number) => wrapPieces(pieces, (s) => options.measure(s, size), options.maxWidth);
  for (let size = options.maxSize; size >= options.minSize - 1e-9; size -= step) {
    const wrapped = lines(size);
    const height = wrapped.length * size * options.lineHeight;
    if (height <= options.maxHeight + 1e-9) return { size, lines: wrapped, height };
  }
  const size = options.minSize;
  const room = Math.floor((options.maxHeight + 1e-9) / (size * options.lineHeight));
  if (room <= 0) return { size, lines: [], height: 0 };
  const wrapped = lines(size);
  const kept = wrapped.slice(0, room);
  if (wrapped.length > room) kept[room - 1] = ellipsize(kept[room - 1] as string, (s) => options.measure(s, size), options.maxWidth);
  return { size, lines: kept, height: kept.length * size * options.lineHeight };
}

/** Words of a text for wrapping. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Printable ASCII only: such a line prints in a thermal printer's own font; anything else goes as a bitmap. */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
