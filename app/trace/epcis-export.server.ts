/** Loads a batch, its ancestors, their events and lineage, and builds the EPCIS 2.0 document (epcis.ts). */
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { batchInputs, communes, organisations, traceAttachments, traceEvents } from "#db/schema";
import {
  buildEpcisDocument,
  publicEventDetails,
  type EpcisAudience,
  type EpcisBatch,
  type EpcisDocument,
  type EpcisOrganisation,
} from "./epcis";
import { isCode } from "./gs1/serials.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EpcisBatchOwner {
  batchId: string;
  organisationId: string;
  /** Only an approved (active) organisation's export is public. */
  organisationActive: boolean;
}

/** The batch named by its id or short code and whose it is, or null when unknown. */
export async function findEpcisBatchOwner(db: Database, idOrCode: string): Promise<EpcisBatchOwner | null> {
  const byId = UUID.test(idOrCode);
  if (!byId && !isCode(idOrCode)) return null;
  const rows = rowsOf<{ id: string; organisation_id: string; active: boolean }>(
    await db.execute(sql`
      select b.id, b.organisation_id, o.status = 'active' as active
      from batches b join organisations o on o.id = b.organisation_id
      where ${byId ? sql`b.id = ${idOrCode.toLowerCase()}::uuid` : sql`b.short_code = ${idOrCode}`}`),
  );
  const row = rows[0];
  return row ? { batchId: row.id, organisationId: row.organisation_id, organisationActive: row.active } : null;
}

export type EpcisExport =
  | { ok: true; document: EpcisDocument; audience: EpcisAudience }
  | { ok: false; reason: "not_found" | "not_public" };

/**
 * The export a reader may have. `readerOrganisations` are the organisations the reader speaks for (a member's
 * session or an API key; none for anyone): the owner gets the full export of its own batches' events (notes, every
 * attachment); anyone else gets the public one, and none at all of an organisation not yet approved.
 */
export async function exportBatchEpcis(
  db: Database,
  idOrCode: string,
  args: { baseUrl: string; readerOrganisations: readonly string[]; creationDate?: Date },
): Promise<EpcisExport> {
  const owner = await findEpcisBatchOwner(db, idOrCode);
  if (!owner) return { ok: false, reason: "not_found" };
  const audience: EpcisAudience = args.readerOrganisations.includes(owner.organisationId) ? "full" : "public";
  if (audience === "public" && !owner.organisationActive) return { ok: false, reason: "not_public" };
  const document = await getBatchEpcisDocument(db, owner.batchId, args.baseUrl, args.creationDate ?? new Date(), audience === "full" ? owner.organisationId : null);
  return document ? { ok: true, document, audience } : { ok: false, reason: "not_found" };
}

/**
 * The batch named by its id or short code and every batch upstream of it, or null when unknown. Events of
 * batches of `fullFor` keep their whole details; every other event (all of them when `fullFor` is null, the
 * default) carries only its public details (publicEventDetails).
 */
export async function getBatchEpcisDocument(
  db: Database,
  idOrCode: string,
  baseUrl: string,
  creationDate: Date = new Date(),
  fullFor: string | null = null,
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
    select distinct b.id, b.lot_code, b.short_code, b.organisation_id, p.gtin
    from up join batches b on b.id = up.id join products p on p.id = b.product_id`);
  const batchRows = rowsOf<{ id: string; lot_code: string; short_code: string; organisation_id: string; gtin: string | null }>(result);
  if (batchRows.length === 0) return null;
  const ids = batchRows.map((b) => b.id);
  const batchList: EpcisBatch[] = batchRows.map((b) => ({ id: b.id, lotCode: b.lot_code, gtin: b.gtin, shortCode: b.short_code, organisationId: b.organisation_id }));
  const organisationIds = [...new Set(batchRows.map((b) => b.organisation_id))];
  const ownBatches = new Set(batchRows.filter((b) => fullFor !== null && b.organisation_id === fullFor).map((b) => b.id));
  const [events, lineage, publicAttachments, owners] = await Promise.all([
    db.select().from(traceEvents).where(inArray(traceEvents.batchId, ids)),
    db.select().from(batchInputs).where(inArray(batchInputs.outputBatchId, ids)),
    db
      .select({ eventId: traceAttachments.eventId })
      .from(traceAttachments)
      .innerJoin(traceEvents, eq(traceEvents.id, traceAttachments.eventId))
      .where(and(inArray(traceEvents.batchId, ids), eq(traceAttachments.public, true))),
    db.select({ id: organisations.id, gln: organisations.gln, communeId: organisations.communeId }).from(organisations).where(inArray(organisations.id, organisationIds)),
  ]);
  const communeIds = [...new Set(events.map((e) => e.communeId).filter((id): id is number => id !== null))];
  const communeRows = communeIds.length > 0 ? await db.select({ id: communes.id, code: communes.code }).from(communes).where(inArray(communes.id, communeIds)) : [];
  const organisationList: EpcisOrganisation[] = owners.map((o) => ({ id: o.id, gln: o.gln, communeId: o.communeId }));
  const publicEvents = new Set(publicAttachments.map((a) => a.eventId));
  const shown = events.map((e) => (ownBatches.has(e.batchId) ? e : { ...e, details: publicEventDetails(e.details, publicEvents.has(e.id), baseUrl) }));
  return buildEpcisDocument({
    batches: batchList,
    events: shown,
    lineage,
    organisations: organisationList,
    communeCodes: new Map(communeRows.map((c) => [c.id, c.code])),
    publicAttachmentEvents: publicEvents,
    baseUrl,
    creationDate,
  });
}
