import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";

// The README's pictures (docs/screenshots) are tracked files: only `npm run screenshots` rewrites them, so
// `npm test` leaves the tree as it found it. The journeys that take one carry this tag; that command runs them.
export const SCREENSHOTS_TAG = "@screenshots";

const folder = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

/** Saves docs/screenshots/<name>.png when the run is `npm run screenshots`; does nothing otherwise. */
export async function docsScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.DOCS_SCREENSHOTS !== "update") return;
  await page.screenshot({ path: `${folder}${name}.png`, ...options });
}
