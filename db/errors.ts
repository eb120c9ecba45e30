/** Database errors the domain turns into answers for the user, whichever driver raised them. */

interface PgLikeError {
  code?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** Finds the PostgreSQL error under drizzle's wrapper (postgres.js and PGlite both carry `code`). */
function pgError(error: unknown): PgLikeError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as PgLikeError;
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    current = e.cause;
  }
  return null;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  if (!e || e.code !== "23505") return false;
  if (!constraint) return true;
  const name = e.constraint_name ?? e.constraint;
  return name === constraint || (typeof e.message === "string" && e.message.includes(constraint));
}
