// Origin page, resolver, public transparency page and label benchmark (issues 4 and 18). Run after `npm run build`: `npm run bench`.
// Starts the built server (PGlite in a fresh folder; also PostgreSQL when BENCH_DATABASE_URL names an
// admin connection), a bare node:http server returning the same bytes, and drives each at 50 connections for
// BENCH_SECONDS (default 10) with wrk in its own process (autocannon in this process when wrk is missing:
// tests/bench/load-generator.mjs). Prints req/s, p99, the CPU the generator and the server used, and the ratios.
/* global process, URL, fetch, setTimeout, Buffer, console */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { describeGenerator, drive, generator, generatorOutpaces, warnIfGeneratorBound } from "./load-generator.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 50;
// The server on BENCH_PORT (default 3471), the bare server on the next port; PostgreSQL's pair 10 above.
const basePort = Number(process.env.BENCH_PORT ?? 3471);
const children = [];

function start(args, env, port) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, HOST: "127.0.0.1", LOG_REQUESTS: "false", DEMO_SEED: "true", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
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

function run(url, server, expectStatus) {
  return drive(url, { connections, seconds, expectStatus, serverPid: server.pid });
}

async function findCodes(base) {
  const home = await (await fetch(`${base}/`)).text();
  for (const slug of [...home.matchAll(/href="\/products\/([^"]+)"/g)].map((m) => m[1])) {
    const page = await (await fetch(`${base}/products/${slug}`)).text();
    const gtin = /<dd class="mono">(\d{14})</.exec(page)?.[1];
    const lot = /<td class="mono">([^<]+)</.exec(page)?.[1];
    if (!gtin || !lot) continue;
    const dl = `/01/${gtin}/10/${encodeURIComponent(lot)}`;
    const location = (await fetch(`${base}${dl}`, { redirect: "manual" })).headers.get("location");
    return { dl, origin: new URL(location).pathname };
  }
  throw new Error("no product with a GTIN and a lot");
}

async function measure(driver, env, port) {
  const base = `http://127.0.0.1:${port}`;
  let server = start(["build/server.js"], env, port);
  await waitFor(`${base}/healthz`);
  const codes = await findCodes(base);
  const bytes = Buffer.from(await (await fetch(`${base}${codes.origin}`)).arrayBuffer());
  const bare = start(["-e", BARE_SERVER], { BARE_BYTES: bytes.toString("base64") }, port + 1);
  await waitFor(`http://127.0.0.1:${port + 1}/`);

  const rows = {};
  rows.bare = await run(`http://127.0.0.1:${port + 1}/`, bare);
  rows.repeatScan = await run(`${base}${codes.origin}`, server);
  rows.resolverRedirect = await run(`${base}${codes.dl}`, server, "307");
  rows.linkset = await run(`${base}${codes.dl}?linkType=linkset`, server);
  // The public transparency page about programme support (issue 18), anonymous: kept in the page cache like /shop.
  // Measured before the constant Remix page, whose backlog of renders would still be running behind it.
  rows.transparency = await run(`${base}/transparency/support`, server);
  rows.remixConstant = await run(`${base}/bench-constant-page-not-found`, server, "404");
  await stop(server);
  // Cold: every request renders through Remix (the cache is switched off, scans still recorded).
  server = start(["build/server.js"], { ...env, ORIGIN_CACHE: "off", DEMO_SEED: "false" }, port);
  await waitFor(`${base}/healthz`);
  rows.firstRender = await run(`${base}${codes.origin}`, server);
  await stop(server);
  await stop(bare);

  const ratio = (a, b) => Math.round((rows[a].rps / rows[b].rps) * 100) / 100;
  console.log(`\n== ${driver}: ${connections} connections, ${seconds} s each, origin page ${bytes.length} bytes, ${generator}`);
  console.table(rows);
  for (const [name, row] of Object.entries(rows)) warnIfGeneratorBound(name, row);
  console.log(
    JSON.stringify({
      driver,
      generator,
      // Shown in this run: for the same requests the generator needed clearly less CPU than the bare server.
      generatorOutpacesBare: generatorOutpaces(rows.bare),
      repeatScanVsBare: ratio("repeatScan", "bare"),
      repeatScanP99ms: rows.repeatScan.p99,
      resolverVsBare: ratio("resolverRedirect", "bare"),
      linksetVsBare: ratio("linkset", "bare"),
      transparencyVsBare: ratio("transparency", "bare"),
      transparencyVsRepeatScan: ratio("transparency", "repeatScan"),
      transparencyP99ms: rows.transparency.p99,
      firstRenderVsRemixConstant: ratio("firstRender", "remixConstant"),
    }),
  );
}

const BARE_SERVER = `
const body = Buffer.from(process.env.BARE_BYTES, "base64");
require("node:http").createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1");`;

function labels(env) {
  const out = join(root, "build", "bench-labels.js");
  execFileSync(join(root, "node_modules/.bin/esbuild"), ["tests/bench/labels.bench.ts", "--bundle", "--platform=node", "--format=esm", "--target=node20", "--packages=external", `--outfile=${out}`, "--log-level=warning"], { cwd: root, stdio: "inherit" });
  const line = execFileSync(process.execPath, [out], { cwd: root, env: { ...process.env, ...env } }).toString().trim().split("\n").at(-1);
  console.log(`labels: ${line}`);
}

const tmp = mkdtempSync(join(tmpdir(), "ocop-bench-"));
try {
  console.log(`node ${process.version}, ${(await import("node:os")).cpus().length} cores, load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}; the load generator on the same machine`);
  console.log(describeGenerator());
  await measure("pglite", { DATA_DIR: join(tmp, "pglite"), UPLOAD_DIR: join(tmp, "up"), DATABASE_URL: "" }, basePort);
  labels({});
  const admin = process.env.BENCH_DATABASE_URL;
  if (admin) {
    const name = `ocop_bench_${Date.now()}`;
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    try {
      const env = { DATABASE_URL: url.toString(), UPLOAD_DIR: join(tmp, "up") };
      execFileSync(process.execPath, ["build/db.js", "migrate"], { cwd: root, env: { ...process.env, ...env }, stdio: "ignore" });
      execFileSync(process.execPath, ["build/db.js", "seed"], { cwd: root, env: { ...process.env, ...env }, stdio: "ignore" });
      await measure("postgres", env, basePort + 10);
      const labelsDb = `${name}_labels`;
      await sql.unsafe(`create database "${labelsDb}"`);
      url.pathname = `/${labelsDb}`;
      labels({ BENCH_LABELS_DATABASE_URL: url.toString() });
      await sql.unsafe(`drop database if exists "${labelsDb}" with (force)`);
    } finally {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    }
  }
} finally {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  rmSync(tmp, { recursive: true, force: true });
}
