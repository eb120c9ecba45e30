import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The one way a spec starts the built server of its own (`node build/server.js`, as a user would), for journeys
// that need a server set up differently from the run's (playwright.config.ts): without Stripe keys, a database
// changed while it is stopped, its log read, its start and stop watched. Ready means /healthz answers.

const root = fileURLToPath(new URL("../../..", import.meta.url));

export interface ServerExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpecServer {
  port: number;
  baseURL: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything the server wrote so far, stdout then stderr. */
  stdout(): string;
  stderr(): string;
  /** Settles when the process ends, with its code and output. */
  exited: Promise<ServerExit>;
  /** Sends the signal (SIGTERM by default) and waits for the process to end; removes a temporary folder it made. */
  stop(signal?: NodeJS.Signals): Promise<ServerExit>;
}

export interface SpawnOptions {
  /** Environment beyond PATH, HOST=127.0.0.1, PORT, PUBLIC_URL and LOG_REQUESTS=false (the server sees nothing else). */
  env?: Record<string, string>;
  /** A free port of 127.0.0.1 when not given. */
  port?: number;
  /** A temporary DATA_DIR and UPLOAD_DIR, removed when the server is stopped. */
  freshData?: boolean;
}

const running = new Set<ChildProcessWithoutNullStreams>();
// A spec that fails before its teardown must not leave a server behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A port nothing listens on now, chosen by the system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built server without waiting for it (for a start that is meant to fail). */
export async function spawnServer(options: SpawnOptions = {}): Promise<SpecServer> {
  const port = options.port ?? (await freePort());
  const folder = options.freshData ? mkdtempSync(join(tmpdir(), "ocop-e2e-server-")) : null;
  // Only what is named here: the server must not inherit the test runner's environment.
  const env: NodeJS.ProcessEnv = {
    // What the built server assumes when it is not set; named because the type requires it.
    NODE_ENV: "production",
    PATH: process.env.PATH ?? "",
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_REQUESTS: "false",
    // The address links are written for (production refuses to start without it).
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(folder ? { DATA_DIR: join(folder, "pglite"), UPLOAD_DIR: join(folder, "uploads") } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ["build/server.js"], { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<ServerExit>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      if (folder) rmSync(folder, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    }),
  );
  return {
    port,
    baseURL: `http://127.0.0.1:${port}`,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts the built server and waits until /healthz answers; fails with the server's output if it ends first. */
export async function startServer(options: SpawnOptions & { timeoutMs?: number } = {}): Promise<SpecServer> {
  const server = await spawnServer(options);
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let ended = false;
  void server.exited.then(() => (ended = true));
  while (!ended && Date.now() < deadline) {
    try {
      if ((await fetch(`${server.baseURL}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const exit = await (ended ? server.exited : server.stop("SIGKILL"));
  throw new Error(`the server on port ${server.port} did not become healthy (exit ${exit.code}):\n${exit.stdout}${exit.stderr}`);
}
