import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, ocopCertificates, ocopExpiryReminders, organisations, outboxMessages, products, users } from "#db/schema";
import type { Database } from "#db/client.server";
import { systemActor, transact } from "~/lib/transact.server";
import { recordCertificateInTx } from "~/ocop/register.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { sendOcopExpiryReminders } from "./ocop-expiry-reminders.server";

/** Enters a certificate in the register (recorded without an evaluation), which mirrors it onto the product. */
async function certify(db: Database, productId: string, number: string, issuedOn: string, expiresOn: string, stars: 3 | 4 | 5 = 4): Promise<string> {
  const result = await transact(db, systemActor, (tx) => recordCertificateInTx(tx, { productId, actorId: null, input: { number, stars, group: "food", score: null, issuedOn, expiresOn } }));
  if (!result.ok) throw new Error(result.reason);
  return result.certificateId;
}

const PUBLIC_URL = "https://truyxuat.example.vn";
/** 10:00 in Vietnam on 2026-12-03. */
const at = (isoDate: string) => new Date(`${isoDate}T03:00:00Z`);

describe("OCOP certificate expiry reminders", () => {
  let t: TestDatabase;
  let coop = "";
  let otherCoop = "";
  let tea = "";
  let honey = "";
  let retired = "";

  beforeAll(async () => {
    t = await createTestDatabase();
    const [a, b] = await t.db
      .insert(organisations)
      .values([
        { slug: "htx-nhac-han", kind: "cooperative", name: "HTX Chè Nhắc Hạn", nameEn: "Reminder Tea Cooperative", status: "active" },
        { slug: "htx-khong-quan-ly", kind: "cooperative", name: "HTX Không Quản Lý", status: "active" },
      ])
      .returning({ id: organisations.id });
    coop = a!.id;
    otherCoop = b!.id;
    const [vi, en, staff, elsewhere] = await t.db
      .insert(users)
      .values([
        { email: "quanly@nhac-han.vn", displayName: "Quản lý", locale: "vi" },
        { email: "manager@nhac-han.vn", displayName: "Manager", locale: "en" },
        { email: "nhanvien@nhac-han.vn", displayName: "Nhân viên", locale: "vi" },
        { email: "quanly@khac.vn", displayName: "Quản lý khác", locale: "vi" },
      ])
      .returning({ id: users.id });
    await t.db.insert(memberships).values([
      { userId: vi!.id, organisationId: coop, role: "cooperative_manager" },
      { userId: en!.id, organisationId: coop, role: "cooperative_manager" },
      { userId: staff!.id, organisationId: coop, role: "cooperative_staff" },
      { userId: elsewhere!.id, organisationId: otherCoop, role: "cooperative_manager" },
    ]);
    const certified = (organisationId: string, slug: string, nameVi: string, certificate: string, issuedOn: string, expiresOn: string) => ({
      organisationId,
      slug,
      nameVi,
      category: "tea",
      unitVi: "gói",
      unitEn: "pack",
      ocopGroup: "food" as const,
      ocopStars: 4,
      ocopCertificateNumber: certificate,
      ocopIssuedOn: issuedOn,
      ocopExpiresOn: expiresOn,
    });
    const rows = await t.db
      .insert(products)
      .values([
        certified(coop, "che-nhac-han", "Chè nhắc hạn", "TN-OCOP-2024-0001", "2024-03-31", "2027-03-31"),
        // Expires long after: nothing due in this test's window.
        { ...certified(coop, "mat-ong-con-han", "Mật ong còn hạn", "TN-OCOP-2026-0002", "2026-01-10", "2029-01-10") },
        { ...certified(coop, "che-ngung-ban", "Chè ngừng bán", "TN-OCOP-2024-0003", "2024-03-31", "2027-03-31"), status: "retired" as const },
        { organisationId: otherCoop, slug: "khong-ocop", nameVi: "Không OCOP", category: "tea", unitVi: "gói", unitEn: "pack" },
      ])
      .returning({ id: products.id });
    tea = rows[0]!.id;
    honey = rows[1]!.id;
    retired = rows[2]!.id;
    await certify(t.db, tea, "TN-OCOP-2024-0001", "2024-03-31", "2027-03-31");
    await certify(t.db, honey, "TN-OCOP-2026-0002", "2026-01-10", "2029-01-10");
    await certify(t.db, retired, "TN-OCOP-2024-0003", "2024-03-31", "2027-03-31");
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const remindersOf = (productId: string) =>
    t.db.select().from(ocopExpiryReminders).where(eq(ocopExpiryReminders.productId, productId)).orderBy(ocopExpiryReminders.sentAt);
  const mails = () => t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "ocop_expiry_reminder")).orderBy(outboxMessages.createdAt);

  it("sends nothing more than 6 months before the expiry", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2026-09-29") })).toEqual({ reminders: 0, mails: 0 });
    expect(await mails()).toHaveLength(0);
  });

  it("6 months before: mails each manager (not staff) once, in their language, with the link to start a renewal", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2026-10-01") })).toEqual({ reminders: 1, mails: 2 });
    const sent = await mails();
    expect(sent.map((m) => m.to).sort()).toEqual(["manager@nhac-han.vn", "quanly@nhac-han.vn"]);
    const vi = sent.find((m) => m.to === "quanly@nhac-han.vn")!;
    expect(vi.locale).toBe("vi");
    expect(vi.subject).toBe("Giấy chứng nhận OCOP của Chè nhắc hạn hết hạn sau 181 ngày");
    expect(vi.bodyText).toContain("số TN-OCOP-2024-0001");
    expect(vi.bodyText).toContain("31/03/2027");
    expect(vi.bodyText).toContain(`${PUBLIC_URL}/workspace/htx-nhac-han/ocop`);
    const en = sent.find((m) => m.to === "manager@nhac-han.vn")!;
    expect(en.subject).toBe("The OCOP certificate of Chè nhắc hạn expires in 181 days");
    expect(en.status).toBe("pending");
    expect((await remindersOf(tea)).map((r) => r.thresholdMonths)).toEqual([6]);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, tea));
    expect(audit.map((a) => a.action)).toEqual(["ocop_expiry_reminder"]);
  });

  it("a second run, the same day or later within the same threshold, sends nothing again", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2026-10-01") })).toEqual({ reminders: 0, mails: 0 });
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2026-12-30") })).toEqual({ reminders: 0, mails: 0 });
    expect(await mails()).toHaveLength(2);
  });

  it("two runs at once (two instances) send each reminder once", async () => {
    const runs = await Promise.all([
      sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2026-12-31") }),
      sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2026-12-31") }),
    ]);
    expect(runs.reduce((n, r) => n + r.reminders, 0)).toBe(1);
    expect((await remindersOf(tea)).map((r) => r.thresholdMonths)).toEqual([6, 3]);
    expect(await mails()).toHaveLength(4);
  });

  it("1 month before (28/02 for a certificate ending 31/03), then nothing once the certificate has expired", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-02-27") })).toEqual({ reminders: 0, mails: 0 });
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-02-28") })).toEqual({ reminders: 1, mails: 2 });
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-03-31") })).toEqual({ reminders: 0, mails: 0 });
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-04-01") })).toEqual({ reminders: 0, mails: 0 });
    expect((await remindersOf(tea)).map((r) => r.thresholdMonths)).toEqual([6, 3, 1]);
    const last = (await mails()).at(-1)!;
    expect(last.subject).toMatch(/31 (ngày|days)$/);
    // Retired products and products without a certificate are never reminded of.
    expect(await remindersOf(retired)).toHaveLength(0);
    expect(await remindersOf(honey)).toHaveLength(0);
  });

  it("a renewed certificate gets reminders of its own", async () => {
    await certify(t.db, tea, "TN-OCOP-2027-0101", "2027-03-20", "2030-03-20");
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2029-12-25") })).toEqual({ reminders: 1, mails: 2 });
    const reminders = await remindersOf(tea);
    expect(reminders.map((r) => [r.certificateNumber, r.thresholdMonths])).toEqual([
      ["TN-OCOP-2024-0001", 6],
      ["TN-OCOP-2024-0001", 3],
      ["TN-OCOP-2024-0001", 1],
      ["TN-OCOP-2027-0101", 3],
    ]);
  });

  it("a suspended or revoked certificate is not reminded of", async () => {
    await t.db.update(ocopCertificates).set({ status: "suspended", statusReason: "Hậu kiểm" }).where(eq(ocopCertificates.number, "TN-OCOP-2026-0002"));
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2028-08-01") })).toEqual({ reminders: 0, mails: 0 });
    expect(await remindersOf(honey)).toHaveLength(0);
  });

  it("a cooperative without managers is recorded (0 recipients) and not retried every minute", async () => {
    const [product] = await t.db
      .insert(products)
      .values({
        organisationId: otherCoop,
        slug: "na-khong-quan-ly",
        nameVi: "Na không quản lý",
        category: "fruit",
        unitVi: "kg",
        unitEn: "kg",
      })
      .returning({ id: products.id });
    await certify(t.db, product!.id, "TN-OCOP-2025-0009", "2025-01-01", "2028-01-01", 3);
    await t.db.delete(memberships).where(inArray(memberships.organisationId, [otherCoop]));
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-12-25") })).toEqual({ reminders: 1, mails: 0 });
    expect((await remindersOf(product!.id)).map((r) => r.recipients)).toEqual([0]);
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-12-25") })).toEqual({ reminders: 0, mails: 0 });
  });
});
