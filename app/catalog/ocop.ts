/** OCOP rules of Decision 148/QĐ-TTg that the catalogue relies on. Pure: safe in the browser. */

export const OCOP_CERTIFICATE_MONTHS = 36;
export const EXPIRY_WARNING_DAYS = 90;

export type CertificateState = "valid" | "expiring" | "expired";

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(value: string): Date {
  const m = isoDate.exec(value);
  if (!m) throw new RangeError(`Not a calendar date: ${value}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCMonth() !== Number(m[2]) - 1) throw new RangeError(`Not a calendar date: ${value}`);
  return d;
}

/** Default expiry: 36 months after issue; the 31st of a shorter month rolls back to its last day. */
export function defaultCertificateExpiry(issuedOn: string): string {
  const d = parseIsoDate(issuedOn);
  const targetMonth = d.getUTCMonth() + OCOP_CERTIFICATE_MONTHS;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  const result = new Date(Date.UTC(d.getUTCFullYear(), targetMonth, Math.min(d.getUTCDate(), lastDay)));
  return result.toISOString().slice(0, 10);
}

/** A certificate is valid through its expiry date, and "expiring" in the last 90 days. */
export function certificateState(expiresOn: string, today: string): { state: CertificateState; daysLeft: number } {
  const daysLeft = Math.round((parseIsoDate(expiresOn).getTime() - parseIsoDate(today).getTime()) / 86_400_000);
  if (daysLeft < 0) return { state: "expired", daysLeft };
  if (daysLeft <= EXPIRY_WARNING_DAYS) return { state: "expiring", daysLeft };
  return { state: "valid", daysLeft };
}

/** Stars from the 100-point score: 3★ 50–69, 4★ 70–89, 5★ 90–100; below 50 earns none. */
export function starsForScore(score: number): 3 | 4 | 5 | null {
  if (!Number.isInteger(score) || score < 0 || score > 100) throw new RangeError(`OCOP score out of range: ${score}`);
  if (score >= 90) return 5;
  if (score >= 70) return 4;
  if (score >= 50) return 3;
  return null;
}

/** What a product's OCOP record lets the platform claim on a given day. */
export type OcopStanding =
  | { kind: "none" }
  | { kind: "certified"; stars: 3 | 4 | 5; state: "valid" | "expiring"; daysLeft: number }
  | { kind: "expired"; recordedStars: 3 | 4 | 5; expiredOn: string }
  | { kind: "not-yet-valid"; recordedStars: 3 | 4 | 5; validFrom: string };

export interface OcopRecord {
  ocopStars: number | null;
  ocopIssuedOn: string | null;
  ocopExpiresOn: string | null;
}

function asStars(stars: number): 3 | 4 | 5 | null {
  return stars === 3 || stars === 4 || stars === 5 ? stars : null;
}

/**
 * Stars are claimed only while a certificate is valid (issued on or before `today`, expiring on or after it):
 * everywhere a star is shown, sold, filtered or counted. SQL twin: ocop_stars_on() in db/sql/ocop_stars.sql.
 */
export function ocopStanding(record: OcopRecord, today: string): OcopStanding {
  const stars = record.ocopStars === null ? null : asStars(record.ocopStars);
  if (stars === null || !record.ocopIssuedOn || !record.ocopExpiresOn) return { kind: "none" };
  if (record.ocopIssuedOn > today) return { kind: "not-yet-valid", recordedStars: stars, validFrom: record.ocopIssuedOn };
  const { state, daysLeft } = certificateState(record.ocopExpiresOn, today);
  if (state === "expired") return { kind: "expired", recordedStars: stars, expiredOn: record.ocopExpiresOn };
  return { kind: "certified", stars, state, daysLeft };
}

/** The stars that may be shown today, or null. */
export function starsShownOn(record: OcopRecord, today: string): 3 | 4 | 5 | null {
  const standing = ocopStanding(record, today);
  return standing.kind === "certified" ? standing.stars : null;
}
