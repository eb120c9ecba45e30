/**
 * Who may read a stored file. Product and organisation photos are public; a trace step's attachment is public
 * only when the cooperative made it so (trace_attachments.public), otherwise readable by members of the
 * organisation that attached it; a citizen's report photo is readable by the department, the supervisors and the
 * cooperative the case is assigned to; a file nothing references (a household document, an orphan) is nobody's to read.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";

export type UploadAccess = "public" | "members" | "none";

/** How `key` may be served to a reader who is a member of `readerOrganisations` (none for anyone). */
export async function uploadAccess(
  db: Database,
  key: string,
  readerOrganisations: readonly string[],
  options: { caseDesk?: boolean } = {},
): Promise<UploadAccess> {
  const orgs = readerOrganisations.length > 0 ? sql`array[${sql.join(readerOrganisations.map((id) => sql`${id}::uuid`), sql`, `)}]` : sql`array[]::uuid[]`;
  const [row] = rowsOf<{ public: boolean; member: boolean }>(
    await db.execute(sql`
      select
        exists (select 1 from product_photos where storage_key = ${key})
          or exists (select 1 from organisation_photos where storage_key = ${key})
          or exists (select 1 from trace_attachments where storage_key = ${key} and public) as public,
        exists (select 1 from trace_attachments where storage_key = ${key} and organisation_id = any(${orgs}))
          or exists (select 1 from citizen_cases where photo_key = ${key} and (${options.caseDesk === true} or assigned_organisation_id = any(${orgs}))) as member`),
  );
  if (row?.public) return "public";
  return row?.member ? "members" : "none";
}
