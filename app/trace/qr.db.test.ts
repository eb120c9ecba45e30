import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { seedDemoData } from "#db/seed";
import { batches, batchInputs, products, scanCounts, serialUnits } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { getBatchEpcisDocument } from "./epcis-export.server";
import { epcisEventHashes } from "./gs1/event-hash";
import { isCode } from "./gs1/serials.server";
import { LINKSET_MEDIA_TYPE } from "./gs1/linkset";
import { issueSerialUnits, labelUri } from "./labels.server";
import { getOriginPage, getOriginStamp, SCAN_FLAG_COUNT } from "./origin.server";
import { resolveRequest, type ResolveInput } from "./resolver.server";
import { createScanRecorder, listFlaggedSerials } from "./scans.server";
import { appendTraceEvent } from "./events.server";

const ORIGIN = "https://trace.example.vn";
let t: TestDatabase;
let gtinBatch: { id: string; organisationId: string; shortCode: string; lotCode: string; gtin: string };
let plainBatch: { id: string; shortCode: string };
let processedBatch: string;

const req = (pathname: string, search = "", accept?: string): ResolveInput => ({ method: "GET", pathname, search, accept, origin: ORIGIN });

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  const [g] = await t.db
    .select({ id: batches.id, organisationId: batches.organisationId, shortCode: batches.shortCode, lotCode: batches.lotCode, gtin: products.gtin })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(isNotNull(products.gtin), eq(batches.status, "active")))
    .limit(1);
  gtinBatch = { ...g!, gtin: g!.gtin! };
  const [p] = await t.db
    .select({ id: batches.id, shortCode: batches.shortCode })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(sql`${products.gtin} is null`)
    .limit(1);
  plainBatch = p!;
  const [edge] = await t.db.select({ out: batchInputs.outputBatchId }).from(batchInputs).limit(1);
  processedBatch = edge!.out;
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe("short codes", () => {
  it("every batch, seeded or backfilled, has a distinct 13-character Crockford code", async () => {
    const rows = rowsOf<{ n: number; distinct: number; bad: number }>(
      await t.db.execute(sql`select count(*)::int n, count(distinct short_code)::int as distinct, count(*) filter (where short_code !~ '^[0-9A-HJKMNP-TV-Z]{13}$')::int bad from batches`),
    )[0]!;
    expect(rows.n).toBeGreaterThan(40);
    expect(rows.distinct).toBe(rows.n);
    expect(rows.bad).toBe(0);
    expect(isCode(gtinBatch.shortCode)).toBe(true);
  });

  it("a column added with ocop_short_code() as default gets a distinct code per existing row, as 0003 backfills batches", async () => {
    await t.db.execute(sql`create temporary table backfill_probe as select generate_series(1, 500) as n`);
    await t.db.execute(sql`alter table backfill_probe add column code text not null default ocop_short_code()`);
    const [row] = rowsOf<{ n: number; distinct: number }>(
      await t.db.execute(sql`select count(*)::int n, count(distinct code)::int as distinct from backfill_probe where code ~ '^[0-9A-HJKMNP-TV-Z]{13}$'`),
    );
    expect(row).toEqual({ n: 500, distinct: 500 });
  });
});

describe("resolver", () => {
  it("redirects a batch's Digital Link to its origin page with 307, passing the query on", async () => {
    const path = new URL(labelUri(ORIGIN, gtinBatch)).pathname;
    const answer = await resolveRequest(t.db, req(path, "17=271231&utm_source=label"));
    expect(answer.status).toBe(307);
    if (answer.kind !== "found") throw new Error("not found");
    expect(answer.headers.Location).toBe(`${ORIGIN}/origin/${gtinBatch.shortCode}?17=271231&utm_source=label`);
    expect(answer.headers["Access-Control-Allow-Origin"]).toBe("*");
    expect(answer.headers.Link).toContain('rel="linkset"');
  });

  it("tolerates a trailing slash and answers the short path too", async () => {
    const path = new URL(labelUri(ORIGIN, gtinBatch)).pathname;
    expect((await resolveRequest(t.db, req(`${path}/`))).status).toBe(307);
    const short = await resolveRequest(t.db, req(`/t/${plainBatch.shortCode.toLowerCase()}/`));
    expect(short.kind === "found" && short.headers.Location).toBe(`${ORIGIN}/origin/${plainBatch.shortCode}`);
  });

  it("returns an RFC 9264 linkset with pip, traceability, certification and buy links titled in vi and en", async () => {
    const path = new URL(labelUri(ORIGIN, gtinBatch)).pathname;
    for (const linkType of ["linkset", "all"]) {
      const answer = await resolveRequest(t.db, req(path, `linkType=${linkType}`));
      expect(answer.status).toBe(200);
      if (answer.kind !== "found") throw new Error("not found");
      expect(answer.headers["Content-Type"]).toBe(LINKSET_MEDIA_TYPE);
      const linkset = JSON.parse(answer.body!) as { linkset: Record<string, unknown>[] };
      const first = linkset.linkset[0]!;
      expect(first.anchor).toBe(`${ORIGIN}${path}`);
      for (const type of ["pip", "traceability", "epcis", "hasRetailers", "defaultLink"]) expect(first[`https://ref.gs1.org/voc/${type}`]).toBeDefined();
      const pip = first["https://ref.gs1.org/voc/pip"] as { href: string; title: string; hreflang: string[] }[];
      expect(pip.map((p) => p.hreflang[0])).toEqual(["vi", "en"]);
      expect(pip.every((p) => p.title.length > 0)).toBe(true);
      const trace = first["https://ref.gs1.org/voc/epcis"] as { href: string }[];
      expect(trace[0]!.href).toBe(`${ORIGIN}/api/epcis/batches/${gtinBatch.shortCode}`);
      // Each level up to the primary key is included.
      expect(linkset.linkset.at(-1)!.anchor).toBe(`${ORIGIN}/01/${gtinBatch.gtin}`);
    }
  });

  it("redirects to an asked-for link type", async () => {
    const answer = await resolveRequest(t.db, req(`/t/${gtinBatch.shortCode}`, "linkType=gs1:epcis"));
    expect(answer.kind === "found" && answer.headers.Location).toBe(`${ORIGIN}/api/epcis/batches/${gtinBatch.shortCode}`);
  });

  it.each([
    ["wrong check digit", `/01/08930000000010/10/ABC`],
    ["bad AI order", `/01/08930000000019/21/ABC/10/XYZ`],
    ["over-long lot", `/01/08930000000019/10/${"A".repeat(21)}`],
    ["percent-encoding trick", `/01/08930000000019/10/%2`],
    ["encoded control byte", `/01/08930000000019/10/A%00B`],
    ["10 KB path", `/01/08930000000019/10/${"A".repeat(10_000)}`],
    ["bad short code", `/t/NOT-A-CODE`],
  ])("answers 400 for %s", async (_, path) => {
    const answer = await resolveRequest(t.db, req(path));
    expect(answer.status).toBe(400);
  });

  it("answers 404 for well-formed keys it does not know, never 200", async () => {
    expect((await resolveRequest(t.db, req(`/01/00000000000017`))).status).toBe(404);
    expect((await resolveRequest(t.db, req(`/t/0000000000000`))).status).toBe(404);
  });
});

describe("serial units", () => {
  it("issues a run of 100,000 unique serials in one transaction, and they resolve", async () => {
    const result = await issueSerialUnits(t.db, { organisationId: gtinBatch.organisationId, batchId: gtinBatch.id, count: 100_000 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(new Set(result.issued).size).toBe(100_000);
    const serial = result.issued[0]!;
    const path = new URL(labelUri(ORIGIN, gtinBatch, serial)).pathname;
    const answer = await resolveRequest(t.db, req(path));
    expect(answer.kind === "found" && answer.headers.Location).toBe(`${ORIGIN}/origin/${gtinBatch.shortCode}/${serial}`);
    // Without the lot, the serial still finds its batch.
    const noLot = await resolveRequest(t.db, req(`/01/${gtinBatch.gtin}/21/${serial}`));
    expect(noLot.status).toBe(307);
  }, 120_000);

  it("refuses another organisation's batch and counts out of range", async () => {
    const stranger = "00000000-0000-4000-8000-000000000000";
    expect(await issueSerialUnits(t.db, { organisationId: stranger, batchId: gtinBatch.id, count: 5 })).toEqual({
      ok: false,
      reason: "batch_not_found",
    });
    expect(await issueSerialUnits(t.db, { organisationId: gtinBatch.organisationId, batchId: gtinBatch.id, count: 100_001 })).toEqual({
      ok: false,
      reason: "invalid_count",
    });
  });
});

describe("origin page data", () => {
  it("walks the lineage back to raw lots and their communes, checks the chain, lists lab results", async () => {
    const [b] = await t.db.select({ shortCode: batches.shortCode }).from(batches).where(eq(batches.id, processedBatch));
    const page = await getOriginPage(t.db, b!.shortCode, null);
    expect(page).not.toBeNull();
    expect(page!.lineage.length).toBeGreaterThan(0);
    expect(page!.lineage.some((l) => l.communeName)).toBe(true);
    expect(page!.chain.ok).toBe(true);
    expect(page!.events.length).toBeGreaterThan(0);
    expect(page!.provinces).toHaveLength(34);
  });

  it("changes its stamp when an event is appended", async () => {
    const before = await getOriginStamp(t.db, gtinBatch.shortCode, null);
    const appended = await appendTraceEvent(t.db, {
      organisationId: gtinBatch.organisationId,
      batchId: gtinBatch.id,
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: "storing",
      eventTime: new Date(),
    });
    expect(appended.ok).toBe(true);
    const after = await getOriginStamp(t.db, gtinBatch.shortCode, null);
    expect(after!.version).not.toBe(before!.version);
    expect(await getOriginStamp(t.db, "0000000000000", null)).toBeNull();
  });

  it("reads the same stamp alone as with the page (the cache compares the two), and a product edit changes it", async () => {
    const page = await getOriginPage(t.db, gtinBatch.shortCode, null);
    const stamp = await getOriginStamp(t.db, gtinBatch.shortCode, null);
    expect(page!.stamp).toEqual(stamp);
    // The chain checks over events read back through the page's JSON (times in milliseconds, decimals as text).
    expect(page!.chain.ok).toBe(true);
    const [batch] = await t.db.select({ productId: batches.productId }).from(batches).where(eq(batches.id, gtinBatch.id));
    await t.db.update(products).set({ updatedAt: sql`now() + interval '1 second'` }).where(eq(products.id, batch!.productId));
    expect((await getOriginStamp(t.db, gtinBatch.shortCode, null))!.version).not.toBe(stamp!.version);
  });
});

describe("scans", () => {
  it("buffers scans, writes them aggregated per minute, and flags a copied serial", async () => {
    const [unit] = await t.db.select({ serial: serialUnits.serial }).from(serialUnits).where(eq(serialUnits.batchId, gtinBatch.id)).limit(1);
    const serial = unit!.serial;
    const recorder = createScanRecorder(t.db, { flushIntervalMs: 60_000, maxBuckets: 10 });
    const at = new Date("2026-11-20T03:00:10Z");
    for (let i = 0; i < SCAN_FLAG_COUNT + 5; i += 1) {
      recorder.record({ batchId: gtinBatch.id, organisationId: gtinBatch.organisationId, serial, provinceCode: null, device: "mobile", at });
    }
    for (const provinceCode of ["01", "19", "79"]) {
      recorder.record({ batchId: gtinBatch.id, organisationId: gtinBatch.organisationId, serial, provinceCode, device: "mobile", at });
    }
    expect(recorder.stats().buffered).toBe(4);
    await recorder.close();
    const rows = await t.db.select().from(scanCounts).where(eq(scanCounts.serial, serial));
    expect(rows).toHaveLength(4);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(SCAN_FLAG_COUNT + 8);
    const flagged = await listFlaggedSerials(t.db, gtinBatch.id);
    expect(flagged).toEqual([{ serial, scans: SCAN_FLAG_COUNT + 8, provinces: 3 }]);
    const stamp = await getOriginStamp(t.db, gtinBatch.shortCode, serial);
    expect(stamp!.flag).toEqual({ count: SCAN_FLAG_COUNT + 8, provinces: 3 });
  });

  it("caps distinct buckets between flushes instead of growing without bound", async () => {
    const recorder = createScanRecorder(t.db, { flushIntervalMs: 60_000, maxBuckets: 3 });
    for (let minute = 0; minute < 10; minute += 1) {
      recorder.record({
        batchId: gtinBatch.id,
        organisationId: gtinBatch.organisationId,
        serial: null,
        provinceCode: null,
        device: "desktop",
        at: new Date(Date.UTC(2026, 0, 1, 0, minute)),
      });
    }
    expect(recorder.stats()).toMatchObject({ buffered: 3, dropped: 7 });
    await recorder.close();
  });
});

describe("EPCIS export", () => {
  it("validates against the GS1 EPCIS 2.0 schema, with the lineage's events", async () => {
    const schema = JSON.parse(
      readFileSync(fileURLToPath(new URL("../../tests/fixtures/epcis/epcis-2.0-json-schema.json", import.meta.url)), "utf8"),
    ) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const [b] = await t.db.select({ shortCode: batches.shortCode }).from(batches).where(eq(batches.id, processedBatch));
    const document = await getBatchEpcisDocument(t.db, b!.shortCode, ORIGIN);
    expect(document).not.toBeNull();
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const events = document!.epcisBody.eventList;
    expect(events.some((e) => e.type === "TransformationEvent")).toBe(true);
    // Every eventID is the CBV 2.0 event hash GS1's algorithm computes from the exported document.
    expect(events.map((e) => e.eventID)).toEqual(epcisEventHashes(JSON.parse(JSON.stringify(document))));
    // Every identifier is a GS1 canonical key or lives under the public address; no private URNs.
    const ids = JSON.stringify(document).match(/"(?:epcClass|id|source|destination|certificationInfo|bizStep)":"[^"]*"/g) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/":"(https:\/\/id\.gs1\.org\/|https:\/\/trace\.example\.vn\/|[a-z_]+")/);
    expect(JSON.stringify(document)).not.toMatch(/urn:ocoptrace|@json/);
    // Every demo lot's export (lab tests, recalls, shipments, lineage) validates and carries GS1's event hashes.
    const all = await t.db.select({ id: batches.id }).from(batches);
    let labTests = 0;
    for (const { id } of all) {
      const doc = await getBatchEpcisDocument(t.db, id, ORIGIN);
      expect(validate(doc) ? [] : validate.errors, id).toEqual([]);
      expect(doc!.epcisBody.eventList.map((e) => e.eventID)).toEqual(epcisEventHashes(JSON.parse(JSON.stringify(doc))));
      labTests += doc!.epcisBody.eventList.filter((e) => typeof e.certificationInfo === "string").length;
    }
    expect(labTests).toBeGreaterThan(0);
    const byId = await getBatchEpcisDocument(t.db, processedBatch, ORIGIN);
    expect(byId!.epcisBody.eventList.length).toBe(events.length);
    expect(await getBatchEpcisDocument(t.db, "0000000000000", ORIGIN)).toBeNull();
  });
});
