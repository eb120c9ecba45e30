import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/lib/field-errors";
import { batchFormSchema, productFormSchema } from "./schema";

const valid = {
  nameVi: "Chè Tân Cương đặc biệt",
  nameEn: "Tan Cuong special tea",
  category: "tea",
  unitVi: "hộp",
  unitEn: "box",
  netQuantity: "200",
  netUom: "g",
  priceVnd: "450.000",
  gtin: "8936041100015",
};

function errorsOf(input: Record<string, unknown>) {
  const result = productFormSchema.safeParse(input);
  return result.success ? {} : fieldErrors(result.error);
}

describe("product form", () => {
  it("accepts a plain product and normalises GTIN and price", () => {
    const p = productFormSchema.parse(valid);
    expect(p.gtin).toBe("08936041100015");
    expect(p.priceVnd).toBe(450000);
    expect(p.ocopStars).toBeNull();
    expect(p.descriptionVi).toBeNull();
  });

  it("defaults the certificate expiry to 36 months after issue", () => {
    const p = productFormSchema.parse({
      ...valid,
      ocopGroup: "beverage",
      ocopStars: "5",
      ocopScore: "92",
      ocopCertificateNumber: "QĐ 123/2024",
      ocopIssuedOn: "2024-09-12",
    });
    expect(p.ocopExpiresOn).toBe("2027-09-12");
  });

  it("names the field of each problem with a translation key", () => {
    expect(errorsOf({ ...valid, nameVi: "" })).toEqual({ nameVi: "validation.required" });
    expect(errorsOf({ ...valid, nameVi: "x".repeat(201) })).toEqual({ nameVi: "validation.tooLong" });
    expect(errorsOf({ ...valid, gtin: "8936041100016" })).toEqual({ gtin: "validation.gtinCheckDigit" });
    expect(errorsOf({ ...valid, gtin: "89360411" + "x" })).toEqual({ gtin: "validation.gtinDigits" });
    expect(errorsOf({ ...valid, gtin: "123" })).toEqual({ gtin: "validation.gtinLength" });
    expect(errorsOf({ ...valid, priceVnd: "-5" })).toEqual({ priceVnd: "validation.priceVnd" });
    expect(errorsOf({ ...valid, priceVnd: "99999999999" })).toEqual({ priceVnd: "validation.priceVnd" });
    expect(errorsOf({ ...valid, priceVnd: "12,5" })).toEqual({ priceVnd: "validation.priceVnd" });
    expect(errorsOf({ ...valid, netQuantity: "0" })).toEqual({ netQuantity: "validation.positiveQuantity" });
    expect(errorsOf({ ...valid, netQuantity: "5", netUom: "" })).toEqual({ netUom: "validation.required" });
    expect(errorsOf({ ...valid, category: "weapons" })).toEqual({ category: "validation.choice" });
  });

  it("wants every OCOP field once one is given, with coherent dates and score", () => {
    expect(errorsOf({ ...valid, ocopStars: "4" })).toEqual({
      ocopGroup: "validation.ocopRequired",
      ocopCertificateNumber: "validation.ocopRequired",
      ocopIssuedOn: "validation.ocopRequired",
    });
    const ocop = { ocopGroup: "food", ocopStars: "4", ocopCertificateNumber: "12/QĐ-UBND", ocopIssuedOn: "2025-01-10" };
    expect(errorsOf({ ...valid, ...ocop, ocopStars: "6" })).toMatchObject({ ocopStars: "validation.ocopStars" });
    expect(errorsOf({ ...valid, ...ocop, ocopExpiresOn: "2024-12-31" })).toEqual({
      ocopExpiresOn: "validation.expiryAfterIssue",
    });
    expect(errorsOf({ ...valid, ...ocop, ocopScore: "95" })).toEqual({ ocopScore: "validation.scoreMatchesStars" });
    expect(errorsOf({ ...valid, ...ocop, ocopIssuedOn: "2025-02-30" })).toEqual({ ocopIssuedOn: "validation.date" });
    expect(errorsOf({ ...valid, ...ocop, ocopCertificateNumber: "<script>" })).toEqual({
      ocopCertificateNumber: "validation.certificateNumber",
    });
  });

  it("keeps HTML in free text as text (it is escaped when shown)", () => {
    const p = productFormSchema.parse({ ...valid, descriptionVi: "<img src=x onerror=alert(1)>" });
    expect(p.descriptionVi).toBe("<img src=x onerror=alert(1)>");
  });

  it("does not let a raw material carry OCOP data or a price", () => {
    expect(errorsOf({ ...valid, kind: "raw_material" })).toEqual({ kind: "validation.rawMaterialNotListed" });
    expect(productFormSchema.parse({ ...valid, kind: "raw_material", priceVnd: "" }).kind).toBe("raw_material");
  });
});

describe("batch form", () => {
  const batch = {
    productId: "6f1c2b1e-8a4b-4c36-9b7e-2d7c1e0f9a11",
    lotCode: "TC2611-001",
    quantity: "12,5",
    uom: "KGM",
    producedOn: "2026-11-20",
    bestBefore: "2027-11-20",
  };
  const errors = (input: Record<string, unknown>) => {
    const r = batchFormSchema.safeParse(input);
    return r.success ? {} : fieldErrors(r.error);
  };

  it("accepts a lot and reads a decimal comma", () => {
    const b = batchFormSchema.parse(batch);
    expect(b.quantity).toBe("12.5");
    expect(b.originCommuneId).toBeNull();
  });

  it("rejects lot codes outside the GS1 character set or too long", () => {
    expect(errors({ ...batch, lotCode: "LÔ 1" })).toEqual({ lotCode: "validation.lotCharacters" });
    expect(errors({ ...batch, lotCode: "A#1" })).toEqual({ lotCode: "validation.lotCharacters" });
    expect(errors({ ...batch, lotCode: "A".repeat(21) })).toEqual({ lotCode: "validation.lotTooLong" });
    expect(errors({ ...batch, lotCode: "" })).toEqual({ lotCode: "validation.required" });
    expect(errors({ ...batch, lotCode: ".." })).toEqual({ lotCode: "validation.lotCharacters" });
  });

  it("rejects absurd quantities and dates out of order", () => {
    expect(errors({ ...batch, quantity: "-3" })).toEqual({ quantity: "validation.positiveQuantity" });
    expect(errors({ ...batch, quantity: "1e9" })).toEqual({ quantity: "validation.positiveQuantity" });
    expect(errors({ ...batch, quantity: "10000000000" })).toEqual({ quantity: "validation.positiveQuantity" });
    expect(errors({ ...batch, bestBefore: "2026-01-01" })).toEqual({ bestBefore: "validation.afterProduction" });
    expect(errors({ ...batch, producedOn: "" })).toEqual({ producedOn: "validation.required" });
    expect(errors({ ...batch, uom: "BAG" })).toEqual({ uom: "validation.choice" });
  });
});

describe("validation messages", () => {
  it("exist in both languages for every key the schemas can produce", async () => {
    const { messages } = await import("~/lib/i18n");
    const source = (await import("node:fs")).readFileSync(new URL("./schema.ts", import.meta.url), "utf8");
    const keys = new Set(source.match(/validation\.[a-zA-Z]+/g));
    for (const extra of ["validation.gtinTaken", "validation.lotTaken", "validation.notInFuture", "validation.productRetired"]) {
      keys.add(extra);
    }
    for (const key of keys) {
      expect(messages.vi, key).toHaveProperty([key]);
      expect(messages.en, key).toHaveProperty([key]);
    }
  });
});

describe("bad input gets a field message, never an exception", () => {
  const ocop = { ...valid, ocopGroup: "beverage", ocopStars: "4", ocopCertificateNumber: "QĐ 1/2024", ocopIssuedOn: "2024-09-12" };

  it("refuses an OCOP score that is not a whole number from 0 to 100, with or without stars", () => {
    for (const score of ["abc", "101", "-1", "1e1", "NaN", "7.5", "99999999999999999999"]) {
      expect(errorsOf({ ...ocop, ocopScore: score }), score).toEqual({ ocopScore: "validation.ocopScore" });
    }
    expect(errorsOf({ ...ocop, ocopScore: "75" })).toEqual({});
  });

  it("refuses non-dates and years out of range in the OCOP dates", () => {
    for (const date of ["2026-13-01", "abc", "9999-12-31", "2026-02-30"]) {
      expect(errorsOf({ ...ocop, ocopIssuedOn: date }), date).toMatchObject({ ocopIssuedOn: "validation.date" });
      expect(errorsOf({ ...ocop, ocopExpiresOn: date }), date).toMatchObject({ ocopExpiresOn: "validation.date" });
    }
  });

  it("refuses non-dates and years out of range in the lot dates, and a commune id that is not an id", () => {
    const batch = { productId: "6f1c2b1e-8a4b-4c36-9b7e-2d7c1e0f9a11", lotCode: "TC-1", quantity: "1", uom: "KGM", producedOn: "2026-11-20" };
    const errors = (input: Record<string, unknown>) => {
      const r = batchFormSchema.safeParse(input);
      return r.success ? {} : fieldErrors(r.error);
    };
    for (const date of ["2026-13-01", "abc", "9999-12-31"]) {
      expect(errors({ ...batch, producedOn: date }), date).toMatchObject({ producedOn: "validation.date" });
      expect(errors({ ...batch, bestBefore: date }), date).toMatchObject({ bestBefore: "validation.date" });
      expect(errors({ ...batch, expiresOn: date }), date).toMatchObject({ expiresOn: "validation.date" });
    }
    for (const id of ["1e23", "-1", "NaN", "9999999999"]) {
      expect(errors({ ...batch, originCommuneId: id }), id).toEqual({ originCommuneId: "validation.choice" });
    }
    expect(batchFormSchema.parse({ ...batch, originCommuneId: "1234" }).originCommuneId).toBe(1234);
  });
});
