/**
 * An organisation's API keys: what a machine presents (`Authorization: Bearer <key>`) to read the organisation's
 * full EPCIS export. Managers make and revoke them on the workspace profile page; a key is shown once, when
 * made, and only its SHA-256 is kept.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { organisationApiKeys } from "#db/schema";
import { parseInput } from "~/lib/field-errors";
import { freeText } from "~/lib/form-values";
import type { Refusal } from "~/lib/result";
import { transact, type Actor } from "~/lib/transact.server";

const KEY_PREFIX = "ocop_";

export const apiKeyFormSchema = z.object({
  name: freeText(80, "validation.tooLong").min(1, { message: "validation.required" }),
});

/** The SHA-256 (hex) a key is kept as. */
export function apiKeyHash(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Database, organisationId: string): Promise<ApiKeySummary[]> {
  return db
    .select({
      id: organisationApiKeys.id,
      name: organisationApiKeys.name,
      prefix: organisationApiKeys.prefix,
      createdAt: organisationApiKeys.createdAt,
      revokedAt: organisationApiKeys.revokedAt,
    })
    .from(organisationApiKeys)
    .where(eq(organisationApiKeys.organisationId, organisationId))
    .orderBy(desc(organisationApiKeys.createdAt));
}

export type CreateApiKeyResult = { ok: true; key: string; apiKey: ApiKeySummary } | Refusal<"invalid_input">;

/** Makes a key for the organisation; the returned `key` is the only time anyone sees it. */
export async function createApiKey(db: Database, actor: Actor, args: { organisationId: string; form: unknown }): Promise<CreateApiKeyResult> {
  const parsed = parseInput(apiKeyFormSchema, args.form);
  if (!parsed.ok) return parsed;
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const result = await transact(db, actor, async (tx) => {
    const [row] = await tx.db
      .insert(organisationApiKeys)
      .values({ organisationId: args.organisationId, name: parsed.input.name, prefix: key.slice(0, 12), keyHash: apiKeyHash(key), createdBy: actor.userId })
      .returning();
    const apiKey = { id: row!.id, name: row!.name, prefix: row!.prefix, createdAt: row!.createdAt, revokedAt: row!.revokedAt };
    await tx.audit({ organisationId: args.organisationId, entityType: "api_key", entityId: apiKey.id, action: "create", after: { name: apiKey.name, prefix: apiKey.prefix } });
    return { ok: true as const, key, apiKey };
  });
  return result as CreateApiKeyResult;
}

export type RevokeApiKeyResult = { ok: true } | Refusal<"not_found">;

/** Revokes one of the organisation's keys: it stops working at once. */
export async function revokeApiKey(db: Database, actor: Actor, args: { organisationId: string; keyId: string }): Promise<RevokeApiKeyResult> {
  const result = await transact(db, actor, async (tx) => {
    const [row] = await tx.db
      .update(organisationApiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(organisationApiKeys.id, args.keyId), eq(organisationApiKeys.organisationId, args.organisationId), isNull(organisationApiKeys.revokedAt)))
      .returning({ id: organisationApiKeys.id, name: organisationApiKeys.name, prefix: organisationApiKeys.prefix });
    if (!row) return { ok: false as const, reason: "not_found" as const };
    await tx.audit({ organisationId: args.organisationId, entityType: "api_key", entityId: row.id, action: "revoke", after: { name: row.name, prefix: row.prefix } });
    return { ok: true as const };
  });
  return result as RevokeApiKeyResult;
}

/** The organisation an `Authorization: Bearer <key>` header speaks for, or null (no header, unknown or revoked key). */
export async function organisationOfApiKey(db: Database, authorization: string | null): Promise<string | null> {
  const match = authorization ? /^Bearer\s+(ocop_[A-Za-z0-9_-]{20,100})\s*$/.exec(authorization) : null;
  if (!match) return null;
  const [row] = await db
    .select({ organisationId: organisationApiKeys.organisationId })
    .from(organisationApiKeys)
    .where(and(eq(organisationApiKeys.keyHash, apiKeyHash(match[1]!)), isNull(organisationApiKeys.revokedAt)));
  return row?.organisationId ?? null;
}
