// Storefront benchmark (issue 5). `npm run bench:market` builds first, then:
//  (a) catalogue search over 10,000 generated products (plus the demo data): query p50/p95 in ms;
//  (b) the catalogue page /shop, a search on it, and a product page /products/{slug}: req/s with wrk in
//      its own process (autocannon in this one without wrk: tests/bench/load-generator.mjs) at 20
//      connections, side by side with the minimal Remix page (the constant 404 page);
//      the two /shop pages twice: as an anonymous visitor (the page cache) and with a cookie (rendered each time);
//  (c) checkout: completed orders per second with concurrent placeOrder calls, then 500 checkouts
//      racing for the last 50 units, checking that nothing is oversold and stock adds up.
// On a fresh PGlite folder, and on PostgreSQL too when BENCH_DATABASE_URL names an admin connection
// (a database of its own is created and dropped). BENCH_SECONDS (default 10) per page measurement;
// BENCH_PORT (default 3491) for the server.
/* global process, URL, fetch, setTimeout, console */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { describeGenerator, drive, generator, warnIfGeneratorBound } from "./load-generator.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 20;
const bundle = join(root, "build", "bench-market.js");
const port = Number(process.env.BENCH_PORT ?? 3491);

function dbStep(mode, env) {
  const out = execFileSync(process.execPath, [bundle, mode], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out.toString().trim().split("\n").at(-1));
}

function start(env, port) {
  const child = spawn(process.execPath, ["build/server.js"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, HOST: "127.0.0.1", LOG_REQUESTS: "false", DEMO_SEED: "false", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function waitFor(url) {
  // Up to 5 minutes: a first start (initdb, migrations, demo data) takes minutes on a busy machine.
  for (let i = 0; i < 600; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`not up: ${url}`);
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

function run(url, server, expectStatus, headers = {}) {
  return drive(url, { connections, seconds, headers, expectStatus, serverPid: server.pid });
}

/** A cookie other than the language: the page is rendered for this visitor, not taken from the page cache. */
const rendered = { Cookie: "lang=vi; bench=1" };

async function pages(driver, env, port) {
  const base = `http://127.0.0.1:${port}`;
  const server = start(env, port);
  try {
    await waitFor(`${base}/healthz`);
    const shop = await (await fetch(`${base}/shop`)).text();
    const slug = /href="\/products\/([^"?#]+)"/.exec(shop)?.[1];
    if (!slug) throw new Error("no product link on /shop");
    const rows = {};
    rows.remixConstant = await run(`${base}/bench-constant-page-not-found`, server, "404");
    // Anonymous visitors get the page cache's copy (checked against the catalogue once a second); any other
    // cookie (a cart, a session) makes the page render through Remix on every request.
    rows.shop = await run(`${base}/shop`, server);
    rows.shopSearch = await run(`${base}/shop?q=tra+tan+cuong`, server);
    rows.shopRendered = await run(`${base}/shop`, server, undefined, rendered);
    rows.shopSearchRendered = await run(`${base}/shop?q=tra+tan+cuong`, server, undefined, rendered);
    rows.product = await run(`${base}/products/${slug}`, server);
    const ratio = (a) => Math.round((rows[a].rps / rows.remixConstant.rps) * 100) / 100;
    console.log(`\n== ${driver}: pages at ${connections} connections, ${seconds} s each (product /products/${slug}), ${generator}`);
    console.table(rows);
    for (const [name, row] of Object.entries(rows)) warnIfGeneratorBound(name, row);
    console.log(
      JSON.stringify({
        driver,
        generator,
        shopVsRemixConstant: ratio("shop"),
        shopSearchVsRemixConstant: ratio("shopSearch"),
        shopRenderedVsRemixConstant: ratio("shopRendered"),
        shopSearchRenderedVsRemixConstant: ratio("shopSearchRendered"),
        productVsRemixConstant: ratio("product"),
        target: ">= 0.5",
      }),
    );
  } finally {
    await stop(server);
  }
}

async function measure(driver, benchEnv, serverEnv, port) {
  const prepared = dbStep("prepare", benchEnv);
  console.log(`\n== ${driver}: catalogue search (target p95 < 30 ms)`);
  console.log(JSON.stringify(prepared));
  await pages(driver, serverEnv, port);
  const checkout = dbStep("checkout", benchEnv);
  console.log(`\n== ${driver}: checkout${driver === "postgres" ? " (target >= 100 orders/s)" : " (for information: one connection)"}`);
  console.log(JSON.stringify(checkout));
}

execFileSync(
  join(root, "node_modules/.bin/esbuild"),
  ["tests/bench/market.bench.ts", "--bundle", "--platform=node", "--format=esm", "--target=node20", "--packages=external", `--outfile=${bundle}`, "--log-level=warning"],
  { cwd: root, stdio: "inherit" },
);
const tmp = mkdtempSync(join(tmpdir(), "ocop-bench-market-"));
try {
  console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; the load generator on the same machine`);
  console.log(describeGenerator());
  const dataDir = join(tmp, "pglite");
  await measure("pglite", { BENCH_MARKET_DATA_DIR: dataDir, BENCH_MARKET_DATABASE_URL: "" }, { DATA_DIR: dataDir, UPLOAD_DIR: join(tmp, "up"), DATABASE_URL: "" }, port);
  const admin = process.env.BENCH_DATABASE_URL;
  if (admin) {
    const name = `ocop_bench_market_${Date.now()}`;
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    try {
      await measure("postgres", { BENCH_MARKET_DATABASE_URL: url.toString() }, { DATABASE_URL: url.toString(), UPLOAD_DIR: join(tmp, "up") }, port);
    } finally {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
