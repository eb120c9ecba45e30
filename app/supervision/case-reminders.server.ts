/**
 * Case reminders: the periodic job mails whoever holds an open case two working days before its answer is due, and
 * once when it is overdue (./case-reminders.ts says which). The holder is the assigned cooperative's managers while
 * the case is with it; otherwise the officer it is assigned to, or else the department's officers. Each case × kind ×
 * due date is sent once: its citizen_case_reminders row (unique), the mails, the case's "reminded" step and the audit
 * entry are written in one transaction, under an advisory lock so that several app instances run the job once.
 */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { citizenCaseReminders, citizenCases, citizenCaseSteps, memberships, organisations, users } from "#db/schema";
import { formatDate } from "~/lib/format";
import { translate, type Locale } from "~/lib/i18n";
import { transact } from "~/lib/transact.server";
import { vietnamToday } from "~/lib/vietnam-time";
import { queueMail } from "~/notifications/queue.server";
import { dueCaseReminder, REMINDER_WORKING_DAYS } from "./case-reminders";
import { addWorkingDays } from "./working-days";

export interface CaseReminderReport {
  /** Reminders recorded by this run (case × kind). */
  reminders: number;
  /** Mails queued by this run. */
  mails: number;
  /** Another instance held the job's lock: this run did nothing. */
  skipped: boolean;
}

interface Recipient {
  email: string;
  locale: string;
}

type Holder = { who: "cooperative"; organisationId: string; slug: string } | { who: "department"; userId: string | null };

/** Records and queues the reminders due today (Vietnam's date) that were not sent yet. */
export async function sendCaseReminders(db: Database, options: { publicUrl: string; now?: Date }): Promise<CaseReminderReport> {
  const now = options.now ?? new Date();
  const today = vietnamToday(now);
  const horizon = addWorkingDays(today, REMINDER_WORKING_DAYS);
  const result = await transact(db, { userId: null, organisationId: null }, async (tx) => {
    const lock = await tx.db.execute(sql`select pg_try_advisory_xact_lock(hashtextextended('ocoptrace:case_reminders', 0)) as got`);
    if (!rowsOf<{ got: boolean }>(lock)[0]?.got) return { ok: true as const, reminders: 0, mails: 0, skipped: true };
    const candidates = await tx.db
      .select({
        id: citizenCases.id,
        reference: citizenCases.reference,
        status: citizenCases.status,
        dueOn: citizenCases.dueOn,
        assigneeKind: citizenCases.assigneeKind,
        assignedOrganisationId: citizenCases.assignedOrganisationId,
        assignedUserId: citizenCases.assignedUserId,
        slug: organisations.slug,
      })
      .from(citizenCases)
      .leftJoin(organisations, eq(organisations.id, citizenCases.assignedOrganisationId))
      .where(
        and(
          inArray(citizenCases.status, ["received", "assigned", "escalated"]),
          lte(citizenCases.dueOn, horizon),
          // Not yet reminded of what is due today: overdue once the date has passed, else "due soon".
          sql`not exists (select 1 from ${citizenCaseReminders} r where r.case_id = ${citizenCases.id} and r.due_on = ${citizenCases.dueOn}
                and r.kind = case when ${citizenCases.dueOn} < ${today}::date then 'overdue' else 'before_due' end)`,
        ),
      )
      .orderBy(citizenCases.dueOn)
      .for("update", { of: citizenCases });
    let reminders = 0;
    let mails = 0;
    for (const kase of candidates) {
      const kind = dueCaseReminder(kase.status, String(kase.dueOn), today);
      if (!kind) continue;
      let holder: Holder =
        kase.status === "assigned" && kase.assigneeKind === "cooperative" && kase.assignedOrganisationId && kase.slug
          ? { who: "cooperative", organisationId: kase.assignedOrganisationId, slug: kase.slug }
          : { who: "department", userId: kase.assigneeKind === "officer" ? kase.assignedUserId : null };
      let recipients = await recipientsOf(tx.db, holder);
      // A cooperative without managers (or an officer gone) would hear nothing: the department is told instead.
      if (recipients.length === 0 && !(holder.who === "department" && holder.userId === null)) {
        holder = { who: "department", userId: null };
        recipients = await recipientsOf(tx.db, holder);
      }
      const [recorded] = await tx.db
        .insert(citizenCaseReminders)
        .values({ caseId: kase.id, kind, dueOn: String(kase.dueOn), recipients: recipients.length, sentAt: now })
        .onConflictDoNothing({ target: [citizenCaseReminders.caseId, citizenCaseReminders.kind, citizenCaseReminders.dueOn] })
        .returning({ id: citizenCaseReminders.id });
      if (!recorded) continue;
      const link = holder.who === "cooperative" ? `${options.publicUrl}/workspace/${holder.slug}/cases/${kase.id}` : `${options.publicUrl}/department/cases/${kase.id}`;
      for (const r of recipients) {
        const locale: Locale = r.locale === "en" ? "en" : "vi";
        const vars = { reference: kase.reference, due: formatDate(String(kase.dueOn), locale), link };
        await queueMail(tx.db, {
          to: r.email,
          kind: "citizen_case_reminder",
          locale,
          subject: translate(locale, "case.mail.reminder.subject", vars),
          bodyText: translate(locale, kind === "overdue" ? "case.mail.reminder.overdue" : "case.mail.reminder.before", vars),
        });
      }
      const detail = { kind, holder: holder.who, recipients: recipients.length };
      await tx.db.insert(citizenCaseSteps).values({ caseId: kase.id, at: now, step: "reminded", detail });
      await tx.audit({
        entityType: "citizen_case",
        entityId: kase.id,
        action: "case_reminder",
        organisationId: holder.who === "cooperative" ? holder.organisationId : null,
        after: { ...detail, dueOn: String(kase.dueOn) },
      });
      reminders += 1;
      mails += recipients.length;
    }
    return { ok: true as const, reminders, mails, skipped: false };
  });
  return { reminders: result.reminders, mails: result.mails, skipped: result.skipped };
}

async function recipientsOf(db: Database, holder: Holder): Promise<Recipient[]> {
  if (holder.who === "cooperative") {
    return db
      .select({ email: users.email, locale: users.locale })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, holder.organisationId), eq(memberships.role, "cooperative_manager")));
  }
  return db
    .selectDistinct({ email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.role, "department_officer"), holder.userId ? eq(users.id, holder.userId) : undefined));
}
