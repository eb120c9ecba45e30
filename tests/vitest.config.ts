import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const alias = {
  "~": fileURLToPath(new URL("../app", import.meta.url)),
  "#db": fileURLToPath(new URL("../db", import.meta.url)),
};

// Two projects: pure unit tests, and tests on a real database (PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set). Database tests are named *.db.test.ts.
export default defineConfig({
  root,
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          root,
          include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/unit/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          root,
          include: ["app/**/*.db.test.ts", "db/**/*.db.test.ts", "tests/integration/**/*.db.test.ts"],
          environment: "node",
          // Migrates one template per run; each test file's database is a copy of it (tests/setup/db.ts).
          globalSetup: ["tests/setup/db-template.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
