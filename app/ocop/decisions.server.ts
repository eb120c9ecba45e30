/**
 * The ranking decision (quyết định công nhận) of a round: number, signed date, signer, and the under-evaluation
 * applications it ranks, each with the council's mean (computed here from the submitted scorings, never typed) and the
 * stars the officer gives — at most the class of the mean (`provinceResult`: 3★ or 4★; 90+ is 4★ and proposed for
 * 5★), lower or "not ranked" if they choose, "not ranked" below 50. In one transaction: the decision, its items, and
 * each application moved under_evaluation → decided. One decision per application (a second is refused, nothing
 * stored). The register (app/ocop/certificates*.server.ts) issues certificates from the items.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { ocopApplications, ocopDecisionItems, ocopDecisions, ocopRounds, ocopScoreSubmissions } from "#db/schema";
import { hasRoleIn } from "~/identity/roles";
import { parseInput } from "~/lib/field-errors";
import { refuse, type Refusal } from "~/lib/result";
import { rollbackWith, transact } from "~/lib/transact.server";
import { councilResult, decisionFormSchema, provinceStarsRefusal, type DecisionStarsChoice } from "./council-rules";
import { isUuid, type CouncilActor } from "./council.server";
import { moveApplication } from "./transitions.server";

export type DecisionRefusal = Refusal<
  | "invalid_input"
  | "forbidden"
  | "round_not_found"
  | "round_not_scoring"
  | "no_applications"
  | "application_not_found"
  | "already_decided"
  | "not_under_evaluation"
  | "no_scores"
  | "stars_above_class"
  | "number_taken"
> & { applicationId?: string };

export interface DecisionItemInput {
  applicationId: string;
  stars: DecisionStarsChoice;
}

function refusal(reason: DecisionRefusal["reason"], applicationId?: string): DecisionRefusal {
  return { ...refuse(reason, { fieldErrors: { _form: `council.refusal.${reason}` } }), ...(applicationId ? { applicationId } : {}) };
}

/** Records the province's ranking decision for applications of a round in scoring or closed. */
export async function recordDecision(
  db: Database,
  args: { actor: CouncilActor; roundId: unknown; input: unknown; items: readonly DecisionItemInput[] },
): Promise<{ ok: true; decisionId: string; items: Array<{ applicationId: string; score: number; stars: number | null; proposedFiveStars: boolean }> } | DecisionRefusal> {
  const parsed = parseInput(decisionFormSchema, args.input);
  if (!parsed.ok) return parsed;
  if (!isUuid(args.roundId)) return refusal("round_not_found");
  const roundId = args.roundId;
  if (args.items.length === 0) return refusal("no_applications");
  if (args.items.some((i) => !isUuid(i.applicationId)) || new Set(args.items.map((i) => i.applicationId)).size !== args.items.length) return refusal("application_not_found");
  const form = parsed.input;
  return transact(
    db,
    { userId: args.actor.userId, organisationId: null },
    async (tx) => {
      const [round] = await tx.db.select().from(ocopRounds).where(eq(ocopRounds.id, roundId)).for("share");
      if (!round) return refusal("round_not_found");
      if (!hasRoleIn(args.actor.memberships, round.departmentId, ["department_officer"])) return refusal("forbidden");
      if (round.status === "open") return refusal("round_not_scoring");
      const ids = args.items.map((i) => i.applicationId);
      // Locked in one ordered statement: a scoring in flight finishes first, a second decision waits and is refused.
      const apps = await tx.db
        .select({ id: ocopApplications.id, roundId: ocopApplications.roundId, status: ocopApplications.status, organisationId: ocopApplications.organisationId })
        .from(ocopApplications)
        .where(inArray(ocopApplications.id, ids))
        .orderBy(ocopApplications.id)
        .for("update");
      const submissions = await tx.db
        .select({ applicationId: ocopScoreSubmissions.applicationId, total: ocopScoreSubmissions.total })
        .from(ocopScoreSubmissions)
        .where(inArray(ocopScoreSubmissions.applicationId, ids));
      const items: Array<{ applicationId: string; score: number; stars: number | null; proposedFiveStars: boolean }> = [];
      for (const input of args.items) {
        const app = apps.find((a) => a.id === input.applicationId);
        if (!app || app.roundId !== round.id) return refusal("application_not_found", input.applicationId);
        if (app.status === "decided" || app.status === "certificate_issued") return refusal("already_decided", input.applicationId);
        if (app.status !== "under_evaluation") return refusal("not_under_evaluation", input.applicationId);
        const result = councilResult(submissions.filter((s) => s.applicationId === app.id).map((s) => Number(s.total)));
        if (result.mean === null) return refusal("no_scores", input.applicationId);
        if (input.stars === 5 || provinceStarsRefusal(input.stars, result.mean)) return refusal("stars_above_class", input.applicationId);
        items.push({ applicationId: app.id, score: result.mean, stars: input.stars, proposedFiveStars: result.proposedFiveStars && input.stars === 4 });
      }
      const [decision] = await tx.db
        .insert(ocopDecisions)
        .values({ departmentId: round.departmentId, roundId: round.id, level: "province", number: form.number, signedOn: form.signedOn, signerName: form.signerName, signerTitle: form.signerTitle, createdBy: args.actor.userId })
        .returning({ id: ocopDecisions.id });
      const decisionId = decision!.id;
      await tx.db.insert(ocopDecisionItems).values(items.map((i) => ({ decisionId, ...i })));
      for (const item of items) {
        const moved = await moveApplication(tx, { applicationId: item.applicationId, to: "decided", by: "department", actorId: args.actor.userId, note: form.number });
        if (!moved.ok) rollbackWith(refusal("already_decided", item.applicationId));
      }
      await tx.audit({ organisationId: round.departmentId, entityType: "ocop_decision", entityId: decisionId, action: "record", after: { ...form, roundId: round.id, items } });
      return { ok: true as const, decisionId, items };
    },
    { uniqueViolations: { ocop_decision_items_once: refusal("already_decided"), ocop_decisions_number: { ...refuse("number_taken" as const, { fieldErrors: { number: "council.refusal.number_taken" } }) } } },
  );
}

/** The decisions of a round, with their items (for the round page). */
export async function decisionsOfRound(db: Database, roundId: string) {
  if (!isUuid(roundId)) return [];
  const decisions = await db.select().from(ocopDecisions).where(and(eq(ocopDecisions.roundId, roundId))).orderBy(ocopDecisions.createdAt);
  if (decisions.length === 0) return [];
  const items = await db.select().from(ocopDecisionItems).where(inArray(ocopDecisionItems.decisionId, decisions.map((d) => d.id)));
  return decisions.map((d) => ({ ...d, items: items.filter((i) => i.decisionId === d.id).map((i) => ({ ...i, score: Number(i.score) })) }));
}
