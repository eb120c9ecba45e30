/**
 * One entry point per dashboard view, shared by its page, its exports and the printable report, so
 * all three show the same figures for the same URL.
 */
import { z } from "zod";
import type { Database } from "#db/client.server";
import { translator, type Locale } from "~/lib/i18n";
import type { Logger } from "~/lib/logger";
import { filtersToSearch, parseFilters, type DashboardFilters } from "./filters";
import { getMarketExpansion, type MarketExpansion } from "./market.server";
import { ocopDashboardTables, type OcopDashboard } from "./ocop-dashboard";
import { getOcopDashboard } from "./ocop-dashboard.server";
import { getOverview, type Overview } from "./overview.server";
import { ensureFreshInsights, type Freshness } from "./rollups.server";
import { resolveScope, type DashboardScope } from "./scope.server";
import { householdTables, marketTables, overviewTables, valueChainTables, type DataTable } from "./tables";
import { getHouseholdTargets, type HouseholdTargets } from "./targets.server";
import { getValueChain, parseChainSelection, type ValueChain } from "./value-chain.server";

export const dashboardViews = ["overview", "market", "value-chains", "households", "ocop"] as const;
export type DashboardView = (typeof dashboardViews)[number];
export const viewSchema = z.enum(dashboardViews);

interface Common {
  scope: DashboardScope;
  filters: DashboardFilters;
  /** Field → message key of filters that could not be used. */
  filterErrors: Partial<Record<keyof DashboardFilters | "product" | "key", string>>;
  freshness: Freshness[];
  tables: DataTable[];
}

export type DashboardData =
  | (Common & { view: "overview"; overview: Overview })
  | (Common & { view: "market"; market: MarketExpansion })
  | (Common & { view: "value-chains"; chain: ValueChain })
  | (Common & { view: "households"; households: HouseholdTargets })
  | (Common & { view: "ocop"; ocop: OcopDashboard });

export async function loadDashboard(
  db: Database,
  input: { view: DashboardView; search: URLSearchParams; today: string; locale: Locale; logger: Logger },
): Promise<DashboardData> {
  const parsed = parseFilters(input.search, input.today);
  const { scope, problems } = await resolveScope(db, parsed.filters);
  const freshness = await ensureFreshInsights(db, { logger: input.logger });
  const t = translator(input.locale);
  const common: Omit<Common, "tables"> = { scope, filters: scope.filters, filterErrors: { ...parsed.errors, ...problems }, freshness };
  if (input.view === "overview") {
    const overview = await getOverview(db, scope, input.today);
    return { ...common, view: "overview", overview, tables: overviewTables(overview, t, input.locale) };
  }
  if (input.view === "market") {
    const market = await getMarketExpansion(db, scope);
    return { ...common, view: "market", market, tables: marketTables(market, t, input.locale) };
  }
  if (input.view === "value-chains") {
    const { selection, error } = parseChainSelection(input.search);
    const chain = await getValueChain(db, scope, selection);
    const problem = error ?? (chain.outOfScope ? "ins.chain.productOutOfScope" : null);
    if (problem) common.filterErrors = { ...common.filterErrors, [input.search.has("product") ? "product" : "key"]: problem };
    return { ...common, view: "value-chains", chain, tables: valueChainTables(chain, t) };
  }
  if (input.view === "ocop") {
    const ocop = await getOcopDashboard(db, scope, input.today);
    return { ...common, view: "ocop", ocop, tables: ocopDashboardTables(ocop, t, input.locale) };
  }
  const households = await getHouseholdTargets(db, scope);
  return { ...common, view: "households", households, tables: householdTables(households, t) };
}

/** What every dashboard page's header needs, in a form that crosses to the browser. */
export function headerData(data: DashboardData, title: string) {
  const { scope } = data;
  return {
    title,
    search: filtersToSearch(data.filters),
    filters: data.filters,
    errors: data.filterErrors,
    province: scope.province,
    commune: scope.commune,
    provinces: scope.provinces,
    communes: scope.communes,
    freshness: data.freshness.map((f) => ({ rollup: f.rollup, coveredUntil: f.coveredUntil.toISOString(), refreshedAt: f.refreshedAt.toISOString() })),
    tables: data.tables,
  };
}
