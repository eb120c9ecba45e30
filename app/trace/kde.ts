/**
 * The key-data-elements spreadsheet of a lot (issue #16; FSMA 204's "sortable spreadsheet"): one row per critical
 * tracking event in the lot's whole trace — growing, harvesting, receiving, transforming, packing, shipping,
 * selling — with the traceability lot code, product, quantity and unit, location, date and time in Vietnam, and the
 * reference documents. Pure: built from the traces (lineage-trace.server.ts) and written by the dashboards' CSV/XLSX
 * writers (app/insights/export.server.ts).
 */
import type { CellValue, DataTable } from "~/insights/tables";
import type { Locale, Translate } from "~/lib/i18n";
import { VIETNAM_OFFSET_MS } from "~/lib/vietnam-time";

export const criticalTrackingEvents = ["growing", "harvesting", "receiving", "transforming", "packing", "shipping", "selling"] as const;
export type CriticalTrackingEvent = (typeof criticalTrackingEvents)[number];

/** What the spreadsheet needs of an event; lineage-trace.server.ts BackwardEvent fits it. */
export interface KdeEvent {
  eventId: string;
  batchId: string;
  kind: string | null;
  eventTime: string;
  communeName: string | null;
  provinceName: string | null;
  locationName: string | null;
  quantity: number | null;
  uom: string | null;
  details: Record<string, string>;
}

export interface KdeLot {
  batchId: string;
  lotCode: string;
  gtin: string | null;
  productNameVi: string;
  productNameEn: string | null;
  organisationName: string;
  uom: string;
}

export interface KdeDelivery {
  batchId: string;
  reference: string;
  quantity: number;
  uom: string;
  suppliedOn: string;
  /** The household's name only where the viewer may read it; otherwise null and the row says "member household". */
  householdName: string | null;
}

export interface KdeSale {
  batchId: string;
  orderNumber: string;
  subOrderReference: string;
  subOrderStatus: string;
  quantity: number;
  orderedAt: string;
  provinceNameVi: string;
  provinceNameEn: string;
  communeName: string;
}

export interface KdeInput {
  lots: KdeLot[];
  events: KdeEvent[];
  deliveries: KdeDelivery[];
  sales: KdeSale[];
}

export interface KdeRow {
  cte: CriticalTrackingEvent;
  /** UTC instant (ISO) for sorting; shown in Vietnam's time. */
  time: string;
  lotCode: string;
  gtin: string | null;
  product: string;
  quantity: number | null;
  unit: string | null;
  location: string;
  organisation: string;
  reference: string;
  description: string;
}

/** Which critical tracking event a recorded step is; null for steps that are none (storing, other CBV steps). */
export function cteOfStep(kind: string | null): CriticalTrackingEvent | null {
  switch (kind) {
    case "planting":
    case "fertilising":
    case "spraying":
      return "growing";
    case "harvesting":
      return "harvesting";
    case "receiving":
      return "receiving";
    case "transformation":
    case "processing":
      return "transforming";
    case "packing":
      return "packing";
    case "shipping":
      return "shipping";
    default:
      return null;
  }
}

/** "2026-03-24 07:00": Vietnam's wall clock, sortable as text in any spreadsheet. */
export function vietnamStamp(iso: string): string {
  const local = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

const referenceKeys = ["reportNumber", "lab", "standard", "carrier", "destination", "source", "packaging", "product", "dose", "preHarvestIntervalDays"] as const;

/** The rows of the spreadsheet, sorted by time, then by the order of the critical tracking events, then lot code. */
export function buildKdeRows(input: KdeInput, locale: Locale, t: Translate): KdeRow[] {
  const lots = new Map(input.lots.map((l) => [l.batchId, l]));
  const productOf = (lot: KdeLot) => (locale === "en" ? (lot.productNameEn ?? lot.productNameVi) : lot.productNameVi);
  const rows: KdeRow[] = [];
  for (const e of input.events) {
    const cte = cteOfStep(e.kind);
    const lot = lots.get(e.batchId);
    if (!cte || !lot) continue;
    const refs = referenceKeys
      .filter((k) => e.details[k])
      .map((k) => `${t(`detail.${k}`)}: ${e.details[k]}`);
    rows.push({
      cte,
      time: e.eventTime,
      lotCode: lot.lotCode,
      gtin: lot.gtin,
      product: productOf(lot),
      quantity: e.quantity,
      unit: e.uom,
      location: [e.locationName, e.communeName, e.provinceName].filter(Boolean).join(", "),
      organisation: lot.organisationName,
      reference: [t("kde.ref.event", { id: e.eventId }), ...refs].join("; "),
      description: e.kind ? t(`step.${e.kind}` as Parameters<Translate>[0]) : "",
    });
  }
  for (const d of input.deliveries) {
    const lot = lots.get(d.batchId);
    if (!lot) continue;
    rows.push({
      cte: "receiving",
      // A delivery note carries a day, not an hour: noon in Vietnam keeps it inside that day in either zone.
      time: new Date(`${d.suppliedOn}T12:00:00+07:00`).toISOString(),
      lotCode: lot.lotCode,
      gtin: lot.gtin,
      product: productOf(lot),
      quantity: d.quantity,
      unit: d.uom,
      location: lot.organisationName,
      organisation: lot.organisationName,
      reference: t("kde.ref.deliveryNote", { reference: d.reference }),
      description: d.householdName ? t("kde.desc.deliveryFrom", { name: d.householdName }) : t("kde.desc.deliveryMember"),
    });
  }
  for (const s of input.sales) {
    const lot = lots.get(s.batchId);
    if (!lot) continue;
    rows.push({
      cte: "selling",
      time: s.orderedAt,
      lotCode: lot.lotCode,
      gtin: lot.gtin,
      product: productOf(lot),
      quantity: s.quantity,
      unit: "H87",
      location: [s.communeName, locale === "en" ? s.provinceNameEn : s.provinceNameVi].filter(Boolean).join(", "),
      organisation: lot.organisationName,
      reference: t("kde.ref.order", { number: s.orderNumber, reference: s.subOrderReference }),
      description: t("kde.desc.sale", { status: s.subOrderStatus }),
    });
  }
  const rank = new Map(criticalTrackingEvents.map((c, i) => [c, i]));
  // The collator String.prototype.localeCompare would make on every call, made once (ten thousand rows share times).
  const compare = new Intl.Collator().compare;
  return rows.sort(
    (a, b) =>
      (a.time < b.time ? -1 : a.time > b.time ? 1 : 0) ||
      rank.get(a.cte)! - rank.get(b.cte)! ||
      compare(a.lotCode, b.lotCode) ||
      compare(a.reference, b.reference),
  );
}

/** The rows as the dashboards' table shape, so the one CSV/XLSX writer writes them (column names in the reader's language). */
export function kdeTable(rows: readonly KdeRow[], lotCode: string, t: Translate): DataTable {
  const columns = [
    { key: "kde.col.cte", kind: "text" },
    { key: "kde.col.time", kind: "text" },
    { key: "kde.col.lotCode", kind: "text" },
    { key: "kde.col.gtin", kind: "text" },
    { key: "kde.col.product", kind: "text" },
    { key: "kde.col.quantity", kind: "number" },
    { key: "kde.col.unit", kind: "text" },
    { key: "kde.col.location", kind: "text" },
    { key: "kde.col.organisation", kind: "text" },
    { key: "kde.col.description", kind: "text" },
    { key: "kde.col.reference", kind: "text" },
  ] as const;
  // Rows share critical tracking events and times: each label and stamp is made once.
  const cteLabels = new Map(criticalTrackingEvents.map((c) => [c, t(`kde.cte.${c}`)]));
  const stamps = new Map<string, string>();
  const stampOf = (time: string) => {
    let stamp = stamps.get(time);
    if (stamp === undefined) stamps.set(time, (stamp = vietnamStamp(time)));
    return stamp;
  };
  return {
    id: "kde",
    title: t("kde.title", { lot: lotCode }),
    columns: columns.map((c) => ({ label: t(c.key), kind: c.kind })),
    rows: rows.map((r): CellValue[] => [
      cteLabels.get(r.cte)!,
      stampOf(r.time),
      r.lotCode,
      r.gtin,
      r.product,
      r.quantity,
      r.unit,
      r.location,
      r.organisation,
      r.description,
      r.reference,
    ]),
    total: null,
  };
}
