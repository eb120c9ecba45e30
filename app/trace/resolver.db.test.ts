import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "#db/seed";
import { batches, products, serialUnits } from "#db/schema";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { gs1LinksetValidator, gs1ResolverDescriptionValidator } from "../../tests/fixtures/gs1/schemas";
import { LINKSET_MEDIA_TYPE } from "./gs1/linkset";
import { gtinCheckDigit } from "~/catalog/gtin";
import { getLabelBatch, issueSerialUnits, labelUri } from "./labels.server";
import { resolveRequest, resolverDescription, type ResolveInput } from "./resolver.server";

const ORIGIN = "https://trace.example.vn";
const VOC = "https://ref.gs1.org/voc/";
let t: TestDatabase;
let gtinBatch: { id: string; organisationId: string; shortCode: string; lotCode: string; gtin: string; productId: string };
let plainBatch: { id: string; shortCode: string };
let serial: string;

const req = (pathname: string, search = "", headers: { accept?: string; acceptLanguage?: string } = {}): ResolveInput => ({
  method: "GET",
  pathname,
  search,
  accept: headers.accept,
  acceptLanguage: headers.acceptLanguage,
  origin: ORIGIN,
});
const lotPath = () => new URL(labelUri(ORIGIN, gtinBatch)).pathname;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  const [g] = await t.db
    .select({
      id: batches.id,
      organisationId: batches.organisationId,
      shortCode: batches.shortCode,
      lotCode: batches.lotCode,
      gtin: products.gtin,
      productId: products.id,
    })
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
  const issued = await issueSerialUnits(t.db, { organisationId: gtinBatch.organisationId, batchId: gtinBatch.id, count: 1 });
  if (!issued.ok) throw new Error("serials not issued");
  const [unit] = await t.db.select({ serial: serialUnits.serial }).from(serialUnits).where(eq(serialUnits.batchId, gtinBatch.id)).limit(1);
  serial = unit!.serial;
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

async function linksetOf(pathname: string, search = "linkType=all") {
  const answer = await resolveRequest(t.db, req(pathname, search));
  if (answer.kind !== "found" || answer.status !== 200 || !answer.body) throw new Error(`no linkset for ${pathname}`);
  return JSON.parse(answer.body) as { linkset: Record<string, unknown>[] };
}

describe("linksets against GS1's linkset schema", () => {
  it("every kind of linkset the app produces validates (GTIN, lot, unit, short paths, recalled lot, walk-ups)", async () => {
    const validate = gs1LinksetValidator();
    await t.db.update(batches).set({ status: "recalled" }).where(eq(batches.id, plainBatch.id));
    const paths = [
      `/01/${gtinBatch.gtin}`,
      lotPath(),
      `${lotPath()}/21/${serial}`,
      `/01/${gtinBatch.gtin}/21/${serial}`,
      `/t/${gtinBatch.shortCode}`,
      `/t/${gtinBatch.shortCode}/${serial}`,
      `/t/${plainBatch.shortCode}`,
      `/01/${gtinBatch.gtin}/10/NO-SUCH-LOT`,
      `${lotPath()}/21/NOSUCHSERIAL`,
      `/t/${gtinBatch.shortCode}/0000000000000`,
    ];
    for (const path of paths) {
      const doc = await linksetOf(path);
      expect(validate(doc), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      for (const context of doc.linkset) {
        expect(typeof context.itemDescription).toBe("string");
        for (const key of Object.keys(context)) if (key.startsWith("http")) expect(key.startsWith(VOC)).toBe(true);
      }
    }
    const recalled = await linksetOf(`/t/${plainBatch.shortCode}`);
    expect(recalled.linkset[0]![`${VOC}recallStatus`]).toBeDefined();
    expect((await linksetOf(`/t/${gtinBatch.shortCode}`)).linkset[0]![`${VOC}recallStatus`]).toBeUndefined();
  });
});

describe("walk-up", () => {
  it("an unknown lot falls back to the GTIN's links; the product page it lands on warns", async () => {
    const answer = await resolveRequest(t.db, req(`/01/${gtinBatch.gtin}/10/NO-SUCH-LOT`));
    expect(answer.status).toBe(307);
    if (answer.kind !== "found") throw new Error("not found");
    expect(answer.headers.Location).toMatch(new RegExp(`^${ORIGIN}/products/[^?]+\\?unregistered=lot$`));
    expect(answer.batch).toBeNull();
    const doc = await linksetOf(`/01/${gtinBatch.gtin}/10/NO-SUCH-LOT`);
    expect(doc.linkset.map((c) => c.anchor)).toEqual([`${ORIGIN}/01/${gtinBatch.gtin}`]);
  });

  it("an unknown serial falls back to the lot's links; its origin page warns", async () => {
    for (const path of [`${lotPath()}/21/NOSUCHSERIAL`, `/t/${gtinBatch.shortCode}/0000000000000`]) {
      const answer = await resolveRequest(t.db, req(path));
      expect(answer.kind === "found" && answer.headers.Location).toBe(`${ORIGIN}/origin/${gtinBatch.shortCode}?unregistered=serial`);
      expect(answer.kind === "found" && answer.serial).toBeNull();
    }
  });

  it("an unknown GTIN is still 404", async () => {
    expect((await resolveRequest(t.db, req(`/01/00000000000017/10/X`))).status).toBe(404);
  });
});

describe("link types", () => {
  it.each(["gs1:nosuchlt", "gs1:recallStatus", "nosuchlt", "https://example.org/voc/pip"])("answers 404 for %s when the item has none", async (linkType) => {
    expect((await resolveRequest(t.db, req(lotPath(), `linkType=${encodeURIComponent(linkType)}`))).status).toBe(404);
  });

  it("recognises the CURIE and the full URIs in GS1's namespaces", async () => {
    const epcis = `${ORIGIN}/api/epcis/batches/${gtinBatch.shortCode}`;
    for (const linkType of ["gs1:epcis", "https://gs1.org/voc/epcis", "https://ref.gs1.org/voc/epcis"]) {
      const answer = await resolveRequest(t.db, req(lotPath(), `linkType=${encodeURIComponent(linkType)}`));
      expect(answer.kind === "found" && answer.headers.Location, linkType).toBe(epcis);
    }
    const trace = await resolveRequest(t.db, req(lotPath(), `linkType=${encodeURIComponent("https://gs1.org/voc/traceability")}`));
    expect(trace.kind === "found" && trace.headers.Location).toBe(`${ORIGIN}/origin/${gtinBatch.shortCode}#timeline-h`);
  });
});

describe("negotiation", () => {
  it("Accept-Language picks the link in that language (hreflang); Vary lists it", async () => {
    const en = await resolveRequest(t.db, req(lotPath(), "", { acceptLanguage: "en-GB,en;q=0.9" }));
    expect(en.kind === "found" && en.headers.Location).toBe(`${ORIGIN}/origin/${gtinBatch.shortCode}?lang=en`);
    expect(en.kind === "found" && en.headers.Vary).toBe("Accept, Accept-Language");
    const vi = await resolveRequest(t.db, req(lotPath(), "", { acceptLanguage: "vi, en;q=0.5" }));
    expect(vi.kind === "found" && vi.headers.Location).toBe(`${ORIGIN}/origin/${gtinBatch.shortCode}`);
  });

  it("honours Accept q-values for the linkset", async () => {
    expect((await resolveRequest(t.db, req(lotPath(), "", { accept: `${LINKSET_MEDIA_TYPE};q=0` }))).status).toBe(307);
    expect((await resolveRequest(t.db, req(lotPath(), "", { accept: `text/html, ${LINKSET_MEDIA_TYPE};q=0.5` }))).status).toBe(307);
    expect((await resolveRequest(t.db, req(lotPath(), "", { accept: LINKSET_MEDIA_TYPE }))).status).toBe(200);
  });
});

describe("headers", () => {
  it("a redirect's Link names the linkset only; the linkset's names its JSON-LD context", async () => {
    const redirect = await resolveRequest(t.db, req(lotPath()));
    if (redirect.kind !== "found") throw new Error("not found");
    expect(redirect.headers.Link).toBe(`<${ORIGIN}${lotPath()}?linkType=linkset>; rel="linkset"; type="${LINKSET_MEDIA_TYPE}"`);
    const linkset = await resolveRequest(t.db, req(lotPath(), "linkType=linkset"));
    expect(linkset.kind === "found" && linkset.headers.Link).toContain('rel="http://www.w3.org/ns/json-ld#context"');
  });

  it("the description file validates against GS1's schema, rooted at the public address", () => {
    const validate = gs1ResolverDescriptionValidator();
    const description = resolverDescription(ORIGIN);
    expect(validate(description), JSON.stringify(validate.errors)).toBe(true);
    expect(description.resolverRoot).toBe(ORIGIN);
    expect(typeof description.jsonLdContextLocation).toBe("string");
  });
});

describe("compressed Digital Link URIs", () => {
  it("resolves like the uncompressed URI and exposes it as owl:sameAs", async () => {
    // Compress the demo lot's URI with the encoding GS1's toolkit uses for AI 01 then AI 10 (ASCII 7-bit lot).
    const compressed = compress(gtinBatch.gtin, gtinBatch.lotCode);
    const answer = await resolveRequest(t.db, req(`/${compressed}`));
    expect(answer.status).toBe(307);
    if (answer.kind !== "found") throw new Error("not found");
    expect(answer.headers.Location).toBe(`${ORIGIN}/origin/${gtinBatch.shortCode}`);
    expect(answer.headers.Link).toContain(`<${ORIGIN}/01/${gtinBatch.gtin}/10/${encodeURIComponent(gtinBatch.lotCode)}>; rel="owl:sameAs"`);
  });
});

describe("a GTIN recorded after lots exist", () => {
  it("new labels carry /01/…/10/…, and the old /t/ code keeps resolving", async () => {
    const [batch] = await t.db.select({ organisationId: batches.organisationId, productId: batches.productId }).from(batches).where(eq(batches.id, plainBatch.id));
    const before = await getLabelBatch(t.db, batch!.organisationId, plainBatch.id);
    expect(new URL(labelUri(ORIGIN, before!)).pathname).toBe(`/t/${plainBatch.shortCode}`);
    const body = "893999000001";
    const gtin = `0${body}${gtinCheckDigit(`0${body}`)}`;
    await t.db.update(products).set({ gtin }).where(eq(products.id, batch!.productId));
    const after = await getLabelBatch(t.db, batch!.organisationId, plainBatch.id);
    const uri = new URL(labelUri(ORIGIN, after!));
    expect(uri.pathname.startsWith(`/01/${gtin}/10/`)).toBe(true);
    const viaGtin = await resolveRequest(t.db, req(uri.pathname));
    const viaShort = await resolveRequest(t.db, req(`/t/${plainBatch.shortCode}`));
    expect(viaGtin.kind === "found" && viaGtin.headers.Location).toBe(`${ORIGIN}/origin/${plainBatch.shortCode}`);
    expect(viaShort.kind === "found" && viaShort.headers.Location).toBe(`${ORIGIN}/origin/${plainBatch.shortCode}`);
  });
});

/** A minimal compressor for the test (GTIN then an ASCII lot), the mirror of the decompressor's rules. */
function compress(gtin: string, lot: string): string {
  const bits = (value: number | bigint, width: number) => value.toString(2).padStart(width, "0");
  let b = "00000001" + bits(BigInt(gtin), 47) + "00010000" + bits(4, 3) + bits(lot.length, 5);
  for (const ch of lot) b += bits(ch.charCodeAt(0), 7);
  while (b.length % 6) b += "0";
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let out = "";
  for (let i = 0; i < b.length; i += 6) out += alphabet[parseInt(b.slice(i, i + 6), 2)];
  return out;
}
