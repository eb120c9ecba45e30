/**
 * What the origin page shows for a batch or a serialised unit, and the cheap "stamp" that tells the
 * page cache whether a rendered copy is still current. Framework-free.
 */
import { asc, eq } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { communes, productPhotos, provinces, traceEvents, type TraceEvent } from "#db/schema";
import { uploadUrl } from "~/storage/storage.server";
import { verifyChain, type ChainVerdict } from "./chain.server";
import { isCode, normaliseCode } from "./gs1/serials.server";
import { epcisExportPath, originPath } from "./resolver.server";
import { stepKindOf, type StepKind } from "./steps";

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
  /** Changes whenever anything the page shows about the batch changes. */
  version: string;
  flag: ScanFlag | null;
}

function flagOf(count: number, provinceCount: number): ScanFlag | null {
  return count > SCAN_FLAG_COUNT || provinceCount >= SCAN_FLAG_PROVINCES ? { count, provinces: provinceCount } : null;
}

/**
 * One round trip: the batch behind a code, its chain head, status and the rows the page shows from the
 * product and the producer, plus a unit's scan flag. Null when the code (or the serial) is unknown.
 */
export async function getOriginStamp(db: Database, code: string, serial: string | null): Promise<OriginStamp | null> {
  return (await queryOrigin(db, code, serial, false))?.stamp ?? null;
}

// The page's header columns, fetched in the stamp's own round trip when the page is rendered.
const headerColumns = sql`, b.lot_code, b.short_code, b.quantity::text as quantity, b.uom, b.produced_on::text as produced_on,
      b.best_before::text as best_before, b.expires_on::text as expires_on, b.farm_plot, b.is_demo,
      bc.name_vi as origin_commune, bp.name_vi as origin_province,
      p.id as product_id, p.slug, p.name_vi as p_name_vi, p.name_en as p_name_en, p.gtin, p.unit_vi, p.unit_en, p.ocop_stars,
      p.ocop_certificate_number, p.ocop_issued_on::text as ocop_issued_on, p.ocop_expires_on::text as ocop_expires_on,
      o.name as o_name, o.name_en as o_name_en, o.address as o_address, oc.name_vi as o_commune, op.name_vi as o_province`;
const headerJoins = sql`
    left join communes bc on bc.id = b.origin_commune_id
    left join provinces bp on bp.code = bc.province_code
    left join communes oc on oc.id = o.commune_id
    left join provinces op on op.code = oc.province_code`;

async function queryOrigin(
  db: Database,
  code: string,
  serial: string | null,
  withHeader: boolean,
): Promise<{ stamp: OriginStamp; row: Record<string, unknown> } | null> {
  const result = await db.execute(sql`
    select b.id, b.organisation_id, b.status, p.updated_at as p_updated, o.updated_at as o_updated${withHeader ? headerColumns : sql``},
      (select e.sequence || ':' || e.hash from trace_events e where e.batch_id = b.id order by e.sequence desc limit 1) as head,
      ${serial === null ? sql`true` : sql`exists (select 1 from serial_units u where u.batch_id = b.id and u.serial = ${serial})`} as unit_known,
      ${
        serial === null
          ? sql`0 as scans, 0 as provinces`
          : sql`coalesce((select sum(s.count) from scan_counts s where s.batch_id = b.id and s.serial = ${serial}), 0)::int as scans,
                (select count(distinct s.province_code) from scan_counts s where s.batch_id = b.id and s.serial = ${serial} and s.province_code <> '')::int as provinces`
      }
    from batches b
    join products p on p.id = b.product_id
    join organisations o on o.id = b.organisation_id${withHeader ? headerJoins : sql``}
    where b.short_code = ${code}
    limit 1`);
  const row = rowsOf<{
    id: string;
    organisation_id: string;
    status: string;
    p_updated: unknown;
    o_updated: unknown;
    head: string | null;
    unit_known: boolean;
    scans: number;
    provinces: number;
  }>(result)[0];
  if (!row || !row.unit_known) return null;
  const flag = flagOf(Number(row.scans), Number(row.provinces));
  const time = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  return {
    stamp: {
      batchId: row.id,
      organisationId: row.organisation_id,
      version: [row.status, row.head ?? "-", time(row.p_updated), time(row.o_updated), flag ? "flag" : "ok"].join("|"),
      flag,
    },
    row: row as unknown as Record<string, unknown>,
  };
}

// The 34 provinces are reference data that only a migration changes: read once per database.
const provinceCache = new WeakMap<Database, Promise<{ code: string; nameVi: string; nameEn: string }[]>>();
function listProvinces(db: Database) {
  let pending = provinceCache.get(db);
  if (!pending) {
    pending = db
      .select({ code: provinces.code, nameVi: provinces.nameVi, nameEn: provinces.nameEn })
      .from(provinces)
      .orderBy(asc(provinces.nameVi));
    pending.catch(() => provinceCache.delete(db));
    provinceCache.set(db, pending);
  }
  return pending;
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
  result: string;
  standard: string | null;
  eventTime: string;
}

export interface OriginPage {
  code: string;
  serial: string | null;
  /** The page's own path (/origin/{code}[/{serial}]) and its batch's EPCIS export. */
  path: string;
  epcisPath: string;
  /** What the page cache compares to decide whether a rendered copy is still current. */
  stamp: OriginStamp;
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

function kindOf(event: TraceEvent): OriginEvent["kind"] {
  if (event.eventType === "TransformationEvent") return "transformation";
  return stepKindOf(event.bizStep) ?? "other";
}

/** Everything the origin page shows; null when the code or the serial is not registered. */
export async function getOriginPage(db: Database, code: string, serial: string | null): Promise<OriginPage | null> {
  const found = await queryOrigin(db, code, serial, true);
  if (!found) return null;
  const { stamp, row: r } = found;

  const [eventRows, lineageResult, provinceRows, photoRows] = await Promise.all([
    db
      .select({ event: traceEvents, communeName: communes.nameVi })
      .from(traceEvents)
      .leftJoin(communes, eq(communes.id, traceEvents.communeId))
      .where(eq(traceEvents.batchId, stamp.batchId))
      .orderBy(asc(traceEvents.sequence)),
    db.execute(sql`
    with recursive up(input_id, quantity, uom, depth) as (
      select input_batch_id, quantity, uom, 1 from batch_inputs where output_batch_id = ${stamp.batchId}
      union
      select bi.input_batch_id, bi.quantity, bi.uom, up.depth + 1
      from batch_inputs bi join up on bi.output_batch_id = up.input_id
      where up.depth < 12
    )
    select distinct on (up.input_id) up.depth, b.lot_code, p.name_vi, p.name_en, b.produced_on::text as produced_on,
      c.name_vi as commune, pr.name_vi as province, o.name as organisation, up.quantity::text as quantity, up.uom
    from up
    join batches b on b.id = up.input_id
    join products p on p.id = b.product_id
    join organisations o on o.id = b.organisation_id
    left join communes c on c.id = b.origin_commune_id
    left join provinces pr on pr.code = c.province_code
    order by up.input_id, up.depth`),
    listProvinces(db),
    db
      .select({ key: productPhotos.storageKey })
      .from(productPhotos)
      .where(eq(productPhotos.productId, String(r.product_id)))
      .orderBy(asc(productPhotos.position)),
  ]);
  const events = eventRows.map((e) => e.event);
  const communeNames = new Map(eventRows.filter((e) => e.event.communeId !== null).map((e) => [e.event.communeId!, e.communeName ?? ""] as const));
  const sequenceById = new Map(events.map((e) => [e.id, e.sequence]));


  const lineage = rowsOf<Record<string, unknown>>(lineageResult)
    .map(
      (l): OriginLineageItem => ({
        depth: Number(l.depth),
        lotCode: String(l.lot_code),
        productNameVi: String(l.name_vi),
        productNameEn: text(l.name_en),
        producedOn: String(l.produced_on),
        communeName: text(l.commune),
        provinceName: text(l.province),
        organisationName: String(l.organisation),
        quantity: String(l.quantity),
        uom: String(l.uom),
      }),
    )
    .sort((a, b) => a.depth - b.depth || a.lotCode.localeCompare(b.lotCode));

  const labResults: OriginLabResult[] = [];
  const standards = new Set<string>();
  for (const e of events) {
    const standard = text(e.details.standard);
    if (kindOf(e) === "inspecting") {
      labResults.push({
        lab: text(e.details.lab) ?? e.locationName ?? "",
        reportNumber: text(e.details.reportNumber) ?? "",
        result: text(e.details.result) ?? "",
        standard,
        eventTime: e.eventTime.toISOString(),
      });
      if (standard) standards.add(standard);
    }
  }


  const last = events.at(-1);
  return {
    code,
    serial,
    path: originPath(code, serial),
    epcisPath: epcisExportPath(String(r.short_code)),
    stamp,
    photoUrls: photoRows.map((p) => uploadUrl(p.key)),
    batch: {
      id: String(r.id),
      lotCode: String(r.lot_code),
      shortCode: String(r.short_code),
      quantity: String(r.quantity),
      uom: String(r.uom),
      producedOn: String(r.produced_on),
      bestBefore: text(r.best_before),
      expiresOn: text(r.expires_on),
      farmPlot: text(r.farm_plot),
      status: r.status as OriginPage["batch"]["status"],
      originCommune: text(r.origin_commune),
      originProvince: text(r.origin_province),
      isDemo: Boolean(r.is_demo),
    },
    product: {
      slug: String(r.slug),
      nameVi: String(r.p_name_vi),
      nameEn: text(r.p_name_en),
      gtin: text(r.gtin),
      unitVi: String(r.unit_vi),
      unitEn: String(r.unit_en),
      ocopStars: r.ocop_stars === null ? null : Number(r.ocop_stars),
      ocopCertificateNumber: text(r.ocop_certificate_number),
      ocopIssuedOn: text(r.ocop_issued_on),
      ocopExpiresOn: text(r.ocop_expires_on),
    },
    organisation: {
      name: String(r.o_name),
      nameEn: text(r.o_name_en),
      address: text(r.o_address),
      communeName: text(r.o_commune),
      provinceName: text(r.o_province),
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
  };
}
