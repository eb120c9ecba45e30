// Lineage trace at scale (issue #16): forward and backward trace of one lot and its key-data-elements spreadsheet,
// over lineages 6 levels deep where one raw lot's forward scope is ~1,400 lots and ~10,000 order lines.
// Builds its own database with generate_series (PostgreSQL: created and dropped here; PGlite: in memory), prints
// one JSON line per driver.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:trace
//   BENCH_TREES=40 (lineage trees beside the measured one; each ~1,400 lots, ~2,800 events, ~10,000 order lines)
//   BENCH_PGLITE_TREES=4 (the same on PGlite; 0 skips PGlite)   BENCH_RUNS=30
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, rowsOf, type DatabaseHandle } from "#db/client.server";
import { tableToXlsx } from "~/insights/export.server";
import { translate } from "~/lib/i18n";
import { kdeTable } from "~/trace/kde";
import { keyDataElements } from "~/trace/kde.server";
import { backwardTrace, forwardScope, forwardTrace } from "~/trace/lineage-trace.server";
import { buildLineageStatements, LEVELS } from "./lineage-data";

const migrations = fileURLToPath(new URL("../db/migrations", import.meta.url));
const trees = Number(process.env.BENCH_TREES ?? "40");
const pgliteTrees = Number(process.env.BENCH_PGLITE_TREES ?? "4");
const runs = Number(process.env.BENCH_RUNS ?? "30");

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => +s[Math.min(s.length - 1, Math.floor(s.length * q))]!.toFixed(1);
  return { runs: s.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: +s.at(-1)!.toFixed(1) };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

async function measure(driver: "postgres" | "pglite", handle: DatabaseHandle, treeCount: number) {
  const db = handle.db;
  const buildStarted = performance.now();
  for (const statement of buildLineageStatements(treeCount)) await db.execute(sql.raw(statement));
  const buildMs = Math.round(performance.now() - buildStarted);
  const sizes = rowsOf<Record<string, number>>(
    await db.execute(sql`select (select count(*) from batches)::int as lots, (select count(*) from trace_events)::int as events,
      (select count(*) from batch_inputs)::int as edges, (select count(*) from order_lines)::int as order_lines,
      (select count(*) from serial_units)::int as serials`),
  )[0]!;
  const ids = rowsOf<{ raw: string; packed: string; middle: string; org: string }>(
    await db.execute(sql`select
      (select id::text from bench_lot where t = 0 and k = 0 and i = 0) as raw,
      (select id::text from bench_lot where t = 0 and k = ${LEVELS - 1} and i = 0) as packed,
      (select id::text from bench_lot where t = 0 and k = 2 and i = 0) as middle,
      (select organisation_id::text from bench_lot where t = 0 and k = 0 and i = 0) as org`),
  )[0]!;
  const viewer = { kind: "cooperative", organisationId: ids.org } as const;
  const department = { kind: "department" } as const;
  // Warm-up: plans and caches, as a running server has them.
  await forwardTrace(db, ids.raw, viewer);
  await backwardTrace(db, ids.packed, viewer);

  const forward: number[] = [];
  const forwardDept: number[] = [];
  const scope: number[] = [];
  const backward: number[] = [];
  const backwardMiddle: number[] = [];
  let forwardScopeSize = { lots: 0, orderLines: 0 };
  let backwardSize = 0;
  for (let r = 0; r < runs; r++) {
    const [f, trace] = await time(() => forwardTrace(db, ids.raw, viewer));
    forward.push(f);
    forwardScopeSize = { lots: trace!.totals.lots, orderLines: trace!.orderLines.length };
    forwardDept.push((await time(() => forwardTrace(db, ids.raw, department)))[0]);
    scope.push((await time(() => forwardScope(db, [ids.raw])))[0]);
    const [b, back] = await time(() => backwardTrace(db, ids.packed, viewer));
    backward.push(b);
    backwardSize = back!.totals.lots;
    backwardMiddle.push((await time(() => backwardTrace(db, ids.middle, viewer)))[0]);
  }
  const kde: number[] = [];
  let kdeRows = 0;
  for (let r = 0; r < Math.max(3, Math.floor(runs / 5)); r++) {
    const [ms, rows] = await time(async () => {
      const result = (await keyDataElements(db, ids.raw, viewer, "vi"))!;
      const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate("vi", key, vars);
      tableToXlsx(kdeTable(result.rows, result.lotCode, t));
      return result.rows.length;
    });
    kde.push(ms);
    kdeRows = rows;
  }
  return {
    bench: "trace",
    driver,
    trees: treeCount + 0,
    data: sizes,
    buildMs,
    forwardTrace: { ...stats(forward), scope: forwardScopeSize },
    forwardTraceDepartment: stats(forwardDept),
    forwardScope: stats(scope),
    backwardTrace: { ...stats(backward), lots: backwardSize },
    backwardTraceMiddleLot: stats(backwardMiddle),
    kdeSpreadsheetXlsx: { ...stats(kde), rows: kdeRows },
  };
}

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl && trees > 0) {
  const name = `ocop_bench_trace_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 4 });
  try {
    await handle.migrate(migrations);
    console.log(JSON.stringify(await measure("postgres", handle, trees)));
  } finally {
    await handle.close();
    // BENCH_KEEP=1 keeps the database to look at plans (its name is printed).
    if (process.env.BENCH_KEEP === "1") console.error(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}
if (pgliteTrees > 0) {
  const handle = await openDatabase({ driver: "pglite", dataDir: null });
  try {
    await handle.migrate(migrations);
    console.log(JSON.stringify(await measure("pglite", handle, pgliteTrees)));
  } finally {
    await handle.close();
  }
}
