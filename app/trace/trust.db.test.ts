/**
 * Trust hardening: only an approved organisation speaks with the platform's voice (origin page, labels,
 * public EPCIS export), and the public EPCIS export carries only what the origin page shows.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations, users } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { renderOriginDocument } from "~/components/origin/origin-document";
import { approveOrganisation } from "~/identity/organisations.server";
import type { Actor } from "~/lib/transact.server";
import { createProduct } from "../catalog/products.server";
import { createBatch } from "./batches.server";
import { exportBatchEpcis, getBatchEpcisDocument } from "./epcis-export.server";
import { getOriginPage, getOriginStamp } from "./origin.server";
import { recordStep } from "./record.server";
import { createApiKey, listApiKeys, organisationOfApiKey, revokeApiKey } from "./api-keys.server";
import { loader as epcisLoader } from "~/routes/api.epcis.batches.$id";

const PUBLIC_URL = "https://trace.example.vn";
const now = new Date("2026-11-25T05:00:00Z");
const as = (organisationId: string): Actor => ({ userId: null, organisationId });
const shell = { links: [], demo: false };

let t: TestDatabase;
let fresh: string;
let platform: string;
let batch: { id: string; shortCode: string };
const lab = { key: `${"b".repeat(64)}.pdf`, contentType: "application/pdf", size: 1234, name: "ketqua.pdf" };
const diary = { key: `${"c".repeat(64)}.pdf`, contentType: "application/pdf", size: 99, name: "so-ghi-chep.pdf" };

beforeAll(async () => {
  t = await createTestDatabase();
  // An organisation that has just signed up: pending until an administrator approves it.
  const orgs = await t.db
    .insert(organisations)
    .values([
      { slug: "htx-moi-dang-ky", kind: "cooperative", name: "HTX Mới Đăng Ký" },
      { slug: "nen-tang", kind: "platform", name: "Nền tảng", status: "active" },
    ])
    .returning();
  fresh = orgs[0]!.id;
  platform = orgs[1]!.id;
  expect(orgs[0]!.status).toBe("pending");
  const product = await createProduct(t.db, as(fresh), {
    organisationId: fresh,
    form: {
      nameVi: "Mật ong rừng",
      category: "honey",
      unitVi: "chai",
      unitEn: "bottle",
      ocopGroup: "food",
      ocopStars: "5",
      ocopCertificateNumber: "QG-OCOP5-2026-999",
      ocopIssuedOn: "2026-01-10",
      ocopExpiresOn: "2029-01-10",
    },
  });
  if (!product.ok) throw new Error(JSON.stringify(product));
  const lot = await createBatch(t.db, as(fresh), {
    organisationId: fresh,
    form: { productId: product.product.id, lotCode: "MO-01", quantity: "100", uom: "H87", producedOn: "2026-11-20" },
    today: "2026-11-25",
  });
  if (!lot.ok) throw new Error(JSON.stringify(lot));
  batch = { id: lot.batch.id, shortCode: lot.batch.shortCode };
  const inspected = await recordStep(t.db, as(fresh), {
    organisationId: fresh,
    batchId: batch.id,
    form: { step: "inspecting", eventTime: "2026-11-21T08:00", lab: "TĐC", reportNumber: "KQ-1", result: "pass", notes: "confidential lab notes" },
    attachment: lab,
    attachmentPublic: true,
    now,
  });
  const stored = await recordStep(t.db, as(fresh), {
    organisationId: fresh,
    batchId: batch.id,
    form: { step: "storing", eventTime: "2026-11-22T08:00", conditions: "kho mát", notes: "giá vốn 40.000đ/chai" },
    attachment: diary,
    now,
  });
  if (!inspected.ok || !stored.ok) throw new Error("fixture steps refused");
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe("an organisation not yet approved", () => {
  it("has codes that resolve to a page saying the producer is not verified: no stars, no certificate, no buy link, no EPCIS link", async () => {
    const page = await getOriginPage(t.db, batch.shortCode, null);
    expect(page).not.toBeNull();
    expect(page!.verified).toBe(false);
    expect(page!.product).toMatchObject({ ocopStars: null, ocopCertificateNumber: null, ocopIssuedOn: null, ocopExpiresOn: null });
    const html = renderOriginDocument({ page: page!, locale: "vi", today: "2026-11-25", shell });
    expect(html).toContain('data-testid="unverified-producer"');
    expect(html).not.toContain('data-testid="buy"');
    expect(html).not.toContain('data-testid="ocop"');
    expect(html).not.toContain("Còn hiệu lực");
    expect(html).not.toContain("/api/epcis/");
  });

  it("has no public EPCIS export; its members (or its API key) still get the full one", async () => {
    expect(await exportBatchEpcis(t.db, batch.shortCode, { baseUrl: PUBLIC_URL, readerOrganisations: [] })).toEqual({ ok: false, reason: "not_public" });
    expect(await exportBatchEpcis(t.db, batch.shortCode, { baseUrl: PUBLIC_URL, readerOrganisations: [platform] })).toEqual({ ok: false, reason: "not_public" });
    const own = await exportBatchEpcis(t.db, batch.shortCode, { baseUrl: PUBLIC_URL, readerOrganisations: [fresh] });
    expect(own.ok && own.audience).toBe("full");
  });

  it("becomes verified when an administrator approves it, and the cached page's stamp changes", async () => {
    const before = await getOriginStamp(t.db, batch.shortCode, null);
    expect(before!.verified).toBe(false);
    const [admin] = await t.db.insert(users).values({ email: "admin@nen-tang.vn", displayName: "Quản trị" }).returning();
    const approved = await approveOrganisation(t.db, { actor: { userId: admin!.id, memberships: [{ organisationId: platform, role: "admin" }] }, input: { organisationId: fresh } });
    expect(approved).toEqual({ ok: true });
    const after = await getOriginStamp(t.db, batch.shortCode, null);
    expect(after!.verified).toBe(true);
    expect(after!.version).not.toBe(before!.version);
    const page = await getOriginPage(t.db, batch.shortCode, null);
    expect(page!.product).toMatchObject({ ocopStars: 5, ocopCertificateNumber: "QG-OCOP5-2026-999" });
    const html = renderOriginDocument({ page: page!, locale: "vi", today: "2026-11-25", shell });
    expect(html).not.toContain('data-testid="unverified-producer"');
    expect(html).toContain('data-testid="buy"');
    expect(html).toContain('data-testid="ocop"');
    // The lab report the cooperative made public is linked; the private storage record is not.
    expect(page!.labResults.map((l) => l.reportUrl)).toEqual([`/uploads/${lab.key}`]);
    expect(html).toContain(`href="/uploads/${lab.key}" data-testid="lab-report-link"`);
    expect(html).not.toContain(diary.key);
  });

  it("is suspended: its codes say again the producer is not verified", async () => {
    await t.db.update(organisations).set({ status: "suspended", updatedAt: new Date() }).where(eq(organisations.id, fresh));
    expect((await getOriginPage(t.db, batch.shortCode, null))!.verified).toBe(false);
    await t.db.update(organisations).set({ status: "active", updatedAt: new Date() }).where(eq(organisations.id, fresh));
  });
});

describe("the EPCIS export", () => {
  // The step's details travel as ocoptrace: extension fields (nested keys prefixed too); read them back unprefixed.
  const APP_FIELDS = new Set(["sequence", "chainHash", "prevChainHash", "locationName", "corrects"]);
  const unprefixed = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(unprefixed)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/^ocoptrace:/, ""), unprefixed(v)]))
        : value;
  const detailsOf = (doc: { epcisBody: { eventList: Record<string, unknown>[] } }) =>
    doc.epcisBody.eventList.map((e) =>
      Object.fromEntries(
        Object.entries(e)
          .filter(([k]) => k.startsWith("ocoptrace:") && !APP_FIELDS.has(k.slice("ocoptrace:".length)))
          .map(([k, v]) => [k.slice("ocoptrace:".length), unprefixed(v)]),
      ),
    );

  it("public: no notes, no private attachment, a public one as an absolute URL under PUBLIC_URL", async () => {
    const found = await exportBatchEpcis(t.db, batch.shortCode, { baseUrl: PUBLIC_URL, readerOrganisations: [] });
    if (!found.ok) throw new Error(found.reason);
    expect(found.audience).toBe("public");
    const text = JSON.stringify(found.document);
    expect(text).not.toContain("confidential lab notes");
    expect(text).not.toContain("giá vốn");
    expect(text).not.toContain(diary.key);
    const [inspecting, storing] = detailsOf(found.document);
    expect(inspecting).toEqual({
      lab: "TĐC",
      reportNumber: "KQ-1",
      result: "pass",
      attachment: { url: `${PUBLIC_URL}/uploads/${lab.key}`, contentType: "application/pdf", name: "ketqua.pdf" },
    });
    expect(storing).toEqual({ conditions: "kho mát" });
    // The lab test names its public report as its certification.
    expect(found.document.epcisBody.eventList[0]).toMatchObject({ certificationInfo: `${PUBLIC_URL}/uploads/${lab.key}` });
    // The default of the loader is the public form too.
    expect(JSON.stringify(await getBatchEpcisDocument(t.db, batch.id, PUBLIC_URL))).not.toContain("confidential lab notes");
  });

  it("full, for the organisation's members or API key: notes and every attachment as recorded", async () => {
    const found = await exportBatchEpcis(t.db, batch.id, { baseUrl: PUBLIC_URL, readerOrganisations: [platform, fresh] });
    if (!found.ok) throw new Error(found.reason);
    expect(found.audience).toBe("full");
    const [inspecting, storing] = detailsOf(found.document);
    expect(inspecting).toMatchObject({ notes: "confidential lab notes", attachment: lab });
    // The same public report is the certification in the full export too.
    expect(found.document.epcisBody.eventList[0]).toMatchObject({ certificationInfo: `${PUBLIC_URL}/uploads/${lab.key}` });
    expect(storing).toMatchObject({ notes: "giá vốn 40.000đ/chai", attachment: diary });
  });

  it("is unknown for an unknown code", async () => {
    expect(await exportBatchEpcis(t.db, "0000000000000", { baseUrl: PUBLIC_URL, readerOrganisations: [] })).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("GET /api/epcis/batches/{code} and the organisation's API keys", () => {
  const call = async (code: string, authorization?: string): Promise<Response> => {
    const request = new Request(`${PUBLIC_URL}/api/epcis/batches/${code}`, { headers: authorization ? { Authorization: authorization } : {} });
    const context = { db: t.db, publicUrl: PUBLIC_URL, identity: { sessionSecret: "test-secret-test-secret-test-secret" } } as unknown as Parameters<typeof epcisLoader>[0]["context"];
    return epcisLoader({ request, params: { id: code }, context });
  };

  it("answers anyone with the public export under open CORS, and the key's holder with the full one, private and without CORS", async () => {
    const anonymous = await call(batch.shortCode);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("access-control-allow-origin")).toBe("*");
    expect(await anonymous.text()).not.toContain("confidential lab notes");

    const made = await createApiKey(t.db, as(fresh), { organisationId: fresh, form: { name: "Nhà phân phối" } });
    if (!made.ok) throw new Error("key refused");
    expect(made.key).toMatch(/^ocop_[A-Za-z0-9_-]{43}$/);
    const listed = await listApiKeys(t.db, fresh);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(made.key);
    expect(await organisationOfApiKey(t.db, `Bearer ${made.key}`)).toBe(fresh);

    const withKey = await call(batch.shortCode, `Bearer ${made.key}`);
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get("access-control-allow-origin")).toBeNull();
    expect(withKey.headers.get("cache-control")).toBe("private, no-store");
    expect(await withKey.text()).toContain("confidential lab notes");

    expect(await createApiKey(t.db, as(fresh), { organisationId: fresh, form: { name: "  " } })).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await revokeApiKey(t.db, as(platform), { organisationId: platform, keyId: made.apiKey.id })).toEqual({ ok: false, reason: "not_found" });
    expect(await revokeApiKey(t.db, as(fresh), { organisationId: fresh, keyId: made.apiKey.id })).toEqual({ ok: true });
    expect(await organisationOfApiKey(t.db, `Bearer ${made.key}`)).toBeNull();
    expect(await (await call(batch.shortCode, `Bearer ${made.key}`)).text()).not.toContain("confidential lab notes");
  });

  it("refuses the public export of an organisation not approved, with an EPCIS security exception", async () => {
    await t.db.update(organisations).set({ status: "pending", updatedAt: new Date() }).where(eq(organisations.id, fresh));
    const response = await call(batch.shortCode);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ type: "epcisException:SecurityException" });
    await t.db.update(organisations).set({ status: "active", updatedAt: new Date() }).where(eq(organisations.id, fresh));
  });
});
