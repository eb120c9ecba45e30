import { fileURLToPath } from "node:url";
import { DatabaseUnavailableError, openDatabase } from "./client.server";
import { seedDemoData } from "./seed";

// Run as `npm run db:migrate` / `npm run db:seed`: same configuration as the server.
const usage = "usage: node build/db.js <migrate|seed|stripe:reconcile>";
const migrationsFolder = fileURLToPath(new URL("../db/migrations", import.meta.url));

async function main(command: string | undefined): Promise<void> {
  if (command !== "migrate" && command !== "seed" && command !== "stripe:reconcile") throw new Error(usage);
  const { parseEnv } = await import("../app/lib/env.server");
  const env = parseEnv(process.env);
  const handle = env.DATABASE_URL
    ? await openDatabase({ driver: "postgres", url: env.DATABASE_URL, maxConnections: 2 })
    : await openDatabase({ driver: "pglite", dataDir: env.DATA_DIR });
  try {
    await handle.migrate(migrationsFolder);
    process.stdout.write(`migrations applied (${handle.driver}: ${handle.location})\n`);
    const { ensureOcopCriteria } = await import("../app/ocop/criteria.server");
    const criteria = await ensureOcopCriteria(handle.db);
    if (criteria.sets + criteria.sheets > 0) process.stdout.write(`OCOP criteria added: ${JSON.stringify(criteria)}\n`);
    if (command === "stripe:reconcile") {
      // The market's job: heals card orders whose webhook never came (docs/decisions/0008-payments-stripe-and-vietqr.md).
      const { runCardReconciliation } = await import("../app/market/payments/reconcile.server");
      const { createLogger } = await import("../app/http/request-log");
      const logger = createLogger(process.stderr);
      const report = await runCardReconciliation(handle.db, env, logger).finally(() => logger.flush());
      process.stdout.write(`stripe reconciled: ${JSON.stringify(report)}\n`);
    }
    if (command === "seed") {
      const result = await seedDemoData(handle.db);
      for (const notice of result.notices) process.stderr.write(`${notice}\n`);
      process.stdout.write(
        result.seeded ? `demo data loaded: ${JSON.stringify(result.counts)}\n` : "demo data already present: nothing changed\n",
      );
    }
  } finally {
    await handle.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  const known = error instanceof DatabaseUnavailableError || (error instanceof Error && error.name === "ConfigError");
  process.stderr.write(`ocop-trace: ${error instanceof Error ? (known ? error.message : error.stack) : String(error)}\n`);
  process.exit(1);
});
