import { describe, expect, it } from "vitest";
import { activeFilterCount, parseCatalogueQuery } from "./catalogue-query";

const query = (qs: string) => parseCatalogueQuery(new URLSearchParams(qs));

describe("counting the filters a visitor chose", () => {
  it("counts each filter once, not the words searched, the order or the page", () => {
    expect(activeFilterCount(query(""))).toBe(0);
    expect(activeFilterCount(query("q=che&sort=price_asc&page=3"))).toBe(0);
    expect(activeFilterCount(query("category=tea"))).toBe(1);
    expect(activeFilterCount(query("category=tea&group=food&stars=4&commune=12&coop=htx-a&min=10000&max=50000&stock=1"))).toBe(8);
  });

  it("ignores values the query does not accept", () => {
    expect(activeFilterCount(query("category=nope&stars=9&min=abc&stock=yes"))).toBe(0);
  });
});
