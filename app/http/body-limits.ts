/**
 * How many bytes a request body may have, by kind of route. Bodies over the limit are answered 413:
 * before reading when Content-Length says so, else as soon as the count passes it.
 */
const KB = 1024;
const MB = 1024 * KB;

export const bodyLimits = {
  /** Ordinary forms (sign-in, language, checkout, workspace forms): text fields only. */
  form: 256 * KB,
  /** Payment providers' webhooks: one event as JSON. */
  webhook: 512 * KB,
  /** Multipart uploads (photos, documents, household imports): their forms enforce their own, smaller, limits. */
  upload: 48 * MB,
} as const;

export type BodyKind = keyof typeof bodyLimits;

export function bodyKindOf(pathname: string, contentType: string | undefined): BodyKind {
  if (pathname.startsWith("/webhooks/")) return "webhook";
  if (contentType && /^\s*multipart\/form-data\b/i.test(contentType)) return "upload";
  return "form";
}
