/** The OCOP certificate expiry reminder to a cooperative's managers (pure: no database, no clock). */
import { formatDate, formatNumber } from "~/lib/format";
import { localized, translate, type Locale } from "~/lib/i18n";
import { textToHtml } from "./html";
import type { RenderedMessage } from "./templates";

export interface OcopExpiryFacts {
  product: { id: string; nameVi: string; nameEn: string | null };
  cooperative: { nameVi: string; nameEn: string | null; slug: string };
  certificateNumber: string;
  stars: number;
  /** YYYY-MM-DD: the last day the certificate is valid. */
  expiresOn: string;
  daysLeft: number;
}

/** Says which product's certificate runs out when, that its stars disappear then, and links to starting a renewal. */
export function renderOcopExpiryReminder(facts: OcopExpiryFacts, locale: Locale, publicUrl: string): RenderedMessage {
  const vars = {
    product: localized(locale, facts.product.nameVi, facts.product.nameEn),
    cooperative: localized(locale, facts.cooperative.nameVi, facts.cooperative.nameEn),
    certificate: facts.certificateNumber,
    stars: String(facts.stars),
    date: formatDate(facts.expiresOn, locale),
    days: formatNumber(facts.daysLeft, locale),
  };
  // The cooperative's OCOP applications page, where a renewal is started (pre-filled from the previous application).
  const link = `${publicUrl}/workspace/${encodeURIComponent(facts.cooperative.slug)}/ocop`;
  const text = [
    translate(locale, "mail.greetingPlain"),
    translate(locale, facts.daysLeft === 0 ? "mail.ocopExpiry.bodyToday" : "mail.ocopExpiry.body", vars),
    translate(locale, "mail.ocopExpiry.after", vars),
    translate(locale, "mail.ocopExpiry.link", { link }),
    translate(locale, "mail.signature"),
  ].join("\n\n");
  return {
    subject: translate(locale, facts.daysLeft === 0 ? "mail.ocopExpiry.subjectToday" : "mail.ocopExpiry.subject", vars),
    text: `${text}\n`,
    html: textToHtml(`${text}\n`, locale),
  };
}
