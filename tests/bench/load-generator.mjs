// The HTTP benchmarks' load generator. A generator that shares a process (or a core) with the measurement and
// runs out of CPU first measures itself: every ratio then drifts towards 1. So the pages are driven by `wrk`
// (Debian: `apt-get install wrk`) in its own process, and each measurement also reports the CPU the generator
// and the server used meanwhile (from /proc). Both handle the same requests, so the ratio of the two is the
// ratio of their costs per request, however busy the machine: the generator outpaces a server when it needs
// clearly less CPU than the server for the same requests. Without wrk it falls back to autocannon inside this
// process, and says so.
// BENCH_LOAD_GENERATOR=autocannon forces the fallback (to compare); BENCH_WRK_THREADS (default 1) sets wrk's threads.
/* global process, setInterval, clearInterval, console */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const CLOCK_TICKS = 100; // USER_HZ on Linux

function hasWrk() {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // `wrk --version` prints its banner and exits 1; only a missing binary is ENOENT.
    return error?.code !== "ENOENT";
  }
}

export const generator = process.env.BENCH_LOAD_GENERATOR === "autocannon" || !hasWrk() ? "autocannon" : "wrk";
const wrkThreads = Number(process.env.BENCH_WRK_THREADS ?? 1);

/** One line for the benchmark's header: which generator, where it runs. */
export function describeGenerator() {
  return generator === "wrk"
    ? `load generator: wrk (${wrkThreads} thread${wrkThreads === 1 ? "" : "s"}) in its own process; genCpu / serverCpu: % of one core each used during the measurement (same requests, so their ratio is the cost per request)`
    : "load generator: autocannon INSIDE this benchmark's process (wrk not found: apt-get install wrk); it may be the bottleneck, so ratios near 1 mean little — see the gen cpu column";
}

/** CPU seconds (user + system) a process has used so far, or null where /proc is not there. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const percent = (used, seconds) => (used === null ? null : Math.round((used / seconds) * 100));

/**
 * Drives `url` for `seconds` with `connections` open connections. `expectStatus` names a status that counts as
 * success besides 2xx/3xx (e.g. "404" for the constant not-found page); `serverPid` adds the server's CPU.
 * Resolves to { rps, p99 (ms), errors, genCpu, serverCpu } (CPU in % of one core).
 */
export async function drive(url, { connections, seconds, headers = {}, expectStatus, serverPid }) {
  const started = Date.now();
  const serverBefore = serverPid ? cpuSeconds(serverPid) : null;
  const result = generator === "wrk" ? await runWrk(url, connections, seconds, headers, expectStatus) : await runAutocannon(url, connections, seconds, headers, expectStatus);
  const wall = (Date.now() - started) / 1000;
  const serverAfter = serverPid ? cpuSeconds(serverPid) : null;
  return {
    ...result.figures,
    genCpu: percent(result.generatorCpu, wall),
    serverCpu: serverBefore === null || serverAfter === null ? null : percent(serverAfter - serverBefore, wall),
  };
}

async function runWrk(url, connections, seconds, headers, expectStatus) {
  const args = [`-t${wrkThreads}`, `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "10s"];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  const child = spawn("wrk", [...args, url], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  let lastCpu = 0;
  child.stdout.on("data", (d) => (out += String(d)));
  // /proc/<pid> goes away at exit: keep the latest reading.
  const sampler = setInterval(() => (lastCpu = cpuSeconds(child.pid) ?? lastCpu), 200);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`wrk exited with ${code}:\n${out}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  const p99ms = p99 ? Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]] : null;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((a, n) => a + Number(n), 0) : 0;
  // wrk counts every status of 400 and above as "Non-2xx or 3xx".
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const unexpected = expectStatus && Number(expectStatus) >= 400 ? total - failed : failed;
  return {
    figures: { rps: Math.round(rps), p99: p99ms === null ? null : Math.round(p99ms * 10) / 10, errors: socketErrors + unexpected },
    generatorCpu: lastCpu,
  };
}

function runAutocannon(url, connections, seconds, headers, expectStatus) {
  const before = process.cpuUsage();
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers }, (error, result) => {
      if (error) return reject(error);
      const used = process.cpuUsage(before);
      // autocannon counts 3xx as non-2xx.
      const expected = (result["3xx"] ?? 0) + (Number(expectStatus) >= 400 ? (result.statusCodeStats[expectStatus]?.count ?? 0) : 0);
      const bad = Math.max(0, result.non2xx - expected);
      resolve({
        figures: { rps: Math.round(result.requests.average), p99: result.latency.p99, errors: result.errors + result.timeouts + bad },
        generatorCpu: (used.user + used.system) / 1e6,
      });
    });
  });
}

/** Whether the generator needed clearly less CPU than the server for a measurement's requests (null: unknown). */
export function generatorOutpaces(row) {
  return row.genCpu === null || row.serverCpu === null ? null : row.genCpu < 0.8 * row.serverCpu;
}

/** Prints a warning when a measurement's generator cost about as much as its server (its figure is a floor, not a rate). */
export function warnIfGeneratorBound(name, row) {
  if (generatorOutpaces(row) === false) {
    console.log(`warning: ${name}: the load generator used ${row.genCpu}% of a core against the server's ${row.serverCpu}%: it may be the bottleneck`);
  }
}
