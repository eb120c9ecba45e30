import { describe, expect, it } from "vitest";
import { firstFreeSlug, slugify } from "./slug";

describe("slugify", () => {
  it("drops Vietnamese diacritics, đ included", () => {
    expect(slugify("Chè Tân Cương đặc biệt")).toBe("che-tan-cuong-dac-biet");
    expect(slugify("ĐỊNH HÓA — Gạo Bao Thai")).toBe("dinh-hoa-gao-bao-thai");
  });
  it("keeps only letters and digits between single hyphens", () => {
    expect(slugify("  <script>alert(1)</script>  ")).toBe("script-alert-1-script");
    expect(slugify("!!!")).toBe("");
  });
  it("caps the length without a trailing hyphen", () => {
    const slug = slugify("a ".repeat(100), 9);
    expect(slug).toBe("a-a-a-a-a");
  });
});

describe("firstFreeSlug", () => {
  it("adds the first free suffix", () => {
    expect(firstFreeSlug("tra", new Set())).toBe("tra");
    expect(firstFreeSlug("tra", new Set(["tra", "tra-2"]))).toBe("tra-3");
  });
});
