import type { Database } from "#db/client.server";
import { exportResponse, type ExportFormat } from "~/insights/export.server";
import { translate, type Locale } from "~/lib/i18n";
import { buildKdeRows, kdeTable, type KdeInput, type KdeRow } from "./kde";
import { type TraceViewer } from "./lineage-trace";
import { backwardTrace, forwardTrace, traceEventsOf } from "./lineage-trace.server";

/**
 * The key-data-elements rows of a lot's whole trace (backward and forward), as far as the viewer may see: the two
 * traces, plus the events of the downstream lots the viewer reads (the backward trace already has the upstream ones).
 * Null when the lot does not exist.
 */
export async function keyDataElements(db: Database, batchId: string, viewer: TraceViewer, locale: Locale): Promise<{ lotCode: string; rows: KdeRow[] } | null> {
  const [backward, forward] = await Promise.all([backwardTrace(db, batchId, viewer), forwardTrace(db, batchId, viewer)]);
  if (!backward || !forward) return null;
  const downstream = forward.lots.filter((l) => l.depth > 0);
  const downstreamEvents = await traceEventsOf(
    db,
    downstream.map((l) => l.batchId),
    new Map(downstream.map((l) => [l.batchId, l.lotCode])),
  );
  const input: KdeInput = {
    lots: [...backward.lots, ...downstream],
    events: [...backward.events, ...downstreamEvents],
    deliveries: [
      ...backward.households.map((h) => ({ batchId: h.batchId, reference: h.reference, quantity: h.quantity, uom: h.uom, suppliedOn: h.suppliedOn, householdName: h.householdName })),
      ...backward.deliveriesUnnamed,
    ],
    sales: forward.orderLines
      .filter((l) => !l.released)
      .map((l) => ({
        batchId: l.batchId,
        orderNumber: l.orderNumber,
        subOrderReference: l.subOrderReference,
        subOrderStatus: l.subOrderStatus,
        quantity: l.quantity,
        orderedAt: l.orderedAt,
        provinceNameVi: l.delivery.provinceNameVi,
        provinceNameEn: l.delivery.provinceNameEn,
        communeName: l.delivery.communeName,
      })),
  };
  const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);
  return { lotCode: forward.root.lotCode, rows: buildKdeRows(input, locale, t) };
}

/** The spreadsheet as a download (CSV or XLSX), column names in the reader's language. */
export async function keyDataElementsResponse(
  db: Database,
  batchId: string,
  viewer: TraceViewer,
  locale: Locale,
  format: ExportFormat,
  today: string,
): Promise<Response | null> {
  const kde = await keyDataElements(db, batchId, viewer, locale);
  if (!kde) return null;
  const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(locale, key, vars);
  return exportResponse(`kde-${kde.lotCode}`, kdeTable(kde.rows, kde.lotCode, t), { from: today, to: today }, format);
}
