import { createHash } from "node:crypto";

/** The fields of a trace event that its hash covers: everything a reader relies on. */
export interface HashableEvent {
  batchId: string;
  sequence: number;
  eventType: string;
  action: string | null;
  bizStep: string;
  disposition: string | null;
  eventTime: Date;
  eventTimeZoneOffset: string;
  communeId: number | null;
  locationName: string | null;
  quantity: string | null;
  uom: string | null;
  details: Record<string, unknown>;
  correctsEventId: string | null;
}

/** "12.500" and "12.5" are the same quantity: hash them the same way. */
export function canonicalDecimal(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) throw new Error(`Not a decimal number: ${value}`);
  let [whole = "0", fraction = ""] = trimmed.split(".");
  const negative = whole.startsWith("-");
  whole = whole.replace(/^-/, "").replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const body = fraction ? `${whole}.${fraction}` : whole;
  return negative && body !== "0" ? `-${body}` : body;
}

/** JSON with keys sorted at every level, so that equal content always gives equal bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("Non-finite number in event");
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function computeEventHash(event: HashableEvent, prevHash: string | null): string {
  const content = canonicalJson({
    v: 1,
    batchId: event.batchId,
    sequence: event.sequence,
    eventType: event.eventType,
    action: event.action,
    bizStep: event.bizStep,
    disposition: event.disposition,
    eventTime: event.eventTime.toISOString(),
    eventTimeZoneOffset: event.eventTimeZoneOffset,
    communeId: event.communeId,
    locationName: event.locationName,
    quantity: canonicalDecimal(event.quantity),
    uom: event.uom,
    details: event.details,
    correctsEventId: event.correctsEventId,
    prevHash,
  });
  return createHash("sha256").update(content, "utf8").digest("hex");
}

export type ChainVerdict =
  | { ok: true; length: number; lastHash: string | null }
  | { ok: false; brokenAtSequence: number; reason: "hash_mismatch" | "link_mismatch" | "sequence_gap" };

/** Checks a batch's events, in sequence order, against their stored hashes and links. */
export function verifyChain(
  events: ReadonlyArray<HashableEvent & { prevHash: string | null; hash: string }>,
): ChainVerdict {
  let prev: string | null = null;
  for (const [index, event] of events.entries()) {
    if (event.sequence !== index + 1) return { ok: false, brokenAtSequence: index + 1, reason: "sequence_gap" };
    if (event.prevHash !== prev) return { ok: false, brokenAtSequence: event.sequence, reason: "link_mismatch" };
    if (computeEventHash(event, prev) !== event.hash) {
      return { ok: false, brokenAtSequence: event.sequence, reason: "hash_mismatch" };
    }
    prev = event.hash;
  }
  return { ok: true, length: events.length, lastHash: prev };
}
