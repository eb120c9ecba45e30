import { describe, expect, it } from "vitest";
import { lastUsedLocation, lotFormDefaults, stepFormDefaults, uomOfProduct } from "./form-defaults";

const product = (id: string, unitVi: string, unitEn = unitVi) => ({ id, unitVi, unitEn });

describe("the unit a lot of a product is counted in", () => {
  it("is the measure the product is sold by, however it is written", () => {
    expect(uomOfProduct({ unitVi: "kg", unitEn: "kg" })).toBe("KGM");
    expect(uomOfProduct({ unitVi: "Kg.", unitEn: "kg" })).toBe("KGM");
    expect(uomOfProduct({ unitVi: "cân", unitEn: "" })).toBe("KGM");
    expect(uomOfProduct({ unitVi: "tấn", unitEn: "tonne" })).toBe("TNE");
    expect(uomOfProduct({ unitVi: "lít", unitEn: "litre" })).toBe("LTR");
    expect(uomOfProduct({ unitVi: "gam", unitEn: "g" })).toBe("GRM");
    expect(uomOfProduct({ unitVi: "ml", unitEn: "ml" })).toBe("MLT");
  });

  it("reads the English unit when the Vietnamese one is not a measure", () => {
    expect(uomOfProduct({ unitVi: "cân ta", unitEn: "kg" })).toBe("KGM");
  });

  it("is a count of sales units for boxes, packs and bottles (what the storefront sells)", () => {
    expect(uomOfProduct({ unitVi: "hộp", unitEn: "box" })).toBe("H87");
    expect(uomOfProduct({ unitVi: "gói", unitEn: "pack" })).toBe("H87");
    expect(uomOfProduct({ unitVi: "chai 500 ml", unitEn: "500 ml bottle" })).toBe("H87");
  });
});

describe("the new-lot form's defaults", () => {
  const products = [product("leaf", "kg"), product("box", "hộp", "box"), product("pack", "gói", "pack")];

  it("opens on the product asked for, with its unit and today's date in Vietnam", () => {
    const d = lotFormDefaults({ now: new Date("2026-11-20T03:00:00Z"), products, requestedProductId: "leaf" });
    expect(d).toMatchObject({ productId: "leaf", uom: "KGM", producedOn: "2026-11-20" });
    expect(d.uomByProduct).toEqual({ leaf: "KGM", box: "H87", pack: "H87" });
  });

  it("takes 23:30 UTC as the next day, the day it is in Vietnam", () => {
    expect(lotFormDefaults({ now: new Date("2026-11-20T23:30:00Z"), products }).producedOn).toBe("2026-11-21");
    expect(lotFormDefaults({ now: new Date("2026-11-20T16:59:59Z"), products }).producedOn).toBe("2026-11-20");
    expect(lotFormDefaults({ now: new Date("2026-12-31T17:00:00Z"), products }).producedOn).toBe("2027-01-01");
  });

  it("picks the only product there is, and none among several unless asked", () => {
    expect(lotFormDefaults({ now: new Date(), products: [product("box", "hộp")] })).toMatchObject({ productId: "box", uom: "H87" });
    expect(lotFormDefaults({ now: new Date(), products }).productId).toBe("");
  });

  it("ignores a product that is not one of the organisation's active products", () => {
    expect(lotFormDefaults({ now: new Date(), products, requestedProductId: "someone-elses" }).productId).toBe("");
  });

  it("with no product picked, opens on the unit most products use", () => {
    expect(lotFormDefaults({ now: new Date(), products }).uom).toBe("H87");
    expect(lotFormDefaults({ now: new Date(), products: [product("a", "kg"), product("b", "hộp"), product("c", "kg")] }).uom).toBe("KGM");
    expect(lotFormDefaults({ now: new Date(), products: [product("b", "lít"), product("a", "kg")] }).uom).toBe("LTR");
  });
});

describe("the trace-step form's defaults", () => {
  const lot = { communeId: 12, locationName: "Đồi chè xóm Nam Thái, lô 4" };
  const organisation = { communeId: 30, locationName: "Xưởng chế biến" };

  it("opens at now in Vietnam, in the lot's unit, at the lot's last place", () => {
    expect(stepFormDefaults({ now: new Date("2026-11-20T03:05:00Z"), lotUom: "KGM", lastOfLot: lot, lastOfOrganisation: organisation })).toEqual({
      eventTime: "2026-11-20T10:05",
      uom: "KGM",
      communeId: "12",
      locationName: "Đồi chè xóm Nam Thái, lô 4",
    });
  });

  it("takes 23:30 UTC as 06:30 the next morning in Vietnam", () => {
    expect(stepFormDefaults({ now: new Date("2026-11-20T23:30:00Z"), lotUom: "H87", lastOfLot: null, lastOfOrganisation: null }).eventTime).toBe("2026-11-21T06:30");
  });

  it("falls back to the organisation's last place, then to none", () => {
    expect(stepFormDefaults({ now: new Date(), lotUom: "KGM", lastOfLot: null, lastOfOrganisation: organisation })).toMatchObject({ communeId: "30", locationName: "Xưởng chế biến" });
    expect(stepFormDefaults({ now: new Date(), lotUom: "KGM", lastOfLot: null, lastOfOrganisation: null })).toMatchObject({ communeId: "", locationName: "" });
  });

  it("keeps a place known by only one of its parts", () => {
    expect(lastUsedLocation({ communeId: null, locationName: "Kho" }, organisation)).toEqual({ communeId: null, locationName: "Kho" });
    expect(lastUsedLocation({ communeId: 7, locationName: null }, organisation)).toEqual({ communeId: 7, locationName: null });
    expect(lastUsedLocation({ communeId: null, locationName: "  " }, organisation)).toEqual(organisation);
  });
});
