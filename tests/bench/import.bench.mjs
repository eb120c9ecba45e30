// Household-import benchmark (trust hardening §4). Run after `npm run build`: `npm run bench:import`.
// Starts the built server on a fresh PGlite folder with the demo data, signs in as the demo cooperative's manager,
// and drives the public origin page with wrk (BENCH_SECONDS each, default 15; 20 connections, 2 threads, a 30 s
// timeout so that a request held up by a frozen server counts in the latencies instead of being dropped):
//   1. alone;
//   2. while the manager uploads the largest accepted list (5,000 households as XLSX, ~2 MB) for a preview, one
//      upload after another, for the whole run.
// Prints the origin page's p50/p99/max and req/s for both runs and how long each import preview took.
// On PGlite, and on PostgreSQL too when BENCH_DATABASE_URL names an admin connection (a database of its own is
// created, migrated, seeded and dropped). BENCH_PORT (default 3501) for the server.
/* global process, URL, URLSearchParams, fetch, setTimeout, console, FormData, Blob, performance */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as XLSX from "@e965/xlsx";
import postgres from "postgres";

const root = fileURLToPath(new URL("../..", import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const port = Number(process.env.BENCH_PORT ?? 3501);
const base = `http://127.0.0.1:${port}`;
const coop = "htx-che-tan-cuong-xanh";
const manager = { email: "quanly.tancuong@demo.ocoptrace.vn", password: "demo-ocop-2026" };

function largestList() {
  const header = ["Mã hộ", "Họ tên chủ hộ", "Giới tính", "Số nhân khẩu", "Dân tộc", "Xã/phường", "Thôn/xóm", "Ngày vào", "Năm cơ sở", "Thu nhập cơ sở"];
  const rows = Array.from({ length: 5000 }, (_, i) => [`B-${i}`, "Nguyễn Thị Hoà", "Nữ", 4, "Kinh", "Tân Cương", null, "15/01/2020", 2020, 18_000_000]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([header, ...rows]), "Danh sach");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }));
}

async function waitFor(url) {
  for (let i = 0; i < 240; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`not up: ${url}`);
}

const cookiesOf = (response, jar) => {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return jar;
};
const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const csrfIn = (html) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

async function signIn() {
  const jar = new Map();
  const page = await fetch(`${base}/login`);
  cookiesOf(page, jar);
  const body = new URLSearchParams({ email: manager.email, password: manager.password, csrf: csrfIn(await page.text()) });
  const done = await fetch(`${base}/login`, { method: "POST", body, redirect: "manual", headers: { cookie: cookieHeader(jar) } });
  cookiesOf(done, jar);
  if (done.status !== 302 && done.status !== 303) throw new Error(`sign-in failed: ${done.status}`);
  return jar;
}

async function originPath() {
  const home = await (await fetch(`${base}/`)).text();
  for (const slug of [...home.matchAll(/href="\/products\/([^"]+)"/g)].map((m) => m[1])) {
    const page = await (await fetch(`${base}/products/${slug}`)).text();
    const gtin = /<dd class="mono">(\d{14})</.exec(page)?.[1];
    const lot = /<td class="mono">([^<]+)</.exec(page)?.[1];
    if (!gtin || !lot) continue;
    const location = (await fetch(`${base}/01/${gtin}/10/${encodeURIComponent(lot)}`, { redirect: "manual" })).headers.get("location");
    return new URL(location, base).pathname;
  }
  throw new Error("no product with a GTIN and a lot");
}

/** One import preview through the real form; its duration in ms. */
async function previewOnce(jar, bytes) {
  const importUrl = `${base}/workspace/${coop}/households/import`;
  const page = await fetch(importUrl, { headers: { cookie: cookieHeader(jar) } });
  const form = new FormData();
  form.set("csrf", csrfIn(await page.text()));
  form.set("kind", "households");
  form.set("file", new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), "ho-thanh-vien.xlsx");
  const started = performance.now();
  const response = await fetch(importUrl, { method: "POST", body: form, headers: { cookie: cookieHeader(jar) } });
  const html = await response.text();
  if (!response.ok || !html.includes("5000")) throw new Error(`preview failed: ${response.status}`);
  return performance.now() - started;
}

function wrk(url) {
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t2", "-c20", `-d${seconds}s`, "--timeout", "30s", "--latency", url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", () => {
      const ms = (label) => {
        const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
        if (!m) return null;
        return Math.round(Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] * 10) / 10;
      };
      const max = /Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)/.exec(out);
      resolve({
        rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
        p50ms: ms("50%"),
        p99ms: ms("99%"),
        maxMs: max ? Math.round(Number(max[1]) * { us: 0.001, ms: 1, s: 1000 }[max[2]] * 10) / 10 : null,
        errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors:.*timeout (\d+)/.exec(out)?.[1] ?? 0),
      });
    });
  });
}

async function measure(driver, env) {
  const server = spawn(process.execPath, ["build/server.js"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_REQUESTS: "false", DEMO_SEED: "true", DEMO_ACCOUNTS: "true", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(`${base}/healthz`);
    const origin = await originPath();
    const jar = await signIn();
    const bytes = largestList();
    await previewOnce(jar, bytes); // warm-up (and a check that the preview works)
    const alone = await wrk(`${base}${origin}`);
    const previews = [];
    let running = true;
    const uploads = (async () => {
      while (running) previews.push(await previewOnce(jar, bytes));
    })();
    const during = await wrk(`${base}${origin}`);
    running = false;
    await uploads;
    const sorted = [...previews].sort((a, b) => a - b);
    console.log(`\n== ${driver}: origin page ${origin}, ${seconds} s each, 20 connections; import: ${bytes.length} bytes XLSX, 5,000 rows`);
    console.table({ alone, "during imports": during });
    console.log(JSON.stringify({ driver, previews: previews.length, previewMedianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), previewMaxMs: Math.round(sorted.at(-1) ?? 0) }));
  } finally {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
}

const tmp = mkdtempSync(join(tmpdir(), "ocop-bench-import-"));
try {
  console.log(`node ${process.version}, ${cpus().length} cores; wrk, the uploads and the server on the same machine`);
  await measure("pglite", { DATA_DIR: join(tmp, "pglite"), UPLOAD_DIR: join(tmp, "up"), DATABASE_URL: "" });
  const admin = process.env.BENCH_DATABASE_URL;
  if (admin) {
    const name = `ocop_bench_import_${Date.now()}`;
    const sql = postgres(admin, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    try {
      const env = { DATABASE_URL: url.toString(), UPLOAD_DIR: join(tmp, "up-pg") };
      execFileSync(process.execPath, ["build/db.js", "migrate"], { cwd: root, env: { ...process.env, ...env }, stdio: "ignore" });
      execFileSync(process.execPath, ["build/db.js", "seed"], { cwd: root, env: { ...process.env, ...env, DEMO_ACCOUNTS: "true" }, stdio: "ignore" });
      await measure("postgres", env);
    } finally {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
