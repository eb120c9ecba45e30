// The OCOP certificate register: certificates issued from a decision (numbered, mirrored onto the product, the
// application moved to certificate_issued), recorded ones confirmed, suspension, reinstatement and revocation
// stopping the stars on the product page, the storefront cards, the star filter and the origin page the same day.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#db/client.server";
import { batches, memberships, ocopApplicationEvents, ocopApplications, ocopCertificateEvents, ocopCertificates, ocopDecisionItems, ocopDecisions, organisations, products, users } from "#db/schema";
import { getProductPage } from "~/catalog/catalog.server";
import { parseCatalogueQuery } from "~/market/catalogue-query";
import { searchCatalogue } from "~/market/catalogue.server";
import { getOriginPage, getOriginStamp } from "~/trace/origin.server";
import { vietnamToday } from "~/lib/vietnam-time";
import { createCooperative, createListedProduct } from "../../tests/setup/checkout-fixtures";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { insertTestApplication, insertTestSheet, uniqueSuffix } from "../../tests/setup/ocop-fixtures";
import { getCertificateByNumber, listRegister, withdrawnCertificateOf } from "./register-queries.server";
import {
  confirmRecordedCertificate,
  issueCertificates,
  recordExistingCertificate,
  reinstateCertificate,
  revokeCertificate,
  suspendCertificate,
  syncProductMirror,
  type RegisterActor,
} from "./register.server";

let t: TestDatabase;
let db: Database;
let departmentId: string;
let officer: RegisterActor;
let sheetId: string;
const today = vietnamToday();

async function user(organisationId: string, role: "department_officer" | "cooperative_manager" | "cooperative_staff"): Promise<RegisterActor> {
  const [u] = await db.insert(users).values({ email: `${role}-${uniqueSuffix()}@example.vn`, displayName: role, locale: "vi" }).returning({ id: users.id });
  await db.insert(memberships).values({ userId: u!.id, organisationId, role });
  return { userId: u!.id, memberships: [{ organisationId, role }] };
}

async function listedProduct(): Promise<{ organisationId: string; productId: string; slug: string; shortCode: string }> {
  const organisationId = await createCooperative(db);
  const { productId, batchIds } = await createListedProduct(db, { organisationId, priceVnd: 120_000, batches: [{ units: 10 }] });
  const [p] = await db.select({ slug: products.slug }).from(products).where(eq(products.id, productId));
  const [b] = await db.select({ shortCode: batches.shortCode }).from(batches).where(eq(batches.id, batchIds[0]!));
  return { organisationId, productId, slug: p!.slug, shortCode: b!.shortCode };
}

/** A decision signed on `signedOn` ranking the applications as given. */
async function decide(items: Array<{ applicationId: string; stars: number | null; score: number }>, signedOn = "2026-05-10"): Promise<string> {
  const [d] = await db
    .insert(ocopDecisions)
    .values({ departmentId, number: `${uniqueSuffix()}/QĐ-UBND`, signedOn, signerName: "Nguyễn Văn A", signerTitle: "Phó Chủ tịch UBND tỉnh" })
    .returning({ id: ocopDecisions.id });
  await db.insert(ocopDecisionItems).values(items.map((i) => ({ decisionId: d!.id, ...i })));
  return d!.id;
}

const search = (qs: string) => searchCatalogue(db, parseCatalogueQuery(new URLSearchParams(qs)), today);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const [dept] = await db.insert(organisations).values({ slug: `so-${uniqueSuffix()}`, kind: "department", status: "active", name: "Sở Nông nghiệp và Môi trường thử" }).returning({ id: organisations.id });
  departmentId = dept!.id;
  officer = await user(departmentId, "department_officer");
  sheetId = (await insertTestSheet(db)).sheetId;
});
afterAll(async () => {
  await t?.dispose();
});

describe("issuing certificates from a decision", () => {
  it("numbers each ranked item, mirrors it onto the product and moves the application to certificate_issued", async () => {
    const a = await listedProduct();
    const b = await listedProduct();
    const appA = await insertTestApplication(db, { organisationId: a.organisationId, productId: a.productId, sheetId, status: "decided" });
    const appB = await insertTestApplication(db, { organisationId: b.organisationId, productId: b.productId, sheetId, status: "decided" });
    const decisionId = await decide([
      { applicationId: appA, stars: 4, score: 76.5 },
      { applicationId: appB, stars: null, score: 41 },
    ], today);
    const before = await getOriginStamp(db, a.shortCode, null);

    const result = await issueCertificates(db, officer, { decisionId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.certificates).toHaveLength(1);
    const [issued] = result.certificates;
    expect(issued!.number).toMatch(/^OCOP-VN-\d{4}-\d{4}$/);

    const [product] = await db.select().from(products).where(eq(products.id, a.productId));
    expect(product).toMatchObject({ ocopStars: 4, ocopGroup: "beverage", ocopScore: 77, ocopCertificateNumber: issued!.number, ocopIssuedOn: today });
    expect(product!.ocopExpiresOn! > today).toBe(true);
    const [application] = await db.select({ status: ocopApplications.status }).from(ocopApplications).where(eq(ocopApplications.id, appA));
    expect(application!.status).toBe("certificate_issued");
    const log = await db.select().from(ocopApplicationEvents).where(eq(ocopApplicationEvents.applicationId, appA));
    expect(log.map((e) => e.toStatus)).toEqual(["certificate_issued"]);
    // The unranked application stays decided and gets nothing.
    const [unranked] = await db.select({ status: ocopApplications.status }).from(ocopApplications).where(eq(ocopApplications.id, appB));
    expect(unranked!.status).toBe("decided");

    // Every surface shows the stars at once: product page, shop card, star filter, origin page (its stamp moved).
    expect((await getProductPage(db, a.slug))?.product.ocopStars).toBe(4);
    expect((await search(`stars=4`)).items.map((i) => i.productId)).toContain(a.productId);
    expect((await getOriginStamp(db, a.shortCode, null))?.version).not.toBe(before?.version);
    expect((await getOriginPage(db, a.shortCode, null))?.product.ocopStars).toBe(4);

    // A second issue for the same decision finds nothing left.
    expect(await issueCertificates(db, officer, { decisionId })).toEqual({ ok: false, reason: "nothing_to_issue" });
    // The public view finds it by its number in any case, with its history.
    const view = await getCertificateByNumber(db, issued!.number.toLowerCase(), today);
    expect(view).toMatchObject({ number: issued!.number, stars: 4, standing: "valid", origin: "evaluation", confirmed: true });
    expect(view!.events.map((e) => e.kind)).toEqual(["issued"]);
  });

  it("numbers the next certificate of the year after the last, and a renewal supersedes the old certificate", async () => {
    const a = await listedProduct();
    const first = await insertTestApplication(db, { organisationId: a.organisationId, productId: a.productId, sheetId, status: "decided" });
    const r1 = await issueCertificates(db, officer, { decisionId: await decide([{ applicationId: first, stars: 3, score: 60 }], "2025-03-01") });
    const second = await insertTestApplication(db, { organisationId: a.organisationId, productId: a.productId, sheetId, status: "decided" });
    const r2 = await issueCertificates(db, officer, { decisionId: await decide([{ applicationId: second, stars: 4, score: 80 }], "2025-09-01") });
    if (!r1.ok || !r2.ok) throw new Error(`not issued ${JSON.stringify([r1, r2])}`);
    const n1 = Number(r1.certificates[0]!.number.slice(-4));
    expect(r2.certificates[0]!.number).toBe(`OCOP-VN-2025-${String(n1 + 1).padStart(4, "0")}`);
    const [p] = await db.select({ stars: products.ocopStars, number: products.ocopCertificateNumber }).from(products).where(eq(products.id, a.productId));
    expect(p).toEqual({ stars: 4, number: r2.certificates[0]!.number });
    const rows = await listRegister(db, { stars: null, group: null, commune: null, status: null }, today);
    expect(rows.find((r) => r.number === r1.certificates[0]!.number)?.superseded).toBe(true);
  });

  it("refuses anyone but a department officer, and a decision that does not exist", async () => {
    const a = await listedProduct();
    const app = await insertTestApplication(db, { organisationId: a.organisationId, productId: a.productId, sheetId, status: "decided" });
    const decisionId = await decide([{ applicationId: app, stars: 3, score: 55 }]);
    const manager = await user(a.organisationId, "cooperative_manager");
    expect(await issueCertificates(db, manager, { decisionId })).toEqual({ ok: false, reason: "forbidden" });
    expect(await issueCertificates(db, officer, { decisionId: "00000000-0000-4000-8000-000000000000" })).toEqual({ ok: false, reason: "decision_not_found" });
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(ocopCertificates).where(eq(ocopCertificates.productId, a.productId));
    expect(count!.n).toBe(0);
  });
});

describe("withdrawing a certificate", () => {
  it("revocation takes the stars off the product page, the cards, the filter and the origin page the same day", async () => {
    const a = await listedProduct();
    const app = await insertTestApplication(db, { organisationId: a.organisationId, productId: a.productId, sheetId, status: "decided" });
    const issued = await issueCertificates(db, officer, { decisionId: await decide([{ applicationId: app, stars: 4, score: 72 }], today) });
    if (!issued.ok) throw new Error("not issued");
    const id = issued.certificates[0]!.id;

    expect(await revokeCertificate(db, officer, { certificateId: id, reason: "" })).toMatchObject({ ok: false, reason: "invalid_input" });
    const manager = await user(a.organisationId, "cooperative_manager");
    expect(await revokeCertificate(db, manager, { certificateId: id, reason: "Hậu kiểm không đạt" })).toEqual({ ok: false, reason: "forbidden" });
    expect((await getProductPage(db, a.slug))?.product.ocopStars).toBe(4);

    const stamp = await getOriginStamp(db, a.shortCode, null);
    expect(await revokeCertificate(db, officer, { certificateId: id, reason: "Hậu kiểm không đạt chỉ tiêu vi sinh" })).toMatchObject({ ok: true });
    const page = await getProductPage(db, a.slug);
    expect(page?.product.ocopStars).toBeNull();
    expect(page?.ocop.kind).toBe("none");
    const card = (await search(`q=${encodeURIComponent("Chè thử")}`)).items.find((i) => i.productId === a.productId);
    expect(card?.ocopStars ?? null).toBeNull();
    expect((await search("stars=4")).items.map((i) => i.productId)).not.toContain(a.productId);
    expect((await getOriginStamp(db, a.shortCode, null))?.version).not.toBe(stamp?.version);
    const origin = await getOriginPage(db, a.shortCode, null);
    expect(origin?.product.ocopStars).toBeNull();
    expect(origin?.withdrawnCertificate).toMatchObject({ number: issued.certificates[0]!.number, status: "revoked" });
    expect(await withdrawnCertificateOf(db, { id: a.productId })).toMatchObject({ status: "revoked", reason: "Hậu kiểm không đạt chỉ tiêu vi sinh" });
    const view = await getCertificateByNumber(db, issued.certificates[0]!.number, today);
    expect(view).toMatchObject({ standing: "revoked", statusReason: "Hậu kiểm không đạt chỉ tiêu vi sinh" });
    expect(view!.events.map((e) => e.kind)).toEqual(["issued", "revoked"]);
    // Revoked is final.
    expect(await reinstateCertificate(db, officer, { certificateId: id })).toEqual({ ok: false, reason: "wrong_status" });
    expect(await revokeCertificate(db, officer, { certificateId: id, reason: "Một lần nữa" })).toEqual({ ok: false, reason: "wrong_status" });
  });

  it("a revoked newest certificate is said on the origin page even when an older, expired one is the product's again", async () => {
    const a = await listedProduct();
    const older = `TN-OCOP-2022-${uniqueSuffix()}`;
    await db.insert(ocopCertificates).values({ number: older, productId: a.productId, organisationId: a.organisationId, productGroup: "beverage", stars: 3, issuedOn: "2022-06-15", expiresOn: "2025-06-15", origin: "recorded_without_evaluation" });
    await syncProductMirror(db, a.productId);
    const app = await insertTestApplication(db, { organisationId: a.organisationId, productId: a.productId, sheetId, status: "decided" });
    const issued = await issueCertificates(db, officer, { decisionId: await decide([{ applicationId: app, stars: 4, score: 78 }], today) });
    if (!issued.ok) throw new Error("not issued");
    expect((await getOriginPage(db, a.shortCode, null))?.withdrawnCertificate).toBeNull();

    expect(await revokeCertificate(db, officer, { certificateId: issued.certificates[0]!.id, reason: "Hậu kiểm không đạt" })).toMatchObject({ ok: true });
    const origin = await getOriginPage(db, a.shortCode, null);
    // The older certificate is mirrored again (decision 0026), expired: no stars, and the revocation is said.
    expect(origin?.product.ocopCertificateNumber).toBe(older);
    expect((await getProductPage(db, a.slug))?.ocop.kind).toBe("expired");
    expect(origin?.withdrawnCertificate).toMatchObject({ number: issued.certificates[0]!.number, status: "revoked", reason: "Hậu kiểm không đạt" });
  });

  it("suspension stops the stars; reinstatement brings them back", async () => {
    const a = await listedProduct();
    const app = await insertTestApplication(db, { organisationId: a.organisationId, productId: a.productId, sheetId, status: "decided" });
    const issued = await issueCertificates(db, officer, { decisionId: await decide([{ applicationId: app, stars: 3, score: 65 }], today) });
    if (!issued.ok) throw new Error("not issued");
    const id = issued.certificates[0]!.id;
    expect(await reinstateCertificate(db, officer, { certificateId: id })).toEqual({ ok: false, reason: "wrong_status" });
    expect(await suspendCertificate(db, officer, { certificateId: id, reason: "Lô hàng bị thu hồi TH-2026-0003" })).toMatchObject({ ok: true });
    expect((await getProductPage(db, a.slug))?.product.ocopStars).toBeNull();
    expect((await search("stars=3")).items.map((i) => i.productId)).not.toContain(a.productId);
    expect(await suspendCertificate(db, officer, { certificateId: id, reason: "Lần nữa thôi" })).toEqual({ ok: false, reason: "wrong_status" });
    expect(await reinstateCertificate(db, officer, { certificateId: id, reason: "Đã khắc phục" })).toMatchObject({ ok: true });
    expect((await getProductPage(db, a.slug))?.product.ocopStars).toBe(3);
    expect((await search("stars=3")).items.map((i) => i.productId)).toContain(a.productId);
    const events = await db.select({ kind: ocopCertificateEvents.kind }).from(ocopCertificateEvents).where(eq(ocopCertificateEvents.certificateId, id)).orderBy(ocopCertificateEvents.at);
    expect(events.map((e) => e.kind)).toEqual(["issued", "suspended", "reinstated"]);
  });
});

describe("certificates recorded without an evaluation", () => {
  it("are public at once, flagged until the department confirms them; numbers are unique case-insensitively", async () => {
    const a = await listedProduct();
    const manager = await user(a.organisationId, "cooperative_manager");
    const staff = await user(a.organisationId, "cooperative_staff");
    const form = { number: `TN-OCOP-2025-${uniqueSuffix()}`, stars: "4", group: "beverage", score: "78", issuedOn: "2025-04-01", expiresOn: "" };
    expect(await recordExistingCertificate(db, staff, { productId: a.productId, form })).toEqual({ ok: false, reason: "forbidden" });
    expect(await recordExistingCertificate(db, manager, { productId: a.productId, form: { ...form, stars: "6" } })).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { stars: "validation.ocopStars" } });
    expect(await recordExistingCertificate(db, manager, { productId: a.productId, form: { ...form, score: "40" } })).toMatchObject({ ok: false, reason: "invalid_input" });
    const recorded = await recordExistingCertificate(db, manager, { productId: a.productId, form });
    expect(recorded).toMatchObject({ ok: true, alreadyRecorded: false });
    if (!recorded.ok) return;
    expect((await getProductPage(db, a.slug))?.product.ocopStars).toBe(4);
    const [p] = await db.select({ expires: products.ocopExpiresOn }).from(products).where(eq(products.id, a.productId));
    expect(p!.expires).toBe("2028-04-01");
    expect(await getCertificateByNumber(db, form.number, today)).toMatchObject({ origin: "recorded_without_evaluation", confirmed: false });
    const unconfirmed = await listRegister(db, { stars: null, group: null, commune: null, status: "unconfirmed" }, today);
    expect(unconfirmed.map((r) => r.number)).toContain(form.number);

    // The same number again for this product is no change; for another product, or in another case, it is refused.
    expect(await recordExistingCertificate(db, manager, { productId: a.productId, form })).toMatchObject({ ok: true, alreadyRecorded: true });
    const b = await listedProduct();
    const managerB = await user(b.organisationId, "cooperative_manager");
    expect(await recordExistingCertificate(db, managerB, { productId: b.productId, form: { ...form, number: form.number.toLowerCase() } })).toMatchObject({
      ok: false,
      reason: "invalid_input",
      fieldErrors: { number: "ocopRegister.v.numberTaken" },
    });
    await expect(
      db.insert(ocopCertificates).values({ number: form.number.toLowerCase(), productId: b.productId, organisationId: b.organisationId, productGroup: "food", stars: 3, issuedOn: "2025-01-01", expiresOn: "2028-01-01", origin: "recorded_without_evaluation" }),
    ).rejects.toThrow();

    expect(await confirmRecordedCertificate(db, manager, { certificateId: recorded.certificateId })).toEqual({ ok: false, reason: "forbidden" });
    expect(await confirmRecordedCertificate(db, officer, { certificateId: recorded.certificateId })).toMatchObject({ ok: true });
    expect(await confirmRecordedCertificate(db, officer, { certificateId: recorded.certificateId })).toEqual({ ok: false, reason: "already_confirmed" });
    expect(await getCertificateByNumber(db, form.number, today)).toMatchObject({ confirmed: true });
    const view = await getCertificateByNumber(db, form.number, today);
    expect(view!.events.map((e) => e.kind)).toEqual(["recorded", "confirmed"]);
  });

  it("unknown and odd numbers find nothing", async () => {
    expect(await getCertificateByNumber(db, "OCOP-XX-1999-0001", today)).toBeNull();
    expect(await getCertificateByNumber(db, "'; drop table products; --", today)).toBeNull();
  });
});
