import type { Writable } from "node:stream";
import type { Logger } from "~/lib/logger";

export type { LogFields, LogLevel, Logger } from "~/lib/logger";

/**
 * JSON lines, one per record. Lines are gathered and written once per turn of the event loop,
 * so a busy server does one write for many requests instead of one each.
 */
export function createLogger(out: Writable = process.stdout): Logger {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.join("");
    pending = [];
    out.write(chunk);
  };
  return {
    log(level, msg, fields) {
      pending.push(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
