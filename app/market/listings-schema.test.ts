import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/lib/field-errors";
import { listingFormSchema } from "./listings-schema";

const productId = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const lotA = "11111111-2222-4333-8444-555555555555";
const lotB = "66666666-7777-4888-9999-aaaaaaaaaaaa";

function errorsOf(form: Record<string, string>): Record<string, string> {
  const parsed = listingFormSchema.safeParse(form);
  return parsed.success ? {} : fieldErrors(parsed.error);
}

describe("the listing form", () => {
  it("reads the price, the limit and the units of each lot from the posted fields", () => {
    const parsed = listingFormSchema.parse({ productId, priceVnd: "85.000 ₫", maxPerOrder: " 5 ", [`units.${lotA}`]: "20", [`units.${lotB}`]: "0", intent: "save-listing" });
    expect(parsed).toEqual({ productId, priceVnd: 85_000, maxPerOrder: 5, units: { [lotA]: 20, [lotB]: 0 } });
  });

  it("takes an empty limit as no limit and no lot fields as no change", () => {
    expect(listingFormSchema.parse({ productId, priceVnd: "1000", maxPerOrder: "" })).toEqual({ productId, priceVnd: 1000, maxPerOrder: null, units: {} });
    expect(listingFormSchema.parse({ productId, priceVnd: "1000" })).toMatchObject({ maxPerOrder: null });
  });

  it("gives each wrong price its own message", () => {
    expect(errorsOf({ productId, priceVnd: "" })).toEqual({ priceVnd: "listings.error.priceRequired" });
    expect(errorsOf({ productId, priceVnd: "-5000" })).toEqual({ priceVnd: "listings.error.priceNegative" });
    expect(errorsOf({ productId, priceVnd: "−5.000" })).toEqual({ priceVnd: "listings.error.priceNegative" });
    expect(errorsOf({ productId, priceVnd: "0" })).toEqual({ priceVnd: "listings.error.pricePositive" });
    expect(errorsOf({ productId, priceVnd: "85000,5" })).toEqual({ priceVnd: "listings.error.priceInteger" });
    expect(errorsOf({ productId, priceVnd: "abc" })).toEqual({ priceVnd: "listings.error.priceInteger" });
    expect(errorsOf({ productId, priceVnd: "999999999999999" })).toEqual({ priceVnd: "listings.error.priceTooLarge" });
    expect(errorsOf({ productId })).toEqual({ priceVnd: "listings.error.priceRequired" });
  });

  it("says why a per-order limit is refused: negative, zero or not a whole number", () => {
    expect(errorsOf({ productId, priceVnd: "1000", maxPerOrder: "-1" })).toEqual({ maxPerOrder: "listings.error.maxPerOrderNegative" });
    expect(errorsOf({ productId, priceVnd: "1000", maxPerOrder: "0" })).toEqual({ maxPerOrder: "listings.error.maxPerOrderZero" });
    expect(errorsOf({ productId, priceVnd: "1000", maxPerOrder: "2.5" })).toEqual({ maxPerOrder: "listings.error.maxPerOrder" });
    expect(errorsOf({ productId, priceVnd: "1000", maxPerOrder: "nhiều" })).toEqual({ maxPerOrder: "listings.error.maxPerOrder" });
  });

  it("reports every wrong field at once, each lot under its own field name", () => {
    expect(errorsOf({ productId, priceVnd: "-1", maxPerOrder: "0", [`units.${lotA}`]: "-3", [`units.${lotB}`]: "1,5" })).toEqual({
      priceVnd: "listings.error.priceNegative",
      maxPerOrder: "listings.error.maxPerOrderZero",
      [`units.${lotA}`]: "listings.error.unitsNegative",
      [`units.${lotB}`]: "listings.error.unitsInteger",
    });
    expect(errorsOf({ productId, priceVnd: "1000", [`units.${lotA}`]: "" })).toEqual({ [`units.${lotA}`]: "listings.error.unitsRequired" });
  });

  it("refuses a product or lot that is not an id", () => {
    expect(errorsOf({ productId: "x", priceVnd: "1000" })).toEqual({ productId: "listings.error.notFound" });
    expect(Object.keys(errorsOf({ productId, priceVnd: "1000", "units.not-an-id": "1" }))).toEqual(["units.not-an-id"]);
  });
});
