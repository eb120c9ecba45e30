import { describe, expect, it } from "vitest";
import { translator } from "~/lib/i18n";
import { addMonths, meetsStorefrontTarget, monthEnds, ocopDashboardTables, passRate, storefrontShare, type OcopDashboard } from "./ocop-dashboard";

describe("OCOP dashboard figures", () => {
  it("gives pass rates to one decimal, none without decisions", () => {
    expect(passRate(2, 3)).toBe(66.7);
    expect(passRate(0, 4)).toBe(0);
    expect(passRate(5, 5)).toBe(100);
    expect(passRate(0, 0)).toBeNull();
  });
  it("measures the storefront share against the 50% target", () => {
    expect(storefrontShare({ producers: 0, selling: 0 })).toBeNull();
    expect(meetsStorefrontTarget({ producers: 0, selling: 0 })).toBeNull();
    expect(meetsStorefrontTarget({ producers: 4, selling: 2 })).toBe(true);
    expect(meetsStorefrontTarget({ producers: 3, selling: 1 })).toBe(false);
    expect(storefrontShare({ producers: 3, selling: 1 })).toBe(33.3);
  });
  it("takes each month's last day, today for the current month, nothing after", () => {
    expect(monthEnds(["2024-02", "2026-02", "2026-11", "2026-12"], "2026-11-25")).toEqual([
      { month: "2024-02", day: "2024-02-29" },
      { month: "2026-02", day: "2026-02-28" },
      { month: "2026-11", day: "2026-11-25" },
    ]);
  });
  it("adds months clamped to the month's end", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2026-11-25", -12)).toBe("2025-11-25");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2027-12-15", 1)).toBe("2028-01-15");
  });
  it("builds empty tables that say nothing was found, without totals", () => {
    const empty: OcopDashboard = { stages: [], places: [], results: [], expiring: [], starsOverTime: [], storefront: { producers: 0, selling: 0, since: "2025-11-25" } };
    const tables = ocopDashboardTables(empty, translator("vi"), "vi");
    expect(tables.find((x) => x.id === "places")!.total).toBeNull();
    expect(tables.find((x) => x.id === "results")!.total).toBeNull();
    expect(tables.find((x) => x.id === "storefront")!.rows[2]).toEqual(["Tỷ lệ (%)", null]);
  });
});
