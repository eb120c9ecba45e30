/**
 * How a recorded detail of a trace step is shown to a person: lists as lists, dates as dates, yes/no as words,
 * a lab result as pass/fail. Pure and safe in the browser; the caller translates and formats.
 */
export type DetailDisplay =
  | { kind: "text"; text: string }
  | { kind: "number"; value: number }
  | { kind: "date"; iso: string }
  | { kind: "datetime"; iso: string }
  | { kind: "yesno"; value: boolean }
  | { kind: "result"; value: "pass" | "fail" }
  | { kind: "list"; items: DetailDisplay[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const PASS = new Set(["pass", "đạt", "passed"]);
const FAIL = new Set(["fail", "không đạt", "failed"]);

export function displayDetail(key: string, value: unknown): DetailDisplay {
  if (Array.isArray(value)) return { kind: "list", items: value.map((v) => displayDetail(key, v)) };
  if (typeof value === "boolean") return { kind: "yesno", value };
  if (typeof value === "number" && Number.isFinite(value)) return { kind: "number", value };
  if (typeof value === "string") {
    const text = value.trim();
    if (key === "result" && PASS.has(text.toLowerCase())) return { kind: "result", value: "pass" };
    if (key === "result" && FAIL.has(text.toLowerCase())) return { kind: "result", value: "fail" };
    if (DATE.test(text) && !Number.isNaN(Date.parse(text))) return { kind: "date", iso: text };
    if (DATETIME.test(text) && !Number.isNaN(Date.parse(text))) return { kind: "datetime", iso: text };
    return { kind: "text", text: value };
  }
  if (value && typeof value === "object") {
    return { kind: "list", items: Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ kind: "text", text: `${k}: ${flatText(v)}` })) };
  }
  return { kind: "text", text: value == null ? "" : String(value) };
}

function flatText(value: unknown): string {
  if (Array.isArray(value)) return value.map(flatText).join(", ");
  if (value && typeof value === "object") return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${flatText(v)}`).join("; ");
  return value == null ? "" : String(value);
}
