import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

// These start the built server as a user would (`node build/server.js`) and watch it start and stop.
const root = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["build/server.js"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", LOG_REQUESTS: "false", PUBLIC_URL: `http://127.0.0.1:${env.PORT ?? 3000}`, ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<Run>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  const killer = setTimeout(() => child.kill("SIGKILL"), 180_000);
  exited.finally(() => clearTimeout(killer));
  return { child, exited, output: () => stdout };
}

async function waitForHealthy(port: number): Promise<void> {
  // A first start creates and seeds the database: over 50 s on a busy 2-core machine.
  for (let i = 0; i < 400; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("server did not become healthy");
}

test.describe("starting and stopping the server", () => {
  test.describe.configure({ mode: "serial" });

  test("a malformed DATABASE_URL stops start-up with one clear line", async () => {
    const run = await startServer({ DATABASE_URL: "mysql://user:secret@db/ocop", PORT: "3291" }).exited;
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("DATABASE_URL is not a valid PostgreSQL URL");
    expect(run.stderr).not.toContain("secret");
  });

  test("production (`npm run serve`) refuses to start without PUBLIC_URL; the demo (`--demo`) defaults it and says so", async () => {
    const run = await startServer({ PORT: "3290", PUBLIC_URL: "" }).exited;
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("PUBLIC_URL must be set");
    const bad = await startServer({ PORT: "3290", PUBLIC_URL: "https://truyxuat.example.vn/trace?x=1" }).exited;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("PUBLIC_URL must be the site's public http(s) address");
  });

  test("an unreachable PostgreSQL server stops start-up with one clear line", async () => {
    const run = await startServer({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/ocop", PORT: "3292" }).exited;
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^ocop-trace: Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/ocop: .*ECONNREFUSED/);
  });

  test("the embedded database is kept across restarts and the server stops cleanly on SIGTERM", async () => {
    // Two starts, the first creating the embedded database and loading the demo data (about 15 s on a quiet
    // 2-core machine, twice that beside the other specs): more than the default 30 s.
    test.setTimeout(240_000);
    const parent = mkdtempSync(join(tmpdir(), "ocop-restart-"));
    const dataDir = join(parent, "data");
    try {
      const first = startServer({ DATA_DIR: dataDir, PORT: "3293" });
      await waitForHealthy(3293);
      const home = await (await fetch("http://127.0.0.1:3293/")).text();
      expect(home).toContain("OCOP Trace");
      expect(first.output()).toContain('"msg":"demo data loaded"');
      // A second server on the same folder would lose the first one's writes: it refuses with one line.
      const intruder = await startServer({ DATA_DIR: dataDir, PORT: "3294" }).exited;
      expect(intruder.code).toBe(1);
      expect(intruder.stderr.trim().split("\n")).toHaveLength(1);
      expect(intruder.stderr).toMatch(new RegExp(`^ocop-trace: The embedded database in .* is in use by process ${first.child.pid} `));
      first.child.kill("SIGTERM");
      const firstRun = await first.exited;
      expect(firstRun.code).toBe(0);
      expect(firstRun.stdout).toContain('"msg":"stopped"');
      const filesBefore = readdirSync(dataDir).sort();

      const second = startServer({ DATA_DIR: dataDir, PORT: "3293" });
      await waitForHealthy(3293);
      second.child.kill("SIGINT");
      const secondRun = await second.exited;
      expect(secondRun.code).toBe(0);
      // Second start found the data: nothing was reset and the demo data was not loaded again.
      expect(secondRun.stdout).not.toContain("demo data loaded");
      expect(readdirSync(dataDir).sort()).toEqual(filesBefore);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
