export interface HealthReport {
  status: "ok" | "error";
  database: "ok" | "unreachable";
  driver: string;
}

/** Pings the database within a deadline; a slow database counts as down. */
export async function checkHealth(
  ping: () => Promise<void>,
  driver: string,
  timeoutMs = 2000,
): Promise<{ httpStatus: 200 | 503; report: HealthReport }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  try {
    await Promise.race([ping(), deadline]);
    return { httpStatus: 200, report: { status: "ok", database: "ok", driver } };
  } catch {
    return { httpStatus: 503, report: { status: "error", database: "unreachable", driver } };
  } finally {
    clearTimeout(timer);
  }
}
