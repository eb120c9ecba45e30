import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { spawnServer, startServer } from "./support/server";

// These start the built server as a user would (`node build/server.js`) and watch it start and stop.

test.describe("starting and stopping the server", () => {
  test.describe.configure({ mode: "serial" });

  test("a malformed DATABASE_URL stops start-up with one clear line", async () => {
    const run = await (await spawnServer({ env: { DATABASE_URL: "mysql://user:secret@db/ocop" } })).exited;
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("DATABASE_URL is not a valid PostgreSQL URL");
    expect(run.stderr).not.toContain("secret");
  });

  test("production (`npm run serve`) refuses to start without PUBLIC_URL; the demo (`--demo`) defaults it and says so", async () => {
    const run = await (await spawnServer({ env: { PUBLIC_URL: "" } })).exited;
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("PUBLIC_URL must be set");
    const bad = await (await spawnServer({ env: { PUBLIC_URL: "https://truyxuat.example.vn/trace?x=1" } })).exited;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("PUBLIC_URL must be the site's public http(s) address");
  });

  test("an unreachable PostgreSQL server stops start-up with one clear line", async () => {
    const run = await (await spawnServer({ env: { DATABASE_URL: "postgres://postgres@127.0.0.1:1/ocop" } })).exited;
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
      const first = await startServer({ env: { DATA_DIR: dataDir } });
      const home = await (await fetch(`${first.baseURL}/`)).text();
      expect(home).toContain("OCOP Trace");
      expect(first.stdout()).toContain('"msg":"demo data loaded"');
      // A second server on the same folder would lose the first one's writes: it refuses with one line.
      const intruder = await (await spawnServer({ env: { DATA_DIR: dataDir } })).exited;
      expect(intruder.code).toBe(1);
      expect(intruder.stderr.trim().split("\n")).toHaveLength(1);
      expect(intruder.stderr).toMatch(new RegExp(`^ocop-trace: The embedded database in .* is in use by process ${first.child.pid} `));
      const firstRun = await first.stop("SIGTERM");
      expect(firstRun.code).toBe(0);
      expect(firstRun.stdout).toContain('"msg":"stopped"');
      const filesBefore = readdirSync(dataDir).sort();

      const second = await startServer({ env: { DATA_DIR: dataDir } });
      const secondRun = await second.stop("SIGINT");
      expect(secondRun.code).toBe(0);
      // Second start found the data: nothing was reset and the demo data was not loaded again.
      expect(secondRun.stdout).not.toContain("demo data loaded");
      expect(readdirSync(dataDir).sort()).toEqual(filesBefore);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
