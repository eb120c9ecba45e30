/**
 * The OCOP evaluation rules of Decision 148/QĐ-TTg (2023) as pure functions: criteria sheets as data, scoring,
 * star classes, the application's statuses, and who may score what. Safe in the browser; tests call it directly.
 */
import { z } from "zod";

export const ocopParts = ["A", "B", "C"] as const;
export type OcopPart = (typeof ocopParts)[number];

/** Part maxima: A production organisation and community 40, B marketing and product story 25, C quality 35. */
export const PART_MAXIMA: Record<OcopPart, number> = { A: 40, B: 25, C: 35 };
export const TOTAL_MAXIMUM = 100;

/**
 * The kind of evidence a criterion needs: a document uploaded to the dossier, a lot with a lab test, a figure the
 * platform computes from live records, or nothing beyond the council's judgement (samples, visit).
 */
export const evidenceKinds = ["document", "lab_tested_lot", "platform_figure", "none"] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** The platform evidence a dossier can carry, one snapshot per kind (ocop_application_evidence.kind). */
export const platformEvidenceKinds = [
  "lab_tests",
  "traceability_coverage",
  "sales_by_month",
  "buyer_provinces",
  "repeat_buyers",
  "scans",
  "member_households",
  "current_certificate",
] as const;
export type PlatformEvidenceKind = (typeof platformEvidenceKinds)[number];

const localized = z.object({ vi: z.string().trim().min(1).max(600), en: z.string().trim().min(1).max(600) });

export const criterionOptionSchema = z.object({
  label: localized,
  /** Points, at most two decimals (some sheets give 0.5). */
  points: z.number().min(0).max(40).multipleOf(0.25),
});

export const criterionSchema = z
  .object({
    /** Unique within the sheet, e.g. "A1.1". */
    code: z.string().regex(/^[ABC][0-9]{1,2}(\.[0-9]{1,2})?$/),
    part: z.enum(ocopParts),
    /** The group heading it sits under within its part, e.g. "Tổ chức sản xuất". */
    section: localized,
    text: localized,
    options: z.array(criterionOptionSchema).min(2).max(8),
    evidence: z.enum(evidenceKinds),
    /** For evidence "platform_figure": which platform evidence supports it. */
    platformEvidence: z.enum(platformEvidenceKinds).optional(),
    /** A submission needs this evidence (a document of `documentKind`, a lab-tested lot, or the platform figure). */
    required: z.boolean().default(false),
    documentKind: z.string().optional(),
    /** True where the seeded wording has not yet been checked against the decision's annex. */
    checkAgainstAnnex: z.boolean().default(false),
  })
  .refine((c) => c.code.startsWith(c.part), { message: "criterion_code_part", path: ["code"] })
  .refine((c) => c.evidence !== "platform_figure" || c.platformEvidence !== undefined, {
    message: "criterion_platform_evidence_missing",
    path: ["platformEvidence"],
  });

export type Criterion = z.infer<typeof criterionSchema>;

export const criteriaSheetSchema = z.object({ criteria: z.array(criterionSchema).min(3).max(80) });
export type CriteriaSheet = z.infer<typeof criteriaSheetSchema>;

/** The best a criterion can earn: its highest option. */
export function criterionMaximum(c: Pick<Criterion, "options">): number {
  return Math.max(...c.options.map((o) => o.points));
}

export type SheetProblem =
  | { kind: "duplicate_code"; code: string }
  | { kind: "part_maximum"; part: OcopPart; expected: number; actual: number }
  | { kind: "no_zero_option"; code: string };

/**
 * What stops a sheet from being published: duplicate codes, part maxima other than 40/25/35, a criterion without a
 * zero option (every criterion must be scorable as "not met").
 */
export function sheetProblems(sheet: CriteriaSheet): SheetProblem[] {
  const problems: SheetProblem[] = [];
  const seen = new Set<string>();
  for (const c of sheet.criteria) {
    if (seen.has(c.code)) problems.push({ kind: "duplicate_code", code: c.code });
    seen.add(c.code);
    if (!c.options.some((o) => o.points === 0)) problems.push({ kind: "no_zero_option", code: c.code });
  }
  for (const part of ocopParts) {
    const actual = roundPoints(sheet.criteria.filter((c) => c.part === part).reduce((s, c) => s + criterionMaximum(c), 0));
    if (actual !== PART_MAXIMA[part]) problems.push({ kind: "part_maximum", part, expected: PART_MAXIMA[part], actual });
  }
  return problems;
}

/** Points are kept to two decimals. */
export function roundPoints(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface ScoreInput {
  criterionCode: string;
  optionIndex: number;
}

export type ScoreRefusal =
  | { kind: "unknown_criterion"; code: string }
  | { kind: "unknown_option"; code: string; optionIndex: number }
  | { kind: "duplicate_criterion"; code: string };

/** The points a choice earns, or why it is refused: a score is always one of the criterion's own options. */
export function pointsFor(sheet: CriteriaSheet, input: ScoreInput): { ok: true; points: number } | { ok: false; refusal: ScoreRefusal } {
  const c = sheet.criteria.find((x) => x.code === input.criterionCode);
  if (!c) return { ok: false, refusal: { kind: "unknown_criterion", code: input.criterionCode } };
  const option = Number.isInteger(input.optionIndex) ? c.options[input.optionIndex] : undefined;
  if (!option) return { ok: false, refusal: { kind: "unknown_option", code: c.code, optionIndex: input.optionIndex } };
  return { ok: true, points: option.points };
}

/** Checks a whole set of choices (one per criterion at most) and gives their points, or every refusal. */
export function scoreChoices(
  sheet: CriteriaSheet,
  inputs: readonly ScoreInput[],
): { ok: true; scores: Array<ScoreInput & { points: number }> } | { ok: false; refusals: ScoreRefusal[] } {
  const refusals: ScoreRefusal[] = [];
  const scores: Array<ScoreInput & { points: number }> = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.criterionCode)) {
      refusals.push({ kind: "duplicate_criterion", code: input.criterionCode });
      continue;
    }
    seen.add(input.criterionCode);
    const r = pointsFor(sheet, input);
    if (r.ok) scores.push({ ...input, points: r.points });
    else refusals.push(r.refusal);
  }
  return refusals.length ? { ok: false, refusals } : { ok: true, scores };
}

export interface Totals {
  A: number;
  B: number;
  C: number;
  total: number;
  /** Criteria of the sheet with no score yet. */
  missing: string[];
}

/** Part totals and the total of one scorer's choices against the sheet. */
export function totals(sheet: CriteriaSheet, scores: ReadonlyArray<{ criterionCode: string; points: number }>): Totals {
  const byCode = new Map(scores.map((s) => [s.criterionCode, s.points]));
  const t: Totals = { A: 0, B: 0, C: 0, total: 0, missing: [] };
  for (const c of sheet.criteria) {
    const p = byCode.get(c.code);
    if (p === undefined) {
      t.missing.push(c.code);
      continue;
    }
    t[c.part] = roundPoints(t[c.part] + p);
  }
  t.total = roundPoints(t.A + t.B + t.C);
  return t;
}

/** The council's result: the mean of the members' submitted totals, to two decimals. */
export function councilMean(memberTotals: readonly number[]): number | null {
  if (memberTotals.length === 0) return null;
  return roundPoints(memberTotals.reduce((s, x) => s + x, 0) / memberTotals.length);
}

/** The spread the secretary watches: highest minus lowest member total. */
export function councilSpread(memberTotals: readonly number[]): number | null {
  if (memberTotals.length === 0) return null;
  return roundPoints(Math.max(...memberTotals) - Math.min(...memberTotals));
}

/**
 * Star class of a (mean) score: 3★ 50–69, 4★ 70–89, 5★ 90–100 (proposed upward to the central council); below 50
 * not ranked. Fractional means count in the class whose lower bound they reach (69.99 is 3★, 70 is 4★).
 */
export function starClass(score: number): 3 | 4 | 5 | null {
  if (!Number.isFinite(score) || score < 0 || score > TOTAL_MAXIMUM) throw new RangeError(`OCOP score out of range: ${score}`);
  if (score >= 90) return 5;
  if (score >= 70) return 4;
  if (score >= 50) return 3;
  return null;
}

/** What a province decision may give for a mean score: 3★ or 4★ itself; 90+ gets 4★ and is proposed for 5★. */
export function provinceResult(score: number): { stars: 3 | 4 | null; proposedFiveStars: boolean } {
  const cls = starClass(score);
  if (cls === 5) return { stars: 4, proposedFiveStars: true };
  return { stars: cls, proposedFiveStars: false };
}

export const applicationStatuses = ["draft", "submitted", "returned", "under_evaluation", "decided", "certificate_issued"] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** Who moves an application from one status to the next. */
export const applicationTransitions: Record<ApplicationStatus, ReadonlyArray<{ to: ApplicationStatus; by: "producer" | "secretary" | "department" }>> = {
  draft: [{ to: "submitted", by: "producer" }],
  submitted: [
    { to: "returned", by: "secretary" },
    { to: "under_evaluation", by: "secretary" },
  ],
  returned: [{ to: "submitted", by: "producer" }],
  under_evaluation: [{ to: "decided", by: "department" }],
  decided: [{ to: "certificate_issued", by: "department" }],
  certificate_issued: [],
};

export function canMove(from: ApplicationStatus, to: ApplicationStatus, by: "producer" | "secretary" | "department"): boolean {
  return applicationTransitions[from].some((t) => t.to === to && t.by === by);
}

/** The producer edits the dossier (forms, documents, evidence, self-score) only while it is a draft or returned. */
export function producerMayEdit(status: ApplicationStatus): boolean {
  return status === "draft" || status === "returned";
}

export type ScoringRefusal = "not_a_member" | "round_not_scoring" | "conflicted" | "not_under_evaluation" | "already_submitted" | "not_in_round";

/**
 * May this council member score (or change a score of) this application now? A member never scores an application of
 * an organisation they declared a conflict with, nor after the round closed or after submitting their own scoring.
 */
export function scoringRefusal(input: {
  isMember: boolean;
  roundStatus: "open" | "scoring" | "closed";
  applicationRoundMatches: boolean;
  applicationStatus: ApplicationStatus;
  conflictedOrganisationIds: readonly string[];
  applicationOrganisationId: string;
  alreadySubmitted: boolean;
}): ScoringRefusal | null {
  if (!input.isMember) return "not_a_member";
  if (!input.applicationRoundMatches) return "not_in_round";
  if (input.roundStatus !== "scoring") return "round_not_scoring";
  if (input.applicationStatus !== "under_evaluation") return "not_under_evaluation";
  if (input.conflictedOrganisationIds.includes(input.applicationOrganisationId)) return "conflicted";
  if (input.alreadySubmitted) return "already_submitted";
  return null;
}

/** Members see each other's scores only once they have submitted their own (the secretary and chair see progress). */
export function seesOtherScores(input: { role: "chair" | "secretary" | "member"; submittedOwn: boolean; roundClosed: boolean }): boolean {
  return input.roundClosed || input.submittedOwn;
}
