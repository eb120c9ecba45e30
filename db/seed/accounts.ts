/**
 * Demo accounts, one or more per role, for trying the app. They share one published password, so
 * they are refused when NODE_ENV=production unless DEMO_ACCOUNTS=true says so explicitly.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { communes, memberships, organisations, users, type MembershipRole } from "#db/schema";
import { THAI_NGUYEN } from "./communes";
import { hashPassword } from "~/identity/password.server";

export const DEMO_PASSWORD = "demo-ocop-2026";

export interface DemoAccount {
  email: string;
  displayName: string;
  /** Organisation slug and role; none for a consumer. */
  membership?: { organisation: string; role: MembershipRole; /** A commune officer's commune (slug in Thái Nguyên). */ commune?: string };
}

export const demoAccounts: readonly DemoAccount[] = [
  { email: "admin@demo.ocoptrace.vn", displayName: "Quản trị viên (demo)", membership: { organisation: "ocop-trace", role: "admin" } },
  {
    email: "canbo.so@demo.ocoptrace.vn",
    displayName: "Trần Thu Hà (demo)",
    membership: { organisation: "so-nong-nghiep-va-moi-truong-thai-nguyen", role: "department_officer" },
  },
  {
    email: "quanly.tancuong@demo.ocoptrace.vn",
    displayName: "Nguyễn Văn Thành (demo)",
    membership: { organisation: "htx-che-tan-cuong-xanh", role: "cooperative_manager" },
  },
  {
    email: "nhanvien.tancuong@demo.ocoptrace.vn",
    displayName: "Lê Thị Mai (demo)",
    membership: { organisation: "htx-che-tan-cuong-xanh", role: "cooperative_staff" },
  },
  {
    email: "quanly.baothai@demo.ocoptrace.vn",
    displayName: "Ma Văn Dũng (demo)",
    membership: { organisation: "htx-nong-nghiep-bao-thai-dinh-hoa", role: "cooperative_manager" },
  },
  {
    email: "nhanvien.baothai@demo.ocoptrace.vn",
    displayName: "Hoàng Thị Nga (demo)",
    membership: { organisation: "htx-nong-nghiep-bao-thai-dinh-hoa", role: "cooperative_staff" },
  },
  {
    email: "giamsat.mttq@demo.ocoptrace.vn",
    displayName: "Đinh Thị Hòa (demo)",
    membership: { organisation: "uy-ban-mttq-tinh-thai-nguyen", role: "supervisor" },
  },
  {
    email: "canbo.xa.tancuong@demo.ocoptrace.vn",
    displayName: "Hà Văn Phúc (demo)",
    membership: { organisation: "so-nong-nghiep-va-moi-truong-thai-nguyen", role: "commune_officer", commune: "tan-cuong" },
  },
  { email: "khach@demo.ocoptrace.vn", displayName: "Phạm Minh Anh (demo)" },
  // OCOP council members (db/seed/ocop-rounds.ts seats them, with canbo.so as the secretary): a seat is not a membership.
  { email: "chutich.hoidong@demo.ocoptrace.vn", displayName: "TS. Hoàng Văn Minh (demo)" },
  { email: "chuyengia.1@demo.ocoptrace.vn", displayName: "ThS. Lê Thị Hoa (demo)" },
  { email: "chuyengia.2@demo.ocoptrace.vn", displayName: "KS. Nông Văn Tài (demo)" },
  { email: "chuyengia.3@demo.ocoptrace.vn", displayName: "TS. Đỗ Thu Trang (demo)" },
];

/** Demo accounts may be created unless this is production without an explicit DEMO_ACCOUNTS=true. */
export function demoAccountsAllowed(env: Record<string, string | undefined>): boolean {
  if (env.NODE_ENV !== "production") return true;
  return ["1", "true", "yes", "on"].includes((env.DEMO_ACCOUNTS ?? "").trim().toLowerCase());
}

/** Said to whoever runs the seed when production refused the demo accounts. */
export const DEMO_ACCOUNTS_REFUSED_NOTICE = "demo accounts not created: NODE_ENV=production (set DEMO_ACCOUNTS=true to create them anyway)";

export interface DemoAccountsResult {
  /** Accounts this run created. */
  created: number;
  /** True when accounts were missing but production refused them (the caller says so). */
  refused: boolean;
}

/**
 * Creates the demo accounts that are missing and their memberships; idempotent (matched on e-mail
 * and on user + organisation).
 */
export async function seedDemoAccounts(tx: Database, options: { env?: Record<string, string | undefined> } = {}): Promise<DemoAccountsResult> {
  const env = options.env ?? process.env;
  const existing = await tx
    .select({ email: users.email })
    .from(users)
    .where(inArray(users.email, demoAccounts.map((a) => a.email)));
  const known = new Set(existing.map((u) => u.email));
  const missing = demoAccounts.filter((a) => !known.has(a.email));
  if (missing.length > 0 && !demoAccountsAllowed(env)) return { created: 0, refused: true };
  let created = 0;
  if (missing.length > 0) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const inserted = await tx
      .insert(users)
      .values(missing.map((a) => ({ email: a.email, displayName: a.displayName, passwordHash })))
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    created = inserted.length;
  }
  const slugs = [...new Set(demoAccounts.flatMap((a) => (a.membership ? [a.membership.organisation] : [])))];
  const organisationIds = new Map(
    (await tx.select({ id: organisations.id, slug: organisations.slug }).from(organisations).where(inArray(organisations.slug, slugs))).map(
      (o) => [o.slug, o.id],
    ),
  );
  for (const account of demoAccounts) {
    if (!account.membership) continue;
    const organisationId = organisationIds.get(account.membership.organisation);
    if (!organisationId) throw new Error(`Demo seed: unknown organisation ${account.membership.organisation}`);
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, account.email));
    if (!user) continue;
    const [member] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, organisationId)));
    if (member) continue;
    let communeId: number | null = null;
    if (account.membership.commune) {
      const [commune] = await tx
        .select({ id: communes.id })
        .from(communes)
        .where(and(eq(communes.provinceCode, THAI_NGUYEN), eq(communes.slug, account.membership.commune)));
      if (!commune) throw new Error(`Demo seed: unknown commune ${account.membership.commune}`);
      communeId = commune.id;
    }
    await tx.insert(memberships).values({ userId: user.id, organisationId, role: account.membership.role, communeId });
  }
  return { created, refused: false };
}
