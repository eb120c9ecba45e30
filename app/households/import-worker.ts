/**
 * The worker thread that reads an uploaded spreadsheet (import-reader.server.ts starts one per file). Built as
 * its own file next to the server bundle (build/import-worker.js, see `build:server`): a worker runs a file,
 * not a function. It reads the bytes it is given, posts the result with its thread id, and ends.
 */
import { parentPort, threadId, workerData } from "node:worker_threads";
import { readSpreadsheet, type ReadResult } from "./import-file";

export interface WorkerReply {
  threadId: number;
  result: ReadResult;
}

if (!parentPort) throw new Error("import-worker runs as a worker thread only");
const reply: WorkerReply = { threadId, result: readSpreadsheet(workerData as Uint8Array) };
parentPort.postMessage(reply);
