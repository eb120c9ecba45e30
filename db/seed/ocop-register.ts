/**
 * The demo products' OCOP certificates enter the register as they would for a province starting on the platform:
 * recorded without an evaluation, most of them already confirmed by the department (the last two still await it),
 * so the demo's stars come from the register like everyone's (app/ocop/register.server.ts mirrors them).
 */
import type { Database } from "#db/client.server";
import { systemActor, transact } from "~/lib/transact.server";
import { recordCertificateInTx } from "~/ocop/register.server";
import { demoProducts, ocopExpiry } from "./demo";

/** How many of the demo certificates (the most recently issued) are left for the department to confirm. */
export const DEMO_UNCONFIRMED_CERTIFICATES = 2;

export async function seedDemoRegister(tx: Database, productIds: Map<string, string>): Promise<number> {
  const certified = demoProducts.filter((p) => p.ocop).sort((a, b) => a.ocop!.issuedOn.localeCompare(b.ocop!.issuedOn));
  let recorded = 0;
  for (const [i, p] of certified.entries()) {
    const productId = productIds.get(p.slug);
    if (!productId) continue;
    const o = p.ocop!;
    const result = await transact(tx, systemActor, (t) =>
      recordCertificateInTx(t, {
        productId,
        actorId: null,
        confirmed: i < certified.length - DEMO_UNCONFIRMED_CERTIFICATES,
        input: { number: o.certificate, stars: o.stars, group: o.group, score: o.score, issuedOn: o.issuedOn, expiresOn: ocopExpiry(o.issuedOn) },
      }),
    );
    if (result.ok && !result.alreadyRecorded) recorded += 1;
  }
  return recorded;
}
