import { describe, expect, it } from "vitest";
import { testSheet } from "../../tests/setup/ocop-test-sheet";
import { ocopDocumentKind } from "#db/schema";
import { dossierMissing, ocopDocumentKinds, type DossierState } from "./dossier";
import { evidenceSnapshot, fillMonths, householdCount, lastMonths, share, traceComplete } from "./evidence";

describe("platform evidence rules", () => {
  it("hides household counts under five, zero included, and refuses nonsense", () => {
    expect(householdCount(5)).toEqual({ value: 5 });
    expect(householdCount(4)).toEqual({ suppressed: true });
    expect(householdCount(0)).toEqual({ suppressed: true });
    expect(() => householdCount(-1)).toThrow(RangeError);
    expect(() => householdCount(2.5)).toThrow(RangeError);
  });

  it("counts a trace complete only with an origin, processing or packing, and a test", () => {
    expect(traceComplete({ origin: true, processing: true, tested: true })).toBe(true);
    expect(traceComplete({ origin: true, processing: true, tested: false })).toBe(false);
    expect(traceComplete({ origin: false, processing: true, tested: true })).toBe(false);
  });

  it("computes shares and the last twelve months across a new year", () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(5, 0)).toBeNull();
    expect(share(7, 5)).toBe(1);
    expect(lastMonths("2026-02-10", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(lastMonths("2026-06-15")).toHaveLength(12);
    expect(() => lastMonths("15/06/2026")).toThrow(RangeError);
    expect(fillMonths(["2026-01", "2026-02"], [{ month: "2026-02", n: 3 }], (month) => ({ month, n: 0 }))).toEqual([{ month: "2026-01", n: 0 }, { month: "2026-02", n: 3 }]);
  });

  it("parses snapshots strictly: a household figure can only be a count or hidden", () => {
    const ok = { kind: "member_households", source: { records: 0, asOf: "2026-06-15T03:00:00.000Z" }, households: { value: 8 }, poor: { suppressed: true }, nearPoor: { suppressed: true }, ethnicMinority: { value: 6 } };
    expect(evidenceSnapshot.parse(ok)).toEqual(ok);
    expect(evidenceSnapshot.safeParse({ ...ok, poor: { value: -1 } }).success).toBe(false);
    expect(evidenceSnapshot.safeParse({ ...ok, kind: "gossip" }).success).toBe(false);
    expect(evidenceSnapshot.safeParse({ kind: "traceability_coverage", source: ok.source, lots: 2, completeLots: 1, share: 1.5 }).success).toBe(false);
  });
});

describe("what a dossier lacks before submission", () => {
  const complete: DossierState = {
    formsComplete: { productIdea: true, businessPlan: true },
    selfScoredCodes: ["A1", "A2", "B1", "B2", "C1", "C2"],
    documentKinds: ["product_story"],
    attachedEvidence: ["lab_tests"],
    labTestedLots: 1,
  };

  it("nothing when forms, scores and required evidence are there", () => {
    expect(dossierMissing(testSheet, complete)).toEqual([]);
  });

  it("names each missing form, self-score, required document and lab-tested lot", () => {
    expect(dossierMissing(testSheet, { ...complete, formsComplete: { productIdea: false, businessPlan: true }, selfScoredCodes: ["A1"], documentKinds: ["standard"], labTestedLots: 0 })).toEqual([
      { kind: "form", form: "productIdea" },
      { kind: "self_score", code: "A2" },
      { kind: "self_score", code: "B1" },
      { kind: "document", code: "B1", documentKind: "product_story" },
      { kind: "self_score", code: "B2" },
      { kind: "self_score", code: "C1" },
      { kind: "lab_tested_lot", code: "C1" },
      { kind: "self_score", code: "C2" },
    ]);
  });

  it("requires a platform figure only where the criterion marks it required", () => {
    const sheet = { criteria: testSheet.criteria.map((c) => (c.code === "B2" ? { ...c, required: true } : c)) };
    expect(dossierMissing(sheet, complete)).toEqual([{ kind: "platform_evidence", code: "B2", evidence: "buyer_provinces" }]);
    expect(dossierMissing(sheet, { ...complete, attachedEvidence: ["lab_tests", "buyer_provinces"] })).toEqual([]);
  });
});

describe("dossier document kinds", () => {
  it("are the database enum's, in its order (the page lists them in the browser, away from the schema)", () => {
    expect([...ocopDocumentKinds]).toEqual(ocopDocumentKind.enumValues);
  });
});
