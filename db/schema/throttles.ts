import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Attempts per throttle scope and key within a fixed window (sign-in per account and per client address, order
 * look-up, password-reset mails, sign-up). Keys are SHA-256 digests: no e-mail or address is stored here. One
 * statement counts an attempt and decides (app/lib/throttle.server.ts), so concurrent attempts cannot all pass.
 */
export const throttleHits = pgTable(
  "throttle_hits",
  {
    scope: text("scope").notNull(),
    keyHash: text("key_hash").notNull(),
    hits: integer("hits").notNull(),
    /** When the current window ends: the count starts again from 1 after it. */
    windowEndsAt: timestamp("window_ends_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] })],
);
