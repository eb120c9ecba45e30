import { sql } from "drizzle-orm";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { firstJson, rowsOf, type Database } from "#db/client.server";
import { createTestDatabase, type TestDatabase } from "../tests/setup/db";
import { readSqlSources } from "./sql-source";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Every function of the public schema and every trigger not made by a constraint, as the server prints them. */
async function liveDefinitions(db: Database): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const functions = await db.execute(sql`select p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as def
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.prokind = 'f'
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`);
  for (const r of rowsOf<{ name: string; def: string }>(functions)) out.set(`function ${r.name}`, r.def);
  const triggers = await db.execute(sql`select t.tgname || ' on ' || t.tgrelid::regclass::text as name, pg_get_triggerdef(t.oid) as def
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and n.nspname = 'public'`);
  for (const r of rowsOf<{ name: string; def: string }>(triggers)) out.set(`trigger ${r.name}`, r.def);
  return out;
}

// One migrated database for the file.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

const statementsOf = (text: string) => text.split("--> statement-breakpoint").filter((s) => s.trim() !== "");

describe("db/sql is what the migrations leave in the database", () => {
  it("names every function and trigger the database has", async () => {
    const live = await liveDefinitions(t.db);
    const liveNames = new Set([...live.keys()].map((k) => k.replace(/^function (\w+)\(.*$/, "function $1").replace(/ on \w+$/, "")));
    const declared = new Set<string>();
    for (const file of readSqlSources(root)) {
      for (const m of file.text.matchAll(/^CREATE OR REPLACE FUNCTION (\w+)/gim)) declared.add(`function ${m[1]!.toLowerCase()}`);
      for (const m of file.text.matchAll(/^CREATE (?:CONSTRAINT )?TRIGGER (\w+)/gim)) declared.add(`trigger ${m[1]!.toLowerCase()}`);
    }
    expect([...declared].sort()).toEqual([...liveNames].sort());
  });

  it("defines each of them exactly as the migrated database has it", async () => {
    const live = await liveDefinitions(t.db);
    let fromFiles = new Map<string, string>();
    // Run every file over the migrated database and read the definitions back, then undo it all.
    const undo = new Error("undo");
    await t.db
      .transaction(async (tx) => {
        for (const file of readSqlSources(root)) {
          for (const statement of statementsOf(file.text)) await tx.execute(sql.raw(statement));
        }
        fromFiles = await liveDefinitions(tx);
        throw undo;
      })
      .catch((error: unknown) => {
        if (error !== undo) throw error;
      });
    expect(fromFiles.size).toBeGreaterThan(0);
    for (const [name, definition] of live) expect(fromFiles.get(name), name).toBe(definition);
    expect([...fromFiles.keys()].sort()).toEqual([...live.keys()].sort());
  });
});

describe("ocop_batch_sellable, the one sellable-batch rule", () => {
  it.each([
    ["active", null, null, true],
    ["active", "2026-12-03", null, true],
    ["active", "2026-12-02", "2027-01-01", false],
    ["active", null, "2026-12-02", false],
    ["active", null, "2026-12-04", true],
    ["recalled", null, null, false],
    ["consumed", "2027-01-01", null, false],
  ] as const)("status %s, expires %s, best before %s: sellable on 2026-12-03 is %s", async (status, expiresOn, bestBefore, expected) => {
    const result = await t.db.execute(sql`select ocop_batch_sellable(${status}::batch_status, ${expiresOn}::date, ${bestBefore}::date,
      '2026-12-03'::date) as sellable, ocop_batch_sell_until(${status}::batch_status, ${expiresOn}::date, ${bestBefore}::date)::text as until`);
    const row = rowsOf<{ sellable: boolean; until: string | null }>(result)[0]!;
    expect(row.sellable).toBe(expected);
    // Sellable on a day exactly when the day is not past the last day it may be sold.
    expect(row.until !== null && (row.until === "infinity" || row.until >= "2026-12-03")).toBe(expected);
  });

  it("is inlined by the planner (no function call per row)", async () => {
    const result = await t.db.execute(sql.raw(`explain (verbose, costs off) select b.id from batches b
      where ocop_batch_sellable(b.status, b.expires_on, b.best_before, current_date)`));
    const plan = rowsOf<Record<string, string>>(result).map((r) => Object.values(r)[0]).join("\n");
    expect(plan).toContain("infinity");
    expect(plan).not.toContain("ocop_batch_sell");
  });
});

describe("firstJson, the boundary of every SQL function returning json", () => {
  const shape = z.object({ total: z.number(), items: z.array(z.string()) });

  it("hands over the value its schema describes, and null for NULL", async () => {
    const result = await t.db.execute(sql`select json_build_object('total', 2::bigint, 'items', json_build_array('a', 'b')) as page`);
    expect(firstJson(result, "page", shape)).toEqual({ total: 2, items: ["a", "b"] });
    expect(firstJson(await t.db.execute(sql`select null::json as page`), "page", shape)).toBeNull();
  });

  it("refuses json that does not match the schema instead of passing it on", async () => {
    const result = await t.db.execute(sql`select json_build_object('total', '2', 'items', json_build_array(1)) as page`);
    expect(() => firstJson(result, "page", shape)).toThrow(z.ZodError);
  });
});
