import { and, desc, eq, isNotNull, or, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { traceEvents } from "#db/schema";
import type { StepLocation } from "./form-defaults";

const hasPlace = or(isNotNull(traceEvents.communeId), isNotNull(traceEvents.locationName));

/**
 * The places of the step this organisation recorded last on this lot and, when the lot has none, on any of its
 * lots: most recently recorded first, the step's own time and position breaking ties. `stepFormDefaults` picks.
 */
export async function readLastUsedLocations(
  db: Database,
  organisationId: string,
  batchId: string,
): Promise<{ lastOfLot: StepLocation | null; lastOfOrganisation: StepLocation | null }> {
  const latest = async (scope?: SQL) => {
    const [row] = await db
      .select({ communeId: traceEvents.communeId, locationName: traceEvents.locationName })
      .from(traceEvents)
      .where(and(eq(traceEvents.organisationId, organisationId), hasPlace, scope))
      .orderBy(desc(traceEvents.recordedAt), desc(traceEvents.eventTime), desc(traceEvents.sequence))
      .limit(1);
    return row ?? null;
  };
  const lastOfLot = await latest(eq(traceEvents.batchId, batchId));
  return { lastOfLot, lastOfOrganisation: lastOfLot ? null : await latest() };
}
