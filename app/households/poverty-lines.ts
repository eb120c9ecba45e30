/**
 * National poverty standards as configuration by period: each period names the decree, its monthly
 * income lines per person (integer VND) for rural and urban areas. A year is judged by the standard
 * in force that year. The 2026–2030 lines follow the standard adopted for that period; check them
 * against the decree before relying on them for official reporting.
 */
export interface PovertyStandard {
  id: string;
  fromYear: number;
  toYear: number;
  legalBasis: string;
  /** Monthly income per person at or below which a household is poor (before the deprivation test). */
  poorLineVnd: { rural: number; urban: number };
  /** Monthly income per person at or below which a household is near-poor. */
  nearPoorLineVnd: { rural: number; urban: number };
}

export const povertyStandards: readonly PovertyStandard[] = [
  {
    id: "2016-2021",
    fromYear: 2016,
    toYear: 2021,
    legalBasis: "59/2015/QĐ-TTg",
    poorLineVnd: { rural: 700_000, urban: 900_000 },
    nearPoorLineVnd: { rural: 1_000_000, urban: 1_300_000 },
  },
  {
    id: "2022-2025",
    fromYear: 2022,
    toYear: 2025,
    legalBasis: "07/2021/NĐ-CP",
    // Poor and near-poor share the income line; the number of deprivations tells them apart.
    poorLineVnd: { rural: 1_500_000, urban: 2_000_000 },
    nearPoorLineVnd: { rural: 1_500_000, urban: 2_000_000 },
  },
  {
    id: "2026-2030",
    fromYear: 2026,
    toYear: 2030,
    legalBasis: "351/2025/NĐ-CP",
    poorLineVnd: { rural: 2_200_000, urban: 2_800_000 },
    nearPoorLineVnd: { rural: 2_200_000, urban: 2_800_000 },
  },
];

export type Area = "rural" | "urban";

/** The standard in force in `year`, or null outside every configured period. */
export function povertyStandardFor(year: number, standards: readonly PovertyStandard[] = povertyStandards): PovertyStandard | null {
  if (!Number.isInteger(year)) return null;
  return standards.find((s) => year >= s.fromYear && year <= s.toYear) ?? null;
}

/** The yearly poverty line per person (12 × the monthly line) for the year and area, or null. */
export function yearlyPovertyLine(year: number, area: Area, standards: readonly PovertyStandard[] = povertyStandards): number | null {
  const standard = povertyStandardFor(year, standards);
  return standard ? standard.poorLineVnd[area] * 12 : null;
}

/**
 * How a yearly income per person compares with the year's poverty line: the ratio (1 = on the line)
 * and whether it is at or below it. Null when no standard covers the year.
 */
export function compareWithPovertyLine(
  incomePerPersonYearVnd: number,
  year: number,
  area: Area,
  standards: readonly PovertyStandard[] = povertyStandards,
): { lineVnd: number; ratio: number; belowOrAtLine: boolean } | null {
  if (!Number.isFinite(incomePerPersonYearVnd) || incomePerPersonYearVnd < 0) return null;
  const line = yearlyPovertyLine(year, area, standards);
  if (line === null) return null;
  return { lineVnd: line, ratio: incomePerPersonYearVnd / line, belowOrAtLine: incomePerPersonYearVnd <= line };
}

/** Checks a list of standards for gaps and overlaps: each year must fall in at most one period. */
export function validateStandards(standards: readonly PovertyStandard[]): string[] {
  const problems: string[] = [];
  const sorted = [...standards].sort((a, b) => a.fromYear - b.fromYear);
  for (const [i, s] of sorted.entries()) {
    if (s.toYear < s.fromYear) problems.push(`${s.id}: ends before it starts`);
    for (const line of [s.poorLineVnd.rural, s.poorLineVnd.urban, s.nearPoorLineVnd.rural, s.nearPoorLineVnd.urban]) {
      if (!Number.isSafeInteger(line) || line <= 0) problems.push(`${s.id}: line must be a positive whole number of VND`);
    }
    if (s.nearPoorLineVnd.rural < s.poorLineVnd.rural || s.nearPoorLineVnd.urban < s.poorLineVnd.urban) {
      problems.push(`${s.id}: near-poor line below the poor line`);
    }
    const next = sorted[i + 1];
    if (next && next.fromYear <= s.toYear) problems.push(`${s.id} overlaps ${next.id}`);
    if (next && next.fromYear > s.toYear + 1) problems.push(`gap between ${s.id} and ${next.id}`);
  }
  return problems;
}
