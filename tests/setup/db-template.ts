// Vitest global setup of the database project: the migrations run once per run, into a template that each
// test file's database is cloned from (tests/setup/db.ts), instead of once per test file.
//   PostgreSQL (TEST_DATABASE_URL): a template database named from TEST_DATABASE_PREFIX; each file runs
//     `create database … template …`, and the template is dropped at the end.
//   PGlite: a migrated in-memory database dumped to a tarball in a temporary folder; each file starts a
//     PGlite from it (`loadDataDir`), about a second instead of initdb plus the migrations.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client.server";
import { migrationsFolder, type TestDatabaseTemplate } from "./db";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseTemplate: TestDatabaseTemplate;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `${process.env.TEST_DATABASE_PREFIX ?? "ocop_test"}_template_${randomBytes(4).toString("hex")}`;
    await adminQuery(adminUrl, `create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 1 });
    try {
      await handle.migrate(migrationsFolder);
    } finally {
      // A database is copied only while nobody is connected to it.
      await handle.close();
    }
    project.provide("testDatabaseTemplate", { driver: "postgres", name });
    return () => adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  }

  const handle = await openDatabase({ driver: "pglite", dataDir: null });
  const folder = mkdtempSync(join(tmpdir(), "ocop-test-template-"));
  try {
    await handle.migrate(migrationsFolder);
    const client: unknown = Reflect.get(handle.db, "$client");
    if (!(client instanceof PGlite)) throw new Error("the embedded test database has no PGlite client to dump");
    const dump = join(folder, "pglite.tar");
    writeFileSync(dump, new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer()));
    project.provide("testDatabaseTemplate", { driver: "pglite", dump });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  } finally {
    await handle.close();
  }
  return async () => rmSync(folder, { recursive: true, force: true });
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
