import { asc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { communes, organisations } from "#db/schema";

/** Communes of the province the organisation sits in (Thái Nguyên for the demo), for place pickers. */
export async function listCommunesOfOrganisationProvince(db: Database, organisationId: string) {
  const [org] = await db
    .select({ provinceCode: communes.provinceCode })
    .from(organisations)
    .leftJoin(communes, eq(communes.id, organisations.communeId))
    .where(eq(organisations.id, organisationId));
  const provinceCode = org?.provinceCode ?? "19";
  return db
    .select({ id: communes.id, nameVi: communes.nameVi })
    .from(communes)
    .where(eq(communes.provinceCode, provinceCode))
    .orderBy(asc(communes.nameVi));
}
