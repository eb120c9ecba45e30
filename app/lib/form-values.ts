import { z } from "zod";

/**
 * The one reading of the values people type that every form schema shares: calendar dates and free text.
 * Framework-free and safe in the browser. Messages are the caller's translation keys.
 */

/** The years a date typed into a form may have: a mistyped year (9999, 0202) is a mistake, not a date. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-20" that names a real day (no 2026-02-30, no month 13) of a year from 1900 to 2100. */
export function isRealIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  if (y < MIN_YEAR || y > MAX_YEAR) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A date field that must be filled: the ISO text of a real day. */
export function isoDateField(message: string, requiredMessage = message) {
  return z
    .string({ message: requiredMessage })
    .trim()
    .min(1, { message: requiredMessage })
    .refine((v) => v === "" || isRealIsoDate(v), { message });
}

/** A date field that may be left empty: "" becomes null. */
export function optionalIsoDateField(message: string) {
  return z
    .string({ message })
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isRealIsoDate(v), { message });
}

/**
 * The most characters any one free-text field of any form keeps (the longest is a description). Past it a value
 * is a person's paste mistake (100 KB in a name): refused with a field message, never stored, never a 500.
 */
export const FREE_TEXT_MAX = 4000;

/** The message shown next to a field whose text is longer than FREE_TEXT_MAX (app/lib/messages/common.ts). */
export const TEXT_TOO_LONG_MESSAGE = "validation.textTooLong";

/**
 * The one reading of free text typed into a form: trimmed, at most `max` characters (and never more than
 * FREE_TEXT_MAX), with the caller's `tooLong` message past it. Callers add `.min`, `.optional()`, transforms.
 */
export function freeText(max: number = FREE_TEXT_MAX, tooLong: string = TEXT_TOO_LONG_MESSAGE, required?: string) {
  return (required === undefined ? z.string() : z.string({ message: required })).trim().max(Math.min(max, FREE_TEXT_MAX), { message: tooLong });
}

/**
 * The names of a submitted form's text values longer than FREE_TEXT_MAX: the door of every command
 * (app/lib/field-errors.ts parseInput) refuses them whatever the form's schema says of the field.
 */
export function overlongTextFields(raw: unknown): string[] {
  const entries: Iterable<[string, unknown]> =
    raw instanceof FormData ? raw.entries() : raw && typeof raw === "object" ? Object.entries(raw) : [];
  const names: string[] = [];
  for (const [name, value] of entries) {
    if (typeof value === "string" && value.length > FREE_TEXT_MAX && !names.includes(name)) names.push(name);
  }
  return names;
}

/** C0 control characters other than tab, line feed and carriage return, and DEL: never part of what a person types. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** The text without control characters (a NUL cannot even be stored in PostgreSQL text). */
export function stripControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "");
}

/** Whether the text holds a control character other than tab and line breaks. */
export function hasControlCharacters(value: string): boolean {
  return new RegExp(CONTROL_CHARACTERS.source).test(value);
}

/**
 * A submitted form with control characters dropped from every text value (files untouched): applied where
 * actions read their form, so no field of any form can carry a NUL to the database.
 */
export function cleanFormData(form: FormData): FormData {
  let dirty = false;
  for (const [, value] of form) {
    if (typeof value === "string" && hasControlCharacters(value)) {
      dirty = true;
      break;
    }
  }
  if (!dirty) return form;
  const clean = new FormData();
  for (const [name, value] of form) clean.append(name, typeof value === "string" ? stripControlCharacters(value) : value);
  return clean;
}

/**
 * A chosen id (a commune, a list entry) sent as digits, or null when left empty: only 1 to 9 digits, so
 * "1e23", "-1", "NaN" and numbers past PostgreSQL's integer are refused, not passed to the database.
 */
export function optionalIntegerIdField(message: string) {
  return z
    .string({ message })
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (/^\d{1,9}$/.test(v) && Number(v) > 0), { message })
    .transform((v) => (v === null ? null : Number(v)));
}
