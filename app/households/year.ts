/** The year a page is about, from `?year=`; the current year in Vietnam when absent or out of range. */
export function yearFromUrl(url: string, currentYear: number): number {
  const raw = new URL(url).searchParams.get("year");
  if (raw && /^\d{4}$/.test(raw)) {
    const y = Number(raw);
    if (y >= 2015 && y <= currentYear + 1) return y;
  }
  return currentYear;
}

/** Years offered in the pickers: from the baseline year 2020 to the current one, newest first. */
export function yearChoices(currentYear: number): number[] {
  const out: number[] = [];
  for (let y = currentYear; y >= 2020; y--) out.push(y);
  return out;
}
