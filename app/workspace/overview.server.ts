import { and, count, eq, ne } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { batches, products, traceEvents } from "#db/schema";
import { listCertificateWarnings } from "~/catalog/products.server";
import { listOrganisationBatches } from "~/trace/batches.server";

/** What a cooperative sees first: its figures, certificates to renew and its latest lots. */
export async function getWorkspaceOverview(db: Database, organisationId: string, today: string) {
  const [[productCount], [batchCount], [eventCount], warnings, recent] = await Promise.all([
    db
      .select({ n: count() })
      .from(products)
      .where(and(eq(products.organisationId, organisationId), ne(products.status, "retired"))),
    db.select({ n: count() }).from(batches).where(eq(batches.organisationId, organisationId)),
    db.select({ n: count() }).from(traceEvents).where(eq(traceEvents.organisationId, organisationId)),
    listCertificateWarnings(db, [organisationId], today),
    listOrganisationBatches(db, organisationId, 5),
  ]);
  return {
    products: productCount?.n ?? 0,
    batches: batchCount?.n ?? 0,
    events: eventCount?.n ?? 0,
    warnings,
    recent,
  };
}
