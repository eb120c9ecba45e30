import type { Writable } from "node:stream";
import type { LogFields, Logger } from "~/lib/logger";
import { redactPersonalData } from "~/lib/redact";

export type { LogFields, LogLevel, Logger } from "~/lib/logger";

/** Warnings and errors carry error messages and stacks: no query parameters or phone numbers in them. */
function redacted(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields)) out[name] = typeof value === "string" ? redactPersonalData(value) : value;
  return out;
}

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
      pending.push(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...(fields && level !== "info" ? redacted(fields) : fields) })}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
