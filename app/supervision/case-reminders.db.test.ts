import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, citizenCaseReminders, citizenCases, citizenCaseSteps, memberships, organisations, outboxMessages, users } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { sendCaseReminders } from "./case-reminders.server";

const PUBLIC_URL = "https://truyxuat.example.vn";
// Wednesday 10 June 2026, 10:00 in Vietnam.
const WEDNESDAY = new Date("2026-06-10T03:00:00Z");
// Monday 15 June 2026, 09:00 in Vietnam.
const MONDAY = new Date("2026-06-15T02:00:00Z");

describe("case reminders", () => {
  let t: TestDatabase;
  const ids: Record<string, string> = {};
  let coop = "";
  let officerOne = "";

  async function addCase(name: string, values: Partial<typeof citizenCases.$inferInsert> & { dueOn: string }) {
    const n = Object.keys(ids).length + 1;
    const [row] = await t.db
      .insert(citizenCases)
      .values({ reference: `PA-TEST-0000-000${n}`, kind: "counterfeit", description: `case ${name}`, receivedAt: new Date("2026-06-01T03:00:00Z"), ...values })
      .returning({ id: citizenCases.id });
    ids[name] = row!.id;
  }

  const mailsTo = async (address: string) =>
    t.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, address), eq(outboxMessages.kind, "citizen_case_reminder")));

  beforeAll(async () => {
    t = await createTestDatabase();
    const [a, empty, dept] = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-nhac-han", kind: "cooperative", name: "HTX Nhắc Hạn", status: "active" },
        { slug: "htx-khong-quan-ly", kind: "cooperative", name: "HTX Không Quản Lý", status: "active" },
        { slug: "so-nn", kind: "department", name: "Sở NN", status: "active" },
      ])
      .returning({ id: organisations.id });
    coop = a!.id;
    const people = await t.db
      .insert(users)
      .values([
        { email: "quanly1@nhachan.vn", displayName: "Quản lý 1" },
        { email: "manager2@nhachan.vn", displayName: "Manager 2", locale: "en" },
        { email: "nhanvien@nhachan.vn", displayName: "Nhân viên" },
        { email: "canbo1@so.vn", displayName: "Cán bộ 1" },
        { email: "canbo2@so.vn", displayName: "Cán bộ 2" },
      ])
      .returning({ id: users.id });
    officerOne = people[3]!.id;
    await t.db.insert(memberships).values([
      { userId: people[0]!.id, organisationId: coop, role: "cooperative_manager" },
      { userId: people[1]!.id, organisationId: coop, role: "cooperative_manager" },
      { userId: people[2]!.id, organisationId: coop, role: "cooperative_staff" },
      { userId: people[3]!.id, organisationId: dept!.id, role: "department_officer" },
      { userId: people[4]!.id, organisationId: dept!.id, role: "department_officer" },
    ]);
    const toCoop = { status: "assigned" as const, assigneeKind: "cooperative" as const, assignedOrganisationId: coop };
    // Due Friday: within two working days on Wednesday.
    await addCase("coopSoon", { ...toCoop, dueOn: "2026-06-12" });
    // Never assigned and already overdue: the department hears once, "overdue" only.
    await addCase("deskOverdue", { dueOn: "2026-06-09" });
    // Due in more than two working days.
    await addCase("later", { ...toCoop, dueOn: "2026-06-22" });
    // Answered: nobody is reminded, however late.
    await addCase("answered", { ...toCoop, status: "answered", answer: "Đã trả lời", answeredAt: new Date("2026-06-02T03:00:00Z"), dueOn: "2026-06-05" });
    // With one officer: only that officer.
    await addCase("officer", { status: "assigned", assigneeKind: "officer", assignedUserId: officerOne, dueOn: "2026-06-11" });
    // With a cooperative that has no manager: the department instead.
    await addCase("noManager", { ...toCoop, assignedOrganisationId: empty!.id, dueOn: "2026-06-12" });
  });

  afterAll(async () => {
    await t?.dispose();
  });

  it("mails whoever holds each case that is due soon or overdue, once, and logs it on the case", async () => {
    const first = await sendCaseReminders(t.db, { publicUrl: PUBLIC_URL, now: WEDNESDAY });
    expect(first).toEqual({ reminders: 4, mails: 7, skipped: false });

    // The cooperative's managers (not its staff), each in their own language, with the workspace link.
    const [vi] = await mailsTo("quanly1@nhachan.vn");
    expect(vi!.subject).toBe("Nhắc hạn phản ánh PA-TEST-0000-0001");
    expect(vi!.bodyText).toContain(`${PUBLIC_URL}/workspace/htx-nhac-han/cases/${ids.coopSoon}`);
    expect(vi!.bodyText).toContain("12/06/2026");
    const [en] = await mailsTo("manager2@nhachan.vn");
    expect(en!.locale).toBe("en");
    expect(en!.bodyText).toContain("PA-TEST-0000-0001");
    expect(await mailsTo("nhanvien@nhachan.vn")).toHaveLength(0);

    // The department: both officers for the unassigned and the managerless cases, officer one alone for theirs.
    const one = await mailsTo("canbo1@so.vn");
    const two = await mailsTo("canbo2@so.vn");
    expect(one.map((m) => m.subject).sort()).toEqual(["Nhắc hạn phản ánh PA-TEST-0000-0002", "Nhắc hạn phản ánh PA-TEST-0000-0005", "Nhắc hạn phản ánh PA-TEST-0000-0006"]);
    expect(two.map((m) => m.subject).sort()).toEqual(["Nhắc hạn phản ánh PA-TEST-0000-0002", "Nhắc hạn phản ánh PA-TEST-0000-0006"]);
    const overdue = one.find((m) => m.subject?.endsWith("0002"))!;
    expect(overdue.bodyText).toContain("quá hạn");
    expect(overdue.bodyText).toContain(`${PUBLIC_URL}/department/cases/${ids.deskOverdue}`);

    const recorded = await t.db.select().from(citizenCaseReminders);
    expect(recorded.map((r) => [r.caseId, r.kind, r.recipients]).sort()).toEqual(
      [
        [ids.coopSoon, "before_due", 2],
        [ids.deskOverdue, "overdue", 2],
        [ids.officer, "before_due", 1],
        [ids.noManager, "before_due", 2],
      ].sort(),
    );
    const steps = await t.db.select().from(citizenCaseSteps).where(eq(citizenCaseSteps.step, "reminded"));
    expect(steps).toHaveLength(4);
    expect(steps.find((s) => s.caseId === ids.noManager)!.detail).toEqual({ kind: "before_due", holder: "department", recipients: 2 });
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "case_reminder"));
    expect(audits).toHaveLength(4);
    expect(audits.find((a) => a.entityId === ids.coopSoon)!.organisationId).toBe(coop);
  });

  it("sends nothing more on a second run the same day, nor from two runs at once", async () => {
    const again = await Promise.all([
      sendCaseReminders(t.db, { publicUrl: PUBLIC_URL, now: WEDNESDAY }),
      sendCaseReminders(t.db, { publicUrl: PUBLIC_URL, now: new Date(WEDNESDAY.getTime() + 3_600_000) }),
    ]);
    expect(again.reduce((n, r) => n + r.reminders + r.mails, 0)).toBe(0);
    expect(await t.db.select().from(citizenCaseReminders)).toHaveLength(4);
  });

  it("reminds once more when a case goes overdue, and never about answered cases", async () => {
    const monday = await sendCaseReminders(t.db, { publicUrl: PUBLIC_URL, now: MONDAY });
    // coopSoon (2 managers), officer (1), noManager (2 officers); deskOverdue was told already.
    expect(monday).toEqual({ reminders: 3, mails: 5, skipped: false });
    const overdue = await t.db.select().from(citizenCaseReminders).where(eq(citizenCaseReminders.kind, "overdue"));
    expect(overdue.map((r) => r.caseId).sort()).toEqual([ids.coopSoon, ids.deskOverdue, ids.officer, ids.noManager].sort());
    const untouched = await t.db.select().from(citizenCaseReminders).where(inArray(citizenCaseReminders.caseId, [ids.later!, ids.answered!]));
    expect(untouched).toHaveLength(0);
    expect((await sendCaseReminders(t.db, { publicUrl: PUBLIC_URL, now: new Date(MONDAY.getTime() + 86_400_000) })).reminders).toBe(0);
  });

  it("reminds the department, not the cooperative, of a case escalated back to it", async () => {
    const before = (await mailsTo("quanly1@nhachan.vn")).length;
    await t.db.update(citizenCases).set({ status: "escalated", dueOn: "2026-06-17" }).where(eq(citizenCases.id, ids.later!));
    const report = await sendCaseReminders(t.db, { publicUrl: PUBLIC_URL, now: MONDAY });
    expect(report).toEqual({ reminders: 1, mails: 2, skipped: false });
    expect(await mailsTo("quanly1@nhachan.vn")).toHaveLength(before);
    expect((await mailsTo("canbo2@so.vn")).some((m) => m.bodyText?.includes(`/department/cases/${ids.later}`))).toBe(true);
  });
});
