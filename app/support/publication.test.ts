import { describe, expect, it } from "vitest";
import { determinedFigures, MIN_HOUSEHOLDS } from "~/households/suppression";
import { programmeKeys, publishSupport, type HouseholdOutcome, type HouseholdShare, type PublicationInput } from "./publication";
import { supportKinds, supportProgrammes } from "./schema";

/** A small deterministic random generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Five communes (one of only 3 households), households supported by random programmes and kinds. */
function randomProvince(seed: number): PublicationInput {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const sizes = [40, 25, 12, 3, 9];
  const shares: HouseholdShare[] = [];
  const outcomes: HouseholdOutcome[] = [];
  let n = 0;
  sizes.forEach((size, c) => {
    for (let i = 0; i < size; i++) {
      const householdId = `h${String(n++).padStart(4, "0")}`;
      const organisationId = `coop-${c}-${i % 2}`;
      const supportCount = rnd() < 0.6 ? 1 + Math.floor(rnd() * 2) : 0;
      for (let k = 0; k < supportCount; k++) {
        shares.push({ householdId, communeId: c + 1, organisationId, programme: pick(supportProgrammes), kind: pick(supportKinds), valueVnd: 1_000_000 + Math.floor(rnd() * 9_000_000) });
      }
      const surveyed = rnd() < 0.8;
      outcomes.push({
        householdId,
        communeId: c + 1,
        incomeBefore: surveyed ? 20_000_000 + Math.floor(rnd() * 10_000_000) : null,
        incomeAfter: surveyed ? 22_000_000 + Math.floor(rnd() * 12_000_000) : null,
        statusBefore: pick(["poor", "near_poor", "not_poor", "not_poor"]),
        statusAfter: pick(["poor", "near_poor", "newly_escaped", "not_poor"]),
      });
    }
  });
  return { communeIds: [1, 2, 3, 4, 5], shares, outcomes };
}

describe("what the transparency pages publish about supported households", () => {
  it("shows no count under 5 and lets no hidden count be worked out from the published ones, on every table", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { model } = publishSupport(randomProvince(seed));
      const hidden = (i: number) => model.status[i] !== "shown";
      // Primary: nothing under 5 is shown (zero included).
      model.values.forEach((v, i) => {
        if (!hidden(i)) expect(v).toBeGreaterThanOrEqual(MIN_HOUSEHOLDS);
      });
      // Exact: no combination of the published relations (a superset of the true ones) gives a hidden figure.
      expect(determinedFigures(model.values.length, model.relations, hidden)).toEqual([]);
      // Subtraction: a shown total minus its shown parts never leaves a group under 5 households.
      for (const rel of model.relations) {
        if (hidden(rel.total)) continue;
        const hiddenParts = rel.parts.filter(hidden);
        const rest = hiddenParts.reduce((sum, p) => sum + model.values[p]!, 0);
        if (hiddenParts.length > 0) expect(rest).toBeGreaterThanOrEqual(MIN_HOUSEHOLDS);
      }
    }
  });

  it("would give the small commune away with primary suppression only (the check above can fail)", () => {
    const input = randomProvince(3);
    const { model } = publishSupport({ ...input, complementary: false });
    expect(determinedFigures(model.values.length, model.relations, (i) => model.status[i] !== "shown").length).toBeGreaterThan(0);
  });

  it("hides a cooperative's money and means whenever their count is hidden", () => {
    const pub = publishSupport(randomProvince(5));
    for (const p of programmeKeys) {
      for (const figures of Object.values(pub.places[p])) {
        for (const k of supportKinds) expect(figures.kinds[k].value === null).toBe(figures.kinds[k].valueVnd === null);
        expect(figures.households.value === null).toBe(figures.households.valueVnd === null);
        if (figures.surveyed.value === null) expect([figures.surveyed.meanBefore, figures.surveyed.meanAfter]).toEqual([null, null]);
        if (figures.comparison.value === null) expect([figures.comparison.meanBefore, figures.comparison.meanAfter]).toEqual([null, null]);
      }
      for (const c of Object.values(pub.cooperatives[p])) expect(c.value === null).toBe(c.valueVnd === null);
    }
  });

  it("compares supported households' income before and after with unsupported members of the same communes", () => {
    const shares: HouseholdShare[] = [];
    const outcomes: HouseholdOutcome[] = [];
    // Commune 1: 6 supported (income 20 → 26 million), 6 unsupported (20 → 21 million); 5 of the supported left poverty.
    // Commune 2: 6 unsupported, not compared (no one there was supported).
    for (let i = 0; i < 6; i++) {
      shares.push({ householdId: `s${i}`, communeId: 1, organisationId: "coop", programme: "poverty_reduction", kind: "seedlings_livestock", valueVnd: 5_000_000 });
      outcomes.push({ householdId: `s${i}`, communeId: 1, incomeBefore: 20_000_000, incomeAfter: 26_000_000, statusBefore: i < 5 ? "poor" : "not_poor", statusAfter: "newly_escaped" });
      outcomes.push({ householdId: `u${i}`, communeId: 1, incomeBefore: 20_000_000, incomeAfter: 21_000_000, statusBefore: "poor", statusAfter: "poor" });
      outcomes.push({ householdId: `v${i}`, communeId: 2, incomeBefore: 30_000_000, incomeAfter: 30_000_000, statusBefore: "poor", statusAfter: "not_poor" });
    }
    // One supported household without a survey is counted as supported, not as surveyed.
    shares.push({ householdId: "s6", communeId: 1, organisationId: "coop", programme: "poverty_reduction", kind: "training", valueVnd: 1_000_001 });
    outcomes.push({ householdId: "s6", communeId: 1, incomeBefore: null, incomeAfter: null, statusBefore: null, statusAfter: null });
    // Commune 2 holds 6 households, commune 1 holds 13: the province is their sum, so both communes can be shown.
    const pub = publishSupport({ communeIds: [1, 2], shares, outcomes });
    const province = pub.places.all.province!;
    expect(province.households).toMatchObject({ value: 7, valueVnd: 31_000_001 });
    expect(province.surveyed).toMatchObject({ value: 6, meanBefore: 20_000_000, meanAfter: 26_000_000 });
    expect(province.comparison).toMatchObject({ value: 6, meanBefore: 20_000_000, meanAfter: 21_000_000 });
    expect(province.leftPoverty).toMatchObject({ value: 5 });
    // One household received training: a group of 1, hidden; 7 supported = 6 with seedlings + 1 trained, so the
    // seedlings' 6 is hidden too ("x"), or the total minus it would give the one household away.
    expect(province.kinds.training).toMatchObject({ value: null, valueVnd: null, why: "small" });
    expect(province.kinds.seedlings_livestock).toMatchObject({ value: null, valueVnd: null, why: "protected" });
    // All programmes = the sum of the programmes: with the other three programmes at 0 (hidden as "< 5"), showing
    // poverty reduction's 7 beside the total 7 would say the others supported no one, so it reads "x".
    expect(pub.places.poverty_reduction.province!.households).toMatchObject({ value: null, why: "protected" });
    expect(pub.places.new_rural.province!.households).toMatchObject({ value: null, why: "small" });
  });
});
