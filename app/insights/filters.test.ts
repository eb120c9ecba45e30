import { describe, expect, it } from "vitest";
import { defaultFilters, filtersToSearch, monthRange, parseFilters, periodDates, quartersAndMonths } from "./filters";

const TODAY = "2026-11-25";

describe("dashboard filters", () => {
  it("default to this year so far in Thái Nguyên", () => {
    expect(defaultFilters(TODAY)).toEqual({ province: "19", from: "2026-01", to: "2026-11" });
    expect(parseFilters(new URLSearchParams(""), TODAY)).toEqual({ filters: defaultFilters(TODAY), errors: {} });
  });

  it("read a shared URL", () => {
    const { filters, errors } = parseFilters(new URLSearchParams("province=01&commune=12&from=2025-03&to=2025-06"), TODAY);
    expect(errors).toEqual({});
    expect(filters).toEqual({ province: "01", commune: 12, from: "2025-03", to: "2025-06" });
    expect(filtersToSearch(filters)).toBe("province=01&commune=12&from=2025-03&to=2025-06");
  });

  it("report bad values next to their field and fall back to defaults", () => {
    const r = parseFilters(new URLSearchParams("province=abc&commune=-3&from=2026-13&to=2026-02"), TODAY);
    expect(r.errors.province).toBe("ins.filter.province");
    expect(r.errors.commune).toBe("ins.filter.commune");
    expect(r.errors.from).toBe("ins.filter.monthFormat");
    expect(r.filters).toEqual(defaultFilters(TODAY));
  });

  it("refuse a period that ends before it starts or spans more than five years", () => {
    expect(parseFilters(new URLSearchParams("from=2026-05&to=2026-02"), TODAY).errors.to).toBe("ins.filter.toBeforeFrom");
    expect(parseFilters(new URLSearchParams("from=2020-01&to=2026-01"), TODAY).errors.to).toBe("ins.filter.tooLong");
    expect(parseFilters(new URLSearchParams("from=2021-02&to=2026-01"), TODAY).errors).toEqual({});
  });

  it("keep a valid commune when only the period is wrong", () => {
    const r = parseFilters(new URLSearchParams("commune=7&from=x"), TODAY);
    expect(r.filters.commune).toBe(7);
    expect(r.filters.from).toBe("2026-01");
  });

  it("span whole calendar months", () => {
    expect(periodDates({ from: "2024-01", to: "2024-02" })).toEqual({ start: "2024-01-01", end: "2024-02-29" });
    expect(monthRange("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });

  it("split a period into whole quarters and the months outside them", () => {
    expect(quartersAndMonths("2026-01", "2026-11")).toEqual({
      quarters: ["2026-01-01", "2026-04-01", "2026-07-01"],
      months: ["2026-10-01", "2026-11-01"],
    });
    expect(quartersAndMonths("2025-11", "2026-04")).toEqual({ quarters: ["2026-01-01"], months: ["2025-11-01", "2025-12-01", "2026-04-01"] });
    expect(quartersAndMonths("2026-05", "2026-05")).toEqual({ quarters: [], months: ["2026-05-01"] });
    // Every month of a period is counted once, whole quarters or not.
    for (const [from, to] of [["2024-02", "2026-12"], ["2026-03", "2026-03"], ["2025-10", "2026-03"]] as const) {
      const { quarters, months } = quartersAndMonths(from, to);
      const covered = [...quarters.flatMap((q) => [0, 1, 2].map((i) => monthRange(q.slice(0, 7), "2099-12")[i]!)), ...months.map((m) => m.slice(0, 7))];
      expect(covered.sort()).toEqual(monthRange(from, to));
    }
  });
});
