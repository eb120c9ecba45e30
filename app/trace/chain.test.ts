import { describe, expect, it } from "vitest";
import { canonicalDecimal, canonicalJson, computeEventHash, verifyChain, type HashableEvent } from "./chain.server";

const batchId = "0b4f6c2e-8a51-4d59-9a7e-3f1c2d4e5f60";

function event(sequence: number, overrides: Partial<HashableEvent> = {}): HashableEvent {
  return {
    batchId,
    sequence,
    eventType: "ObjectEvent",
    action: "OBSERVE",
    bizStep: "urn:ocoptrace:bizstep:harvesting",
    disposition: "active",
    eventTime: new Date(Date.UTC(2026, 3, sequence, 0, 30)),
    eventTimeZoneOffset: "+07:00",
    communeId: 3,
    locationName: "Đồi chè số 4, xóm Hồng Thái 2",
    quantity: "120.500",
    uom: "KGM",
    details: { picker: "Tổ 3", leaves: "1 tôm 2 lá" },
    correctsEventId: null,
    ...overrides,
  };
}

function chainOf(events: HashableEvent[]) {
  let prevHash: string | null = null;
  return events.map((e) => {
    const hash = computeEventHash(e, prevHash);
    const linked = { ...e, prevHash, hash };
    prevHash = hash;
    return linked;
  });
}

describe("canonicalJson", () => {
  it("sorts keys at every level and keeps array order", () => {
    const a = canonicalJson({ b: 1, a: { d: [3, 1, { z: 1, y: 2 }], c: "x" } });
    const b = canonicalJson({ a: { c: "x", d: [3, 1, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":"x","d":[3,1,{"y":2,"z":1}]},"b":1}');
  });

  it("drops undefined members and keeps null ones", () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it("keeps Vietnamese text as it is", () => {
    expect(canonicalJson({ tên: "Chè Tân Cương" })).toBe('{"tên":"Chè Tân Cương"}');
  });

  it("refuses numbers JSON cannot carry", () => {
    expect(() => canonicalJson({ dose: Number.NaN })).toThrow();
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow();
  });
});

describe("canonicalDecimal", () => {
  it.each([
    ["12.500", "12.5"],
    ["12.5", "12.5"],
    ["007", "7"],
    ["0.000", "0"],
    ["-0.0", "0"],
    ["-1.250", "-1.25"],
    [" 3.10 ", "3.1"],
    ["1000", "1000"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected);
  });

  it("passes null through", () => {
    expect(canonicalDecimal(null)).toBeNull();
  });

  it.each(["", "abc", "1e3", "1.", ".5", "1,5", "12.5kg", "--1", "+1", "NaN"])("rejects %j", (bad) => {
    expect(() => canonicalDecimal(bad)).toThrow(/Not a decimal/);
  });
});

describe("computeEventHash", () => {
  it("is 64 hex characters and depends on the previous hash", () => {
    const h1 = computeEventHash(event(1), null);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(computeEventHash(event(1), "0".repeat(64))).not.toBe(h1);
  });

  it("ignores key order in details and trailing zeros in quantities", () => {
    const a = computeEventHash(event(1, { details: { x: 1, y: { b: 2, a: 1 } }, quantity: "5.000" }), null);
    const b = computeEventHash(event(1, { details: { y: { a: 1, b: 2 }, x: 1 }, quantity: "5" }), null);
    expect(a).toBe(b);
  });

  it("changes with any covered field", () => {
    const base = computeEventHash(event(1), null);
    expect(computeEventHash(event(1, { quantity: "120.501" }), null)).not.toBe(base);
    expect(computeEventHash(event(1, { eventTime: new Date(Date.UTC(2026, 3, 1, 0, 31)) }), null)).not.toBe(base);
    expect(computeEventHash(event(1, { details: { picker: "Tổ 4", leaves: "1 tôm 2 lá" } }), null)).not.toBe(base);
    expect(computeEventHash(event(1, { disposition: null }), null)).not.toBe(base);
  });

  it("rejects an event whose quantity is not a decimal", () => {
    expect(() => computeEventHash(event(1, { quantity: "about 5" }), null)).toThrow();
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain and an empty one", () => {
    const chain = chainOf([event(1), event(2), event(3)]);
    expect(verifyChain(chain)).toEqual({ ok: true, length: 3, lastHash: chain[2]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, length: 0, lastHash: null });
  });

  it("accepts a stored quantity written with a different scale", () => {
    const chain = chainOf([event(1, { quantity: "120.5" })]);
    expect(verifyChain([{ ...chain[0]!, quantity: "120.500" }]).ok).toBe(true);
  });

  it("detects an edited field", () => {
    const chain = chainOf([event(1), event(2), event(3)]);
    chain[1] = { ...chain[1]!, locationName: "Nơi khác" };
    expect(verifyChain(chain)).toEqual({ ok: false, brokenAtSequence: 2, reason: "hash_mismatch" });
  });

  it("detects an edited detail", () => {
    const chain = chainOf([event(1), event(2)]);
    chain[0] = { ...chain[0]!, details: { ...chain[0]!.details, picker: "Tổ 9" } };
    expect(verifyChain(chain)).toEqual({ ok: false, brokenAtSequence: 1, reason: "hash_mismatch" });
  });

  it("detects a rewritten hash through the next link", () => {
    const chain = chainOf([event(1), event(2), event(3)]);
    const forged = { ...chain[0]!, locationName: "Nơi khác" };
    chain[0] = { ...forged, hash: computeEventHash(forged, null) };
    expect(verifyChain(chain)).toEqual({ ok: false, brokenAtSequence: 2, reason: "link_mismatch" });
  });

  it("detects a wrong previous-hash link", () => {
    const chain = chainOf([event(1), event(2)]);
    chain[1] = { ...chain[1]!, prevHash: "f".repeat(64) };
    expect(verifyChain(chain)).toEqual({ ok: false, brokenAtSequence: 2, reason: "link_mismatch" });
  });

  it("detects a first event that claims a predecessor", () => {
    const [first] = chainOf([event(1)]);
    expect(verifyChain([{ ...first!, prevHash: "a".repeat(64) }])).toMatchObject({ ok: false, reason: "link_mismatch" });
  });

  it("detects a removed event as a sequence gap", () => {
    const chain = chainOf([event(1), event(2), event(3)]);
    expect(verifyChain([chain[0]!, chain[2]!])).toEqual({ ok: false, brokenAtSequence: 2, reason: "sequence_gap" });
  });

  it("detects events out of order", () => {
    const chain = chainOf([event(1), event(2)]);
    expect(verifyChain([chain[1]!, chain[0]!])).toEqual({ ok: false, brokenAtSequence: 1, reason: "sequence_gap" });
  });
});
