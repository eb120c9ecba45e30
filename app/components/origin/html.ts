/**
 * A tiny HTML template for pages rendered without React (the QR origin page): every interpolated value
 * is escaped unless it is already `SafeHtml` built by `html` itself, so a database value can never
 * become markup. Attributes are always double-quoted, so escaping covers attribute values too.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const special = /[&<>"']/;
const specialAll = /[&<>"']/g;
const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return special.test(text) ? text.replace(specialAll, (c) => entities[c] as string) : text;
}

function append(out: string, value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return out;
  if (value instanceof SafeHtml) return out + value.value;
  if (typeof value === "number") return out + String(value);
  if (typeof value === "string") return out + escapeHtml(value);
  for (const item of value) out = append(out, item);
  return out;
}

/** `html\`<p>${text}</p>\``: the literal parts are markup, the values are escaped text (lists are joined). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i += 1) {
    out = append(out, values[i] as HtmlValue);
    out += strings[i + 1] as string;
  }
  return new SafeHtml(out);
}
