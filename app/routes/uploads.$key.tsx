import type { LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/identity/request.server";
import { isDepartmentOfficer, workspaceOrganisationIds } from "~/identity/roles";
import { uploadAccess } from "~/storage/access.server";
import { canReadEveryCase } from "~/supervision/cases.server";
import { isStorageKey } from "~/storage/storage.server";

// Served bytes were checked on upload; these headers make sure a browser never treats them as a page.
const imageCsp = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
const documentCsp = "default-src 'none'; sandbox";

function notFound(): Response {
  return new Response("Not Found", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
  });
}

/**
 * GET and HEAD of a stored upload by its content address; the key is the ETag because it never changes.
 * Photos and public attachments are anyone's (and cacheable by anyone); a private attachment is served only
 * to members of the organisation that attached it; anything else reads as 404 (app/storage/access.server.ts).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { params, request, context } = args;
  const key = params.key;
  if (!isStorageKey(key)) throw notFound();
  let access = await uploadAccess(context.db, key, []);
  if (access === "none") {
    const viewer = await getViewer(args);
    if (viewer) {
      access = await uploadAccess(context.db, key, workspaceOrganisationIds(viewer.memberships), {
        caseDesk: canReadEveryCase(viewer),
        ocop: {
          userId: viewer.user.id,
          department: isDepartmentOfficer(viewer.memberships),
          managerOrganisations: viewer.memberships.filter((m) => m.role === "cooperative_manager").map((m) => m.organisationId),
        },
      });
    }
  }
  if (access === "none") throw notFound();
  const file = await context.storage.open(key);
  if (!file) throw notFound();

  const etag = `"${key}"`;
  const headers = new Headers({
    "Content-Type": file.contentType,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": file.contentType.startsWith("image/") ? imageCsp : documentCsp,
    "Content-Disposition": `inline; filename="${key}"`,
    "Cache-Control": access === "public" ? "public, max-age=31536000, immutable" : "private, no-store",
    "Cross-Origin-Resource-Policy": "same-site",
    "Referrer-Policy": "no-referrer",
    ETag: etag,
  });
  const ifNoneMatch = request.headers.get("If-None-Match");
  const unchanged = ifNoneMatch !== null && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
  if (unchanged || request.method === "HEAD") {
    // Remix drops a HEAD body without reading it: release the open file here.
    await file.stream.cancel();
    if (!unchanged) headers.set("Content-Length", String(file.size));
    return new Response(null, { status: unchanged ? 304 : 200, headers });
  }
  headers.set("Content-Length", String(file.size));
  return new Response(file.stream, { status: 200, headers });
}
