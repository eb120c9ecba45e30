import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir, lockPathOf } from "./data-dir-lock";

let parent: string;
let dir: string;

beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), "ocop-lock-"));
  dir = join(parent, "pglite");
});

afterEach(() => {
  rmSync(parent, { recursive: true, force: true });
});

const lockFile = (pid: number) =>
  writeFileSync(lockPathOf(dir), JSON.stringify({ pid, host: hostname(), command: "node build/server.js", since: "2026-12-01T00:00:00.000Z" }));

describe("the data folder's lock", () => {
  it("is held by one taker: a second is refused with one line naming the holder", () => {
    const lock = lockDataDir(dir, "node build/server.js");
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, command: "node build/server.js" });
    let refused: unknown;
    try {
      lockDataDir(dir, "node build/db.js migrate");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toContain(`in use by process ${process.pid} (node build/server.js`);
    expect((refused as Error).message).not.toContain("\n");
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lockDataDir(dir).release();
  });

  it("refuses while another live process holds it, and takes it over once that process is gone", async () => {
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      lockFile(holder.pid!);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${holder.pid} `));
    } finally {
      const exited = new Promise((resolve) => holder.once("exit", resolve));
      holder.kill("SIGKILL");
      await exited;
    }
    // The holder died without releasing (as after kill -9): its lock is stale and is taken over.
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock left by a dead process or an unreadable one", () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    lockFile(dead);
    lockDataDir(dir).release();
    writeFileSync(lockPathOf(dir), "garbage");
    lockDataDir(dir).release();
  });
});
