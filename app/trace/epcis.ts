/**
 * EPCIS 2.0 JSON-LD documents from a batch's stored trace events and lineage. Pure: rows in, a
 * document out; the export route loads the rows and sets the GS1-EPCIS-Version header.
 *
 * Choices (EPCIS/CBV 2.0), so that another repository can ingest the export and see no duplicates:
 * - Every identifier comes from the configured public address (`baseUrl` = PUBLIC_URL, never the request's Host)
 *   or is a GS1 key in its canonical id.gs1.org form: classes `https://id.gs1.org/01/{gtin}/10/{lot}` (else
 *   `{PUBLIC_URL}/t/{code}`), serialised units `https://id.gs1.org/01/{gtin}/21/{serial}` (else
 *   `{PUBLIC_URL}/t/{code}/{serial}`), locations `https://id.gs1.org/414/{gln}` (else a `{PUBLIC_URL}/epcis/locations/…`
 *   id), parties `https://id.gs1.org/417/{gln}` (else `{PUBLIC_URL}/epcis/parties/…`).
 * - CBV 2.0 bizSteps and dispositions as bare words (the form the JSON schema expects; the GS1 context expands
 *   them). Farm steps CBV lacks (planting, fertilising, spraying, harvesting, a processing that only observes) are
 *   URIs of the app's own vocabulary under `{PUBLIC_URL}/epcis/ns/`; a processing that makes goods (a
 *   TransformationEvent, or an ADD of the lot's quantity) is CBV `commissioning`.
 * - The app's fields are plain extension properties under the `ocoptrace:` prefix declared in the @context (no
 *   `@json` terms), so GS1's event-hash generator reads the document; nested keys carry the prefix too.
 * - eventID is the CBV 2.0 event hash (`ni:///sha-256;{hex}?ver=CBV2.0`, gs1/event-hash.ts) of the event as exported.
 *   The app's own hash chain travels as ocoptrace:chainHash / ocoptrace:prevChainHash.
 * - Corrections: the corrected event is re-stated with an errorDeclaration (declarationTime, reason,
 *   correctiveEventIDs); the corrective event names it in ocoptrace:corrects.
 * - Lab tests (inspecting with a lab report): certificationInfo is the report's public URL (the public
 *   attachment, else the batch's origin page); measured values with a known unit become sensorReports
 *   (UN/ECE Rec 20 unit codes); the result is ocoptrace:result "pass" | "fail".
 * - Shipping names the owning party as source and the named destination; receiving the reverse.
 */
import type { BatchInput, TraceEvent } from "#db/schema/trace";
import { isValidGln } from "~/catalog/gtin";
import { EXTENSION_BIZ_STEP_PREFIX, isCbvBizStep } from "./cbv";
import { encodeAiValue } from "./gs1/digital-link";
import { epcisPreHashes, eventHashId } from "./gs1/event-hash";
import { detailFields, labResultOf } from "./steps";

export { labResultOf };

export const EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
export const EPCIS_SCHEMA_VERSION = "2.0";
/** Response header the export sets (EPCIS 2.0 REST binding). */
export const EPCIS_VERSION_HEADER = { "GS1-EPCIS-Version": "2.0.0" } as const;
export const EPCIS_MEDIA_TYPE = "application/ld+json";
/** Prefix of the app's extension fields; the namespace it stands for lives under the public address. */
export const OCOPTRACE_PREFIX = "ocoptrace";

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** The namespace of the app's extension fields and vocabulary (ends with "/", as GS1's hash generator expects). */
export function ocoptraceNamespace(baseUrl: string): string {
  return `${trimSlash(baseUrl)}/epcis/ns/`;
}

export type EpcisContext = [typeof EPCIS_CONTEXT_URL, { [OCOPTRACE_PREFIX]: string }];

export function epcisContext(baseUrl: string): EpcisContext {
  return [EPCIS_CONTEXT_URL, { [OCOPTRACE_PREFIX]: ocoptraceNamespace(baseUrl) }];
}

export type EpcisTraceEvent = Pick<
  TraceEvent,
  | "id"
  | "batchId"
  | "sequence"
  | "eventType"
  | "action"
  | "bizStep"
  | "disposition"
  | "eventTime"
  | "eventTimeZoneOffset"
  | "communeId"
  | "locationName"
  | "quantity"
  | "uom"
  | "details"
  | "correctsEventId"
  | "recordedAt"
  | "prevHash"
  | "hash"
>;

export type EpcisLineageEdge = Pick<BatchInput, "transformationEventId" | "inputBatchId" | "quantity" | "uom">;

export interface EpcisBatch {
  id: string;
  lotCode: string;
  /** GTIN-14 of the batch's product, when it has one. */
  gtin: string | null;
  /** The app's short code (/t/{code}); every stored batch has one. */
  shortCode?: string | null;
  /** The owning organisation (for locations and parties); absent in older callers. */
  organisationId?: string;
}

export interface EpcisOrganisation {
  id: string;
  /** GS1 GLN (AI 414) the organisation recorded in its profile. */
  gln: string | null;
  communeId: number | null;
}

export interface BuildEpcisDocumentInput {
  /** Every batch the events and lineage edges refer to (the batch and its ancestors). */
  batches: readonly EpcisBatch[];
  events: readonly EpcisTraceEvent[];
  lineage: readonly EpcisLineageEdge[];
  /** The owners of the batches (GLNs, home communes). */
  organisations?: readonly EpcisOrganisation[];
  /** Official codes of the communes events happened in (id → code), for stable location ids. */
  communeCodes?: ReadonlyMap<number, string | null>;
  /** Events whose attachment the cooperative made public (the full export keeps attachments as stored). */
  publicAttachmentEvents?: ReadonlySet<string>;
  /** The configured public address (PUBLIC_URL), e.g. https://truyxuat.thainguyen.gov.vn. */
  baseUrl: string;
  creationDate: Date;
}

interface QuantityElement {
  epcClass: string;
  quantity?: number;
  uom?: string;
}

export type EpcisEvent = Record<string, unknown> & { type: string; eventID: string; eventTime: string };

export interface EpcisDocument {
  "@context": EpcisContext;
  type: "EPCISDocument";
  schemaVersion: typeof EPCIS_SCHEMA_VERSION;
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
}

/** The EPC class of a batch: its GS1 Digital Link (GTIN + lot) or the app's own short URI under PUBLIC_URL. */
export function batchClassUri(batch: EpcisBatch, baseUrl: string): string {
  if (batch.gtin) return `https://id.gs1.org/01/${batch.gtin}/10/${encodeAiValue(batch.lotCode)}`;
  if (batch.shortCode) return `${trimSlash(baseUrl)}/t/${batch.shortCode}`;
  return `${trimSlash(baseUrl)}/epcis/classes/batches/${batch.id}`;
}

/** A serialised unit of a batch: GS1 instance id with a GTIN, else the unit's short URI. */
export function unitInstanceUri(batch: EpcisBatch, serial: string, baseUrl: string): string {
  if (batch.gtin) return `https://id.gs1.org/01/${batch.gtin}/21/${encodeAiValue(serial)}`;
  if (batch.shortCode) return `${trimSlash(baseUrl)}/t/${batch.shortCode}/${encodeURIComponent(serial)}`;
  return `${trimSlash(baseUrl)}/epcis/instances/batches/${batch.id}/${encodeURIComponent(serial)}`;
}

export function glnLocationUri(gln: string): string {
  return `https://id.gs1.org/414/${gln}`;
}

/** A commune as a location: its official code when known, else its id, under PUBLIC_URL. */
export function communeLocationUri(baseUrl: string, communeId: number, code: string | null | undefined): string {
  return code ? `${trimSlash(baseUrl)}/epcis/locations/communes/${code}` : `${trimSlash(baseUrl)}/epcis/locations/communes/id-${communeId}`;
}

/** An organisation as a party (CBV owning_party): its GLN as a party GLN (AI 417), else an id under PUBLIC_URL. */
export function organisationPartyUri(baseUrl: string, organisation: EpcisOrganisation): string {
  return organisation.gln ? `https://id.gs1.org/417/${organisation.gln}` : `${trimSlash(baseUrl)}/epcis/parties/${organisation.id}`;
}

/** A party an organisation names only by text (a shop it ships to): stable under that organisation. */
export function namedPartyUri(baseUrl: string, organisationId: string, name: string): string {
  return `${trimSlash(baseUrl)}/epcis/parties/${organisationId}/named/${encodeURIComponent(name.trim().replace(/\s+/g, " "))}`;
}

/** The bizStep as exported: CBV words bare, the app's farm steps under its own namespace. */
export function exportedBizStep(stored: string, eventType: string, baseUrl: string, action: string | null = null): string {
  if (isCbvBizStep(stored)) return stored;
  if (stored.startsWith(EXTENSION_BIZ_STEP_PREFIX)) {
    const step = stored.slice(EXTENSION_BIZ_STEP_PREFIX.length);
    // A processing that makes new goods (from input lots, or adding the lot's quantity) is what CBV calls commissioning.
    if (step === "processing" && (eventType === "TransformationEvent" || action === "ADD")) return "commissioning";
    return `${ocoptraceNamespace(baseUrl)}BizStep-${step}`;
  }
  return stored;
}

/** RFC 6920 name of a SHA-256 hex hash (kept for readers of older exports). */
export function eventIdFromHash(hexHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(hexHash)) throw new RangeError(`Not a SHA-256 hex hash: ${hexHash}`);
  const bytes = (hexHash.match(/../g) as string[]).map((h) => Number.parseInt(h, 16));
  const base64 = btoa(String.fromCharCode(...bytes));
  return `ni:///sha-256;${base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

const MOVING_STEPS = new Set(["shipping", "transporting", "departing"]);

function quantityElement(epcClass: string, quantity: string | null, uom: string | null): QuantityElement {
  const element: QuantityElement = { epcClass };
  if (quantity !== null) element.quantity = Number(quantity);
  if (uom !== null) element.uom = uom;
  return element;
}

/** The app's fields as extension properties: every key under the ocoptrace prefix, nested ones too. */
function asExtension(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asExtension);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [`${OCOPTRACE_PREFIX}:${k}`, asExtension(v)]));
  }
  return value;
}

/** UN/ECE Recommendation 20 codes (and GS1 measurement types) of the units lab reports use. */
const UNITS: Record<string, { uom: string; type: string }> = {
  "%": { uom: "P1", type: "Dimensionless" },
  "mg/kg": { uom: "NA", type: "Dimensionless" },
  ppm: { uom: "59", type: "Dimensionless" },
  "g/kg": { uom: "GK", type: "Dimensionless" },
  "mg/l": { uom: "M1", type: "MassConcentration" },
  "°c": { uom: "CEL", type: "Temperature" },
};

export interface MeasuredValue {
  value: number;
  uom: string;
  type: string;
  analyte: string | null;
}

/** "23,5%" or "0.01 mg/kg" → a value with its UN/ECE unit code; null when the unit is not one the app knows. */
export function parseMeasurement(text: string, analyte: string | null = null): MeasuredValue | null {
  const m = /^\s*(-?\d+(?:[.,]\d+)?)\s*(%|[^\d\s].*?)\s*$/.exec(text);
  if (!m) return null;
  const unit = UNITS[(m[2] as string).toLowerCase()];
  const value = Number((m[1] as string).replace(",", "."));
  return unit && Number.isFinite(value) ? { value, uom: unit.uom, type: unit.type, analyte } : null;
}

function measurementsOf(details: Record<string, unknown>): MeasuredValue[] {
  const out: MeasuredValue[] = [];
  if (Array.isArray(details.results)) {
    for (const r of details.results) {
      if (!r || typeof r !== "object") continue;
      const { analyte, value, unit } = r as { analyte?: unknown; value?: unknown; unit?: unknown };
      if (typeof value !== "number" || typeof unit !== "string") continue;
      const parsed = parseMeasurement(`${value} ${unit}`, typeof analyte === "string" ? analyte : null);
      if (parsed) out.push({ ...parsed, value });
    }
  }
  if (typeof details.measured === "string") {
    const parsed = parseMeasurement(details.measured, typeof details.parameter === "string" ? details.parameter : null);
    if (parsed) out.push(parsed);
  }
  return out;
}

const isLabTest = (e: EpcisTraceEvent) =>
  e.bizStep === "inspecting" && (typeof e.details.lab === "string" || typeof e.details.reportNumber === "string" || Array.isArray(e.details.results));

/** Keys the export turns into EPCIS fields (so they are not repeated as extensions). */
const CONSUMED_DETAILS = new Set(["gln", "parentID", "serial", "serials"]);

function orderEvents<T extends { eventTime: Date; batchId: string; sequence: number }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime() || a.batchId.localeCompare(b.batchId) || a.sequence - b.sequence);
}

/** Builds the EPCIS 2.0 document; events are ordered by time, then by chain position. */
export function buildEpcisDocument(input: BuildEpcisDocumentInput): EpcisDocument {
  const base = trimSlash(input.baseUrl);
  const context = epcisContext(base);
  const batchById = new Map(input.batches.map((b) => [b.id, b]));
  const organisationById = new Map((input.organisations ?? []).map((o) => [o.id, o]));
  const batchOf = (batchId: string) => {
    const batch = batchById.get(batchId);
    if (!batch) throw new Error(`Batch ${batchId} is referred to but not given`);
    return batch;
  };
  const classOf = (batchId: string) => batchClassUri(batchOf(batchId), base);
  const organisationOf = (batchId: string): EpcisOrganisation | null => {
    const id = batchOf(batchId).organisationId;
    return id ? (organisationById.get(id) ?? { id, gln: null, communeId: null }) : null;
  };

  const whereOf = (batchId: string, communeId: number | null, details: Record<string, unknown>, moving: boolean) => {
    const organisation = organisationOf(batchId);
    const own = typeof details.gln === "string" && isValidGln(details.gln) ? details.gln : null;
    // The organisation's GLN names its own premises: events elsewhere (a member's field) keep their commune.
    const home = organisation?.gln && (communeId === null || communeId === organisation.communeId) ? organisation.gln : null;
    const gln = own ?? home;
    const id = gln
      ? glnLocationUri(gln)
      : communeId !== null
        ? communeLocationUri(base, communeId, input.communeCodes?.get(communeId))
        : organisation
          ? `${base}/epcis/locations/organisations/${organisation.id}`
          : null;
    if (!id) return {};
    return moving ? { readPoint: { id } } : { readPoint: { id }, bizLocation: { id } };
  };

  const correctionsOf = new Map<string, EpcisTraceEvent[]>();
  for (const e of input.events) {
    if (!e.correctsEventId) continue;
    correctionsOf.set(e.correctsEventId, [...(correctionsOf.get(e.correctsEventId) ?? []), e]);
  }
  const storedIds = new Set(input.events.map((e) => e.id));

  interface Draft {
    key: string;
    body: Record<string, unknown>;
    corrects: string | null;
  }

  const drafts: Draft[] = [];
  for (const e of orderEvents(input.events)) {
    const batch = batchOf(e.batchId);
    const details = e.details;
    const body: Record<string, unknown> = {
      type: e.eventType,
      eventTime: e.eventTime.toISOString(),
      eventTimeZoneOffset: e.eventTimeZoneOffset,
    };
    const lab = isLabTest(e);
    if (lab) {
      const attachment = details.attachment as { url?: unknown; key?: unknown } | undefined;
      // Only a report the cooperative made public is a certification anyone can read.
      const report =
        attachment && typeof attachment.url === "string"
          ? attachment.url
          : attachment && typeof attachment.key === "string" && input.publicAttachmentEvents?.has(e.id)
            ? `${base}/uploads/${attachment.key}`
            : batch.shortCode
              ? `${base}/origin/${batch.shortCode}`
              : null;
      if (report) body.certificationInfo = report;
    }
    const serials = [
      ...(typeof details.serial === "string" ? [details.serial] : []),
      ...(Array.isArray(details.serials) ? details.serials.filter((s): s is string => typeof s === "string") : []),
    ];
    const own = quantityElement(classOf(e.batchId), e.quantity, e.uom);
    switch (e.eventType) {
      case "ObjectEvent":
        if (serials.length > 0) body.epcList = serials.map((s) => unitInstanceUri(batch, s, base));
        body.quantityList = [own];
        body.action = e.action ?? "OBSERVE";
        break;
      case "TransformationEvent": {
        const edges = input.lineage.filter((edge) => edge.transformationEventId === e.id);
        if (edges.length > 0) {
          body.inputQuantityList = edges.map((edge) => quantityElement(classOf(edge.inputBatchId), edge.quantity, edge.uom));
        }
        if (serials.length > 0) body.outputEPCList = serials.map((s) => unitInstanceUri(batch, s, base));
        body.outputQuantityList = [own];
        break;
      }
      case "AggregationEvent":
      case "AssociationEvent": {
        const parent = details.parentID;
        if (typeof parent === "string") body.parentID = parent;
        else if (e.eventType === "AssociationEvent") throw new Error(`AssociationEvent ${e.id} needs details.parentID`);
        if (serials.length > 0) body.childEPCs = serials.map((s) => unitInstanceUri(batch, s, base));
        body.childQuantityList = [own];
        body.action = e.action ?? "OBSERVE";
        break;
      }
    }
    body.bizStep = exportedBizStep(e.bizStep, e.eventType, base, e.action);
    if (e.disposition) body.disposition = e.disposition;
    Object.assign(body, whereOf(e.batchId, e.communeId, details, MOVING_STEPS.has(e.bizStep)));

    const organisation = organisationOf(e.batchId);
    if (organisation && (e.bizStep === "shipping" || e.bizStep === "receiving")) {
      const us = organisationPartyUri(base, organisation);
      const other = (name: unknown) => (typeof name === "string" && name.trim() ? namedPartyUri(base, organisation.id, name) : null);
      if (e.bizStep === "shipping") {
        body.sourceList = [{ type: "owning_party", source: us }];
        const to = other(details.destination);
        if (to) body.destinationList = [{ type: "owning_party", destination: to }];
      } else {
        const from = other(details.source);
        if (from) body.sourceList = [{ type: "owning_party", source: from }];
        body.destinationList = [{ type: "owning_party", destination: us }];
      }
    }

    if (lab) {
      const reports = measurementsOf(details).map((m) => ({
        type: m.type,
        value: m.value,
        uom: m.uom,
        ...(m.analyte ? { [`${OCOPTRACE_PREFIX}:analyte`]: m.analyte } : {}),
      }));
      if (reports.length > 0) body.sensorElementList = [{ sensorReport: reports }];
    }

    body[`${OCOPTRACE_PREFIX}:sequence`] = e.sequence;
    body[`${OCOPTRACE_PREFIX}:chainHash`] = e.hash;
    if (e.prevHash) body[`${OCOPTRACE_PREFIX}:prevChainHash`] = e.prevHash;
    if (e.locationName) body[`${OCOPTRACE_PREFIX}:locationName`] = e.locationName;
    for (const [key, value] of Object.entries(details)) {
      if (CONSUMED_DETAILS.has(key) || value === null || value === undefined) continue;
      const result = key === "result" && lab ? labResultOf(value) : null;
      body[`${OCOPTRACE_PREFIX}:${key}`] = result ?? asExtension(value);
    }
    drafts.push({ key: e.id, body, corrects: e.correctsEventId && storedIds.has(e.correctsEventId) ? e.correctsEventId : null });
  }

  // Event ids are CBV 2.0 hashes of the events as exported, over the whole document (the bare-word reading of the
  // hash depends on it). A corrective event names the id of the one it corrects, so ids are settled in rounds.
  const idOf = new Map<string, string>();
  const pending = new Set(drafts.map((d) => d.key));
  while (pending.size > 0) {
    for (const d of drafts) {
      if (d.corrects && idOf.has(d.corrects)) d.body[`${OCOPTRACE_PREFIX}:corrects`] = idOf.get(d.corrects);
    }
    const preHashes = epcisPreHashes({ "@context": context, epcisBody: { eventList: drafts.map((d) => d.body) } });
    let settled = 0;
    drafts.forEach((d, i) => {
      // Only events whose reference to the corrected event was in place when the pre-hashes were taken.
      if (!pending.has(d.key) || (d.corrects && d.body[`${OCOPTRACE_PREFIX}:corrects`] === undefined)) return;
      idOf.set(d.key, eventHashId(preHashes[i] as string));
      pending.delete(d.key);
      settled += 1;
    });
    if (settled === 0) throw new Error("Corrections refer to each other in a cycle");
  }

  const eventList = drafts.map((d): EpcisEvent => {
    const { type, ...rest } = d.body as { type: string; eventTime: string } & Record<string, unknown>;
    const out = { type, eventID: idOf.get(d.key) as string, ...rest } as EpcisEvent;
    const corrections = correctionsOf.get(d.key);
    if (corrections) {
      const declared = Math.min(...corrections.map((c) => c.recordedAt.getTime()));
      out.errorDeclaration = {
        declarationTime: new Date(declared).toISOString(),
        reason: "incorrect_data",
        correctiveEventIDs: corrections.map((c) => idOf.get(c.id) as string),
      };
    }
    return out;
  });

  return {
    "@context": context,
    type: "EPCISDocument",
    schemaVersion: EPCIS_SCHEMA_VERSION,
    creationDate: input.creationDate.toISOString(),
    epcisBody: { eventList },
  };
}

/**
 * Who reads an export: "public" (anyone: only what the origin page shows) or "full" (the owning organisation,
 * through a member's session or one of its API keys: notes and every attachment too).
 */
export type EpcisAudience = "public" | "full";

/** Step fields anyone may read: everything a member types on a step but the internal notes. */
const PUBLIC_DETAIL_KEYS: ReadonlySet<string> = new Set<string>([
  ...detailFields.filter((f) => f !== "notes"),
  "gln",
  "parentID",
  "inputs",
  "serial",
  "serials",
  // Lab reports: what was measured, against what limit (the origin page shows them).
  "results",
  "parameter",
  "parameters",
  "measured",
  "limit",
  "sampledOn",
]);

/**
 * The details of an event as the public export carries them: no notes, nothing the app does not know to be
 * public, and the attachment only when the cooperative made it public, as an absolute URL under `baseUrl`.
 */
export function publicEventDetails(details: Record<string, unknown>, attachmentPublic: boolean, baseUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (PUBLIC_DETAIL_KEYS.has(key)) out[key] = value;
  }
  const a = details.attachment;
  if (attachmentPublic && a && typeof a === "object" && "key" in a && typeof a.key === "string" && /^[0-9a-f]{64}\.[a-z]{3,4}$/.test(a.key)) {
    const { contentType, name } = a as { contentType?: unknown; name?: unknown };
    out.attachment = {
      url: `${baseUrl.replace(/\/+$/, "")}/uploads/${a.key}`,
      ...(typeof contentType === "string" ? { contentType } : {}),
      ...(typeof name === "string" ? { name } : {}),
    };
  }
  return out;
}
