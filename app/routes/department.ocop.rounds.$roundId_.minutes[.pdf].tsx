import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasRoleIn } from "~/identity/roles";
import { requireUser } from "~/identity/request.server";
import { getLocale } from "~/lib/locale.server";
import { seesCouncilProgress } from "~/ocop/council-rules";
import { councilRoleOf, getRoundView } from "~/ocop/council.server";
import { councilMinutesPdf, minutesFileName } from "~/ocop/minutes.server";

/** The council's minutes of a round, for the department's officers and the round's chair and secretary. */
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requireUser(args);
  const view = await getRoundView(args.context.db, args.params.roundId ?? "");
  if (!view) throw new Response("Not Found", { status: 404 });
  const isOfficer = hasRoleIn(viewer.memberships, view.round.departmentId, ["department_officer"]);
  if (!isOfficer && !seesCouncilProgress(await councilRoleOf(args.context.db, view.round.id, viewer.user.id))) throw new Response("Not Found", { status: 404 });
  const pdf = await councilMinutesPdf(view, getLocale(args.request), new Date());
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${minutesFileName(view.round)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
