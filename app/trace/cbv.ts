/**
 * GS1 CBV 2.0 vocabulary the app records, plus its own extension steps for farm work (CBV has no
 * harvesting). Pure: safe in the browser. Events store bare CBV names ("packing") or extension URNs,
 * and the EPCIS export keeps bare names as the JSON binding prefers (the GS1 context expands them); the stored
 * URNs are exported under the public address's own vocabulary (epcis.ts `exportedBizStep`), never as URNs.
 */

/** Every bizStep of CBV 2.0, so that a typo ("pakcing") is rejected rather than exported. */
export const CBV_BIZ_STEPS = [
  "accepting",
  "arriving",
  "assembling",
  "collecting",
  "commissioning",
  "consigning",
  "creating_class_instance",
  "cycle_counting",
  "decommissioning",
  "departing",
  "destroying",
  "disassembling",
  "dispensing",
  "encoding",
  "entering_exiting",
  "holding",
  "inspecting",
  "installing",
  "killing",
  "loading",
  "other",
  "packing",
  "picking",
  "receiving",
  "removing",
  "repackaging",
  "repairing",
  "replacing",
  "reserving",
  "retail_selling",
  "sampling",
  "sensor_reporting",
  "shipping",
  "staging_outbound",
  "stock_taking",
  "stocking",
  "storing",
  "transporting",
  "unloading",
  "unpacking",
  "void_shipping",
] as const;
export type CbvBizStep = (typeof CBV_BIZ_STEPS)[number];

/** Every disposition of CBV 2.0. */
export const CBV_DISPOSITIONS = [
  "active",
  "available",
  "completeness_inferred",
  "completeness_verified",
  "conformant",
  "container_closed",
  "container_open",
  "damaged",
  "destroyed",
  "dispensed",
  "disposed",
  "encoded",
  "expired",
  "in_progress",
  "in_transit",
  "inactive",
  "mismatch_class",
  "mismatch_instance",
  "mismatch_quantity",
  "needs_replacement",
  "no_pedigree_match",
  "non_conformant",
  "non_sellable_other",
  "partially_dispensed",
  "recalled",
  "reserved",
  "retail_sold",
  "returned",
  "sellable_accessible",
  "sellable_not_accessible",
  "stolen",
  "unavailable",
  "unknown",
] as const;
export type CbvDisposition = (typeof CBV_DISPOSITIONS)[number];

/** The steps this app records, by name, so call sites read as the domain does. */
export const BizStep = {
  commissioning: "commissioning",
  inspecting: "inspecting",
  packing: "packing",
  shipping: "shipping",
  receiving: "receiving",
  storing: "storing",
  holding: "holding",
  transporting: "transporting",
  retailSelling: "retail_selling",
  destroying: "destroying",
  sampling: "sampling",
  // Farm and workshop steps have no CBV term: extension URIs of the app's own (EPCIS allows any URI).
  planting: "urn:ocoptrace:bizstep:planting",
  fertilising: "urn:ocoptrace:bizstep:fertilising",
  spraying: "urn:ocoptrace:bizstep:spraying",
  harvesting: "urn:ocoptrace:bizstep:harvesting",
  processing: "urn:ocoptrace:bizstep:processing",
} as const satisfies Record<string, string>;

export const Disposition = {
  active: "active",
  inProgress: "in_progress",
  inTransit: "in_transit",
  conformant: "conformant",
  nonConformant: "non_conformant",
  recalled: "recalled",
  nonSellableOther: "non_sellable_other",
  sellableAccessible: "sellable_accessible",
  expired: "expired",
  destroyed: "destroyed",
} as const satisfies Record<string, CbvDisposition>;

export const EXTENSION_BIZ_STEP_PREFIX = "urn:ocoptrace:bizstep:";
const CBV_BIZ_STEP_BASE = "https://ref.gs1.org/cbv/BizStep-";
const CBV_DISPOSITION_BASE = "https://ref.gs1.org/cbv/Disp-";

const bizStepSet: ReadonlySet<string> = new Set(CBV_BIZ_STEPS);
const dispositionSet: ReadonlySet<string> = new Set(CBV_DISPOSITIONS);
// A URI of someone else's vocabulary, but not a misspelt CBV one (EPCIS forbids those prefixes for extensions).
const extensionUri = /^(?!urn:epcglobal:cbv|https?:\/\/(ns|ref)\.gs1\.org\/cbv\/)[a-z][a-z0-9+.-]*:\S+$/i;

export function isCbvBizStep(value: string): value is CbvBizStep {
  return bizStepSet.has(value);
}

export function isCbvDisposition(value: string): value is CbvDisposition {
  return dispositionSet.has(value);
}

/** A bizStep the app may store: a CBV 2.0 name or an extension URI. */
export function isRecordableBizStep(value: string): boolean {
  return isCbvBizStep(value) || extensionUri.test(value);
}

export function isRecordableDisposition(value: string): boolean {
  return isCbvDisposition(value) || extensionUri.test(value);
}

/** The full URI EPCIS 2.0 JSON-LD uses for a stored bizStep. */
export function bizStepUri(value: string): string {
  return isCbvBizStep(value) ? `${CBV_BIZ_STEP_BASE}${value}` : value;
}

export function dispositionUri(value: string): string {
  return isCbvDisposition(value) ? `${CBV_DISPOSITION_BASE}${value}` : value;
}
