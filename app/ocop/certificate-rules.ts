/**
 * The OCOP certificate register's pure rules: how certificates are numbered, how a certificate number typed by a
 * visitor is read, and what a certificate lets the platform say on a day. Safe in the browser; tests call it directly.
 */
import { z } from "zod";
import { certificateState, defaultCertificateExpiry, starsForScore } from "~/catalog/ocop";
import { ocopGroups } from "~/catalog/schema";
import { optionalIsoDateField } from "~/lib/form-values";

/**
 * Certificates issued on the platform are numbered `OCOP-{province}-{year}-{NNNN}`: the province's initials (Thái
 * Nguyên → TN), the year of the decision, and a number within the province and year (at least four digits).
 */
export function certificateNumber(provinceInitials: string, year: number, sequence: number): string {
  if (!/^[A-Z]{1,4}$/.test(provinceInitials)) throw new RangeError(`Not province initials: ${provinceInitials}`);
  if (!Number.isInteger(year) || year < 2019 || year > 2100) throw new RangeError(`Not a year: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`Not a sequence number: ${sequence}`);
  return `OCOP-${provinceInitials}-${year}-${String(sequence).padStart(4, "0")}`;
}

/** The prefix a province's numbers of a year share, for finding the last one (`OCOP-TN-2026-`). */
export function certificateNumberPrefix(provinceInitials: string, year: number): string {
  return certificateNumber(provinceInitials, year, 1).slice(0, -4);
}

/** "Thái Nguyên" → "TN", "Bà Rịa - Vũng Tàu" → "BRVT", "Hồ Chí Minh" → "HCM"; "VN" when there is no province. */
export function provinceInitials(nameVi: string | null | undefined): string {
  const words = (nameVi ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "D")
    .replace(/^(Tỉnh|Thành phố|Tinh|Thanh pho)\s+/i, "")
    .split(/[^A-Za-z]+/)
    .filter(Boolean);
  const initials = words.map((w) => w[0]!.toUpperCase()).join("").slice(0, 4);
  return initials || "VN";
}

/** Certificate numbers as people print them: letters, digits and / . _ - (2–60 characters). */
export const CERTIFICATE_NUMBER_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}/._-]{0,58}[\p{L}\p{N}]$/u;

/** A certificate number from a URL or a form, trimmed; null when it cannot be one (the page answers 404, never a fault). */
export function parseCertificateNumber(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  const value = raw.trim().replace(/\s+/g, "");
  return value.length >= 2 && value.length <= 60 && CERTIFICATE_NUMBER_PATTERN.test(value) ? value : null;
}

export const certificateStatuses = ["valid", "suspended", "revoked"] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];

/** What the register says about a certificate on a day: what a consumer or a shop needs to know. */
export type CertificateStanding = "valid" | "expiring" | "expired" | "not_yet_valid" | "suspended" | "revoked";

export function certificateStanding(c: { status: CertificateStatus; issuedOn: string; expiresOn: string }, today: string): CertificateStanding {
  if (c.status === "revoked") return "revoked";
  if (c.status === "suspended") return "suspended";
  if (c.issuedOn > today) return "not_yet_valid";
  return certificateState(c.expiresOn, today).state;
}

/** Only a valid or expiring certificate lets a product carry its stars. */
export function standingCarriesStars(s: CertificateStanding): boolean {
  return s === "valid" || s === "expiring";
}

/** A reason for suspending or revoking: public, so it is required and short enough to read. */
export const statusReasonSchema = z
  .string({ message: "ocopRegister.v.reasonRequired" })
  .trim()
  .min(5, { message: "ocopRegister.v.reasonRequired" })
  .max(1000, { message: "validation.tooLong" });

const requiredDate = optionalIsoDateField("validation.date").refine((v) => v !== null, { message: "validation.required" });

/**
 * A certificate issued before the platform (or before this register), as its holder or the department types it in:
 * it enters the register as "recorded without an evaluation" until the department confirms it.
 */
export const recordCertificateSchema = z
  .object({
    number: z
      .string({ message: "validation.required" })
      .trim()
      .min(1, { message: "validation.required" })
      .transform((v) => parseCertificateNumber(v))
      .refine((v): v is string => v !== null, { message: "validation.certificateNumber" }),
    stars: z
      .string({ message: "validation.required" })
      .transform((v) => Number(v))
      .refine((v): v is 3 | 4 | 5 => v === 3 || v === 4 || v === 5, { message: "validation.ocopStars" }),
    group: z.enum(ocopGroups, { message: "validation.choice" }),
    score: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^\d{1,3}$/.test(v), { message: "validation.ocopScore" })
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || v <= 100, { message: "validation.ocopScore" }),
    issuedOn: requiredDate,
    expiresOn: optionalIsoDateField("validation.date"),
  })
  .superRefine((c, ctx) => {
    if (c.issuedOn && c.expiresOn && c.expiresOn <= c.issuedOn) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "validation.expiryAfterIssue" });
    }
    if (c.score !== null && Number.isInteger(c.score) && c.score >= 0 && c.score <= 100 && (c.stars === 3 || c.stars === 4 || c.stars === 5) && starsForScore(c.score) !== c.stars) {
      ctx.addIssue({ code: "custom", path: ["score"], message: "validation.scoreMatchesStars" });
    }
  })
  .transform((c) => ({ ...c, issuedOn: c.issuedOn!, expiresOn: c.expiresOn ?? defaultCertificateExpiry(c.issuedOn!) }));

export type RecordCertificateInput = z.output<typeof recordCertificateSchema>;
