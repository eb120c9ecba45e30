/**
 * A small OCOP council world for database tests: a department with its officer, two cooperatives (each with a
 * manager and a product), a published test sheet, and accounts to seat on councils.
 */
import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { memberships, ocopCouncilMembers, organisations, products, users } from "#db/schema";
import type { MembershipGrant } from "~/identity/roles";
import type { CouncilRole } from "~/ocop/council-rules";
import { insertTestSheet, uniqueSuffix } from "./ocop-fixtures";

export interface CouncilWorld {
  departmentId: string;
  officer: { userId: string; memberships: MembershipGrant[] };
  coopA: { id: string; productId: string; managerEmail: string };
  coopB: { id: string; productId: string; managerEmail: string };
  sheetId: string;
  /** Creates an account (no memberships) and returns its id and e-mail. */
  person(name: string): Promise<{ userId: string; email: string; memberships: MembershipGrant[] }>;
  /** Seats a person on a round directly. */
  seat(roundId: string, userId: string, role: CouncilRole): Promise<void>;
}

export async function createCouncilWorld(db: Database): Promise<CouncilWorld> {
  const s = uniqueSuffix();
  const [department] = await db.insert(organisations).values({ slug: `so-${s}`, kind: "department", name: `Sở Nông nghiệp ${s}`, status: "active" }).returning();
  const person = async (name: string) => {
    const email = `${name}.${uniqueSuffix()}@test.vn`;
    const [u] = await db.insert(users).values({ email, displayName: `${name} ${s}` }).returning({ id: users.id });
    return { userId: u!.id, email, memberships: [] as MembershipGrant[] };
  };
  const officer = await person("canbo");
  await db.insert(memberships).values({ userId: officer.userId, organisationId: department!.id, role: "department_officer" });
  const coop = async (tag: string) => {
    const [org] = await db.insert(organisations).values({ slug: `htx-${tag}-${s}`, kind: "cooperative", name: `HTX ${tag} ${s}`, status: "active" }).returning();
    const [product] = await db
      .insert(products)
      .values({ organisationId: org!.id, slug: `che-${tag}-${s}`, nameVi: `Chè ${tag} ${s}`, nameEn: `Tea ${tag}`, category: "tea", unitVi: "gói", unitEn: "pack", priceVnd: 100000 })
      .returning({ id: products.id });
    const manager = await person(`quanly${tag}`);
    await db.insert(memberships).values({ userId: manager.userId, organisationId: org!.id, role: "cooperative_manager" });
    return { id: org!.id, productId: product!.id, managerEmail: manager.email };
  };
  const coopA = await coop("a");
  const coopB = await coop("b");
  const { sheetId } = await insertTestSheet(db);
  return {
    departmentId: department!.id,
    officer: { userId: officer.userId, memberships: [{ organisationId: department!.id, role: "department_officer" }] },
    coopA,
    coopB,
    sheetId,
    person,
    seat: async (roundId, userId, role) => {
      await db.insert(ocopCouncilMembers).values({ roundId, userId, role });
    },
  };
}

/** The e-mail of a user, for assertions on the outbox. */
export async function emailOf(db: Database, userId: string): Promise<string> {
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u!.email;
}
