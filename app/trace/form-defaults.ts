import type { batchUoms } from "~/catalog/schema";
import { vietnamToday } from "~/lib/vietnam-time";
import { instantToVietnamLocal } from "./schema";

/**
 * What the lot and trace-step forms open with: what the app already knows, so a member types only what is new.
 * Plain data in, plain data out; the readers are in form-defaults.server.ts. Safe in the browser too (the new-lot
 * form follows the product picked with JavaScript through `uomOfProduct`).
 */

export type LotUom = (typeof batchUoms)[number];

/** A product's sales unit as its manager wrote it ("kg", "hộp", "chai 500 ml"). */
export interface ProductUnit {
  id: string;
  unitVi: string;
  unitEn: string;
}

/** Written units that are a measure, folded (lower case, no diacritics, no dots), to their UN/ECE Rec 20 code. */
const measureCodes: Record<string, LotUom> = {
  kg: "KGM",
  kgs: "KGM",
  kgm: "KGM",
  kilogam: "KGM",
  kilogram: "KGM",
  kilograms: "KGM",
  can: "KGM",
  g: "GRM",
  gr: "GRM",
  gam: "GRM",
  gram: "GRM",
  grams: "GRM",
  tan: "TNE",
  t: "TNE",
  tonne: "TNE",
  tonnes: "TNE",
  ton: "TNE",
  tons: "TNE",
  l: "LTR",
  lit: "LTR",
  litre: "LTR",
  litres: "LTR",
  liter: "LTR",
  liters: "LTR",
  ml: "MLT",
  mililit: "MLT",
  millilitre: "MLT",
  millilitres: "MLT",
  milliliter: "MLT",
  milliliters: "MLT",
};

function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\./g, "")
    .trim();
}

/**
 * The unit code a lot of this product is counted in: a measure when the product is sold by one ("kg", "lít"),
 * otherwise a count of its sales units (H87: boxes, packs, bottles), which is also what the storefront sells.
 */
export function uomOfProduct(product: Pick<ProductUnit, "unitVi" | "unitEn">): LotUom {
  return measureCodes[fold(product.unitVi)] ?? measureCodes[fold(product.unitEn)] ?? "H87";
}

export interface LotFormDefaults {
  /** The product picked when the form opens, or "" to let the member choose. */
  productId: string;
  uom: LotUom;
  /** Today in Vietnam, YYYY-MM-DD. */
  producedOn: string;
  /** Each product's unit code, so the form can follow the product the member picks. */
  uomByProduct: Record<string, LotUom>;
}

/**
 * The new-lot form: the product asked for in the address (or the only one), its unit, and today's date in
 * Vietnam. With no product picked, the unit most of the products use (the first product's on a tie).
 */
export function lotFormDefaults(input: { now: Date; products: ProductUnit[]; requestedProductId?: string | null }): LotFormDefaults {
  const { products } = input;
  const uomByProduct = Object.fromEntries(products.map((p) => [p.id, uomOfProduct(p)]));
  const chosen = products.find((p) => p.id === input.requestedProductId) ?? (products.length === 1 ? products[0] : undefined);
  return {
    productId: chosen?.id ?? "",
    uom: chosen ? uomByProduct[chosen.id]! : mostUsedUom(products.map((p) => uomByProduct[p.id]!)),
    producedOn: vietnamToday(input.now),
    uomByProduct,
  };
}

function mostUsedUom(uoms: LotUom[]): LotUom {
  const counts = new Map<LotUom, number>();
  for (const u of uoms) counts.set(u, (counts.get(u) ?? 0) + 1);
  let best: LotUom = uoms[0] ?? "KGM";
  for (const [u, n] of counts) if (n > (counts.get(best) ?? 0)) best = u;
  return best;
}

/** Where a step took place: a commune and a named place, either of which may be missing. */
export interface StepLocation {
  communeId: number | null;
  locationName: string | null;
}

export interface StepFormDefaults {
  /** Now in Vietnam as datetime-local text (YYYY-MM-DDTHH:mm). */
  eventTime: string;
  /** The lot's own unit, so the step's quantity reads in the lot's terms. */
  uom: string;
  /** "" for none, else the commune's id as the select's value. */
  communeId: string;
  locationName: string;
}

/**
 * The trace-step form: now in Vietnam, the lot's unit, and the place last used for this lot, else the place of
 * the organisation's latest recorded step, else none.
 */
export function stepFormDefaults(input: {
  now: Date;
  lotUom: string;
  lastOfLot: StepLocation | null;
  lastOfOrganisation: StepLocation | null;
}): StepFormDefaults {
  const place = lastUsedLocation(input.lastOfLot, input.lastOfOrganisation);
  return {
    eventTime: instantToVietnamLocal(input.now),
    uom: input.lotUom,
    communeId: place.communeId === null ? "" : String(place.communeId),
    locationName: place.locationName ?? "",
  };
}

/** The lot's last place when it has one, else the organisation's; a place with neither part counts as none. */
export function lastUsedLocation(lastOfLot: StepLocation | null, lastOfOrganisation: StepLocation | null): StepLocation {
  const known = (l: StepLocation | null): l is StepLocation => l !== null && (l.communeId !== null || Boolean(l.locationName?.trim()));
  if (known(lastOfLot)) return lastOfLot;
  if (known(lastOfOrganisation)) return lastOfOrganisation;
  return { communeId: null, locationName: null };
}
