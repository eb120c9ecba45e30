import { rmSync } from "node:fs";
import { dirname } from "node:path";

// Removes the run's temporary embedded database (created in playwright.config.ts).
export default function teardown(): void {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && dir.includes("ocop-e2e-")) rmSync(dirname(dir), { recursive: true, force: true });
}
