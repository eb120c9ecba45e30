import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { BizStep, Disposition } from "./cbv";
import { computeEventHash, type HashableEvent } from "./chain.server";
import {
  batchClassUri,
  buildEpcisDocument,
  EPCIS_CONTEXT_URL,
  eventIdFromHash,
  type EpcisBatch,
  type EpcisLineageEdge,
  type EpcisTraceEvent,
} from "./epcis";

const fixtures = fileURLToPath(new URL("../../tests/fixtures/epcis/", import.meta.url));
const shared = fileURLToPath(new URL("../../../shared/standards/", import.meta.url));
const FILES = ["epcis-2.0-json-schema.json", "epcis-example-object-event.json", "epcis-example-transformation-event.json"];
const haveShared = existsSync(shared);

function loadValidator(): ValidateFunction {
  // The schema is draft-07 with GS1's own annotations: formats on, strict keyword checks off.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(`${fixtures}epcis-2.0-json-schema.json`, "utf8")) as object);
}
const validate = loadValidator();

function expectValid(document: unknown) {
  const ok = validate(document);
  expect(ok ? [] : validate.errors).toEqual([]);
}

const BASE = "https://trace.example.vn";
const GTIN = "08935049501237";
const teaPack: EpcisBatch = { id: "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0001", lotCode: "TC-2025/07", gtin: GTIN };
const leavesA: EpcisBatch = { id: "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0002", lotCode: "LA-0701", gtin: null, shortCode: "7M2Q9XK4TB1ZD" };
const leavesB: EpcisBatch = { id: "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0003", lotCode: "LB-0702", gtin: null, shortCode: "K3V8N0P5WQ2HA" };
const leavesC: EpcisBatch = { id: "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0004", lotCode: "LC-0702", gtin: null };

type Draft = Omit<HashableEvent, "sequence" | "batchId" | "eventType" | "action"> &
  Pick<EpcisTraceEvent, "eventType" | "action"> & { id: string; recordedAt?: Date };

/** A batch's chain as the app stores it: sequences from 1, each hash linked to the one before. */
function chain(batchId: string, drafts: Draft[]): EpcisTraceEvent[] {
  let prevHash: string | null = null;
  return drafts.map((d, index) => {
    const hashable: HashableEvent = { ...d, batchId, sequence: index + 1 };
    const hash = computeEventHash(hashable, prevHash);
    const { recordedAt, ...stored } = d;
    const event: EpcisTraceEvent = { ...stored, batchId, sequence: index + 1, recordedAt: recordedAt ?? d.eventTime, prevHash, hash };
    prevHash = hash;
    return event;
  });
}

const base = {
  action: "OBSERVE",
  disposition: null,
  eventTimeZoneOffset: "+07:00",
  communeId: null,
  locationName: null,
  quantity: null,
  uom: null,
  details: {},
  correctsEventId: null,
} satisfies Partial<Draft>;

function realisticInput() {
  const harvests = [leavesA, leavesB, leavesC].flatMap((batch, i) =>
    chain(batch.id, [
      {
        ...base,
        id: `00000000-0000-4000-8000-00000000010${i}`,
        eventType: "ObjectEvent",
        action: "ADD",
        bizStep: BizStep.harvesting,
        disposition: Disposition.active,
        eventTime: new Date(`2025-07-0${i + 1}T00:30:00Z`),
        communeId: 1910 + i,
        locationName: `Đồi chè xóm ${i + 1}, Tân Cương`,
        quantity: ["120.500", "80", "45.250"][i] as string,
        uom: "KGM",
        details: { picker: "Hộ Nguyễn Văn A", preHarvestIntervalDays: 14 },
      },
    ]),
  );
  const pack = chain(teaPack.id, [
    {
      ...base,
      id: "00000000-0000-4000-8000-000000000201",
      eventType: "TransformationEvent",
      action: null,
      bizStep: BizStep.processing,
      disposition: Disposition.inProgress,
      eventTime: new Date("2025-07-03T02:00:00Z"),
      communeId: 1910,
      locationName: "Xưởng sao chè HTX Tân Cương",
      quantity: "60",
      uom: "KGM",
      details: { method: "sao thủ công" },
    },
    {
      ...base,
      id: "00000000-0000-4000-8000-000000000202",
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.inspecting,
      disposition: Disposition.conformant,
      eventTime: new Date("2025-07-04T03:00:00Z"),
      communeId: 1910,
      details: {
        lab: "Trung tâm Kỹ thuật TCĐLCL Thái Nguyên",
        reportNumber: "KN-2025-0712",
        results: [
          { analyte: "Cypermethrin", value: 0.01, unit: "mg/kg", limit: 0.05, pass: true },
          { analyte: "Moisture", value: 5.2, unit: "%", limit: 7, pass: true },
        ],
      },
    },
    {
      ...base,
      id: "00000000-0000-4000-8000-000000000203",
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.shipping,
      disposition: Disposition.inTransit,
      eventTime: new Date("2025-07-05T01:00:00Z"),
      communeId: 1910,
      quantity: "20",
      uom: "KGM",
      details: { carrier: "Viettel Post", destination: "Cửa hàng OCOP Hà Nội", gln: "8935049500018" },
    },
    {
      ...base,
      id: "00000000-0000-4000-8000-000000000204",
      eventType: "ObjectEvent",
      action: "OBSERVE",
      bizStep: BizStep.shipping,
      disposition: Disposition.inTransit,
      eventTime: new Date("2025-07-05T01:00:00Z"),
      communeId: 1910,
      quantity: "25",
      uom: "KGM",
      details: { carrier: "Viettel Post", note: "quantity corrected: 25 kg, not 20" },
      correctsEventId: "00000000-0000-4000-8000-000000000203",
      recordedAt: new Date("2025-07-05T09:15:00Z"),
    },
  ]);
  const lineage: EpcisLineageEdge[] = [
    { transformationEventId: "00000000-0000-4000-8000-000000000201", inputBatchId: leavesA.id, quantity: "120.500", uom: "KGM" },
    { transformationEventId: "00000000-0000-4000-8000-000000000201", inputBatchId: leavesB.id, quantity: "80", uom: "KGM" },
    { transformationEventId: "00000000-0000-4000-8000-000000000201", inputBatchId: leavesC.id, quantity: "45.250", uom: "KGM" },
  ];
  return {
    batches: [teaPack, leavesA, leavesB, leavesC],
    events: [...pack, ...harvests],
    lineage,
    baseUrl: BASE,
    creationDate: new Date("2025-07-06T00:00:00Z"),
  };
}

describe("EPCIS 2.0 validator setup", () => {
  it.skipIf(!haveShared)("vendored schema and examples are byte-identical to ../shared/standards", () => {
    for (const file of FILES) {
      expect(readFileSync(`${fixtures}${file}`).equals(readFileSync(`${shared}${file}`)), file).toBe(true);
    }
  });

  it.each(FILES.slice(1))("GS1's own example %s validates", (file) => {
    expectValid(JSON.parse(readFileSync(`${fixtures}${file}`, "utf8")));
  });

  it("rejects broken events, so a pass means something", () => {
    const example = JSON.parse(readFileSync(`${fixtures}epcis-example-object-event.json`, "utf8")) as Record<string, unknown>;
    expect(validate({ ...example, bizStep: "urn:epcglobal:cbv:bizstep:shipping" })).toBe(false);
    expect(validate({ ...example, eventTime: undefined })).toBe(false);
    expect(validate({ ...example, eventTimeZoneOffset: "+7" })).toBe(false);
    expect(validate({ ...example, "not a uri": 1 })).toBe(false);
    expect(validate({ ...example, "@context": undefined })).toBe(false);
  });
});

describe("buildEpcisDocument", () => {
  const document = buildEpcisDocument(realisticInput());
  const events = document.epcisBody.eventList;
  const byStep = (step: string) => events.filter((e) => e.bizStep === step);

  it("validates against the GS1 EPCIS 2.0 JSON schema", () => {
    expectValid(document);
    // Each event also stands alone (with the document's context) as the REST binding serves single events.
    for (const event of events) expectValid({ "@context": document["@context"], ...event });
    // The document schema does reach into the event list.
    const broken = structuredClone(document);
    (broken.epcisBody.eventList[0] as Record<string, unknown>).eventTimeZoneOffset = "7h";
    expect(validate(broken)).toBe(false);
  });

  it("is an EPCISDocument with the GS1 context and the app's extension context", () => {
    expect(document).toMatchObject({
      "@context": [EPCIS_CONTEXT_URL, { ocoptrace: "urn:ocoptrace:", "ocoptrace:details": { "@type": "@json" } }],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2025-07-06T00:00:00.000Z",
    });
    expect(events.map((e) => e.eventTime)).toEqual([...events.map((e) => e.eventTime)].sort());
    expect(events).toHaveLength(7);
  });

  it("exports a harvest with its extension step, a quantity of the batch's own class and the commune", () => {
    const [harvest] = byStep("urn:ocoptrace:bizstep:harvesting");
    expect(harvest).toMatchObject({
      type: "ObjectEvent",
      action: "ADD",
      disposition: "active",
      eventTimeZoneOffset: "+07:00",
      quantityList: [{ epcClass: `${BASE}/t/7M2Q9XK4TB1ZD`, quantity: 120.5, uom: "KGM" }],
      readPoint: { id: "urn:ocoptrace:loc:commune:1910" },
      bizLocation: { id: "urn:ocoptrace:loc:commune:1910" },
      "ocoptrace:locationName": "Đồi chè xóm 1, Tân Cương",
      "ocoptrace:sequence": 1,
    });
    expect(harvest).not.toHaveProperty("ocoptrace:prevHash");
    expect(byStep("urn:ocoptrace:bizstep:harvesting")[2]?.quantityList).toEqual([
      { epcClass: "urn:ocoptrace:batch:0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0004", quantity: 45.25, uom: "KGM" },
    ]);
  });

  it("exports the transformation with its three inputs and the GTIN + lot output class", () => {
    const [transformation] = byStep("urn:ocoptrace:bizstep:processing");
    expect(transformation).toMatchObject({
      type: "TransformationEvent",
      inputQuantityList: [
        { epcClass: `${BASE}/t/7M2Q9XK4TB1ZD`, quantity: 120.5, uom: "KGM" },
        { epcClass: `${BASE}/t/K3V8N0P5WQ2HA`, quantity: 80, uom: "KGM" },
        { epcClass: "urn:ocoptrace:batch:0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0004", quantity: 45.25, uom: "KGM" },
      ],
      outputQuantityList: [{ epcClass: `https://id.gs1.org/01/${GTIN}/10/TC-2025%2F07`, quantity: 60, uom: "KGM" }],
      disposition: "in_progress",
    });
    expect(transformation).not.toHaveProperty("action");
  });

  it("exports the inspection with its lab results as the app's details", () => {
    const [inspection] = byStep("inspecting");
    expect(inspection).toMatchObject({ type: "ObjectEvent", action: "OBSERVE", disposition: "conformant" });
    expect(inspection?.quantityList).toEqual([{ epcClass: `https://id.gs1.org/01/${GTIN}/10/TC-2025%2F07` }]);
    expect((inspection?.["ocoptrace:details"] as { results: unknown[] }).results).toHaveLength(2);
  });

  it("declares the corrected shipment erroneous and links the corrective event both ways", () => {
    const [wrong, corrective] = byStep("shipping");
    expect(wrong?.errorDeclaration).toEqual({
      declarationTime: "2025-07-05T09:15:00.000Z",
      reason: "incorrect_data",
      correctiveEventIDs: [corrective?.eventID],
    });
    expect(corrective?.["ocoptrace:corrects"]).toBe(wrong?.eventID);
    expect(corrective).not.toHaveProperty("errorDeclaration");
    // Goods on the move: a read point (the GLN when one is given) but no business location.
    expect(wrong).toMatchObject({ readPoint: { id: "https://id.gs1.org/414/8935049500018" } });
    expect(wrong).not.toHaveProperty("bizLocation");
  });

  it("names events by their chain hash and carries the chain", () => {
    const input = realisticInput();
    const byHash = new Map(input.events.map((e) => [e.hash, e]));
    for (const event of events) {
      const stored = byHash.get(event["ocoptrace:eventHash"] as string);
      expect(stored).toBeDefined();
      expect(event.eventID).toBe(eventIdFromHash(stored?.hash as string));
      expect(event["ocoptrace:prevHash"]).toBe(stored?.prevHash ?? undefined);
    }
    expect(eventIdFromHash("00".repeat(31) + "ff")).toBe("ni:///sha-256;AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP8");
    expect(() => eventIdFromHash("xyz")).toThrow(RangeError);
  });

  it("writes standard CBV values as bare words and never a CBV URI prefix", () => {
    const text = JSON.stringify(document);
    expect(text).not.toMatch(/urn:epcglobal:cbv|gs1\.org\/cbv\//);
    expect(byStep("shipping")).toHaveLength(2);
  });

  it("refuses events of a batch it was not given", () => {
    const input = realisticInput();
    expect(() => buildEpcisDocument({ ...input, batches: [teaPack] })).toThrow(/not given/);
  });

  it("builds class URIs with percent-encoded lots", () => {
    expect(batchClassUri({ id: "x", lotCode: "A/B&C", gtin: GTIN }, BASE)).toBe(`https://id.gs1.org/01/${GTIN}/10/A%2FB%26C`);
    expect(batchClassUri({ id: "x", lotCode: "A", gtin: null, shortCode: "7M2Q9XK4TB1ZD" }, `${BASE}/`)).toBe(
      `${BASE}/t/7M2Q9XK4TB1ZD`,
    );
  });
});
