// 10,000 serialised unit codes issued and their label PDF generated, on a migrated, seeded database.
// Bundled and run by tests/bench/origin.bench.mjs; prints one JSON line.
import { fileURLToPath } from "node:url";
import { eq, isNotNull } from "drizzle-orm";
import { openDatabase } from "#db/client.server";
import { batches, products } from "#db/schema";
import { seedDemoData } from "#db/seed";
import { issueSerialUnits, labelHumanReadable, labelSheetPdf, labelUri, listSerials } from "~/trace/labels.server";

const url = process.env.BENCH_LABELS_DATABASE_URL;
const handle = url ? await openDatabase({ driver: "postgres", url }) : await openDatabase({ driver: "pglite", dataDir: null });
await handle.migrate(fileURLToPath(new URL("../db/migrations", import.meta.url)));
await seedDemoData(handle.db);
const [batch] = await handle.db
  .select({ id: batches.id, organisationId: batches.organisationId, shortCode: batches.shortCode, lotCode: batches.lotCode, gtin: products.gtin, name: products.nameVi, producedOn: batches.producedOn, bestBefore: batches.bestBefore, stars: products.ocopStars })
  .from(batches)
  .innerJoin(products, eq(products.id, batches.productId))
  .where(isNotNull(products.gtin))
  .limit(1);
if (!batch) throw new Error("no batch");
const started = performance.now();
const issued = await issueSerialUnits(handle.db, { organisationId: batch.organisationId, batchId: batch.id, count: 10_000 });
if (!issued.ok) throw new Error(issued.reason);
const issuedMs = performance.now() - started;
const serials = await listSerials(handle.db, batch.id);
const pdf = await labelSheetPdf({
  size: "50x30",
  productName: batch.name,
  lotCode: batch.lotCode,
  producedOn: batch.producedOn,
  bestBefore: batch.bestBefore,
  ocopStars: batch.stars,
  captions: { lot: "Lô", produced: "NSX", bestBefore: "HSD" },
  formatDate: (d) => d.split("-").reverse().join("/"),
  labels: serials.map((s) => ({ uri: labelUri("https://trace.example.vn", batch, s), human: labelHumanReadable(batch, s) })),
  title: "bench",
});
const totalMs = performance.now() - started;
console.log(JSON.stringify({ driver: handle.driver, serials: serials.length, issueMs: Math.round(issuedMs), totalMs: Math.round(totalMs), pdfBytes: pdf.length }));
await handle.close();
