import { threadId as mainThreadId } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import { csvText, householdHeader, utf8, xlsxFile } from "../../tests/setup/household-import-fixtures";
import { longestStall } from "../../tests/setup/event-loop";
import { buildImportWorker } from "../../tests/setup/import-worker-build";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./import-columns";
import { readSpreadsheet } from "./import-file";
import { READER_CONCURRENCY, READER_LIMITS, READER_QUEUE, readAndCheckImport, readImportFile, readInWorker } from "./import-reader.server";
import { checkImport, type ImportContext } from "./import-rows";

const row = (i: number) => [`TC-${i}`, "Nguyễn Thị Hoà", "Nữ", 4, "Kinh", "Tân Cương", "Xóm Hồng Thái 2", "15/01/2020", 2020, 18_000_000];
const small = utf8(csvText([householdHeader, ["TC-001", "Nguyễn Thị Hoà", "Nữ", "4", "Kinh", "Tân Cương", "", "15/01/2020", "", ""]]));

// Seconds of real parsing on a shared machine: generous ceilings (no assertion is on speed).
describe("reading an import on a worker thread", { timeout: 120_000 }, () => {
  // The largest list accepted, as Excel-like XLSX: seconds of parsing, which used to run on the event loop.
  let largest: Uint8Array;

  beforeAll(() => {
    buildImportWorker();
    largest = xlsxFile([householdHeader, ...Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => row(i))]);
  }, 120_000);

  it("reads on another thread, to the same result as reading in place", async () => {
    const read = await readInWorker(small);
    expect(read.threadId).not.toBeNull();
    expect(read.threadId).not.toBe(mainThreadId);
    expect(read.result).toEqual(readSpreadsheet(small));
  });

  it("checks the rows on the worker too, as checking in place would", async () => {
    const context: ImportContext = { today: "2026-11-25", communes: [{ id: 1, nameVi: "Tân Cương" }], households: [], rawProducts: [], lots: [], supplies: [], payments: [] };
    const read = await readAndCheckImport(small, "households", context);
    const inPlace = readSpreadsheet(small);
    if (!read.ok || !inPlace.ok) throw new Error("unread");
    expect(read.checked).toEqual(checkImport("households", inPlace, context));
    expect(read.checked.ok && read.checked.valid).toBe(1);
  });

  it("keeps the event loop turning while the largest accepted file is read", async () => {
    expect(largest.length).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
    const { value: read, elapsedMs, longestStallMs, turns } = await longestStall(() => readInWorker(largest));
    expect(read.result.ok && read.result.rows.length).toBe(MAX_IMPORT_ROWS);
    expect(read.threadId).not.toBe(mainThreadId);
    // Parsing this file takes seconds; read in place, the longest stall of the main loop would be nearly all of it.
    // Read elsewhere, the main loop kept answering timers throughout: no stall near the read's length.
    expect(longestStallMs).toBeLessThan(elapsedMs / 3);
    expect(turns).toBeGreaterThan(10);
  });

  it("stops a read that runs past its time, with a reason to show", async () => {
    expect(await readImportFile(largest, { ...READER_LIMITS, timeoutMs: 50 })).toEqual({ ok: false, reason: "timeout" });
    // The server reads the next file as usual.
    expect((await readImportFile(small)).ok).toBe(true);
  });

  it("stops a read that needs more memory than its worker may have", async () => {
    expect(await readImportFile(largest, { ...READER_LIMITS, heapMb: 8 })).toEqual({ ok: false, reason: "tooComplex" });
  });

  it("reads a few files at a time and refuses uploads past the queue", async () => {
    const reads = Array.from({ length: READER_CONCURRENCY + READER_QUEUE + 1 }, () => readImportFile(small));
    const results = await Promise.all(reads);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(["busy"]);
    expect(results.filter((r) => r.ok)).toHaveLength(READER_CONCURRENCY + READER_QUEUE);
  });
});
