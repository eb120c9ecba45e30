/**
 * The background sender: every few seconds it runs the mail queue (./queue.server.ts). Runs never overlap in one
 * process; across instances the queue's claims keep each message with one sender.
 */
import type { Database } from "#db/client.server";
import { errorFields, type Logger } from "~/lib/logger";
import type { Channel } from "./channel";
import { runMailQueue } from "./queue.server";

export interface MailWorker {
  /** Runs the queue now (unless a run is going on); resolves when that run ends. */
  runNow(): Promise<void>;
  stop(): void;
}

export function startMailWorker(options: { db: Database; channels: readonly Channel[]; publicUrl: string; logger: Logger; intervalMs?: number }): MailWorker {
  let running: Promise<void> | null = null;
  const runNow = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        // Keep going while full batches come back, so a backlog drains without waiting a tick per batch.
        for (let round = 0; round < 20; round++) {
          const report = await runMailQueue(options.db, { channels: options.channels, publicUrl: options.publicUrl, logger: options.logger });
          if (report.sent > 0) options.logger.log("info", "mail sent", { ...report });
          if (report.sent + report.failed < 50) break;
        }
      } catch (error) {
        options.logger.log("error", "mail queue run failed", errorFields(error));
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void runNow(), options.intervalMs ?? 2_000);
  timer.unref();
  return {
    runNow,
    stop() {
      clearInterval(timer);
    },
  };
}
