/**
 * Vietnamese-aware folding for search, the same rule as the SQL function ocop_fold() (migration
 * 0005): NFC-normalise, strip the diacritics of every Vietnamese letter, đ → d, ASCII lower case.
 * Other characters pass through unchanged, exactly as translate() leaves them in SQL.
 */
const FROM =
  "àÀáÁạẠảẢãÃâÂầẦấẤậẬẩẨẫẪăĂằẰắẮặẶẳẲẵẴèÈéÉẹẸẻẺẽẼêÊềỀếẾệỆểỂễỄìÌíÍịỊỉỈĩĨòÒóÓọỌỏỎõÕôÔồỒốỐộỘổỔỗỖơƠờỜớỚợỢởỞỡỠùÙúÚụỤủỦũŨưƯừỪứỨựỰửỬữỮỳỲýÝỵỴỷỶỹỸđĐABCDEFGHIJKLMNOPQRSTUVWXYZ";
const TO =
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyyddabcdefghijklmnopqrstuvwxyz";

const FOLD = new Map<string, string>();
{
  const from = Array.from(FROM);
  const to = Array.from(TO);
  if (from.length !== to.length) throw new Error("search-text: folding tables differ in length");
  from.forEach((ch, i) => FOLD.set(ch, to[i]!));
}

export function foldSearchText(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) out += FOLD.get(ch) ?? ch;
  return out;
}

/**
 * Turns what a person typed into the words of a tsquery: folded, split on anything that is not a
 * letter or digit (the 'simple' parser would split there too), at most 8 words of at most 40 chars.
 */
export function searchWords(q: string): string[] {
  return foldSearchText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8)
    .map((w) => w.slice(0, 40));
}

/**
 * A to_tsquery('simple', …) string: every word must match, the last one as a prefix (the person may
 * still be typing it). Words contain only letters and digits, so no tsquery operator can slip in.
 * Returns null when there is nothing to search for.
 */
export function toPrefixTsQuery(q: string): string | null {
  const words = searchWords(q);
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ");
}
