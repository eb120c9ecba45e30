/**
 * Scans of QR codes, counted in memory per (batch, serial, minute, province, device) and written to
 * scan_counts in one upsert per flush, so a scan costs the request no database round trip and a flood
 * of one code grows a counter, not a table. See docs/decisions/0005-origin-page-cache.md.
 */
import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { scanCounts } from "#db/schema";
import { listProvinces, SCAN_FLAG_COUNT, SCAN_FLAG_PROVINCES } from "./origin.server";

export type DeviceClass = "mobile" | "tablet" | "desktop" | "other";

export interface Scan {
  batchId: string;
  organisationId: string;
  serial: string | null;
  /** Two-digit province code the consumer chose, or null. */
  provinceCode: string | null;
  device: DeviceClass;
  at: Date;
  /** A code the app never issued (an unknown serial of a known lot) that the resolver walked up to the lot's page. */
  unregistered?: boolean;
}

/** Coarse device class from a User-Agent; bots and tools are "other". Nothing else of the header is kept. */
export function deviceClassOf(userAgent: string | undefined): DeviceClass {
  if (!userAgent) return "other";
  if (/bot|crawl|spider|curl|wget|python|java\/|autocannon|headless/i.test(userAgent)) return "other";
  if (/iPad|Tablet|Android(?!.*Mobile)/i.test(userAgent)) return "tablet";
  if (/Mobi|iPhone|Android/i.test(userAgent)) return "mobile";
  return "desktop";
}

/** The province a consumer said they bought in (`?p=` of the origin page): kept only when it names one of the provinces. */
export async function scanProvinceOf(db: Database, chosen: string | null): Promise<string | null> {
  if (!chosen || !/^\d{2}$/.test(chosen)) return null;
  return (await listProvinces(db)).some((p) => p.code === chosen) ? chosen : null;
}

export interface ScanRecorder {
  record(scan: Scan): void;
  /** Writes what is buffered; resolves when written (or dropped after a failed write). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
  stats(): { buffered: number; dropped: number; written: number };
}

interface Bucket {
  batchId: string;
  organisationId: string;
  serial: string;
  minute: Date;
  provinceCode: string;
  device: DeviceClass;
  unregistered: boolean;
  count: number;
}

export interface ScanRecorderOptions {
  flushIntervalMs?: number;
  /** Most distinct buckets held between flushes; scans beyond are counted as dropped, never queued. */
  maxBuckets?: number;
  onError?: (error: unknown) => void;
}

const CHUNK = 1000;

export function createScanRecorder(db: Database, options: ScanRecorderOptions = {}): ScanRecorder {
  const { flushIntervalMs = 5000, maxBuckets = 50_000, onError = () => {} } = options;
  let buckets = new Map<string, Bucket>();
  let dropped = 0;
  let written = 0;
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: Bucket[]): Promise<void> {
    for (let i = 0; i < batch.length; i += CHUNK) {
      const rows = batch.slice(i, i + CHUNK);
      await db
        .insert(scanCounts)
        .values(rows)
        .onConflictDoUpdate({
          target: [scanCounts.batchId, scanCounts.serial, scanCounts.minute, scanCounts.provinceCode, scanCounts.device, scanCounts.unregistered],
          set: { count: sql`${scanCounts.count} + excluded.count` },
        });
      written += rows.reduce((n, r) => n + r.count, 0);
    }
  }

  function flush(): Promise<void> {
    if (buckets.size === 0) return writing;
    const batch = [...buckets.values()];
    buckets = new Map();
    // Flushes run one after another so two upserts of the same row never race.
    writing = writing.then(() => write(batch)).catch(onError);
    return writing;
  }

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    record(scan) {
      const minute = new Date(Math.floor(scan.at.getTime() / 60_000) * 60_000);
      const serial = scan.serial ?? "";
      const province = scan.provinceCode ?? "";
      const unregistered = scan.unregistered === true;
      const key = `${scan.batchId}|${serial}|${minute.getTime()}|${province}|${scan.device}|${unregistered ? 1 : 0}`;
      const bucket = buckets.get(key);
      if (bucket) {
        bucket.count += 1;
        return;
      }
      if (buckets.size >= maxBuckets) {
        dropped += 1;
        return;
      }
      buckets.set(key, {
        batchId: scan.batchId,
        organisationId: scan.organisationId,
        serial,
        minute,
        provinceCode: province,
        device: scan.device,
        unregistered,
        count: 1,
      });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    stats: () => ({ buffered: buckets.size, dropped, written }),
  };
}

export interface FlaggedSerial {
  serial: string;
  scans: number;
  provinces: number;
}

/** A batch's serialised codes scanned suspiciously often or from several provinces (for the workspace). */
export async function listFlaggedSerials(db: Database, batchId: string, limit = 50): Promise<FlaggedSerial[]> {
  const scans = sql<number>`sum(${scanCounts.count})::int`;
  const provinces = sql<number>`count(distinct nullif(${scanCounts.provinceCode}, ''))::int`;
  const rows = await db
    .select({ serial: scanCounts.serial, scans, provinces })
    .from(scanCounts)
    .where(and(eq(scanCounts.batchId, batchId), ne(scanCounts.serial, "")))
    .groupBy(scanCounts.serial)
    .having(sql`sum(${scanCounts.count}) > ${SCAN_FLAG_COUNT} or count(distinct nullif(${scanCounts.provinceCode}, '')) >= ${SCAN_FLAG_PROVINCES}`)
    .orderBy(desc(scans))
    .limit(limit);
  return rows.map((r) => ({ serial: r.serial, scans: Number(r.scans), provinces: Number(r.provinces) }));
}

/** Scans of a batch's lot page reached from codes the app never issued (resolver walk-ups): a counterfeit signal. */
export async function countUnregisteredScans(db: Database, batchId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${scanCounts.count}), 0)::int` })
    .from(scanCounts)
    .where(and(eq(scanCounts.batchId, batchId), eq(scanCounts.unregistered, true)));
  return Number(row?.n ?? 0);
}

/** Total scans of a batch (all its codes). */
export async function countBatchScans(db: Database, batchId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${scanCounts.count}), 0)::int` })
    .from(scanCounts)
    .where(eq(scanCounts.batchId, batchId));
  return Number(row?.n ?? 0);
}
