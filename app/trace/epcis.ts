/**
 * EPCIS 2.0 JSON-LD documents from a batch's stored trace events and lineage. Pure: rows in, a
 * document out; the export route loads the rows and sets the GS1-EPCIS-Version header.
 *
 * Choices (EPCIS/CBV 2.0):
 * - Standard CBV bizSteps and dispositions are written as bare words ("shipping"), the form EPCIS 2.0's
 *   JSON binding and its JSON schema expect (the schema rejects CBV URI prefixes in these fields); the
 *   GS1 context expands them to https://ref.gs1.org/cbv/BizStep-shipping. Farm steps keep their
 *   extension URIs (urn:ocoptrace:bizstep:harvesting).
 * - eventID is an RFC 6920 `ni:///sha-256;{base64url}` name of the app's chain hash, without `?ver=CBV2.0`:
 *   that suffix claims the CBV 2.0 event-hash algorithm, which the chain hash is not. The hex hash and
 *   its predecessor travel as ocoptrace:eventHash / ocoptrace:prevHash so a reader can follow the chain.
 * - Corrections: EPCIS 2.0 declares an event erroneous by re-stating it with an `errorDeclaration`
 *   (declarationTime, reason, correctiveEventIDs) and publishing the corrective event separately. Stored
 *   events are append-only, so the export attaches the declaration to the corrected event (as an EPCIS
 *   query would return it) and the correcting event carries ocoptrace:corrects back to it.
 * - What: quantityList / input- and outputQuantityList with the class of the batch: the GS1 Digital Link
 *   `https://id.gs1.org/01/{gtin}/10/{lot}` (canonical id.gs1.org form, as CBV 2.0 asks) or, without a GTIN,
 *   the batch's short URI of the app's own.
 * - Where: a GLN in details.gln gives https://id.gs1.org/414/{gln}; otherwise the commune
 *   (urn:ocoptrace:loc:commune:{id}). No bizLocation while goods are moving (shipping, transporting).
 */
import type { BatchInput, TraceEvent } from "#db/schema/trace";
import { encodeAiValue } from "./gs1/digital-link";
import { detailFields } from "./steps";

export const EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
export const EPCIS_SCHEMA_VERSION = "2.0";
/** Response header the export sets (EPCIS 2.0 REST binding). */
export const EPCIS_VERSION_HEADER = { "GS1-EPCIS-Version": "2.0.0" } as const;
export const EPCIS_MEDIA_TYPE = "application/ld+json";
export const OCOPTRACE_NAMESPACE = "urn:ocoptrace:";

/** The app's own JSON-LD terms: extension fields are compact IRIs under this prefix. */
export const OCOPTRACE_CONTEXT = {
  ocoptrace: OCOPTRACE_NAMESPACE,
  "ocoptrace:details": { "@type": "@json" },
} as const;

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
  /** The app's short code for products without a GTIN (/t/{code}). */
  shortCode?: string | null;
}

export interface BuildEpcisDocumentInput {
  /** Every batch the events and lineage edges refer to (the batch and its ancestors). */
  batches: readonly EpcisBatch[];
  events: readonly EpcisTraceEvent[];
  lineage: readonly EpcisLineageEdge[];
  /** Origin of the app, for short-code class URIs (https://trace.example.vn). */
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
  "@context": [typeof EPCIS_CONTEXT_URL, typeof OCOPTRACE_CONTEXT];
  type: "EPCISDocument";
  schemaVersion: typeof EPCIS_SCHEMA_VERSION;
  creationDate: string;
  epcisBody: { eventList: EpcisEvent[] };
}

/** The EPC class of a batch: its GS1 Digital Link (GTIN + lot) or the app's own short URI. */
export function batchClassUri(batch: EpcisBatch, baseUrl: string): string {
  if (batch.gtin) return `https://id.gs1.org/01/${batch.gtin}/10/${encodeAiValue(batch.lotCode)}`;
  if (batch.shortCode) return `${baseUrl.replace(/\/+$/, "")}/t/${batch.shortCode}`;
  return `${OCOPTRACE_NAMESPACE}batch:${batch.id}`;
}

export function communeLocationUri(communeId: number): string {
  return `${OCOPTRACE_NAMESPACE}loc:commune:${communeId}`;
}

/** RFC 6920 name of the stored SHA-256 chain hash (hex) of an event. */
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

function whereOf(event: EpcisTraceEvent): { readPoint?: { id: string }; bizLocation?: { id: string } } {
  const gln = typeof event.details.gln === "string" && /^\d{13}$/.test(event.details.gln) ? event.details.gln : null;
  const id = gln ? `https://id.gs1.org/414/${gln}` : event.communeId !== null ? communeLocationUri(event.communeId) : null;
  if (!id) return {};
  return MOVING_STEPS.has(event.bizStep) ? { readPoint: { id } } : { readPoint: { id }, bizLocation: { id } };
}

/** Builds the EPCIS 2.0 document; events are ordered by time, then by chain position. */
export function buildEpcisDocument(input: BuildEpcisDocumentInput): EpcisDocument {
  const batchById = new Map(input.batches.map((b) => [b.id, b]));
  const classOf = (batchId: string) => {
    const batch = batchById.get(batchId);
    if (!batch) throw new Error(`Batch ${batchId} is referred to but not given`);
    return batchClassUri(batch, input.baseUrl);
  };
  const eventIdById = new Map(input.events.map((e) => [e.id, eventIdFromHash(e.hash)]));
  const correctionsOf = new Map<string, EpcisTraceEvent[]>();
  for (const e of input.events) {
    if (!e.correctsEventId) continue;
    correctionsOf.set(e.correctsEventId, [...(correctionsOf.get(e.correctsEventId) ?? []), e]);
  }

  const ordered = [...input.events].sort(
    (a, b) => a.eventTime.getTime() - b.eventTime.getTime() || a.batchId.localeCompare(b.batchId) || a.sequence - b.sequence,
  );

  const eventList = ordered.map((e): EpcisEvent => {
    const out: EpcisEvent = {
      type: e.eventType,
      eventID: eventIdById.get(e.id) as string,
      eventTime: e.eventTime.toISOString(),
      eventTimeZoneOffset: e.eventTimeZoneOffset,
    };
    const own = quantityElement(classOf(e.batchId), e.quantity, e.uom);
    switch (e.eventType) {
      case "ObjectEvent":
        out.action = e.action ?? "OBSERVE";
        out.quantityList = [own];
        break;
      case "TransformationEvent": {
        const edges = input.lineage.filter((edge) => edge.transformationEventId === e.id);
        if (edges.length > 0) {
          out.inputQuantityList = edges.map((edge) => quantityElement(classOf(edge.inputBatchId), edge.quantity, edge.uom));
        }
        out.outputQuantityList = [own];
        break;
      }
      case "AggregationEvent":
      case "AssociationEvent": {
        out.action = e.action ?? "OBSERVE";
        const parent = e.details.parentID;
        if (typeof parent === "string") out.parentID = parent;
        else if (e.eventType === "AssociationEvent") throw new Error(`AssociationEvent ${e.id} needs details.parentID`);
        out.childQuantityList = [own];
        break;
      }
    }
    out.bizStep = e.bizStep;
    if (e.disposition) out.disposition = e.disposition;
    Object.assign(out, whereOf(e));

    const corrections = correctionsOf.get(e.id);
    if (corrections) {
      const declared = Math.min(...corrections.map((c) => c.recordedAt.getTime()));
      out.errorDeclaration = {
        declarationTime: new Date(declared).toISOString(),
        reason: "incorrect_data",
        correctiveEventIDs: corrections.map((c) => eventIdById.get(c.id) as string),
      };
    }
    if (e.correctsEventId) {
      const corrected = eventIdById.get(e.correctsEventId);
      if (corrected) out["ocoptrace:corrects"] = corrected;
    }
    out["ocoptrace:sequence"] = e.sequence;
    out["ocoptrace:eventHash"] = e.hash;
    if (e.prevHash) out["ocoptrace:prevHash"] = e.prevHash;
    if (e.locationName) out["ocoptrace:locationName"] = e.locationName;
    if (Object.keys(e.details).length > 0) out["ocoptrace:details"] = e.details;
    return out;
  });

  return {
    "@context": [EPCIS_CONTEXT_URL, OCOPTRACE_CONTEXT],
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
const PUBLIC_DETAIL_KEYS: ReadonlySet<string> = new Set<string>([...detailFields.filter((f) => f !== "notes"), "gln", "parentID", "inputs"]);

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
