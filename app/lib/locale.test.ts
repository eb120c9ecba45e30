import { describe, expect, it } from "vitest";
import { localeCookieHeader } from "./locale.server";
import { parseSlugOr404 } from "./params";

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
