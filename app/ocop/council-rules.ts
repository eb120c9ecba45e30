/**
 * The council's forms and results as pure functions (safe in the browser): the round, member, return-note and decision
 * forms; reading a scoring form into choices; a council's result for one application; the stars a decision may give.
 */
import { z } from "zod";
import { freeText } from "~/lib/form-values";
import { councilMean, councilSpread, provinceResult, roundPoints, starClass, type ScoreInput } from "./rules";

const text = (min: number, max: number) =>
  freeText(max, "validation.tooLong", "validation.required").min(1, { error: "validation.required" }).min(min, { error: "validation.tooShort" });
/** A calendar date as YYYY-MM-DD that exists (2026-13-01 and 2026-02-30 are refused, not stored or thrown on). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
const isoDate = z
  .string({ error: "validation.required" })
  .trim()
  .refine((v) => isCalendarDate(v) && v >= "2000-01-01" && v <= "2100-12-31", { error: "council.v.date" });

export const councilRoles = ["chair", "secretary", "member"] as const;
export type CouncilRole = (typeof councilRoles)[number];

export const roundFormSchema = z.object({
  name: text(3, 200),
  year: z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^\d{4}$/, { error: "council.v.year" })
    .transform(Number)
    .refine((y) => y >= 2019 && y <= 2100, { error: "council.v.year" }),
  meetingOn: z
    .union([z.literal(""), isoDate])
    .optional()
    .transform((v) => (v ? v : null)),
});

export const memberFormSchema = z.object({
  email: text(3, 254)
    .transform((v) => v.toLowerCase())
    .pipe(z.email({ error: "council.v.email" })),
  role: z.enum(councilRoles, { error: "validation.choice" }),
  title: freeText(300)
    .optional()
    .transform((v) => (v ? v : null)),
});

export const returnFormSchema = z.object({ note: text(5, 2000) });

export const conflictFormSchema = z.object({
  note: freeText(500)
    .optional()
    .transform((v) => (v ? v : null)),
});

export const decisionFormSchema = z.object({
  number: text(3, 60),
  signedOn: isoDate,
  signerName: text(3, 200),
  signerTitle: text(3, 300),
});

/** "3", "4", "5" or "none" (not ranked) as an officer picks it for one application of a decision. */
export type DecisionStarsChoice = 3 | 4 | 5 | null;

export function parseStarsChoice(raw: unknown): DecisionStarsChoice | undefined {
  if (raw === "none") return null;
  if (raw === "3" || raw === "4" || raw === "5") return Number(raw) as 3 | 4 | 5;
  return undefined;
}

export interface ScoreEntry extends ScoreInput {
  comment: string | null;
}

/**
 * A scoring form's fields `score.{code}` (the chosen option's index) and `comment.{code}`: the choices made (a
 * criterion left blank is not scored yet) with their comments. A malformed index is kept as NaN so the rules refuse it.
 */
export function readScoreForm(entries: Iterable<[string, unknown]>): { scores: ScoreEntry[]; tooLongComment: string | null } {
  const choices = new Map<string, number>();
  const comments = new Map<string, string>();
  let tooLongComment: string | null = null;
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue;
    if (name.startsWith("score.")) {
      const code = name.slice("score.".length);
      if (value.trim() === "") continue;
      choices.set(code, /^\d{1,2}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);
    } else if (name.startsWith("comment.")) {
      const code = name.slice("comment.".length);
      const comment = value.trim();
      if (comment.length > 1000) tooLongComment = code;
      if (comment) comments.set(code, comment.slice(0, 1000));
    }
  }
  const scores = [...choices].map(([criterionCode, optionIndex]) => ({ criterionCode, optionIndex, comment: comments.get(criterionCode) ?? null }));
  return { scores, tooLongComment };
}

export interface CouncilResult {
  /** Members who submitted. */
  submitted: number;
  mean: number | null;
  spread: number | null;
  /** The star class of the mean (5 = proposed upward), null below 50 or without scores. */
  starClass: 3 | 4 | 5 | null;
  /** What a province decision may give at most, and whether it goes on to the central council. */
  provinceStars: 3 | 4 | null;
  proposedFiveStars: boolean;
}

/** The council's result for one application from its members' submitted totals. */
export function councilResult(memberTotals: readonly number[]): CouncilResult {
  const mean = councilMean(memberTotals);
  const spread = councilSpread(memberTotals);
  if (mean === null) return { submitted: 0, mean: null, spread: null, starClass: null, provinceStars: null, proposedFiveStars: false };
  const province = provinceResult(mean);
  return { submitted: memberTotals.length, mean, spread, starClass: starClass(mean), provinceStars: province.stars, proposedFiveStars: province.proposedFiveStars };
}

/** Spread per criterion between the members who submitted: highest minus lowest points. */
export function criterionSpreads(scores: ReadonlyArray<{ criterionCode: string; points: number }>): Map<string, number> {
  const byCode = new Map<string, number[]>();
  for (const s of scores) byCode.set(s.criterionCode, [...(byCode.get(s.criterionCode) ?? []), s.points]);
  return new Map([...byCode].map(([code, points]) => [code, roundPoints(Math.max(...points) - Math.min(...points))]));
}

/**
 * May a province decision give these stars for this mean? Lower than the class (or not ranked) yes, higher never;
 * below 50 only "not ranked"; 5★ only a central decision gives.
 */
export function provinceStarsRefusal(requested: DecisionStarsChoice, mean: number): "stars_above_class" | null {
  if (requested === null) return null;
  const allowed = provinceResult(mean).stars;
  if (allowed === null || requested > allowed) return "stars_above_class";
  return null;
}

/** Who may act on a round: its chair and secretary follow the scoring; the secretary alone returns and accepts. */
export function seesCouncilProgress(role: CouncilRole | null): boolean {
  return role === "chair" || role === "secretary";
}

/** One chair and one secretary: a second of either is refused; a round moves to scoring only with both. */
export function councilRoleRefusal(existing: readonly CouncilRole[], adding: CouncilRole): "chair_taken" | "secretary_taken" | null {
  if (adding === "chair" && existing.includes("chair")) return "chair_taken";
  if (adding === "secretary" && existing.includes("secretary")) return "secretary_taken";
  return null;
}

export function councilComplete(existing: readonly CouncilRole[]): boolean {
  return existing.filter((r) => r === "chair").length === 1 && existing.filter((r) => r === "secretary").length === 1;
}
