import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { z } from "zod";
import { DataDirLockedError, lockDataDir, type DataDirLock } from "./data-dir-lock";
import * as schema from "./schema";

/** The one database type the domain works with, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseConfig =
  | { driver: "postgres"; url: string; maxConnections?: number }
  /**
   * dataDir null keeps the database in memory (tests); loadDataDir (in memory only) starts it from a dump of
   * another PGlite's data folder (`dumpDataDir`), which is how tests clone one migrated template.
   */
  | { driver: "pglite"; dataDir: string | null; loadDataDir?: Blob };

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseConfig["driver"];
  /** Where the data lives, without credentials: for logs and error messages. */
  location: string;
  migrate(migrationsFolder: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A start-up problem the operator can fix; its message is one line naming the problem. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(malformed URL)";
  }
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  return config.driver === "postgres" ? openPostgres(config.url, config.maxConnections) : openPglite(config.dataDir, config.loadDataDir);
}

async function openPostgres(url: string, maxConnections = 10): Promise<DatabaseHandle> {
  const location = describePostgresUrl(url);
  const client = postgres(url, {
    max: maxConnections,
    connect_timeout: 10,
    idle_timeout: 30,
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema }) satisfies Database;
  const handle: DatabaseHandle = {
    db,
    driver: "postgres",
    location,
    migrate: (migrationsFolder) => migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder }),
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
  try {
    await handle.ping();
  } catch (error) {
    await client.end({ timeout: 0 }).catch(() => {});
    throw new DatabaseUnavailableError(`Cannot connect to PostgreSQL at ${location}: ${reasonOf(error)}`);
  }
  return handle;
}

async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<DatabaseHandle> {
  let client: PGlite;
  let location = "memory";
  let lock: DataDirLock | null = null;
  if (dataDir) {
    const dir = resolve(dataDir);
    location = dir;
    // PGlite creates only the last folder of its path.
    mkdirSync(dirname(dir), { recursive: true });
    // PGlite does not lock its folder: two processes on one folder lose each other's writes.
    try {
      lock = lockDataDir(dir);
    } catch (error) {
      if (error instanceof DataDirLockedError) throw new DatabaseUnavailableError(error.message);
      throw error;
    }
    try {
      client = await PGlite.create(dir);
    } catch (error) {
      lock.release();
      throw new DatabaseUnavailableError(`Cannot open the embedded database in ${dir}: ${reasonOf(error)}`);
    }
  } else {
    client = await PGlite.create(loadDataDir ? { loadDataDir } : {});
  }
  const db = drizzlePglite({ client, schema }) satisfies Database;
  return {
    db,
    driver: "pglite",
    location,
    migrate: (migrationsFolder) => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder }),
    ping: async () => {
      await client.query("select 1");
    },
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Number of migrations recorded as applied; 0 for a database drizzle has never migrated. */
export async function countAppliedMigrations(db: Database): Promise<number> {
  const exists = await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!rowsOf<{ present: boolean }>(exists)[0]?.present) return 0;
  const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * The first row's json column of a query (a SQL function returning json), parsed with the caller's zod schema: the
 * SQL function's answer is checked where it enters the program, and its type comes from the schema. Null when the
 * function returned NULL. postgres.js parses json; PGlite may hand over text.
 */
export function firstJson<T>(result: unknown, column: string, schema: z.ZodType<T>): T | null {
  const value = rowsOf<Record<string, unknown>>(result)[0]?.[column] ?? null;
  if (value === null) return null;
  return schema.parse(typeof value === "string" ? JSON.parse(value) : value);
}

/** A uuid[] bound as one text parameter ("{a,b}"): one bind value however many ids, on both drivers. */
export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** An int[] bound the same way. */
export const intArray = (values: readonly number[]) => {
  for (const v of values) if (!Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
  return sql`${`{${values.join(",")}}`}::int[]`;
};

/** postgres.js returns an array of rows, PGlite an object with `rows`: read both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: T[] } | null)?.rows;
  return Array.isArray(rows) ? rows : [];
}

function reasonOf(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { code?: unknown; message?: unknown };
    const message = typeof e.message === "string" ? e.message.split("\n")[0] : "";
    if (typeof e.code === "string" && message && !message.includes(e.code)) return `${e.code} ${message}`;
    if (message) return message;
    if (typeof e.code === "string") return e.code;
  }
  return String(error);
}
