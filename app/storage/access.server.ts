/**
 * Who may read a stored file. Product and organisation photos are public; a trace step's attachment is public
 * only when the cooperative made it so (trace_attachments.public), otherwise readable by members of the
 * organisation that attached it; a citizen's report photo is readable by the department, the supervisors and the
 * cooperative the case is assigned to; an OCOP application's document is readable by the department, the council members
 * of the application's round and the managers of the applying cooperative; a file nothing references (a household
 * document, an orphan) is nobody's to read.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";

export type UploadAccess = "public" | "members" | "none";

/** How `key` may be served to a reader who is a member of `readerOrganisations` (none for anyone). */
export async function uploadAccess(
  db: Database,
  key: string,
  readerOrganisations: readonly string[],
  options: { caseDesk?: boolean; ocop?: { userId: string; department: boolean; managerOrganisations: readonly string[] } } = {},
): Promise<UploadAccess> {
  const orgs = readerOrganisations.length > 0 ? sql`array[${sql.join(readerOrganisations.map((id) => sql`${id}::uuid`), sql`, `)}]` : sql`array[]::uuid[]`;
  const ocop = options.ocop;
  const managerOrgs = ocop && ocop.managerOrganisations.length > 0 ? sql`array[${sql.join(ocop.managerOrganisations.map((id) => sql`${id}::uuid`), sql`, `)}]` : sql`array[]::uuid[]`;
  const ocopDocument = ocop
    ? sql`exists (select 1 from ocop_application_documents d join ocop_applications a on a.id = d.application_id
          where d.storage_key = ${key} and (${ocop.department} or a.organisation_id = any(${managerOrgs})
            or exists (select 1 from ocop_council_members m where m.round_id = a.round_id and m.user_id = ${ocop.userId}::uuid)))`
    : sql`false`;
  const [row] = rowsOf<{ public: boolean; member: boolean }>(
    await db.execute(sql`
      select
        exists (select 1 from product_photos where storage_key = ${key})
          or exists (select 1 from organisation_photos where storage_key = ${key})
          or exists (select 1 from trace_attachments where storage_key = ${key} and public) as public,
        exists (select 1 from trace_attachments where storage_key = ${key} and organisation_id = any(${orgs}))
          or exists (select 1 from citizen_cases where photo_key = ${key} and (${options.caseDesk === true} or assigned_organisation_id = any(${orgs})))
          or ${ocopDocument} as member`),
  );
  if (row?.public) return "public";
  return row?.member ? "members" : "none";
}
