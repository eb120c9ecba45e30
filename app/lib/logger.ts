/**
 * The one logger interface of the app: the HTTP server's JSON-lines logger implements it and hands it
 * to loaders, actions and commands through the load context; domain code never writes to the console.
 */
import { redactPersonalData } from "./redact";

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** Writes whatever is still buffered; call before exit. */
  flush(): void;
}

/** For tests and scripts that want no output. */
export const silentLogger: Logger = { log: () => {}, flush: () => {} };

/** Collects records in memory: tests read what a command logged. */
export function memoryLogger(): Logger & { records: { level: LogLevel; msg: string; fields?: LogFields }[] } {
  const records: { level: LogLevel; msg: string; fields?: LogFields }[] = [];
  return { records, log: (level, msg, fields) => void records.push({ level, msg, fields }), flush: () => {} };
}

/** An error's message and name for a log record, without its stack, parameters or personal data. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) return { error: redactPersonalData(error.message), errorName: error.name };
  return { error: redactPersonalData(String(error)) };
}
