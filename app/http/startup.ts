import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  countAppliedMigrations,
  DatabaseUnavailableError,
  openDatabase,
  type DatabaseHandle,
} from "#db/client.server";
import { seedDemoData } from "#db/seed";
import { ensureOcopCriteria } from "~/ocop/criteria.server";
import type { AppEnv } from "~/lib/env.server";
import type { Logger } from "./request-log";

export class StartupError extends Error {
  override name = "StartupError";
}

export function countMigrationFiles(migrationsFolder: string): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/**
 * Opens the configured database and makes it ready to serve. Embedded: migrate, then load the
 * demo data on the first start. Server: migrations are an explicit step (`npm run db:migrate`),
 * so a database that is behind stops the start with a line saying so.
 */
export async function prepareDatabase(env: AppEnv, migrationsFolder: string, logger: Logger): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  try {
    handle = env.DATABASE_URL
      ? await openDatabase({ driver: "postgres", url: env.DATABASE_URL })
      : await openDatabase({ driver: "pglite", dataDir: env.DATA_DIR });
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw new StartupError(error.message);
    throw error;
  }
  try {
    if (handle.driver === "pglite") {
      await handle.migrate(migrationsFolder);
      await ensureOcopCriteria(handle.db);
      if (env.DEMO_SEED) {
        const result = await seedDemoData(handle.db);
        if (result.seeded) logger.log("info", "demo data loaded", { ...result.counts });
        for (const notice of result.notices) logger.log("warn", notice);
      }
    } else {
      const expected = countMigrationFiles(migrationsFolder);
      const applied = await countAppliedMigrations(handle.db);
      if (applied < expected) {
        throw new StartupError(
          `The PostgreSQL database at ${handle.location} has ${applied} of ${expected} migrations applied: run \`npm run db:migrate\` first.`,
        );
      }
      // Reference data every installation needs (OCOP product sets and their first criteria sheets).
      await ensureOcopCriteria(handle.db);
    }
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  return handle;
}
