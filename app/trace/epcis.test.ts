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
  exportedBizStep,
  labResultOf,
  parseMeasurement,
  type EpcisBatch,
  type EpcisLineageEdge,
  type EpcisTraceEvent,
} from "./epcis";
import { epcisEventHashes, epcisPreHashes } from "./gs1/event-hash";

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
const COOP = "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c00aa";
const COOP_GLN = "8936000000011";
const teaPack: EpcisBatch = { id: "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0001", lotCode: "TC-2025/07", gtin: GTIN, shortCode: "Q8R2M4T6V8X0Z", organisationId: COOP };
const leavesA: EpcisBatch = { id: "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0002", lotCode: "LA-0701", gtin: null, shortCode: "7M2Q9XK4TB1ZD", organisationId: COOP };
const leavesB: EpcisBatch = { id: "0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0003", lotCode: "LB-0702", gtin: null, shortCode: "K3V8N0P5WQ2HA", organisationId: COOP };
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
    organisations: [{ id: COOP, gln: COOP_GLN, communeId: 1910 }],
    communeCodes: new Map<number, string | null>([[1911, "05812"]]),
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

  it("is an EPCISDocument with the GS1 context and the app's prefix under the public address (no @json term)", () => {
    expect(document).toMatchObject({
      "@context": [EPCIS_CONTEXT_URL, { ocoptrace: `${BASE}/epcis/ns/` }],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2025-07-06T00:00:00.000Z",
    });
    expect(JSON.stringify(document)).not.toContain("@json");
    expect(events.map((e) => e.eventTime)).toEqual([...events.map((e) => e.eventTime)].sort());
    expect(events).toHaveLength(7);
  });

  it("exports a harvest with the app's own farm step, the batch's class and a commune location under PUBLIC_URL", () => {
    const harvests = byStep(`${BASE}/epcis/ns/BizStep-harvesting`);
    expect(harvests).toHaveLength(3);
    expect(harvests[0]).toMatchObject({
      type: "ObjectEvent",
      action: "ADD",
      disposition: "active",
      eventTimeZoneOffset: "+07:00",
      quantityList: [{ epcClass: `${BASE}/t/7M2Q9XK4TB1ZD`, quantity: 120.5, uom: "KGM" }],
      // The cooperative's own commune: its GLN names the place.
      readPoint: { id: `https://id.gs1.org/414/${COOP_GLN}` },
      bizLocation: { id: `https://id.gs1.org/414/${COOP_GLN}` },
      "ocoptrace:locationName": "Đồi chè xóm 1, Tân Cương",
      "ocoptrace:sequence": 1,
      "ocoptrace:picker": "Hộ Nguyễn Văn A",
    });
    expect(harvests[0]).not.toHaveProperty("ocoptrace:prevChainHash");
    // Another commune: its official code; without a code, its id; never a private URN.
    expect(harvests[1]).toMatchObject({ readPoint: { id: `${BASE}/epcis/locations/communes/05812` } });
    expect(harvests[2]).toMatchObject({
      quantityList: [{ epcClass: `${BASE}/epcis/classes/batches/0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0004`, quantity: 45.25, uom: "KGM" }],
      readPoint: { id: `${BASE}/epcis/locations/communes/id-1912` },
    });
    expect(JSON.stringify(document)).not.toMatch(/urn:ocoptrace/);
  });

  it("exports the transformation as CBV commissioning with its three inputs and the GTIN + lot output class", () => {
    const [transformation] = events.filter((e) => e.type === "TransformationEvent");
    expect(transformation).toMatchObject({
      bizStep: "commissioning",
      inputQuantityList: [
        { epcClass: `${BASE}/t/7M2Q9XK4TB1ZD`, quantity: 120.5, uom: "KGM" },
        { epcClass: `${BASE}/t/K3V8N0P5WQ2HA`, quantity: 80, uom: "KGM" },
        { epcClass: `${BASE}/epcis/classes/batches/0b6a4d0e-4c1d-4a53-9e39-6a1f5b2c0004`, quantity: 45.25, uom: "KGM" },
      ],
      outputQuantityList: [{ epcClass: `https://id.gs1.org/01/${GTIN}/10/TC-2025%2F07`, quantity: 60, uom: "KGM" }],
      disposition: "in_progress",
    });
    expect(transformation).not.toHaveProperty("action");
  });

  it("names the serialised units an event concerns by their GS1 instance identifiers", () => {
    const input = realisticInput();
    const packed = { ...input.events[0]!, details: { ...input.events[0]!.details, serials: ["A0000000000A1"] } };
    const doc = buildEpcisDocument({ ...input, events: [packed, ...input.events.slice(1)] });
    const [transformation] = doc.epcisBody.eventList.filter((e) => e.type === "TransformationEvent");
    expect(transformation?.outputEPCList).toEqual([`https://id.gs1.org/01/${GTIN}/21/A0000000000A1`]);
    expectValid(doc);
  });

  it("exports the lab test as certificationInfo with the report's public page and its measured values as sensor reports", () => {
    const [inspection] = byStep("inspecting");
    expect(inspection).toMatchObject({
      type: "ObjectEvent",
      action: "OBSERVE",
      disposition: "conformant",
      certificationInfo: `${BASE}/origin/Q8R2M4T6V8X0Z`,
      sensorElementList: [
        {
          sensorReport: [
            { type: "Dimensionless", value: 0.01, uom: "NA", "ocoptrace:analyte": "Cypermethrin" },
            { type: "Dimensionless", value: 5.2, uom: "P1", "ocoptrace:analyte": "Moisture" },
          ],
        },
      ],
      "ocoptrace:lab": "Trung tâm Kỹ thuật TCĐLCL Thái Nguyên",
    });
    expect(inspection?.quantityList).toEqual([{ epcClass: `https://id.gs1.org/01/${GTIN}/10/TC-2025%2F07` }]);
  });

  it("names a private report never, a public one by its URL under PUBLIC_URL", () => {
    const input = realisticInput();
    const key = `${"ab".repeat(32)}.pdf`;
    const withReport = input.events.map((e) => (e.bizStep === "inspecting" ? { ...e, details: { ...e.details, attachment: { key, contentType: "application/pdf" } } } : e));
    const inspectionId = "00000000-0000-4000-8000-000000000202";
    const certification = (publicAttachmentEvents?: Set<string>) =>
      buildEpcisDocument({ ...input, events: withReport, publicAttachmentEvents }).epcisBody.eventList.find((e) => e.bizStep === "inspecting")?.certificationInfo;
    expect(certification()).toBe(`${BASE}/origin/Q8R2M4T6V8X0Z`);
    expect(certification(new Set([inspectionId]))).toBe(`${BASE}/uploads/${key}`);
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
    // Goods on the move: a read point (the GLN the step gives) but no business location.
    expect(wrong).toMatchObject({ readPoint: { id: "https://id.gs1.org/414/8935049500018" } });
    expect(wrong).not.toHaveProperty("bizLocation");
  });

  it("names the owning parties of a shipment (CBV 2.0 owning_party)", () => {
    const [wrong] = byStep("shipping");
    expect(wrong).toMatchObject({
      sourceList: [{ type: "owning_party", source: `https://id.gs1.org/417/${COOP_GLN}` }],
      destinationList: [{ type: "owning_party", destination: `${BASE}/epcis/parties/${COOP}/named/C%E1%BB%ADa%20h%C3%A0ng%20OCOP%20H%C3%A0%20N%E1%BB%99i` }],
    });
  });

  it("names every event by its CBV 2.0 event hash, as GS1's algorithm computes it from the document", () => {
    const ids = epcisEventHashes(JSON.parse(JSON.stringify(document)));
    expect(events.map((e) => e.eventID)).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    expect(new Set(ids).size).toBe(ids.length);
    // The pre-hash reads the app's extensions under their full namespace.
    expect(epcisPreHashes(document)[0]).toContain(`{${BASE}/epcis/ns/}sequence=1`);
    // The chain hash still travels, for readers who follow the app's chain.
    const stored = new Set(realisticInput().events.map((e) => e.hash));
    expect(events.filter((e) => e["ocoptrace:chainHash"] !== undefined).every((e) => stored.has(e["ocoptrace:chainHash"] as string))).toBe(true);
    expect(eventIdFromHash("00".repeat(31) + "ff")).toBe("ni:///sha-256;AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP8");
    expect(() => eventIdFromHash("xyz")).toThrow(RangeError);
  });

  it("gives the same identifiers whatever the request, and only PUBLIC_URL moves them", () => {
    const again = buildEpcisDocument(realisticInput());
    expect(again).toEqual(document);
    const elsewhere = buildEpcisDocument({ ...realisticInput(), baseUrl: "https://other.example.vn/" });
    expect(JSON.stringify(elsewhere)).not.toContain(BASE);
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

  it("reads lab results and measured values, and refuses what it cannot read", () => {
    expect(labResultOf("đạt")).toBe("pass");
    expect(labResultOf("Không đạt")).toBe("fail");
    expect(labResultOf("fail")).toBe("fail");
    expect(labResultOf("maybe")).toBeNull();
    expect(labResultOf(1)).toBeNull();
    expect(parseMeasurement("23,5%")).toEqual({ value: 23.5, uom: "P1", type: "Dimensionless", analyte: null });
    expect(parseMeasurement("0.01 mg/kg", "Cypermethrin")).toMatchObject({ value: 0.01, uom: "NA", analyte: "Cypermethrin" });
    expect(parseMeasurement("12 furlongs")).toBeNull();
    expect(parseMeasurement("nhiều")).toBeNull();
  });

  it("keeps the app's own steps only for farm work CBV lacks", () => {
    expect(exportedBizStep("shipping", "ObjectEvent", BASE)).toBe("shipping");
    expect(exportedBizStep("urn:ocoptrace:bizstep:harvesting", "ObjectEvent", BASE, "ADD")).toBe(`${BASE}/epcis/ns/BizStep-harvesting`);
    expect(exportedBizStep("urn:ocoptrace:bizstep:processing", "TransformationEvent", `${BASE}/`)).toBe("commissioning");
    expect(exportedBizStep("urn:ocoptrace:bizstep:processing", "ObjectEvent", BASE, "ADD")).toBe("commissioning");
    expect(exportedBizStep("urn:ocoptrace:bizstep:processing", "ObjectEvent", BASE, "OBSERVE")).toBe(`${BASE}/epcis/ns/BizStep-processing`);
    expect(exportedBizStep("https://example.org/voc/drying", "ObjectEvent", BASE)).toBe("https://example.org/voc/drying");
  });

  it("builds class URIs with percent-encoded lots", () => {
    expect(batchClassUri({ id: "x", lotCode: "A/B&C", gtin: GTIN }, BASE)).toBe(`https://id.gs1.org/01/${GTIN}/10/A%2FB%26C`);
    expect(batchClassUri({ id: "x", lotCode: "A", gtin: null, shortCode: "7M2Q9XK4TB1ZD" }, `${BASE}/`)).toBe(
      `${BASE}/t/7M2Q9XK4TB1ZD`,
    );
  });
});
