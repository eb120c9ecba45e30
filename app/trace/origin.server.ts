/**
 * What the origin page shows for a batch or a serialised unit, and the cheap "stamp" that tells the
 * page cache whether a rendered copy is still current. Framework-free.
 */
import { withdrawnCertificateOf, type WithdrawnCertificate } from "~/ocop/register-queries.server";
import { recallNoticeOfBatch } from "~/recalls/recall-queries.server";
import { asc, sql } from "drizzle-orm";
import { z } from "zod";
import { firstJson, type Database } from "#db/client.server";
import { provinces } from "#db/schema";
import { memoCachePerScope } from "~/lib/memo-cache";
import { isStorageKey, uploadUrl } from "~/storage/storage.server";
import { verifyChain, type ChainVerdict, type HashableEvent } from "./chain.server";
import { isCode, normaliseCode } from "./gs1/serials.server";
import { epcisExportPath, originPath } from "./resolver.server";
import { labResultOf, stepKindOf, type StepKind } from "./steps";

/** A serialised code scanned more often than this, or from this many provinces, is flagged as possibly copied. */
export const SCAN_FLAG_COUNT = 20;
export const SCAN_FLAG_PROVINCES = 3;

export type OriginCodeParse =
  | { ok: true; code: string; serial: string | null }
  | { ok: false; reason: "bad_code" | "bad_serial" };

/** Parses the {code}[/{serial}] of /origin/…, tolerating the case and misreadings people type (Crockford). */
export function parseOriginCode(code: string | undefined, serial: string | undefined): OriginCodeParse {
  const c = code ? (isCode(code) ? code : normaliseCode(code)) : null;
  if (!c) return { ok: false, reason: "bad_code" };
  if (serial === undefined || serial === "") return { ok: true, code: c, serial: null };
  const s = isCode(serial) ? serial : normaliseCode(serial);
  if (!s) return { ok: false, reason: "bad_serial" };
  return { ok: true, code: c, serial: s };
}

export interface ScanFlag {
  count: number;
  provinces: number;
}

export interface OriginStamp {
  batchId: string;
  organisationId: string;
  /** Whether an administrator has approved the producer: only then do its codes speak with the platform's voice. */
  verified: boolean;
  /** Changes whenever anything the page shows about the batch changes. */
  version: string;
  flag: ScanFlag | null;
}

function flagOf(count: number, provinceCount: number): ScanFlag | null {
  return count > SCAN_FLAG_COUNT || provinceCount >= SCAN_FLAG_PROVINCES ? { count, provinces: provinceCount } : null;
}

// The json of ocop_origin_page() (db/sql/origin_page.sql), checked where it enters the program.
const stampJson = z.object({
  batch_id: z.string(),
  organisation_id: z.string(),
  verified: z.boolean(),
  version: z.string(),
  scans: z.number(),
  provinces: z.number(),
});
type StampJson = z.infer<typeof stampJson>;

const eventJson = z.object({
  id: z.string(),
  sequence: z.number(),
  event_type: z.string(),
  action: z.string().nullable(),
  biz_step: z.string(),
  disposition: z.string().nullable(),
  event_time_ms: z.number(),
  event_time_zone_offset: z.string(),
  commune_id: z.number().nullable(),
  commune_name: z.string().nullable(),
  location_name: z.string().nullable(),
  quantity: z.string().nullable(),
  uom: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  corrects_event_id: z.string().nullable(),
  prev_hash: z.string().nullable(),
  hash: z.string(),
  attachment_public: z.boolean(),
  recorded_at_ms: z.number(),
});
type EventJson = z.infer<typeof eventJson>;

const originStampJson = z.object({ stamp: stampJson });

const originPageJson = z.object({
  stamp: stampJson,
  batch: z.object({
    lot_code: z.string(),
    short_code: z.string(),
    quantity: z.string(),
    uom: z.string(),
    produced_on: z.string(),
    best_before: z.string().nullable(),
    expires_on: z.string().nullable(),
    farm_plot: z.string().nullable(),
    status: z.enum(["active", "consumed", "recalled", "withdrawn"]),
    is_demo: z.boolean(),
    origin_commune: z.string().nullable(),
    origin_province: z.string().nullable(),
  }),
  product: z.object({
    slug: z.string(),
    name_vi: z.string(),
    name_en: z.string().nullable(),
    gtin: z.string().nullable(),
    unit_vi: z.string(),
    unit_en: z.string(),
    ocop_stars: z.number().nullable(),
    ocop_certificate_number: z.string().nullable(),
    ocop_issued_on: z.string().nullable(),
    ocop_expires_on: z.string().nullable(),
  }),
  organisation: z.object({
    name: z.string(),
    name_en: z.string().nullable(),
    address: z.string().nullable(),
    commune: z.string().nullable(),
    province: z.string().nullable(),
  }),
  photos: z.array(z.string()),
  events: z.array(eventJson),
  lineage: z.array(
    z.object({
      depth: z.number(),
      lot_code: z.string(),
      name_vi: z.string(),
      name_en: z.string().nullable(),
      produced_on: z.string(),
      commune: z.string().nullable(),
      province: z.string().nullable(),
      organisation: z.string(),
      quantity: z.string(),
      uom: z.string(),
    }),
  ),
});

/**
 * One round trip to `ocop_origin_page()` (db/sql/origin_page.sql), whose statements keep their plans for the
 * session: only the stamp, or the whole page. Null when the code (or the serial) is unknown.
 */
async function callOriginPage<T>(db: Database, code: string, serial: string | null, withPage: boolean, schema: z.ZodType<T>): Promise<T | null> {
  const result = await db.execute(sql`select ocop_origin_page(${code}, ${serial}, ${withPage}) as page`);
  return firstJson(result, "page", schema);
}

function stampOf(s: StampJson): OriginStamp {
  const flag = flagOf(s.scans, s.provinces);
  return { batchId: s.batch_id, organisationId: s.organisation_id, verified: s.verified, version: `${s.version}|${flag ? "flag" : "ok"}`, flag };
}

/**
 * One round trip: the batch behind a code, its chain head, status and the update times of the product
 * and the producer, plus a unit's scan flag. Null when the code (or the serial) is unknown.
 */
export async function getOriginStamp(db: Database, code: string, serial: string | null): Promise<OriginStamp | null> {
  const found = await callOriginPage(db, code, serial, false, originStampJson);
  return found ? stampOf(found.stamp) : null;
}

// The 34 provinces are reference data that only a migration changes: read once per database.
const provinceList = memoCachePerScope<{ code: string; nameVi: string; nameEn: string }[]>({ freshMs: Infinity });

/** The provinces by Vietnamese name, for the origin page's "where did you buy this" choice. */
export function listProvinces(db: Database) {
  return provinceList(db).get("all", () =>
    db.select({ code: provinces.code, nameVi: provinces.nameVi, nameEn: provinces.nameEn }).from(provinces).orderBy(asc(provinces.nameVi)),
  );
}

export interface OriginEvent {
  sequence: number;
  kind: StepKind | "transformation" | "other";
  eventTime: string;
  locationName: string | null;
  communeName: string | null;
  quantity: string | null;
  uom: string | null;
  corrects: number | null;
}

export interface OriginLineageItem {
  depth: number;
  lotCode: string;
  productNameVi: string;
  productNameEn: string | null;
  producedOn: string;
  communeName: string | null;
  provinceName: string | null;
  organisationName: string;
  quantity: string;
  uom: string;
}

export interface OriginLabResult {
  lab: string;
  reportNumber: string;
  /** The result as recorded (shown when it is neither a pass nor a fail). */
  result: string;
  /** The result read as a pass or a fail, shown in the page's language. */
  outcome: "pass" | "fail" | null;
  /** This result corrects an earlier one, which the page no longer shows. */
  corrected: boolean;
  standard: string | null;
  eventTime: string;
  /** The report itself, when the cooperative made its attachment public (/uploads/{key}). */
  reportUrl: string | null;
}

export interface OriginPage {
  code: string;
  serial: string | null;
  /** The page's own path (/origin/{code}[/{serial}]) and its batch's EPCIS export. */
  path: string;
  epcisPath: string;
  /** What the page cache compares to decide whether a rendered copy is still current. */
  stamp: OriginStamp;
  /**
   * False until an administrator approves the producer: the page then says the producer is not verified and
   * shows no stars, no certificate and no buy link (ocop_origin_page() leaves the OCOP fields out).
   */
  verified: boolean;
  /** The confirmed recall the lot is in: the warning carries its public message and links to its notice. */
  recall: { number: string; kind: "recalled" | "withdrawn"; messageVi: string; messageEn: string } | null;
  /** The product's newest OCOP certificate when it is suspended or revoked (so the page says why there are no stars). */
  withdrawnCertificate?: WithdrawnCertificate | null;
  photoUrls: string[];
  batch: {
    id: string;
    lotCode: string;
    shortCode: string;
    quantity: string;
    uom: string;
    producedOn: string;
    bestBefore: string | null;
    expiresOn: string | null;
    farmPlot: string | null;
    status: "active" | "consumed" | "recalled" | "withdrawn";
    originCommune: string | null;
    originProvince: string | null;
    isDemo: boolean;
  };
  product: {
    slug: string;
    nameVi: string;
    nameEn: string | null;
    gtin: string | null;
    unitVi: string;
    unitEn: string;
    ocopStars: number | null;
    ocopCertificateNumber: string | null;
    ocopIssuedOn: string | null;
    ocopExpiresOn: string | null;
  };
  organisation: {
    name: string;
    nameEn: string | null;
    address: string | null;
    communeName: string | null;
    provinceName: string | null;
  };
  events: OriginEvent[];
  lineage: OriginLineageItem[];
  labResults: OriginLabResult[];
  standards: string[];
  chain: ChainVerdict;
  /** When the last event was written: the record is unchanged since then when the chain checks. */
  lastRecordedAt: string | null;
  flag: ScanFlag | null;
  provinces: { code: string; nameVi: string; nameEn: string }[];
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

function kindOf(event: Pick<HashableEvent, "eventType" | "bizStep">): OriginEvent["kind"] {
  if (event.eventType === "TransformationEvent") return "transformation";
  return stepKindOf(event.bizStep) ?? "other";
}

type OriginTraceEvent = HashableEvent & { id: string; prevHash: string | null; hash: string; recordedAt: Date };

/** A trace event as the chain check reads it, from its JSON form (times in whole milliseconds). */
function traceEventOf(e: EventJson, batchId: string): OriginTraceEvent {
  return {
    id: e.id,
    batchId,
    sequence: e.sequence,
    eventType: e.event_type,
    action: e.action,
    bizStep: e.biz_step,
    disposition: e.disposition,
    eventTime: new Date(e.event_time_ms),
    eventTimeZoneOffset: e.event_time_zone_offset,
    communeId: e.commune_id,
    locationName: e.location_name,
    quantity: e.quantity,
    uom: e.uom,
    details: e.details,
    correctsEventId: e.corrects_event_id,
    prevHash: e.prev_hash,
    hash: e.hash,
    recordedAt: new Date(e.recorded_at_ms),
  };
}

/** Everything the origin page shows; null when the code or the serial is not registered. */
export async function getOriginPage(db: Database, code: string, serial: string | null): Promise<OriginPage | null> {
  const [found, provinceRows] = await Promise.all([callOriginPage(db, code, serial, true, originPageJson), listProvinces(db)]);
  if (!found) return null;
  const stamp = stampOf(found.stamp);
  const { batch: b, product: p, organisation: o } = found;
  // Only a recalled or withdrawn lot costs this read; the stamp (its status and chain head) changed with the recall.
  const recall = b.status === "recalled" || b.status === "withdrawn" ? await recallNoticeOfBatch(db, stamp.batchId) : null;
  // Its newest certificate may have been withdrawn even while an older one is mirrored (expired, or still valid):
  // the register says (decision 0026; the stamp moved with the change).
  const withdrawnCertificate = stamp.verified ? await withdrawnCertificateOf(db, { slug: p.slug }) : null;
  const events = found.events.map((e) => traceEventOf(e, stamp.batchId));
  const communeNames = new Map(found.events.filter((e) => e.commune_id !== null).map((e) => [e.commune_id!, e.commune_name ?? ""] as const));
  const sequenceById = new Map(events.map((e) => [e.id, e.sequence]));

  const lineage = found.lineage
    .map(
      (l): OriginLineageItem => ({
        depth: l.depth,
        lotCode: l.lot_code,
        productNameVi: l.name_vi,
        productNameEn: text(l.name_en),
        producedOn: l.produced_on,
        communeName: text(l.commune),
        provinceName: text(l.province),
        organisationName: l.organisation,
        quantity: l.quantity,
        uom: l.uom,
      }),
    )
    .sort((a, b) => a.depth - b.depth || a.lotCode.localeCompare(b.lotCode));

  const labResults: OriginLabResult[] = [];
  const standards = new Set<string>();
  const publicAttachment = new Set(found.events.filter((e) => e.attachment_public).map((e) => e.id));
  // A corrected result is replaced by the one that corrects it, never shown beside it.
  const correctedIds = new Set(events.map((e) => e.correctsEventId).filter((id): id is string => id !== null));
  for (const e of events) {
    const standard = text(e.details.standard);
    if (kindOf(e) === "inspecting") {
      if (standard) standards.add(standard);
      if (correctedIds.has(e.id)) continue;
      const attachment = e.details.attachment as { key?: unknown } | undefined;
      labResults.push({
        lab: text(e.details.lab) ?? e.locationName ?? "",
        reportNumber: text(e.details.reportNumber) ?? "",
        result: text(e.details.result) ?? "",
        outcome: labResultOf(e.details.result),
        corrected: e.correctsEventId !== null && events.some((c) => c.id === e.correctsEventId && kindOf(c) === "inspecting"),
        standard,
        eventTime: e.eventTime.toISOString(),
        reportUrl: publicAttachment.has(e.id) && attachment && isStorageKey(attachment.key) ? uploadUrl(attachment.key) : null,
      });
    }
  }

  const last = events.at(-1);
  return {
    code,
    serial,
    path: originPath(code, serial),
    epcisPath: epcisExportPath(b.short_code),
    stamp,
    verified: stamp.verified,
    photoUrls: found.photos.map((key) => uploadUrl(key)),
    batch: {
      id: stamp.batchId,
      lotCode: b.lot_code,
      shortCode: b.short_code,
      quantity: b.quantity,
      uom: b.uom,
      producedOn: b.produced_on,
      bestBefore: text(b.best_before),
      expiresOn: text(b.expires_on),
      farmPlot: text(b.farm_plot),
      status: b.status,
      originCommune: text(b.origin_commune),
      originProvince: text(b.origin_province),
      isDemo: b.is_demo,
    },
    product: {
      slug: p.slug,
      nameVi: p.name_vi,
      nameEn: text(p.name_en),
      gtin: text(p.gtin),
      unitVi: p.unit_vi,
      unitEn: p.unit_en,
      ocopStars: p.ocop_stars,
      ocopCertificateNumber: text(p.ocop_certificate_number),
      ocopIssuedOn: text(p.ocop_issued_on),
      ocopExpiresOn: text(p.ocop_expires_on),
    },
    organisation: {
      name: o.name,
      nameEn: text(o.name_en),
      address: text(o.address),
      communeName: text(o.commune),
      provinceName: text(o.province),
    },
    events: events.map((e) => ({
      sequence: e.sequence,
      kind: kindOf(e),
      eventTime: e.eventTime.toISOString(),
      locationName: e.locationName,
      communeName: e.communeId === null ? null : (communeNames.get(e.communeId) ?? null),
      quantity: e.quantity,
      uom: e.uom,
      corrects: e.correctsEventId ? (sequenceById.get(e.correctsEventId) ?? null) : null,
    })),
    lineage,
    labResults,
    standards: [...standards],
    chain: verifyChain(events),
    lastRecordedAt: last ? last.recordedAt.toISOString() : null,
    flag: stamp.flag,
    provinces: provinceRows,
    recall: recall ? { number: recall.number, kind: recall.kind, messageVi: recall.messageVi, messageEn: recall.messageEn } : null,
    withdrawnCertificate,
  };
}
