/**
 * The HTML part of a message, made from its text: escaped, paragraphs kept, http(s) links made clickable. One
 * source of content, so the two parts never say different things.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const linkPattern = /https?:\/\/[^\s<>"']+/g;

function inline(line: string): string {
  let out = "";
  let last = 0;
  for (const match of line.matchAll(linkPattern)) {
    const url = match[0].replace(/[.,;:!?)]+$/, "");
    const at = match.index;
    out += escapeHtml(line.slice(last, at));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = at + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

export function textToHtml(text: string, lang: string): string {
  const paragraphs = text
    .replace(/\r\n/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split("\n").map(inline).join("<br>\n")}</p>`);
  return `<!doctype html>\n<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"></head>\n<body style="font-family:sans-serif;line-height:1.5">\n${paragraphs.join("\n")}\n</body></html>\n`;
}
