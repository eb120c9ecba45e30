import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { appMeta } from "#db/schema";

export const SESSION_SECRET_KEY = "session_secret";

/**
 * The secret that signs session and CSRF cookies: SESSION_SECRET when set; otherwise one generated
 * on the first start and kept in app_meta, so sessions survive restarts.
 */
export async function resolveSessionSecret(
  db: Database,
  configured: string | undefined,
  warn: (message: string) => void,
): Promise<string> {
  if (configured) return configured;
  await db
    .insert(appMeta)
    .values({ key: SESSION_SECRET_KEY, value: { secret: randomBytes(48).toString("base64url") } })
    .onConflictDoNothing();
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, SESSION_SECRET_KEY));
  const secret = (row?.value as { secret?: unknown } | undefined)?.secret;
  if (typeof secret !== "string" || secret.length < 32) throw new Error("app_meta.session_secret is malformed");
  warn("SESSION_SECRET is not set: using a generated secret kept in the database; set SESSION_SECRET in production");
  return secret;
}
