import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, users } from "#db/schema";
import { signIn } from "~/identity/accounts.server";
import { createTestDatabase, type TestDatabase } from "../../tests/setup/db";
import { DEMO_PASSWORD, demoAccounts, demoAccountsAllowed, seedDemoAccounts } from "./accounts";
import { seedDemoData } from "./index";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
});

afterAll(async () => {
  await t?.dispose();
});

describe("demo accounts", () => {
  it("exist for every role and sign in with the documented password", async () => {
    const roles = await t.db
      .select({ email: users.email, role: memberships.role, organisation: organisations.slug })
      .from(users)
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .leftJoin(organisations, eq(organisations.id, memberships.organisationId));
    const byRole = (role: string | null) => roles.filter((r) => r.role === role).map((r) => r.organisation);
    expect(byRole("admin")).toEqual(["ocop-trace"]);
    expect(byRole("department_officer")).toEqual(["so-nong-nghiep-va-moi-truong-thai-nguyen"]);
    expect(byRole("commune_officer")).toEqual(["so-nong-nghiep-va-moi-truong-thai-nguyen"]);
    expect(new Set(byRole("cooperative_manager")).size).toBeGreaterThanOrEqual(2);
    expect(new Set(byRole("cooperative_staff")).size).toBeGreaterThanOrEqual(2);
    // A consumer, and the OCOP council's members (a council seat is not a membership: db/seed/ocop-rounds.ts).
    expect(roles.filter((r) => r.role === null).map((r) => r.email).sort()).toEqual(
      ["khach@demo.ocoptrace.vn", "chutich.hoidong@demo.ocoptrace.vn", "chuyengia.1@demo.ocoptrace.vn", "chuyengia.2@demo.ocoptrace.vn", "chuyengia.3@demo.ocoptrace.vn"].sort(),
    );
    for (const account of demoAccounts) {
      expect((await signIn(t.db, { email: account.email, password: DEMO_PASSWORD }, { clientAddress: "192.0.2.1" })).ok, account.email).toBe(true);
    }
  });

  it("are not created twice", async () => {
    expect(await seedDemoAccounts(t.db, { env: { NODE_ENV: "test" } })).toEqual({ created: 0, refused: false });
    expect(await t.db.select().from(users)).toHaveLength(demoAccounts.length);
    expect(await t.db.select().from(memberships)).toHaveLength(demoAccounts.filter((a) => a.membership).length);
  });

  it("are added by a later seed once allowed, and refused before", async () => {
    await t.db.delete(users).where(eq(users.email, "khach@demo.ocoptrace.vn"));
    expect(await seedDemoAccounts(t.db, { env: { NODE_ENV: "production" } })).toEqual({ created: 0, refused: true });
    expect(await seedDemoAccounts(t.db, { env: { NODE_ENV: "production", DEMO_ACCOUNTS: "true" } })).toEqual({ created: 1, refused: false });
    await t.db.delete(users).where(eq(users.email, "khach@demo.ocoptrace.vn"));
    // A later seed in production neither creates them nor repeats the refusal told at the first seed.
    expect(await seedDemoData(t.db, { env: { NODE_ENV: "production" } })).toMatchObject({ seeded: false, notices: [] });
    expect(await t.db.select().from(users).where(eq(users.email, "khach@demo.ocoptrace.vn"))).toHaveLength(0);
    expect((await seedDemoData(t.db)).seeded).toBe(false);
    expect(await t.db.select().from(users).where(eq(users.email, "khach@demo.ocoptrace.vn"))).toHaveLength(1);
  });

  it("are refused in production unless DEMO_ACCOUNTS=true", () => {
    expect(demoAccountsAllowed({ NODE_ENV: "production" })).toBe(false);
    expect(demoAccountsAllowed({ NODE_ENV: "production", DEMO_ACCOUNTS: "false" })).toBe(false);
    expect(demoAccountsAllowed({ NODE_ENV: "production", DEMO_ACCOUNTS: "true" })).toBe(true);
    expect(demoAccountsAllowed({ NODE_ENV: "development" })).toBe(true);
    expect(demoAccountsAllowed({})).toBe(true);
  });
});
