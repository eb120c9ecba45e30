/**
 * The CBV 2.0 event hash (CBV 2.0 §8.9, "EPCIS event hash ID"): a syntax-independent id of an EPCIS event,
 * `ni:///sha-256;{hex}?ver=CBV2.0`, computed from a canonical pre-hash string. This follows GS1's reference
 * implementation (RalphTro/epcis-event-hash-generator) as its published examples pin it down:
 * - the event is read as a tree of (name, text, children) the way the XML binding names things (list members
 *   renamed: epcList → epc, quantityList → quantityElement, bizTransactionList → bizTransaction …);
 * - the properties of the canonical order come first (PROPERTY_ORDER), each group sorted, each value normalised
 *   (timestamps to UTC milliseconds, numbers without trailing zeros, CBV URNs and bare CBV words to their
 *   https://ref.gs1.org/cbv/ URIs, every EPC URI and GS1 Digital Link to its constrained canonical id.gs1.org
 *   form); user extensions (`{namespace}name`) follow, sorted; recordTime, eventID and errorDeclaration are left out.
 * Pure apart from the SHA-256 digest; tested against every example GS1's generator publishes.
 */
import { createHash } from "node:crypto";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Node {
  name: string;
  text: string;
  children: Node[];
}
type Order = ReadonlyArray<readonly [string, Order | null]>;

const QUANTITY: Order = [
  ["epcClass", null],
  ["quantity", null],
  ["uom", null],
];

/** The canonical property order (CBV 2.0 event hash), with the child order of structured properties. */
const PROPERTY_ORDER: Order = [
  ["eventTime", null],
  ["eventTimeZoneOffset", null],
  ["certificationInfo", null],
  ["epcList", [["epc", null]]],
  ["parentID", null],
  ["inputEPCList", [["epc", null]]],
  ["childEPCs", [["epc", null]]],
  ["quantityList", [["quantityElement", QUANTITY]]],
  ["childQuantityList", [["quantityElement", QUANTITY]]],
  ["inputQuantityList", [["quantityElement", QUANTITY]]],
  ["outputEPCList", [["epc", null]]],
  ["outputQuantityList", [["quantityElement", QUANTITY]]],
  ["action", null],
  ["transformationID", null],
  ["bizStep", null],
  ["disposition", null],
  ["persistentDisposition", [["set", null], ["unset", null]]],
  ["readPoint", [["id", null]]],
  ["bizLocation", [["id", null]]],
  [
    "sensorElementList",
    [
      [
        "sensorElement",
        [
          ["sensorMetadata", ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"].map((n) => [n, null] as const)],
          [
            "sensorReport",
            [
              "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance",
              "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
              "percRank", "percValue", "uom", "coordinateReferenceSystem",
            ].map((n) => [n, null] as const),
          ],
        ],
      ],
    ],
  ],
];

/** Never part of the hash. */
const IGNORED_EVENT_FIELDS = new Set(["recordTime", "eventID", "type", "errorDeclaration"]);
const IGNORED_KEYS = new Set(["#text", "rdfs:comment", "comment"]);
/** Lists whose members keep their order and carry their type first (CBV 2.0). */
const TYPED_LIST_MEMBERS = new Set(["bizTransaction", "source", "destination"]);

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary: the bare words the EPCIS 2.0 JSON-LD context expands (fields typed @vocab), and the URN forms of CBV 1.x.

const CBV = "https://ref.gs1.org/cbv/";
const GS1_VOC = "https://gs1.org/voc/";
const MEASUREMENT_TYPES =
  "AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude AmountOfSubstance AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area Capacitance Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass MassConcentration MassFlowRate MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass MolarVolume Power Pressure RadiantFlux RadiantIntensity RelativeHumidity Resistance Resistivity SolidAngle SpecificVolume Speed SurfaceDensity SurfaceTension Temperature Time Torque Voltage Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber".split(" ");
const BIZ_STEPS =
  "accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting installing killing loading other packing picking receiving removing repackaging repairing replacing reserving retail_selling sampling sensor_reporting shipping staging_outbound stock_taking stocking storing transporting unloading unpacking void_shipping".split(" ");
const DISPOSITIONS =
  "active available completeness_inferred completeness_verified conformant container_closed container_open damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive mismatch_class mismatch_instance mismatch_quantity needs_replacement no_pedigree_match non_conformant non_sellable_other partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen unavailable unknown".split(" ");

function vocabulary(words: readonly string[], base: string): ReadonlyMap<string, string> {
  return new Map(words.map((w) => [w, `${base}${w}`]));
}
const VOCAB = {
  bizStep: vocabulary(BIZ_STEPS, `${CBV}BizStep-`),
  disposition: vocabulary(DISPOSITIONS, `${CBV}Disp-`),
  btt: vocabulary("bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt".split(" "), `${CBV}BTT-`),
  sdt: vocabulary(["owning_party", "possessing_party", "location"], `${CBV}SDT-`),
  er: vocabulary(["did_not_occur", "incorrect_data"], `${CBV}ER-`),
  measurement: vocabulary(MEASUREMENT_TYPES, GS1_VOC),
  exception: vocabulary(["ALARM_CONDITION", "ERROR_CONDITION"], GS1_VOC),
  component: vocabulary("x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting northing latitude longitude altitude".split(" "), `${CBV}Comp-`),
};

/** Prefixes the EPCIS 2.0 context itself declares; a document's own @context adds to them. */
const CONTEXT_PREFIXES: Record<string, string> = {
  epcis: "https://ref.gs1.org/epcis/",
  cbv: CBV,
  cbvmda: "urn:epcglobal:cbv:mda:",
  gs1: GS1_VOC,
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  owl: "http://www.w3.org/2002/07/owl#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  dcterms: "http://purl.org/dc/terms/",
};

const isGs1Vocabulary = (uri: string) => uri.startsWith("https://ref.gs1.org/cbv") || uri.startsWith("https://gs1.org/voc") || uri.startsWith("https://ref.gs1.org/voc");

function expandCurie(value: string, prefixes: Record<string, string>): string {
  const at = value.indexOf(":");
  if (at < 0) return value;
  const ns = prefixes[value.slice(0, at)];
  return ns === undefined ? value : ns + value.slice(at + 1);
}

/**
 * The GS1 vocabulary URIs JSON-LD expansion yields for the document's @vocab-typed fields (what the reference
 * implementation collects before it replaces bare words anywhere in the document).
 */
function expandedVocabulary(events: readonly Json[], prefixes: Record<string, string>): Set<string> {
  const out = new Set<string>();
  const add = (value: Json | undefined, table: ReadonlyMap<string, string>) => {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v !== "string") continue;
      const uri = table.get(v) ?? expandCurie(v, prefixes);
      if (isGs1Vocabulary(uri)) out.add(uri);
    }
  };
  const objects = (value: Json | undefined): Record<string, Json>[] =>
    (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v));
  for (const event of objects(events as Json)) {
    add(event.bizStep, VOCAB.bizStep);
    add(event.disposition, VOCAB.disposition);
    for (const p of objects(event.persistentDisposition)) {
      add(p.set, VOCAB.disposition);
      add(p.unset, VOCAB.disposition);
    }
    for (const t of objects(event.bizTransactionList)) add(t.type, VOCAB.btt);
    for (const s of [...objects(event.sourceList), ...objects(event.destinationList)]) add(s.type, VOCAB.sdt);
    for (const e of objects(event.errorDeclaration)) add(e.reason, VOCAB.er);
    for (const element of objects(event.sensorElementList)) {
      for (const report of objects(element.sensorReport)) {
        add(report.type, VOCAB.measurement);
        add(report.exception, VOCAB.exception);
        add(report.component, VOCAB.component);
      }
    }
  }
  return out;
}

function replaceBareWords(value: Json, expanded: ReadonlySet<string>): Json {
  if (typeof value === "string") {
    const matches = [...expanded].filter((x) => x.endsWith(`-${value}`) || x.endsWith(`/${value}`));
    return matches.length === 1 ? (matches[0] as string) : value;
  }
  if (Array.isArray(value)) return value.map((v) => replaceBareWords(v, expanded));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceBareWords(v, expanded)]));
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON → tree in the XML binding's shape.

function toNode(value: Json, prefixes: Record<string, string>): Node {
  if (Array.isArray(value)) return { name: "", text: "", children: value.map((v) => toNode(v, prefixes)) };
  if (value !== null && typeof value === "object") {
    const node: Node = { name: typeof value.type === "string" ? value.type : "", text: "", children: [] };
    for (const [rawKey, child] of Object.entries(value)) {
      if (IGNORED_KEYS.has(rawKey)) continue;
      const converted = toNode(child, prefixes);
      const key = namespacedKey(rawKey, prefixes);
      if (Array.isArray(child)) for (const member of converted.children) node.children.push({ name: key, text: member.text, children: member.children });
      else node.children.push({ name: key, text: converted.text, children: converted.children });
    }
    return node;
  }
  if (typeof value === "boolean") return { name: "", text: value ? "true" : "false", children: [] };
  if (typeof value === "number") return { name: "", text: pythonNumber(value), children: [] };
  if (typeof value === "string") return { name: "", text: expandValueCurie(value, prefixes), children: [] };
  return { name: "", text: "", children: [] };
}

function namespacedKey(key: string, prefixes: Record<string, string>): string {
  const at = key.indexOf(":");
  if (at < 0) return key;
  const ns = prefixes[key.slice(0, at)];
  return ns === undefined ? key : `{${ns}}${key.slice(at + 1)}`;
}

/** Only GS1's own vocabularies are expanded in values; a user prefix in a value stays as written. */
function expandValueCurie(value: string, prefixes: Record<string, string>): string {
  const expanded = expandCurie(value, prefixes);
  return expanded !== value && isGs1Vocabulary(expanded) ? expanded : value;
}

/** Renames list members to their XML names (epcList → epc, quantityList → quantityElement …), recursively. */
function toXmlShape(node: Node): Node {
  const kept: Node[] = [];
  const lists = new Map<string, Node[]>();
  const childEpcs: Node[] = [];
  for (const child of node.children) {
    if (child.name.endsWith("List")) {
      const members = lists.get(child.name) ?? [];
      members.push({ name: child.name.slice(0, -4), text: child.text, children: child.children });
      lists.set(child.name, members);
    } else if (child.name === "childEPCs") {
      childEpcs.push({ name: "epc", text: child.text, children: [] });
    } else kept.push(child);
  }
  for (const [name, members] of lists) kept.push({ name, text: "", children: members });
  if (childEpcs.length > 0) kept.push({ name: "childEPCs", text: "", children: childEpcs });
  return renameMember({ name: node.name, text: node.text, children: kept.map(toXmlShape) });
}

function renameMember(node: Node): Node {
  const { name } = node;
  if (name === "inputEPC" || name === "outputEPC") return { ...node, name: "epc" };
  if (name === "inputQuantity" || name === "outputQuantity" || name === "childQuantity" || (name === "quantity" && node.children.length > 0)) {
    return { ...node, name: "quantityElement" };
  }
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation of values.

/** Python's float syntax (what the reference implementation accepts as a number). */
const NUMBER = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** A number as Python's str(float) writes it, integers without ".0". */
export function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return BigInt(n).toString();
  if (Math.abs(n) < 1e-4) {
    const [mantissa, exponent] = n.toExponential().split("e") as [string, string];
    const sign = exponent.startsWith("-") ? "-" : "+";
    return `${mantissa}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  return String(n);
}

function formatNumeric(text: string): string {
  if (!NUMBER.test(text)) return text;
  return pythonNumber(Number(text.replace(/_/g, "")));
}

const CBV_URNS: ReadonlyArray<readonly [string, string]> = [
  ["urn:epcglobal:cbv:bizstep:", `${CBV}BizStep-`],
  ["urn:epcglobal:cbv:disp:", `${CBV}Disp-`],
  ["urn:epcglobal:cbv:btt:", `${CBV}BTT-`],
  ["urn:epcglobal:cbv:sdt:", `${CBV}SDT-`],
  ["urn:epcglobal:cbv:er:", `${CBV}ER-`],
];

function canonicalValue(text: string): string {
  let out = text;
  for (const [urn, web] of CBV_URNS) out = out.split(urn).join(web);
  out = formatNumeric(out);
  return canonicalGs1Uri(out) ?? out;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A timestamp in UTC at millisecond precision (half-to-even on the microsecond), or the text unchanged. */
export function canonicalTimestamp(text: string): string {
  const m = ISO_TIME.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s = "0", fraction = "", zone = "Z"] = m;
  const micro = Number(fraction.padEnd(6, "0").slice(0, 6));
  let millis = Math.floor(micro / 1000);
  const rest = micro % 1000;
  if (rest > 500 || (rest === 500 && millis % 2 === 1)) millis += 1;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || "0"));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis) - offsetMinutes * 60_000;
  if (Number.isNaN(utc)) return text;
  return new Date(utc).toISOString();
}

// ---------------------------------------------------------------------------------------------------------------
// EPC URIs and GS1 Digital Link URIs → constrained canonical GS1 Digital Link (the lowest identification level).

/** GS1 mod-10 check digit appended to the digits. */
export function withCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/** Characters GS1 Digital Link asks to percent-encode that EPC URIs leave bare. */
function percentEncode(value: string): string {
  return value.replace(/[!()*+,:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const EPC_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[!')(*+,.0-9:;=A-Za-z_-])`;
const CPI_CHAR = String.raw`(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])`;
const ID = "https://id.gs1.org";

/** Splits "CP.ref" where the company prefix has 6–12 digits and prefix + ref have `total` digits. */
function split(body: string, total: number): { cp: string; ref: string } | null {
  const m = /^(\d{6,12})\.(\d*)$/.exec(body);
  if (!m || (m[1] as string).length + (m[2] as string).length !== total) return null;
  return { cp: m[1] as string, ref: m[2] as string };
}
const gtinOf = (cp: string, itemRef: string) => withCheckDigit(`${itemRef.slice(0, 1)}${cp}${itemRef.slice(1)}`);

function epcUriToDigitalLink(uri: string): string | null {
  const m = /^urn:epc:(id|class|idpat):([a-z]+):(.*)$/.exec(uri);
  if (!m) return null;
  const [, kind, scheme, body] = m as unknown as [string, string, string, string];
  const parts = body.split(".");
  const head = (n: number) => parts.slice(0, n).join(".");
  const tail = (n: number) => parts.slice(n).join(".");
  const re = (s: string) => new RegExp(`^${s}$`);
  if (kind === "id") {
    switch (scheme) {
      case "sgtin": {
        const key = split(head(2), 13);
        const serial = tail(2);
        return key && key.ref.length >= 1 && re(`${EPC_CHAR}{1,20}`).test(serial) ? `${ID}/01/${gtinOf(key.cp, key.ref)}/21/${percentEncode(serial)}` : null;
      }
      case "sscc": {
        const key = parts.length === 2 ? split(body, 17) : null;
        return key && key.ref.length >= 1 ? `${ID}/00/${withCheckDigit(`${key.ref.slice(0, 1)}${key.cp}${key.ref.slice(1)}`)}` : null;
      }
      case "sgln": {
        const key = split(head(2), 12);
        const ext = tail(2);
        if (!key || !re(`${EPC_CHAR}{1,20}`).test(ext)) return null;
        const gln = withCheckDigit(key.cp + key.ref);
        return ext === "0" ? `${ID}/414/${gln}` : `${ID}/414/${gln}/254/${percentEncode(ext)}`;
      }
      case "grai": {
        const key = split(head(2), 12);
        const serial = tail(2);
        return key && re(`${EPC_CHAR}{1,16}`).test(serial) ? `${ID}/8003/${withCheckDigit(`0${key.cp}${key.ref}`)}${percentEncode(serial)}` : null;
      }
      case "giai":
      case "ginc": {
        const cm = /^(\d{6,12})\.(.+)$/.exec(body);
        if (!cm || !re(`${EPC_CHAR}{1,${30 - (cm[1] as string).length}}`).test(cm[2] as string)) return null;
        return `${ID}/${scheme === "giai" ? "8004" : "401"}/${cm[1]}${percentEncode(cm[2] as string)}`;
      }
      case "gsrn":
      case "gsrnp": {
        const key = parts.length === 2 ? split(body, 17) : null;
        return key ? `${ID}/${scheme === "gsrn" ? "8018" : "8017"}/${withCheckDigit(key.cp + key.ref)}` : null;
      }
      case "gdti": {
        const key = split(head(2), 12);
        const serial = tail(2);
        return key && re(`${EPC_CHAR}{1,17}`).test(serial) ? `${ID}/253/${withCheckDigit(key.cp + key.ref)}${percentEncode(serial)}` : null;
      }
      case "cpi": {
        const cm = new RegExp(`^(\\d{6,12})\\.(${CPI_CHAR}{1,24})\\.(\\d{1,12})$`).exec(body);
        return cm ? `${ID}/8010/${percentEncode(`${cm[1]}${cm[2]}`)}/8011/${cm[3]}` : null;
      }
      case "sgcn": {
        const key = split(head(2), 12);
        const serial = tail(2);
        return key && /^\d{1,12}$/.test(serial) ? `${ID}/255/${withCheckDigit(key.cp + key.ref)}${serial}` : null;
      }
      case "gsin": {
        const key = parts.length === 2 ? split(body, 16) : null;
        return key ? `${ID}/402/${withCheckDigit(key.cp + key.ref)}` : null;
      }
      case "itip": {
        const key = split(head(2), 13);
        const [piece = "", total = ""] = parts.slice(2, 4);
        const serial = tail(4);
        if (!key || !/^\d{2}$/.test(piece) || !/^\d{2}$/.test(total) || !re(`${EPC_CHAR}{1,20}`).test(serial)) return null;
        return `${ID}/8006/${gtinOf(key.cp, key.ref)}${piece}${total}/21/${percentEncode(serial)}`;
      }
      case "upui": {
        const key = split(head(2), 13);
        const tpx = tail(2);
        return key && re(`${EPC_CHAR}{1,28}`).test(tpx) ? `${ID}/01/${gtinOf(key.cp, key.ref)}/235/${percentEncode(tpx)}` : null;
      }
      case "pgln": {
        const key = parts.length === 2 ? split(body, 12) : null;
        return key ? `${ID}/417/${withCheckDigit(key.cp + key.ref)}` : null;
      }
      default:
        return null;
    }
  }
  if (kind === "class") {
    if (scheme !== "lgtin") return null;
    const key = split(head(2), 13);
    const lot = tail(2);
    return key && re(`${EPC_CHAR}{1,20}`).test(lot) ? `${ID}/01/${gtinOf(key.cp, key.ref)}/10/${percentEncode(lot)}` : null;
  }
  // idpat: the class a pattern names
  if (parts[parts.length - 1] !== "*") return null;
  switch (scheme) {
    case "sgtin":
    case "upui": {
      const key = parts.length === 3 ? split(head(2), 13) : null;
      return key ? `${ID}/01/${gtinOf(key.cp, key.ref)}` : null;
    }
    case "grai":
    case "gdti":
    case "sgcn": {
      const key = parts.length === 3 ? split(head(2), 12) : null;
      if (!key) return null;
      if (scheme === "grai") return `${ID}/8003/${withCheckDigit(`0${key.cp}${key.ref}`)}`;
      return `${ID}/${scheme === "gdti" ? "253" : "255"}/${withCheckDigit(key.cp + key.ref)}`;
    }
    case "cpi": {
      const cm = new RegExp(`^(\\d{6,12})\\.(${CPI_CHAR}{1,24})\\.\\*$`).exec(body);
      return cm ? `${ID}/8010/${percentEncode(`${cm[1]}${cm[2]}`)}` : null;
    }
    case "itip": {
      const key = parts.length === 5 ? split(head(2), 13) : null;
      const [piece = "", total = ""] = parts.slice(2, 4);
      return key && /^\d{2}$/.test(piece) && /^\d{2}$/.test(total) ? `${ID}/8006/${gtinOf(key.cp, key.ref)}${piece}${total}` : null;
    }
    default:
      return null;
  }
}

const KEY_NAMES: ReadonlyArray<readonly [string, string]> = [
  ["gtin", "01"], ["itip", "8006"], ["cpid", "8010"], ["gln", "414"], ["party", "417"], ["gsrnp", "8017"], ["gsrn", "8018"],
  ["gcn", "255"], ["sscc", "00"], ["gdti", "253"], ["ginc", "401"], ["gsin", "402"], ["grai", "8003"], ["giai", "8004"],
  ["cpv", "22"], ["lot", "10"], ["ser", "21"],
];
const PRIMARY_KEYS = ["00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8017", "8018"];
const DL_VALUE = String.raw`[\x22\x27\x2D\x2E\x30-\x39\x3B-\x3F\x41-\x5A\x5F\x61-\x7A]`;
const CANONICAL_DL: readonly RegExp[] = [
  String.raw`00\/\d{18}`,
  String.raw`01\/\d{14}\/21\/${DL_VALUE}{0,20}`,
  String.raw`01\/\d{14}\/10\/${DL_VALUE}{0,20}`,
  String.raw`01\/\d{14}`,
  String.raw`01\/\d{14}\/235\/${DL_VALUE}{0,28}`,
  String.raw`253\/\d{13}${DL_VALUE}{0,17}`,
  String.raw`255\/\d{13}\d{0,12}`,
  String.raw`401\/${DL_VALUE}{0,30}`,
  String.raw`402\/\d{17}`,
  String.raw`414\/\d{13}`,
  String.raw`414\/\d{13}\/254\/${DL_VALUE}{0,20}`,
  String.raw`417\/\d{13}`,
  String.raw`8003\/\d{14}${DL_VALUE}{0,16}`,
  String.raw`8004\/${DL_VALUE}{0,30}`,
  String.raw`8006\/\d{18}\/21\/${DL_VALUE}{0,20}`,
  String.raw`8006\/\d{18}\/10\/${DL_VALUE}{0,20}`,
  String.raw`8006\/\d{18}`,
  String.raw`8010\/[\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30}\/8011\/\d{0,12}`,
  String.raw`8010\/[\x23\x2D\x2F\x30-\x39\x41-\x5A]{0,30}`,
  String.raw`8017\/\d{18}`,
  String.raw`8018\/\d{18}`,
].map((s) => new RegExp(`^https:\\/\\/id\\.gs1\\.org\\/${s}$`));

function digitalLinkToCanonical(input: string): string | null {
  const keyPath = String.raw`\/(01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)\/\d{4}[^/]+`;
  if (!new RegExp(`^https?:\\/\\/[^/?#]*[^?#]*?${keyPath}`).test(input)) return null;
  let uri = input.includes("?") ? input.slice(0, input.indexOf("?")) : input;
  uri = uri.replace(/#.*$/, "");
  for (const [name, ai] of KEY_NAMES) uri = uri.split(`/${name}/`).join(`/${ai}/`);
  if (!/^https:\/\/id\.gs1\.org\/(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)\/\d{4}/.test(uri)) {
    for (const ai of PRIMARY_KEYS) {
      const at = uri.indexOf(`/${ai}/`);
      if (at >= 0) {
        uri = ID + uri.slice(at);
        break;
      }
    }
  }
  const gtin = /^https:\/\/id\.gs1\.org\/01\/(\d+)/.exec(uri);
  if (gtin && [8, 12, 13].includes((gtin[1] as string).length)) uri = uri.replace("/01/", `/01/${"0".repeat(14 - (gtin[1] as string).length)}`);
  // A consumer product variant (22) is not part of the identity.
  uri = uri.replace(/^(https:\/\/id\.gs1\.org\/(?:01\/\d{14}|8006\/\d{18}))\/22\/[^/]*/, "$1");
  // The lowest level only: with a serial, the lot goes.
  uri = uri.replace(/^(https:\/\/id\.gs1\.org\/(?:01\/\d{14}|8006\/\d{18}))\/10\/[^/]*(\/21\/[^/]*)$/, "$1$2");
  uri = uri.replace(/\/$/, "");
  return CANONICAL_DL.some((r) => r.test(uri)) ? uri : null;
}

/** The constrained canonical GS1 Digital Link of an EPC URI or a GS1 Digital Link URI; null for anything else. */
export function canonicalGs1Uri(uri: string): string | null {
  if (uri.startsWith("urn:epc:")) return epcUriToDigitalLink(uri);
  if (/^https?:\/\//.test(uri)) return digitalLinkToCanonical(uri);
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Pre-hash string.

const isTimeField = (name: string) => name.toLowerCase().includes("time") && !name.toLowerCase().includes("offset");
const isUserExtension = (name: string) => name.includes("{") && name.includes("/}");

function ordered(children: Node[], order: Order, topLevel: boolean): string {
  let out = "";
  const extensions = topLevel || children.length <= 1 ? [] : children.filter((c) => isUserExtension(c.name));
  for (const e of extensions) children.splice(children.indexOf(e), 1);
  for (const [name, subOrder] of order) {
    const values: string[] = [];
    for (const child of children.filter((c) => c.name === name)) {
      const inner = subOrder ? ordered(child.children, subOrder, false) : "";
      let text = child.text.trim();
      if (text) text = `=${isTimeField(child.name) ? canonicalTimestamp(text) : canonicalValue(text)}`;
      if (text || inner) values.push(child.name + text + inner);
      if (child.children.length === 0) children.splice(children.indexOf(child), 1);
    }
    values.sort(compareCodePoints);
    out += values.join("");
  }
  if (extensions.length > 0) out += generic(extensions);
  return out;
}

function generic(children: readonly Node[]): string {
  const values = children.map((child) => {
    if (TYPED_LIST_MEMBERS.has(child.name)) {
      // CBV 2.0: a business transaction, source or destination is written type first, then its id.
      const type = child.children.find((c) => c.name === "type");
      const id = child.text.trim() || (child.children.find((c) => c.name === child.name)?.text.trim() ?? "");
      return (type ? `type=${canonicalValue(type.text.trim())}` : "") + (id ? `${child.name}=${canonicalValue(id)}` : "");
    }
    const text = child.text.trim();
    return child.name + (text ? `=${canonicalValue(text)}` : "") + generic(child.children);
  });
  values.sort(compareCodePoints);
  return values.join("");
}

/** Python sorts str by code point; JS's default sort compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function eventsOf(document: Record<string, Json>): Json[] {
  const body = document.epcisBody as Record<string, Json> | undefined;
  if (!body) return [];
  if (Array.isArray(body.eventList)) return body.eventList;
  const results = (body.queryResults as Record<string, Json> | undefined)?.resultsBody as Record<string, Json> | undefined;
  if (results && Array.isArray(results.eventList)) return results.eventList;
  return body.event ? [body.event] : [];
}

function prefixesOf(context: Json | undefined): Record<string, string> {
  const prefixes = { ...CONTEXT_PREFIXES };
  for (const entry of Array.isArray(context) ? context : [context]) {
    if (entry && typeof entry === "object" && !Array.isArray(entry)) {
      for (const [k, v] of Object.entries(entry)) if (typeof v === "string") prefixes[k] = v;
    }
  }
  return prefixes;
}

function preHashOf(event: Json, prefixes: Record<string, string>, ignore: ReadonlySet<string>): string {
  const root = toXmlShape(toNode(event, prefixes));
  const children = root.children;
  const head = ordered(children, PROPERTY_ORDER, true);
  const rest = generic(children.filter((c) => !IGNORED_EVENT_FIELDS.has(c.name) && !ignore.has(c.name)));
  return `eventType=${root.name}${head}${rest}`;
}

export interface EventHashOptions {
  /**
   * Top-level user extensions a repository adds on capture and leaves out of the hash, by expanded name
   * (`{https://repository-x.example.com/}hash`); the generator's "ignore fields".
   */
  ignoreFields?: readonly string[];
}

/** The pre-hash strings of every event of an EPCIS 2.0 JSON(-LD) document (or query document), in order. */
export function epcisPreHashes(document: unknown, options: EventHashOptions = {}): string[] {
  if (!document || typeof document !== "object") throw new TypeError("An EPCIS document is an object");
  const doc = document as Record<string, Json>;
  const prefixes = prefixesOf(doc["@context"]);
  const events = eventsOf(doc);
  const expanded = expandedVocabulary(events, prefixes);
  const ignore = new Set(options.ignoreFields ?? []);
  return events.map((event) => preHashOf(replaceBareWords(event, expanded), prefixes, ignore));
}

/** The CBV 2.0 event hash id of a pre-hash string. */
export function eventHashId(preHash: string): string {
  return `ni:///sha-256;${createHash("sha256").update(preHash, "utf8").digest("hex")}?ver=CBV2.0`;
}

/** The CBV 2.0 event hash ids of every event of a document, in order. */
export function epcisEventHashes(document: unknown, options: EventHashOptions = {}): string[] {
  return epcisPreHashes(document, options).map(eventHashId);
}
