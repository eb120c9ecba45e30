/**
 * OCOP certificate expiry reminders: the periodic job mails every manager of a cooperative 6, 3 and 1 calendar months
 * before one of its products' certificates runs out (app/catalog/ocop-reminders.ts says which is due), with a link to
 * start the renewal. Only a product's current certificate in the register counts, and only while it is valid (not
 * suspended or revoked). Each product ×
 * certificate × threshold is mailed once: the reminder's row (unique key) and its mail are written in one
 * transaction, and a run that finds the row already there writes nothing, so several app instances can run the job
 * at the same time.
 */
import { and, between, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { memberships, ocopCertificates, ocopExpiryReminders, organisations, products, users } from "#db/schema";
import { transact } from "~/lib/transact.server";
import { vietnamToday } from "~/lib/vietnam-time";
import { queueMail } from "~/notifications/queue.server";
import { renderOcopExpiryReminder } from "~/notifications/ocop-expiry-template";
import { dueExpiryReminder, EXPIRY_REMINDER_MONTHS } from "./ocop-reminders";

export interface ExpiryReminderReport {
  /** Reminders recorded by this run (product × certificate × threshold). */
  reminders: number;
  /** Mails queued by this run (one per manager per reminder). */
  mails: number;
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Records and queues the reminders due today (Vietnam's date) that were not sent yet. */
export async function sendOcopExpiryReminders(db: Database, options: { publicUrl: string; now?: Date }): Promise<ExpiryReminderReport> {
  const today = vietnamToday(options.now);
  const report: ExpiryReminderReport = { reminders: 0, mails: 0 };
  const candidates = await db
    .select({
      productId: products.id,
      organisationId: products.organisationId,
      nameVi: products.nameVi,
      nameEn: products.nameEn,
      stars: ocopCertificates.stars,
      certificateNumber: ocopCertificates.number,
      issuedOn: ocopCertificates.issuedOn,
      expiresOn: ocopCertificates.expiresOn,
      cooperativeVi: organisations.name,
      cooperativeEn: organisations.nameEn,
      slug: organisations.slug,
    })
    .from(ocopCertificates)
    .innerJoin(products, eq(products.id, ocopCertificates.productId))
    .innerJoin(organisations, eq(organisations.id, products.organisationId))
    .where(
      and(
        eq(ocopCertificates.status, "valid"),
        eq(products.status, "active"),
        // The product's current certificate (the register's mirror): a superseded one is not reminded of.
        sql`lower(${products.ocopCertificateNumber}) = lower(${ocopCertificates.number})`,
        between(ocopCertificates.expiresOn, today, addDays(today, 31 * Math.max(...EXPIRY_REMINDER_MONTHS))),
      ),
    );
  for (const c of candidates) {
    if (!c.expiresOn || !c.certificateNumber || c.stars === null || (c.issuedOn && c.issuedOn > today)) continue;
    const due = dueExpiryReminder(c.expiresOn, today);
    if (!due) continue;
    const result = await transact(db, { userId: null, organisationId: c.organisationId }, async (tx) => {
      const managers = await tx.db
        .select({ email: users.email, locale: users.locale })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organisationId, c.organisationId), eq(memberships.role, "cooperative_manager")));
      const [recorded] = await tx.db
        .insert(ocopExpiryReminders)
        .values({
          organisationId: c.organisationId,
          productId: c.productId,
          certificateNumber: c.certificateNumber!,
          expiresOn: c.expiresOn!,
          thresholdMonths: due.thresholdMonths,
          recipients: managers.length,
          sentAt: options.now ?? new Date(),
        })
        .onConflictDoNothing({ target: [ocopExpiryReminders.productId, ocopExpiryReminders.certificateNumber, ocopExpiryReminders.expiresOn, ocopExpiryReminders.thresholdMonths] })
        .returning({ id: ocopExpiryReminders.id });
      // Another run (or instance) has sent this one.
      if (!recorded) return { ok: true as const, mails: 0, recorded: false };
      for (const manager of managers) {
        const locale = manager.locale === "en" ? "en" : "vi";
        const message = renderOcopExpiryReminder(
          {
            product: { id: c.productId, nameVi: c.nameVi, nameEn: c.nameEn },
            cooperative: { nameVi: c.cooperativeVi, nameEn: c.cooperativeEn, slug: c.slug },
            certificateNumber: c.certificateNumber!,
            stars: c.stars!,
            expiresOn: c.expiresOn!,
            daysLeft: due.daysLeft,
          },
          locale,
          options.publicUrl,
        );
        await queueMail(tx.db, { to: manager.email, subject: message.subject, bodyText: message.text, kind: "ocop_expiry_reminder", locale });
      }
      await tx.audit({
        entityType: "product",
        entityId: c.productId,
        action: "ocop_expiry_reminder",
        after: { certificateNumber: c.certificateNumber, expiresOn: c.expiresOn, thresholdMonths: due.thresholdMonths, recipients: managers.length },
      });
      return { ok: true as const, mails: managers.length, recorded: true };
    });
    if (result.recorded) report.reminders += 1;
    report.mails += result.mails;
  }
  return report;
}
