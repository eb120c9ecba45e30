import { describe, expect, it } from "vitest";
import { localeCookieHeader, safeRedirectPath } from "./locale.server";
import { parseSlugOr404 } from "./params";

describe("safeRedirectPath", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirectPath("/products/tra?x=1")).toBe("/products/tra?x=1");
  });
  it("refuses anything that could leave the site", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "", undefined, 42]) {
      expect(safeRedirectPath(bad)).toBe("/");
    }
  });
});

describe("localeCookieHeader", () => {
  it("persists a year and is Secure over HTTPS", () => {
    expect(localeCookieHeader("en", false)).toBe("lang=en; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(localeCookieHeader("vi", true)).toContain("; Secure");
  });
});

describe("parseSlugOr404", () => {
  it("accepts catalogue slugs", () => {
    expect(parseSlugOr404("tra-tan-cuong-5-sao")).toBe("tra-tan-cuong-5-sao");
  });
  it("turns anything else into a 404 response", () => {
    for (const bad of [undefined, "", "UPPER", "a--b", "-a", "x".repeat(121), "tra tan"]) {
      try {
        parseSlugOr404(bad);
        expect.unreachable();
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(Response);
        expect((thrown as Response).status).toBe(404);
      }
    }
  });
});
