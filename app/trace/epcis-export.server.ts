/** Loads a batch, its ancestors, their events and lineage, and builds the EPCIS 2.0 document (epcis.ts). */
import { inArray, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { batchInputs, traceEvents } from "#db/schema";
import { buildEpcisDocument, type EpcisBatch, type EpcisDocument } from "./epcis";
import { isCode } from "./gs1/serials.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The batch named by its id or short code and every batch upstream of it, or null when unknown. */
export async function getBatchEpcisDocument(
  db: Database,
  idOrCode: string,
  baseUrl: string,
  creationDate: Date = new Date(),
): Promise<EpcisDocument | null> {
  const byId = UUID.test(idOrCode);
  if (!byId && !isCode(idOrCode)) return null;
  const result = await db.execute(sql`
    with recursive root as (
      select id from batches where ${byId ? sql`id = ${idOrCode.toLowerCase()}::uuid` : sql`short_code = ${idOrCode}`}
    ), up(id, depth) as (
      select id, 0 from root
      union
      select bi.input_batch_id, up.depth + 1 from batch_inputs bi join up on bi.output_batch_id = up.id where up.depth < 20
    )
    select distinct b.id, b.lot_code, b.short_code, p.gtin
    from up join batches b on b.id = up.id join products p on p.id = b.product_id`);
  const batchRows = rowsOf<{ id: string; lot_code: string; short_code: string; gtin: string | null }>(result);
  if (batchRows.length === 0) return null;
  const ids = batchRows.map((b) => b.id);
  const batchList: EpcisBatch[] = batchRows.map((b) => ({ id: b.id, lotCode: b.lot_code, gtin: b.gtin, shortCode: b.short_code }));
  const [events, lineage] = await Promise.all([
    db.select().from(traceEvents).where(inArray(traceEvents.batchId, ids)),
    db.select().from(batchInputs).where(inArray(batchInputs.outputBatchId, ids)),
  ]);
  return buildEpcisDocument({ batches: batchList, events, lineage, baseUrl, creationDate });
}
