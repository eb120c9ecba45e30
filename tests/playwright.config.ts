import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = Number(process.env.E2E_PORT ?? 3197);
const baseURL = `http://127.0.0.1:${port}`;

// A fresh embedded database for each run, so the journeys start from the demo data.
process.env.E2E_DATA_DIR ??= join(mkdtempSync(join(tmpdir(), "ocop-e2e-")), "pglite");
// Uploads beside it, removed with it; specs put files here directly (tests/e2e/uploads.spec.ts).
process.env.E2E_UPLOAD_DIR ??= join(dirname(process.env.E2E_DATA_DIR), "uploads");

// Debian's Chromium where present (this network cannot download Playwright's own browsers);
// PLAYWRIGHT_CHROMIUM_EXECUTABLE overrides, and without either Playwright uses its own.
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  outputDir: join(root, "test-results"),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  globalTeardown: "./setup/e2e-teardown.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node build/server.js",
    cwd: root,
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: process.env.E2E_DATA_DIR,
      UPLOAD_DIR: process.env.E2E_UPLOAD_DIR,
      LOG_REQUESTS: "false",
      // The journeys sign in as the demo accounts (refused by default under NODE_ENV=production).
      DEMO_ACCOUNTS: "true",
      DATABASE_URL: "",
    },
  },
});
