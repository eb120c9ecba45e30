/**
 * Reads (and for a preview, checks) an uploaded spreadsheet off the event loop. Unpacking and parsing a file is CPU work of up to seconds
 * (a 57 KB XLSX can inflate to 21 MB of XML; a 2 MB CSV can hold a million rows): on the server's one thread it
 * would freeze every other visitor's page meanwhile. Each file is read on its own worker thread with a ceiling of
 * time (the worker is terminated past it) and of memory (the worker's heap), and at most a few files are read at
 * once; the rows and cells a file may hold are bounded by the reader itself (import-file.ts).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ImportKind } from "./import-columns";
import type { FileEncoding, ReadRefusal, ReadResult } from "./import-file";
import type { CheckResult, ImportContext } from "./import-rows";
import type { WorkerInput, WorkerReply } from "./import-worker.server";

/** Why a file was not read besides what it holds: it took too long, needed too much memory, or the server was full. */
export type ReaderRefusal = "timeout" | "tooComplex" | "busy";

export type ImportRead = ReadResult | { ok: false; reason: ReaderRefusal };
export type ImportReadRefusal = ReadRefusal | ReaderRefusal;

export interface ReaderLimits {
  /** Wall time a worker may take to read one file before it is terminated. */
  timeoutMs: number;
  /** The worker's heap (old generation), in MB. */
  heapMb: number;
}

/** Comfortable for the largest file accepted (5,000 rows, 24 MB unpacked takes well under 2 s and 200 MB). */
export const READER_LIMITS: ReaderLimits = { timeoutMs: 15_000, heapMb: 384 };

/** Files read at once; further uploads wait their turn, and past READER_QUEUE waiting ones are refused. */
export const READER_CONCURRENCY = Math.max(1, Math.min(2, availableParallelism() - 1));
export const READER_QUEUE = 16;

/**
 * The worker's file. Bundled, it is build/import-worker.js next to the bundle that runs this code (build/server.js
 * or build/index.js, both in build/). Run from the TypeScript source (vitest), it is the same built file in the
 * project's build/ folder, which the tests build first (tests/setup/import-worker-build.ts).
 */
export function importWorkerPath(): string {
  const fromSource = import.meta.url.endsWith(".ts");
  return fileURLToPath(new URL(fromSource ? "../../build/import-worker.js" : "./import-worker.js", import.meta.url));
}

let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<boolean> {
  if (running < READER_CONCURRENCY) {
    running++;
    return true;
  }
  if (waiting.length >= READER_QUEUE) return false;
  // The slot is handed over by the one finishing: `running` stays counted.
  await new Promise<void>((resolve) => waiting.push(resolve));
  return true;
}

function release() {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

type WorkerOutcome = { threadId: number | null; result: ImportRead; checked: CheckResult | null };

/** Reads a file on a worker thread (checking its rows when `check` is given); the reply says which thread read it. */
export async function readInWorker(bytes: Uint8Array, limits: ReaderLimits = READER_LIMITS, check: WorkerInput["check"] = null): Promise<WorkerOutcome> {
  if (!(await turn())) return { threadId: null, result: { ok: false, reason: "busy" }, checked: null };
  try {
    return await runWorker({ bytes, check }, limits);
  } finally {
    release();
  }
}

/** Reads an uploaded file off the event loop (see readInWorker); what a commit calls. */
export async function readImportFile(bytes: Uint8Array, limits: ReaderLimits = READER_LIMITS): Promise<ImportRead> {
  return (await readInWorker(bytes, limits)).result;
}

/** Reads an uploaded file and checks its rows against the cooperative's data, both off the event loop: a preview. */
export async function readAndCheckImport(
  bytes: Uint8Array,
  kind: ImportKind,
  context: ImportContext,
  limits: ReaderLimits = READER_LIMITS,
): Promise<{ ok: true; encoding: FileEncoding; checked: CheckResult } | { ok: false; reason: ImportReadRefusal }> {
  const { result, checked } = await readInWorker(bytes, limits, { kind, context });
  if (!result.ok) return result;
  if (!checked) throw new Error("the import worker read the file but did not check it");
  return { ok: true, encoding: result.encoding, checked };
}

function runWorker(input: WorkerInput, limits: ReaderLimits): Promise<WorkerOutcome> {
  const path = importWorkerPath();
  // A missing worker file is a broken build, not a bad upload: it fails loudly.
  if (!existsSync(path)) return Promise.reject(new Error(`import worker not built: ${path}`));
  return new Promise((resolve, reject) => {
    const worker = new Worker(path, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (outcome: WorkerOutcome | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The worker has either answered or failed: it is ended either way (terminate is a no-op once exited).
      void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(() => settle({ threadId: worker.threadId, result: { ok: false, reason: "timeout" }, checked: null }), limits.timeoutMs);
    worker.once("message", (reply: WorkerReply) => settle(reply));
    worker.once("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") settle({ threadId: worker.threadId, result: { ok: false, reason: "tooComplex" }, checked: null });
      else settle(error);
    });
    worker.once("exit", (code) => settle(new Error(`import worker exited with code ${code} before answering`)));
  });
}
