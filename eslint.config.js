import js from "@eslint/js";
import i18next from "eslint-plugin-i18next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".cache/**", "node_modules/**", "test-results/**", "playwright-report/**", ".data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, i18next },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // User-facing text goes through app/lib/i18n.ts, never straight into JSX.
      "i18next/no-literal-string": ["error", { mode: "jsx-text-only" }],
    },
  },
  {
    // Components and shared zod schemas run in the browser too: no server modules.
    files: ["app/components/**", "app/**/schema.ts", "app/lib/use-t.ts", "app/lib/i18n.ts", "app/lib/format.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/*.server", "#db/*", "node:*"],
              allowTypeImports: true,
              message: "Browser code must not import server modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // The domain stays framework-free so tests and scripts call it directly.
    // Every context folder, the cross-cutting lib and the database code.
    files: [
      "app/audit/**",
      "app/catalog/**",
      "app/households/**",
      "app/identity/**",
      "app/insights/**",
      "app/lib/**",
      "app/market/**",
      "app/storage/**",
      "app/trace/**",
      "app/workspace/**",
      "db/**",
    ],
    ignores: [
      // Browser side: the translation hook is React by nature.
      "app/lib/use-t.ts",
      // Types only: the load context augments Remix's, and the resolver's loader is a route's.
      "app/lib/load-context.ts",
      "app/lib/resolver-loader.server.ts",
      // Tests that drive a route or render React to check the edge.
      "app/lib/nul-padding.server.test.ts",
      "app/storage/uploads-route.db.test.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@remix-run/*", "react", "react-dom"], message: "Domain modules must not depend on Remix or React." }] },
      ],
    },
  },
);
