import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { appMeta, batches, communes, organisations, products } from "#db/schema";
import { ensureOcopCriteria } from "~/ocop/criteria.server";
import { appendTraceEvent, recordTransformation } from "~/trace/events.server";
import { DEMO_ACCOUNTS_REFUSED_NOTICE, seedDemoAccounts } from "./accounts";
import { seedDemoActivity } from "./activity";
import { demoCommunes, THAI_NGUYEN } from "./communes";
import { seedDemoMarket } from "./market";
import { seedDemoRegister } from "./ocop-register";
import { seedDemoOcopRounds } from "./ocop-rounds";
import { seedDemoSupport } from "./support";
import { seedDemoCases, seedSupervisoryBody } from "./supervision";
import {
  bestBefore,
  demoBatches,
  demoGtin,
  demoOrganisations,
  demoProducts,
  demoTimeline,
  ocopExpiry,
  type DemoBatch,
  type DemoOrganisation,
  type DemoProduct,
} from "./demo";

/** The app_meta key whose presence says the demo data was loaded (pages then say so). */
export const DEMO_SEED_KEY = "demo_seed";
const DEMO_SEED_VERSION = 1;

export interface SeedCounts {
  communes: number;
  organisations: number;
  products: number;
  batches: number;
  traceEvents: number;
  transformations: number;
}

export interface SeedResult {
  /** False when the demo data was already there and nothing was written. */
  seeded: boolean;
  /** Rows this run inserted. */
  counts: SeedCounts;
  /** What the caller should tell whoever runs the seed (the CLI prints them, the server logs them). */
  notices: string[];
}

/**
 * Loads the Thái Nguyên demo data in one transaction. Idempotent: rows are matched on their natural
 * keys, and once the `demo_seed` marker is written a later run returns at once.
 */
export async function seedDemoData(db: Database, options: { env?: Record<string, string | undefined> } = {}): Promise<SeedResult> {
  // Reference data (not demo data), needed by the OCOP demo records below; a no-op when present.
  await ensureOcopCriteria(db);
  return db.transaction(async (tx) => {
    // Two processes seeding at once would otherwise both find the marker missing.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('ocoptrace:demo_seed', 0))`);
    const counts: SeedCounts = { communes: 0, organisations: 0, products: 0, batches: 0, traceEvents: 0, transformations: 0 };
    const [marker] = await tx.select({ key: appMeta.key }).from(appMeta).where(eq(appMeta.key, DEMO_SEED_KEY));
    if (marker) {
      // Demo accounts can be enabled after the first seed (DEMO_ACCOUNTS=true on a later start); a refusal was told the first time.
      await seedSupervisoryBody(tx);
      await seedDemoAccounts(tx, options);
      await seedDemoMarket(tx);
      await seedDemoActivity(tx);
      await seedDemoSupport(tx);
      await seedDemoCases(tx);
      return { seeded: false, counts, notices: [] };
    }

    const communeIds = await seedCommunes(tx, counts);
    const organisationIds = await seedOrganisations(tx, communeIds, counts);
    const productIds = await seedProducts(tx, organisationIds, counts);
    await seedDemoRegister(tx, productIds);
    await seedBatchesAndEvents(tx, { communeIds, organisationIds, productIds }, counts);
    await seedSupervisoryBody(tx);
    const accounts = await seedDemoAccounts(tx, options);
    await seedDemoMarket(tx);
    await seedDemoActivity(tx);
    await seedDemoSupport(tx);
    await seedDemoCases(tx);
    await seedDemoOcopRounds(tx, productIds);

    const seeded = Object.values(counts).some((n) => n > 0);
    await tx
      .insert(appMeta)
      .values({ key: DEMO_SEED_KEY, value: { seededAt: new Date().toISOString(), version: DEMO_SEED_VERSION, counts } })
      .onConflictDoNothing();
    return { seeded, counts, notices: accounts.refused ? [DEMO_ACCOUNTS_REFUSED_NOTICE] : [] };
  });
}

async function seedCommunes(tx: Database, counts: SeedCounts): Promise<Map<string, number>> {
  const inserted = await tx
    .insert(communes)
    .values(demoCommunes.map((c) => ({ provinceCode: THAI_NGUYEN, nameVi: c.nameVi, kind: c.kind, slug: c.slug })))
    .onConflictDoNothing({ target: [communes.provinceCode, communes.slug] })
    .returning({ id: communes.id });
  counts.communes = inserted.length;
  const rows = await tx
    .select({ id: communes.id, slug: communes.slug })
    .from(communes)
    .where(and(eq(communes.provinceCode, THAI_NGUYEN), inArray(communes.slug, demoCommunes.map((c) => c.slug))));
  return new Map(rows.map((r) => [r.slug, r.id]));
}

function lookup<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Demo seed: unknown ${what} ${String(key)}`);
  return value;
}

async function seedOrganisations(
  tx: Database,
  communeIds: Map<string, number>,
  counts: SeedCounts,
): Promise<Map<string, string>> {
  const inserted = await tx
    .insert(organisations)
    .values(
      demoOrganisations.map((o) => ({
        slug: o.slug,
        kind: o.kind,
        status: "active" as const,
        name: o.name,
        nameEn: o.nameEn,
        communeId: o.commune ? lookup(communeIds, o.commune, "commune") : null,
        address: o.address,
        phone: o.phone,
        email: o.email,
        website: o.website ?? null,
        descriptionVi: o.descriptionVi,
        descriptionEn: o.descriptionEn,
        foundedYear: o.foundedYear,
        memberCount: o.memberCount,
        bankBin: o.bank?.bin ?? null,
        bankAccountNumber: o.bank?.account ?? null,
        bankAccountName: o.bank?.holder ?? null,
        isDemo: true,
      })),
    )
    .onConflictDoNothing({ target: organisations.slug })
    .returning({ id: organisations.id });
  counts.organisations = inserted.length;
  const rows = await tx
    .select({ id: organisations.id, slug: organisations.slug, isDemo: organisations.isDemo })
    .from(organisations)
    .where(inArray(organisations.slug, demoOrganisations.map((o) => o.slug)));
  // Demo products must never land under a real producer that happens to share a slug.
  const real = rows.find((r) => !r.isDemo);
  if (real) throw new Error(`Demo seed: organisation slug ${real.slug} belongs to real data; not seeding demo data`);
  return new Map(rows.map((r) => [r.slug, r.id]));
}

async function seedProducts(
  tx: Database,
  organisationIds: Map<string, string>,
  counts: SeedCounts,
): Promise<Map<string, string>> {
  const organisationBySlug = new Map(demoOrganisations.map((o) => [o.slug, o]));
  const inserted = await tx
    .insert(products)
    .values(
      demoProducts.map((p) => ({
        organisationId: lookup(organisationIds, p.organisation, "organisation"),
        slug: p.slug,
        kind: p.kind,
        nameVi: p.nameVi,
        nameEn: p.nameEn,
        descriptionVi: p.descriptionVi,
        descriptionEn: p.descriptionEn,
        category: p.category,
        ocopGroup: p.ocop?.group ?? null,
        ocopStars: p.ocop?.stars ?? null,
        ocopScore: p.ocop?.score ?? null,
        ocopCertificateNumber: p.ocop?.certificate ?? null,
        ocopIssuedOn: p.ocop?.issuedOn ?? null,
        ocopExpiresOn: p.ocop ? ocopExpiry(p.ocop.issuedOn) : null,
        keyProductLevel: p.keyProductLevel ?? null,
        gtin: p.gtinItem ? demoGtin(lookup(organisationBySlug, p.organisation, "organisation"), p.gtinItem) : null,
        unitVi: p.unitVi,
        unitEn: p.unitEn,
        netQuantity: p.netQuantity ?? null,
        netUom: p.netUom ?? null,
        priceVnd: p.priceVnd ?? null,
        isFeatured: p.featured ?? false,
        isDemo: true,
      })),
    )
    .onConflictDoNothing({ target: products.slug })
    .returning({ id: products.id });
  counts.products = inserted.length;
  const rows = await tx
    .select({ id: products.id, slug: products.slug })
    .from(products)
    .where(inArray(products.slug, demoProducts.map((p) => p.slug)));
  return new Map(rows.map((r) => [r.slug, r.id]));
}

async function seedBatchesAndEvents(
  tx: Database,
  ids: { communeIds: Map<string, number>; organisationIds: Map<string, string>; productIds: Map<string, string> },
  counts: SeedCounts,
): Promise<void> {
  const productBySlug = new Map(demoProducts.map((p) => [p.slug, p]));
  const organisationBySlug = new Map(demoOrganisations.map((o) => [o.slug, o]));
  const key = (product: string, lot: string) => `${product}/${lot}`;

  const inserted = await tx
    .insert(batches)
    .values(
      demoBatches.map((b) => {
        const product = lookup(productBySlug, b.product, "product");
        return {
          organisationId: lookup(ids.organisationIds, product.organisation, "organisation"),
          productId: lookup(ids.productIds, b.product, "product"),
          lotCode: b.lot,
          quantity: b.quantity,
          uom: b.uom,
          producedOn: b.producedOn,
          bestBefore: bestBefore(product, b.producedOn),
          originCommuneId: lookup(ids.communeIds, b.commune, "commune"),
          farmPlot: b.farmPlot ?? null,
          status: b.status ?? "active",
          isDemo: true,
        };
      }),
    )
    .onConflictDoNothing({ target: [batches.productId, batches.lotCode] })
    .returning({ id: batches.id });
  counts.batches = inserted.length;
  const insertedIds = new Set(inserted.map((r) => r.id));

  const productSlugById = new Map([...ids.productIds].map(([slug, id]) => [id, slug]));
  const rows = await tx
    .select({ id: batches.id, productId: batches.productId, lotCode: batches.lotCode })
    .from(batches)
    .where(inArray(batches.productId, [...ids.productIds.values()]));
  const batchIds = new Map(rows.map((r) => [key(productSlugById.get(r.productId) ?? "", r.lotCode), r.id]));

  // Lots made from other lots come last, so that their inputs' timelines exist first.
  const ordered = [...demoBatches.filter((b) => !b.madeFrom), ...demoBatches.filter((b) => b.madeFrom)];
  for (const batch of ordered) {
    const batchId = lookup(batchIds, key(batch.product, batch.lot), "batch");
    // A lot already present keeps the timeline it has: chains are append-only.
    if (!insertedIds.has(batchId)) continue;
    await seedTimeline(tx, batch, batchId, { ...ids, batchIds, productBySlug, organisationBySlug, key }, counts);
  }
}

async function seedTimeline(
  tx: Database,
  batch: DemoBatch,
  batchId: string,
  ctx: {
    communeIds: Map<string, number>;
    organisationIds: Map<string, string>;
    batchIds: Map<string, string>;
    productBySlug: Map<string, DemoProduct>;
    organisationBySlug: Map<string, DemoOrganisation>;
    key: (product: string, lot: string) => string;
  },
  counts: SeedCounts,
): Promise<void> {
  const product = lookup(ctx.productBySlug, batch.product, "product");
  const organisation = lookup(ctx.organisationBySlug, product.organisation, "organisation");
  const organisationId = lookup(ctx.organisationIds, organisation.slug, "organisation");
  // The lot's position varies labs, carriers and inputs from one lot to the next, deterministically.
  const index = demoBatches.indexOf(batch);
  const communeId = (slug: string | null) => (slug ? lookup(ctx.communeIds, slug, "commune") : null);

  for (const step of demoTimeline(batch, product, organisation, index)) {
    if (step.kind === "transformation") {
      const { commune, ...event } = step.event;
      const inputs = (batch.madeFrom ?? []).map((i) => {
        const source = demoBatches.find((b) => b.product === i.product && b.lot === i.lot);
        if (!source) throw new Error(`Demo seed: unknown input ${i.product}/${i.lot}`);
        return { batchId: lookup(ctx.batchIds, ctx.key(i.product, i.lot), "batch"), quantity: i.quantity, uom: source.uom };
      });
      const result = await recordTransformation(tx, {
        organisationId,
        outputBatchId: batchId,
        inputs,
        event: { ...event, communeId: communeId(commune), isDemo: true },
      });
      if (!result.ok) throw new Error(`Demo seed: transformation into ${batch.lot} rejected (${result.reason})`);
      counts.transformations += 1;
    } else {
      const { commune, ...event } = step.event;
      const result = await appendTraceEvent(tx, {
        ...event,
        organisationId,
        batchId,
        communeId: communeId(commune),
        isDemo: true,
      });
      if (!result.ok) {
        throw new Error(`Demo seed: event ${event.bizStep} of ${batch.lot} rejected (${result.reason} ${JSON.stringify(result.issues ?? [])})`);
      }
    }
    counts.traceEvents += 1;
  }
}
