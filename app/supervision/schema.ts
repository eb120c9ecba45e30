/**
 * Forms of the citizen-report channel and the case desk, parsed with zod on the server (and safe in the browser).
 * Messages are message keys (app/lib/messages/supervision.ts).
 */
import { z } from "zod";
import { normalizeVietnamesePhone } from "~/market/checkout-schema";
import { assigneeKinds, reportKinds } from "./case-words";

export const REPORT_TEXT_MAX = 2000;
export const PLACE_MAX = 300;
export const ANSWER_MAX = 4000;
export const COMMENT_MAX = 2000;

/** Crockford base32 without I, L, O, U. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A case reference as printed: PA-XXXX-XXXX-XXXX, 60 random bits. */
export const referencePattern = /^PA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A reference as a person types it: case, spaces, missing dashes and misread letters (O→0, I/L→1) forgiven. */
export function normaliseReference(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/^PA/, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (compact.length !== 12 || [...compact].some((c) => !CROCKFORD.includes(c))) return null;
  return `PA-${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

/** Turns 60 random bits (8 bytes, the top 4 bits ignored) into a reference. */
export function referenceFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError("need 8 random bytes");
  let value = 0n;
  for (let i = 0; i < 8; i += 1) value = (value << 8n) | BigInt(bytes[i]!);
  let chars = "";
  for (let i = 0; i < 12; i += 1) {
    chars = CROCKFORD[Number(value & 31n)]! + chars;
    value >>= 5n;
  }
  return `PA-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, { error: message })
    .optional()
    .transform((v) => (v ? v : null));

/** A short code as on labels (13 Crockford characters), tolerant of case. */
const codeField = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.toUpperCase() : null))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{13}$/, { error: "rep.v.code" }).nullable());

export const reportFormSchema = z
  .object({
    kind: z.enum(reportKinds, { error: "rep.v.kind" }),
    description: z
      .string({ error: "rep.v.descriptionRequired" })
      .trim()
      .min(10, { error: "rep.v.descriptionShort" })
      .max(REPORT_TEXT_MAX, { error: "rep.v.descriptionLong" }),
    code: codeField,
    serial: codeField,
    product: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(z.string().max(120).regex(/^[a-z0-9-]+$/, { error: "rep.v.product" }).nullable()),
    order: z
      .string()
      .optional()
      .transform((v) => (v ? v.replace(/\s+/g, "").toUpperCase() : null))
      .pipe(z.string().regex(/^DH-[0-9A-HJKMNP-TV-Z]{8}$/, { error: "rep.v.order" }).nullable()),
    page: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(z.string().max(300, { error: "rep.v.page" }).regex(/^\/[^\s]*$/, { error: "rep.v.page" }).nullable()),
    placeBought: optionalText(PLACE_MAX, "rep.v.placeLong"),
    contactName: optionalText(120, "rep.v.nameLong"),
    contactPhone: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        const phone = normalizeVietnamesePhone(v);
        if (!phone) {
          ctx.addIssue({ code: "custom", message: "rep.v.phone" });
          return z.NEVER;
        }
        return phone;
      }),
    contactEmail: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.toLowerCase() : null))
      .pipe(z.email({ error: "rep.v.email" }).max(200, { error: "rep.v.email" }).nullable()),
  })
  .superRefine((value, ctx) => {
    // A counterfeit report is only useful with where it was bought.
    if (value.kind === "counterfeit" && !value.placeBought) ctx.addIssue({ code: "custom", path: ["placeBought"], message: "rep.v.placeRequired" });
    if (value.serial && !value.code) ctx.addIssue({ code: "custom", path: ["serial"], message: "rep.v.serialWithoutCode" });
  });
export type ReportForm = z.output<typeof reportFormSchema>;

export const assignFormSchema = z
  .object({
    assigneeKind: z.enum(assigneeKinds, { error: "case.v.assigneeKind" }),
    organisationId: z.string().optional(),
    userId: z.string().optional(),
    communeId: z.string().optional(),
    note: optionalText(COMMENT_MAX, "case.v.noteLong"),
  })
  .transform((v, ctx) => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    if (v.assigneeKind === "cooperative") {
      if (!v.organisationId || !uuid.test(v.organisationId)) {
        ctx.addIssue({ code: "custom", path: ["organisationId"], message: "case.v.organisation" });
        return z.NEVER;
      }
      return { assigneeKind: "cooperative" as const, organisationId: v.organisationId, note: v.note };
    }
    if (v.assigneeKind === "officer") {
      if (!v.userId || !uuid.test(v.userId)) {
        ctx.addIssue({ code: "custom", path: ["userId"], message: "case.v.officer" });
        return z.NEVER;
      }
      return { assigneeKind: "officer" as const, userId: v.userId, note: v.note };
    }
    const communeId = Number(v.communeId);
    if (!v.communeId || !Number.isInteger(communeId) || communeId <= 0) {
      ctx.addIssue({ code: "custom", path: ["communeId"], message: "case.v.commune" });
      return z.NEVER;
    }
    return { assigneeKind: "commune" as const, communeId, note: v.note };
  });
export type AssignForm = z.output<typeof assignFormSchema>;

export const answerFormSchema = z.object({
  answer: z
    .string({ error: "case.v.answerRequired" })
    .trim()
    .min(10, { error: "case.v.answerShort" })
    .max(ANSWER_MAX, { error: "case.v.answerLong" }),
});

/** A comment, or the reason given for closing or escalating. */
export const noteFormSchema = z.object({
  note: z
    .string({ error: "case.v.noteRequired" })
    .trim()
    .min(3, { error: "case.v.noteRequired" })
    .max(COMMENT_MAX, { error: "case.v.noteLong" }),
});

/** The optional note of a closing. */
export const closeFormSchema = z.object({ note: optionalText(COMMENT_MAX, "case.v.noteLong") });

export const caseFilterSchema = z.object({
  status: z.enum(["received", "assigned", "answered", "closed", "escalated", "open", "overdue"]).optional().catch(undefined),
  kind: z.enum(reportKinds).optional().catch(undefined),
  commune: z.coerce.number().int().positive().optional().catch(undefined),
});
export type CaseFilter = z.output<typeof caseFilterSchema>;
