import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, ocopExpiryReminders, organisations, outboxMessages, products, users } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { sendOcopExpiryReminders } from "./ocop-expiry-reminders.server";

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
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const remindersOf = (productId: string) =>
    t.db.select().from(ocopExpiryReminders).where(eq(ocopExpiryReminders.productId, productId)).orderBy(ocopExpiryReminders.sentAt);
  const mails = () => t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "ocop_expiry_reminder")).orderBy(outboxMessages.createdAt);

  it("sends nothing more than 90 days before the expiry", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2026-12-30") })).toEqual({ reminders: 0, mails: 0 });
    expect(await mails()).toHaveLength(0);
  });

  it("89 days before: mails each manager (not staff) once, in their language, with the product's workspace link", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-01-01") })).toEqual({ reminders: 1, mails: 2 });
    const sent = await mails();
    expect(sent.map((m) => m.to).sort()).toEqual(["manager@nhac-han.vn", "quanly@nhac-han.vn"]);
    const vi = sent.find((m) => m.to === "quanly@nhac-han.vn")!;
    expect(vi.locale).toBe("vi");
    expect(vi.subject).toBe("Giấy chứng nhận OCOP của Chè nhắc hạn hết hạn sau 89 ngày");
    expect(vi.bodyText).toContain("số TN-OCOP-2024-0001");
    expect(vi.bodyText).toContain("31/03/2027");
    expect(vi.bodyText).toContain(`${PUBLIC_URL}/workspace/htx-nhac-han/products/${tea}`);
    const en = sent.find((m) => m.to === "manager@nhac-han.vn")!;
    expect(en.subject).toBe("The OCOP certificate of Chè nhắc hạn expires in 89 days");
    expect(en.status).toBe("pending");
    expect((await remindersOf(tea)).map((r) => r.thresholdDays)).toEqual([90]);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, tea));
    expect(audit.map((a) => a.action)).toEqual(["ocop_expiry_reminder"]);
  });

  it("a second run, the same day or later within the same threshold, sends nothing again", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-01-01") })).toEqual({ reminders: 0, mails: 0 });
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-02-15") })).toEqual({ reminders: 0, mails: 0 });
    expect(await mails()).toHaveLength(2);
  });

  it("two runs at once (two instances) send each reminder once", async () => {
    const runs = await Promise.all([
      sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-03-01") }),
      sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-03-01") }),
    ]);
    expect(runs.reduce((n, r) => n + r.reminders, 0)).toBe(1);
    expect((await remindersOf(tea)).map((r) => r.thresholdDays)).toEqual([90, 30]);
    expect(await mails()).toHaveLength(4);
  });

  it("7 days before, then nothing once the certificate has expired", async () => {
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-03-24") })).toEqual({ reminders: 1, mails: 2 });
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-03-31") })).toEqual({ reminders: 0, mails: 0 });
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-04-01") })).toEqual({ reminders: 0, mails: 0 });
    expect((await remindersOf(tea)).map((r) => r.thresholdDays)).toEqual([90, 30, 7]);
    const last = (await mails()).at(-1)!;
    expect(last.subject).toMatch(/7 (ngày|days)$/);
    // Retired products and products without a certificate are never reminded of.
    expect(await remindersOf(retired)).toHaveLength(0);
    expect(await remindersOf(honey)).toHaveLength(0);
  });

  it("a renewed certificate gets reminders of its own", async () => {
    await t.db
      .update(products)
      .set({ ocopCertificateNumber: "TN-OCOP-2027-0101", ocopIssuedOn: "2027-03-20", ocopExpiresOn: "2030-03-20" })
      .where(eq(products.id, tea));
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2029-12-25") })).toEqual({ reminders: 1, mails: 2 });
    const reminders = await remindersOf(tea);
    expect(reminders.map((r) => [r.certificateNumber, r.thresholdDays])).toEqual([
      ["TN-OCOP-2024-0001", 90],
      ["TN-OCOP-2024-0001", 30],
      ["TN-OCOP-2024-0001", 7],
      ["TN-OCOP-2027-0101", 90],
    ]);
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
        ocopGroup: "food",
        ocopStars: 3,
        ocopCertificateNumber: "TN-OCOP-2025-0009",
        ocopIssuedOn: "2025-01-01",
        ocopExpiresOn: "2028-01-01",
      })
      .returning({ id: products.id });
    await t.db.delete(memberships).where(inArray(memberships.organisationId, [otherCoop]));
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-12-25") })).toEqual({ reminders: 1, mails: 0 });
    expect((await remindersOf(product!.id)).map((r) => r.recipients)).toEqual([0]);
    expect(await sendOcopExpiryReminders(t.db, { publicUrl: PUBLIC_URL, now: at("2027-12-25") })).toEqual({ reminders: 0, mails: 0 });
  });
});
