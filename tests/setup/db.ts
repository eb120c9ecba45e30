import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "#db/client.server";

export const migrationsFolder = fileURLToPath(new URL("../../db/migrations", import.meta.url));

export interface TestDatabase extends DatabaseHandle {
  db: Database;
  /** Closes the connection and drops the database when one was created for the test. */
  dispose(): Promise<void>;
}

/** The migrated template the run's global setup (tests/setup/db-template.ts) made, one per run. */
export type TestDatabaseTemplate = { driver: "postgres"; name: string } | { driver: "pglite"; dump: string };

/**
 * A fresh, migrated database for one test file. With TEST_DATABASE_URL (an admin connection to a
 * PostgreSQL server) it creates and later drops a database of its own; otherwise it uses an
 * in-memory PGlite. Both are copies of the run's migrated template when the global setup made one
 * (the vitest db project does), else they are migrated here.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = inject("testDatabaseTemplate");
  if (!adminUrl) {
    if (template?.driver === "pglite") {
      const handle = await openDatabase({ driver: "pglite", dataDir: null, loadDataDir: new Blob([readFileSync(template.dump)]) });
      return { ...handle, dispose: () => handle.close() };
    }
    const handle = await openDatabase({ driver: "pglite", dataDir: null });
    await handle.migrate(migrationsFolder);
    return { ...handle, dispose: () => handle.close() };
  }
  const prefix = process.env.TEST_DATABASE_PREFIX ?? "ocop_test";
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const fromTemplate = template?.driver === "postgres" ? template.name : null;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(fromTemplate ? `create database "${name}" template "${fromTemplate}"` : `create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 20 });
  if (!fromTemplate) await handle.migrate(migrationsFolder);
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

export function isPostgresServer(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}
