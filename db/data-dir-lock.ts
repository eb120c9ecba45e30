/**
 * One writer per embedded database: a lock file beside the data folder, created exclusively and held for the
 * process's life. A second process (server or `db:*` command) on the same folder refuses to start, naming the
 * holder; a lock left by a process that died (kill -9, power loss) is taken over. See
 * docs/decisions/0015-public-address-proxy-and-one-writer.md.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, on ${holder.host} since ${holder.since}): ` +
        "one process per data folder; stop that process first (or use DATABASE_URL for several).",
    );
  }
}

export interface DataDirLock {
  path: string;
  release(): void;
}

export const lockPathOf = (dataDir: string): string => `${dataDir}.lock`;

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return null;
    return { pid: parsed.pid, host: String(parsed.host ?? ""), command: String(parsed.command ?? "?"), since: String(parsed.since ?? "?") };
  } catch {
    return null;
  }
}

/** Whether the process could still be holding the folder: alive here, or on another machine (cannot tell). */
function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock or throws DataDirLockedError naming the live process that holds it. */
export function lockDataDir(dataDir: string, command = process.argv.slice(1).join(" ") || "node"): DataDirLock {
  const path = lockPathOf(dataDir);
  const me: LockHolder = { pid: process.pid, host: hostname(), command: command.slice(0, 200), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Left by a dead process (or unreadable): move it aside, then try to create ours again.
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        unlinkSync(`${path}.stale-${process.pid}`);
      } catch {
        // Another process took it over first; the next attempt reads its lock.
      }
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off("exit", release);
      // Only our own lock: never remove one another process took over.
      if (readHolder(path)?.pid === process.pid) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    };
    // A process that exits without closing the database still gives the folder back.
    process.on("exit", release);
    return { path, release };
  }
  const holder = readHolder(path);
  throw new DataDirLockedError(dataDir, holder ?? { pid: 0, host: hostname(), command: "unknown", since: "?" });
}
