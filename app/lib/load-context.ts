import type { Database } from "#db/client.server";

// What the HTTP server hands every loader and action: the one database of the process.
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    db: Database;
  }
}

export {};
