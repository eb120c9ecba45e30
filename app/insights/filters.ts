/**
 * Dashboard filters carried in the URL (`?province=19&commune=12&from=2026-01&to=2026-11`), so a view
 * can be shared. Safe on both sides: the filter form and the loaders use the same parser.
 */
import { z } from "zod";

/** Thái Nguyên: the province this deployment was built for, and the default place. */
export const DEFAULT_PROVINCE = "19";
/** Longest period one view may span, so a mistyped year cannot ask for a century of months. */
export const MAX_PERIOD_MONTHS = 60;

const monthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "ins.filter.monthFormat");

const communeId = z.coerce.number().int("ins.filter.commune").positive("ins.filter.commune").max(2_147_483_647, "ins.filter.commune");

export const filterSchema = z
  .object({
    province: z.string().regex(/^\d{2}$/, "ins.filter.province"),
    commune: communeId.optional(),
    from: monthText,
    to: monthText,
  })
  .superRefine((f, ctx) => {
    // A malformed month is reported by its own field; comparing it would only add a second, wrong message.
    if (!monthText.safeParse(f.from).success || !monthText.safeParse(f.to).success) return;
    if (f.from > f.to) ctx.addIssue({ code: "custom", path: ["to"], message: "ins.filter.toBeforeFrom" });
    else if (monthsBetween(f.from, f.to) + 1 > MAX_PERIOD_MONTHS) ctx.addIssue({ code: "custom", path: ["to"], message: "ins.filter.tooLong" });
  });

export type DashboardFilters = z.infer<typeof filterSchema>;

export interface FilterResult {
  filters: DashboardFilters;
  /** Field → message key, for the fields that were given but could not be used (defaults used instead). */
  errors: Partial<Record<keyof DashboardFilters, string>>;
}

/** "2026-11" of a YYYY-MM-DD date. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** Whole months from one YYYY-MM to another (0 for the same month). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** The YYYY-MM months from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  for (let i = 0; i <= monthsBetween(from, to); i++) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The period as whole calendar quarters plus the months outside them (first days, YYYY-MM-01), so
 * a rollup kept per quarter and per month can be read with fewer rows and the same sum.
 */
export function quartersAndMonths(from: string, to: string): { quarters: string[]; months: string[] } {
  const inPeriod = new Set(monthRange(from, to));
  const quarters: string[] = [];
  const months: string[] = [];
  for (const month of inPeriod) {
    const [y, m] = month.split("-").map(Number) as [number, number];
    const first = m - ((m - 1) % 3);
    const quarterMonths = [first, first + 1, first + 2].map((x) => `${y}-${String(x).padStart(2, "0")}`);
    if (quarterMonths.every((q) => inPeriod.has(q))) {
      if (m === first) quarters.push(`${month}-01`);
    } else months.push(`${month}-01`);
  }
  return { quarters, months };
}

/** First and last calendar day of the period, YYYY-MM-DD. */
export function periodDates(f: Pick<DashboardFilters, "from" | "to">): { start: string; end: string } {
  const [y, m] = f.to.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { start: `${f.from}-01`, end: `${f.to}-${String(lastDay).padStart(2, "0")}` };
}

/** This year so far in Thái Nguyên: the view an officer gets without choosing anything. */
export function defaultFilters(today: string): DashboardFilters {
  return { province: DEFAULT_PROVINCE, from: `${today.slice(0, 4)}-01`, to: monthOf(today) };
}

/**
 * Reads the filters from a query string. Each field that is missing takes its default; one that is
 * present but wrong takes its default too and is reported, so the page still answers.
 */
export function parseFilters(search: URLSearchParams, today: string): FilterResult {
  const defaults = defaultFilters(today);
  const raw = {
    province: search.get("province") || defaults.province,
    commune: search.get("commune") || undefined,
    from: search.get("from") || defaults.from,
    to: search.get("to") || defaults.to,
  };
  const parsed = filterSchema.safeParse(raw);
  if (parsed.success) return { filters: parsed.data, errors: {} };
  const errors: FilterResult["errors"] = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof DashboardFilters | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  // Keep what was valid; fall back field by field (a bad period falls back as a whole).
  const province = errors.province ? defaults.province : raw.province;
  const periodOk = !errors.from && !errors.to;
  const communeParsed = communeId.optional().safeParse(raw.commune);
  const filters: DashboardFilters = {
    province,
    from: periodOk ? raw.from : defaults.from,
    to: periodOk ? raw.to : defaults.to,
  };
  if (!errors.commune && !errors.province && communeParsed.success && communeParsed.data !== undefined) filters.commune = communeParsed.data;
  return { filters, errors };
}

/** The query string of a view (without the leading "?"), in a stable order. */
export function filtersToSearch(f: DashboardFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set("province", f.province);
  if (f.commune !== undefined) params.set("commune", String(f.commune));
  params.set("from", f.from);
  params.set("to", f.to);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}
