/**
 * The worker thread that reads an uploaded spreadsheet, and for a preview checks its rows too
 * (import-reader.server.ts starts one per file). Built as its own file next to the server bundle
 * (build/import-worker.js, see `build:server`): a worker runs a file, not a function. It reads the bytes it is
 * given, posts the result with its thread id, and ends.
 */
import { parentPort, threadId, workerData } from "node:worker_threads";
import type { ImportKind } from "./import-columns";
import { readSpreadsheet, type ReadResult } from "./import-file";
import { checkImport, type CheckResult, type ImportContext } from "./import-rows";

export interface WorkerInput {
  bytes: Uint8Array;
  /** Check the rows read against the cooperative's data (a preview), or only read them. */
  check: { kind: ImportKind; context: ImportContext } | null;
}

export interface WorkerReply {
  threadId: number;
  result: ReadResult;
  checked: CheckResult | null;
}

if (!parentPort) throw new Error("import-worker runs as a worker thread only");
const input = workerData as WorkerInput;
const result = readSpreadsheet(input.bytes);
const checked = result.ok && input.check ? checkImport(input.check.kind, result, input.check.context) : null;
const reply: WorkerReply = { threadId, result, checked };
parentPort.postMessage(reply);
