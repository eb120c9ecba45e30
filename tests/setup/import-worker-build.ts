/**
 * Builds the household-import worker (app/households/import-worker.server.ts) to build/import-worker.js, as
 * `npm run build:server` does, so tests run the real worker thread from the TypeScript source. Written to a
 * temporary name and renamed into place, so test files building it at the same time never see half a file.
 */
import { mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { importWorkerPath } from "~/households/import-reader.server";

export function buildImportWorker(): void {
  const out = importWorkerPath();
  mkdirSync(dirname(out), { recursive: true });
  const temporary = `${out}.${process.pid}.${Date.now()}.tmp.js`;
  buildSync({
    entryPoints: [fileURLToPath(new URL("../../app/households/import-worker.server.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: temporary,
    logLevel: "warning",
  });
  renameSync(temporary, out);
}
