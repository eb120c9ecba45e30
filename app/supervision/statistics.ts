/**
 * Public statistics of citizens' cases, computed from plain rows (no names, no contact): by kind, by commune,
 * time to answer and the share answered on time. Communes with fewer than MIN_COMMUNE_CASES cases are merged into
 * one "other communes" row; when that row alone would still be small and only one commune is shown beside it, the
 * smallest shown commune joins it too, so no small commune's figure can be had by subtracting from the total.
 */
import type { CaseStatus, ReportKind } from "./case-words";
import { reportKinds } from "./case-words";
import { workingDaysBetween } from "./working-days";

export const MIN_COMMUNE_CASES = 5;

export interface CaseFact {
  kind: ReportKind;
  status: CaseStatus;
  communeId: number | null;
  communeName: string | null;
  receivedOn: string;
  dueOn: string;
  /** Vietnam date of the first answer, if any. */
  answeredOn: string | null;
}

export interface CaseFigures {
  cases: number;
  answered: number;
  onTime: number;
}

export interface CaseStatistics {
  total: CaseFigures;
  /** Answered on time over (answered + open past their due date); null when nothing was due yet. */
  onTimeShare: number | null;
  /** Median working days from receipt to first answer; null without answers. */
  medianWorkingDays: number | null;
  byKind: ({ kind: ReportKind } & CaseFigures)[];
  byCommune: ({ communeId: number | null; name: string | null; other: boolean } & CaseFigures)[];
}

function figuresOf(facts: readonly CaseFact[]): CaseFigures {
  let answered = 0;
  let onTime = 0;
  for (const f of facts) {
    if (f.answeredOn === null) continue;
    answered += 1;
    if (f.answeredOn <= f.dueOn) onTime += 1;
  }
  return { cases: facts.length, answered, onTime };
}

export function caseStatistics(facts: readonly CaseFact[], today: string): CaseStatistics {
  const total = figuresOf(facts);
  const overdueOpen = facts.filter((f) => f.answeredOn === null && f.dueOn < today).length;
  const due = total.answered + overdueOpen;
  const days = facts
    .filter((f) => f.answeredOn !== null)
    .map((f) => workingDaysBetween(f.receivedOn, f.answeredOn!))
    .sort((a, b) => a - b);
  const mid = Math.floor(days.length / 2);
  const median = days.length === 0 ? null : days.length % 2 === 1 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2;

  const byKind = reportKinds.map((kind) => ({ kind, ...figuresOf(facts.filter((f) => f.kind === kind)) }));

  const groups = new Map<string, CaseFact[]>();
  for (const f of facts) {
    const key = f.communeId === null ? "none" : String(f.communeId);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const shown: CaseStatistics["byCommune"] = [];
  let other: CaseFact[] = [];
  for (const [key, group] of groups) {
    if (key !== "none" && group.length >= MIN_COMMUNE_CASES) {
      shown.push({ communeId: group[0]!.communeId, name: group[0]!.communeName, other: false, ...figuresOf(group) });
    } else other = other.concat(group);
  }
  shown.sort((a, b) => b.cases - a.cases);
  // Complementary suppression: a small merged row must not be the only hidden thing beside one shown commune.
  if (other.length > 0 && other.length < MIN_COMMUNE_CASES && shown.length > 0) {
    const smallest = shown.pop()!;
    other = other.concat(facts.filter((f) => f.communeId === smallest.communeId));
  }
  if (other.length > 0) shown.push({ communeId: null, name: null, other: true, ...figuresOf(other) });
  return { total, onTimeShare: due === 0 ? null : total.onTime / due, medianWorkingDays: median, byKind, byCommune: shown };
}
