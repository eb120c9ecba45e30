/**
 * One entry point per dashboard view, shared by its page, its exports and the printable report, so
 * all three show the same figures for the same URL.
 */
import { z } from "zod";
import type { Database } from "#db/client.server";
import { translator, type Locale } from "~/lib/i18n";
import { parseFilters, type DashboardFilters } from "./filters";
import { getMarketExpansion, type MarketExpansion } from "./market.server";
import { getOverview, type Overview } from "./overview.server";
import { ensureFreshInsights, type Freshness } from "./rollups.server";
import { resolveScope, type DashboardScope } from "./scope.server";
import { marketTables, overviewTables, type DataTable } from "./tables";

export const dashboardViews = ["overview", "market"] as const;
export type DashboardView = (typeof dashboardViews)[number];
export const viewSchema = z.enum(dashboardViews);

interface Common {
  scope: DashboardScope;
  filters: DashboardFilters;
  /** Field → message key of filters that could not be used. */
  filterErrors: Partial<Record<keyof DashboardFilters, string>>;
  freshness: Freshness[];
  tables: DataTable[];
}

export type DashboardData = (Common & { view: "overview"; overview: Overview }) | (Common & { view: "market"; market: MarketExpansion });

export async function loadDashboard(
  db: Database,
  input: { view: DashboardView; search: URLSearchParams; today: string; locale: Locale },
): Promise<DashboardData> {
  const parsed = parseFilters(input.search, input.today);
  const { scope, problems } = await resolveScope(db, parsed.filters);
  const freshness = await ensureFreshInsights(db);
  const t = translator(input.locale);
  const common = { scope, filters: scope.filters, filterErrors: { ...parsed.errors, ...problems }, freshness };
  if (input.view === "overview") {
    const overview = await getOverview(db, scope, input.today);
    return { ...common, view: "overview", overview, tables: overviewTables(overview, t, input.locale) };
  }
  const market = await getMarketExpansion(db, scope);
  return { ...common, view: "market", market, tables: marketTables(market, t, input.locale) };
}
