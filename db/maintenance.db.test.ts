import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "#db/client.server";
import { runEmbeddedUpkeep, scheduleEmbeddedUpkeep, type UpkeepKind } from "#db/maintenance.server";
import { createTestDatabase, type TestDatabase } from "../tests/setup/db";

describe("upkeep of the embedded database", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.execute(sql`create table upkeep_probe (id int primary key, note text)`);
    await t.db.execute(sql`insert into upkeep_probe select g, repeat('x', 200) from generate_series(1, 5000) g`);
    await t.db.execute(sql`delete from upkeep_probe where id % 2 = 0`);
  });
  afterAll(async () => {
    await t.dispose();
  });

  const probe = async () =>
    rowsOf<{ reltuples: number; analysed: boolean; vacuumed: boolean }>(
      await t.db.execute(sql`select c.reltuples::float8 as reltuples,
          (s.last_analyze is not null or s.last_autoanalyze is not null) as analysed,
          (s.last_vacuum is not null or s.last_autovacuum is not null) as vacuumed
        from pg_class c left join pg_stat_user_tables s on s.relid = c.oid where c.relname = 'upkeep_probe'`),
    )[0]!;

  it("on PGlite, teaches the planner the tables' sizes at start and clears dead rows at night; a server is left to autovacuum", async () => {
    if (t.driver !== "pglite") {
      expect(await runEmbeddedUpkeep(t, "vacuum")).toBeNull();
      expect(await runEmbeddedUpkeep(t, "analyze")).toBeNull();
      return;
    }
    // Never analysed: the planner does not know how many rows there are.
    expect(await probe()).toMatchObject({ analysed: false, vacuumed: false });
    const seen: UpkeepKind[] = [];
    const done = new Promise<void>((resolve, reject) => {
      // 03:00 in Vietnam is 40 ms away: the start-up ANALYZE, then the nightly VACUUM (ANALYZE), run in turn.
      const at = Date.parse("2026-11-26T20:00:00Z") - 40;
      const started = Date.now();
      const schedule = scheduleEmbeddedUpkeep(
        t,
        (kind, outcome) => {
          if ("error" in outcome) reject(new Error(outcome.error));
          seen.push(kind);
          if (kind === "vacuum") {
            schedule.stop();
            resolve();
          }
        },
        { now: () => new Date(at + (Date.now() - started)) },
      );
    });
    await done;
    expect(seen).toEqual(["analyze", "vacuum"]);
    const after = await probe();
    expect(after).toMatchObject({ analysed: true, vacuumed: true });
    expect(after.reltuples).toBe(2500);
  });
});
