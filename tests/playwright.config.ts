import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";
import { FAKE_API_KEY, FAKE_WEBHOOK_SECRET } from "./mocks/stripe-fake";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = Number(process.env.E2E_PORT ?? 3197);
const baseURL = `http://127.0.0.1:${port}`;

// A fresh embedded database for each run, so the journeys start from the demo data.
process.env.E2E_DATA_DIR ??= join(mkdtempSync(join(tmpdir(), "ocop-e2e-")), "pglite");
// Uploads beside it, removed with it; specs put files here directly (tests/e2e/uploads.spec.ts).
process.env.E2E_UPLOAD_DIR ??= join(dirname(process.env.E2E_DATA_DIR), "uploads");

// The Stripe fake (tests/mocks/stripe-fake.ts) on a free port of 127.0.0.1, chosen once per run (workers
// inherit it): the app server's SDK talks to it and it delivers signed webhooks to the app.
process.env.E2E_STRIPE_PORT ??= execFileSync(
  process.execPath,
  ["-e", "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"],
  { encoding: "utf8" },
);
const stripeFakeUrl = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT}`;
const stripeFakeBundle = join(dirname(process.env.E2E_DATA_DIR), "stripe-fake.cjs");

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
    // The app speaks Vietnamese first, and the origin page follows the browser's language on a first visit.
    locale: "vi-VN",
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
  webServer: [
    {
      // Bundled first: the fake is TypeScript and the run has no TypeScript loader for child processes.
      command: `node_modules/.bin/esbuild tests/e2e/support/stripe-fake-server.ts --bundle --platform=node --format=cjs --target=node20 --log-level=warning --outfile=${stripeFakeBundle} && exec node ${stripeFakeBundle}`,
      cwd: root,
      // The API answers 401 without a key: listening.
      url: `${stripeFakeUrl}/v1/checkout/sessions`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        STRIPE_FAKE_PORT: process.env.E2E_STRIPE_PORT,
        STRIPE_FAKE_WEBHOOK_URL: `${baseURL}/webhooks/stripe`,
      },
    },
    {
      command: "node build/server.js",
      cwd: root,
      url: `${baseURL}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(port),
        PUBLIC_URL: baseURL,
        HOST: "127.0.0.1",
        DATA_DIR: process.env.E2E_DATA_DIR,
        UPLOAD_DIR: process.env.E2E_UPLOAD_DIR,
        LOG_REQUESTS: "false",
        // The journeys sign in as the demo accounts (refused by default under NODE_ENV=production).
        DEMO_ACCOUNTS: "true",
        DATABASE_URL: "",
        // Card payments through the real SDK against the fake (keys are the fake's own).
        STRIPE_SECRET_KEY: FAKE_API_KEY,
        STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
        STRIPE_API_URL: stripeFakeUrl,
      },
    },
  ],
});
