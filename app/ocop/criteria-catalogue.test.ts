import { describe, expect, it } from "vitest";
import { OCOP_PRODUCT_GROUPS, ocopProductSetCatalogue, ocopSheetCatalogue } from "./criteria-catalogue";
import { criteriaSheetSchema, criterionMaximum, ocopParts, PART_MAXIMA, sheetProblems } from "./rules";
import { ocopDocumentKind } from "#db/schema";

describe("the seeded OCOP criteria catalogue", () => {
  it("has product sets in all six groups, with unique codes that name their group", () => {
    const groups = new Set(ocopProductSetCatalogue.map((s) => s.productGroup));
    expect([...groups].sort()).toEqual([...OCOP_PRODUCT_GROUPS].sort());
    const codes = ocopProductSetCatalogue.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const s of ocopProductSetCatalogue) {
      expect(s.code).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
      expect(s.code.startsWith(`${s.productGroup}.`)).toBe(true);
      expect(s.nameVi.length).toBeGreaterThan(0);
      expect(s.nameEn.length).toBeGreaterThan(0);
    }
  });

  it("seeds the sheets of the demo products: tea, rice, honey, vermicelli, persimmon, herbal tea", () => {
    expect(ocopSheetCatalogue.map((s) => s.productSetCode).sort()).toEqual(
      ["beverage.tea", "food.fresh_produce", "food.grain", "food.honey", "food.processed_grain", "herbal.herbal_tea"].sort(),
    );
    for (const s of ocopSheetCatalogue) expect(ocopProductSetCatalogue.some((p) => p.code === s.productSetCode)).toBe(true);
  });

  for (const entry of ocopSheetCatalogue) {
    describe(entry.productSetCode, () => {
      const sheet = criteriaSheetSchema.parse(entry.sheet);

      it("parses, and its parts add up to exactly 40 / 25 / 35 with no problems", () => {
        expect(sheetProblems(sheet)).toEqual([]);
        for (const part of ocopParts) {
          const max = sheet.criteria.filter((c) => c.part === part).reduce((n, c) => n + criterionMaximum(c), 0);
          expect(max).toBe(PART_MAXIMA[part]);
        }
      });

      it("has unique codes, a zero option everywhere, and evidence that names what it needs", () => {
        const codes = sheet.criteria.map((c) => c.code);
        expect(new Set(codes).size).toBe(codes.length);
        for (const c of sheet.criteria) {
          expect(c.options.some((o) => o.points === 0)).toBe(true);
          if (c.evidence === "document") expect(ocopDocumentKind.enumValues).toContain(c.documentKind);
          if (c.evidence === "platform_figure") expect(c.platformEvidence).toBeDefined();
        }
      });

      it("requires the business registration, the food-safety certificate and a lab-tested lot", () => {
        const required = sheet.criteria.filter((c) => c.required);
        expect(required.some((c) => c.documentKind === "business_registration")).toBe(true);
        expect(required.some((c) => c.documentKind === "food_safety")).toBe(true);
        expect(required.some((c) => c.evidence === "lab_tested_lot")).toBe(true);
      });

      it("says its wording is to be checked against the decision's annex", () => {
        expect(sheet.criteria.every((c) => c.checkAgainstAnnex)).toBe(true);
        expect(entry.sourceNote).toMatch(/148\/QĐ-TTg/);
      });
    });
  }
});
