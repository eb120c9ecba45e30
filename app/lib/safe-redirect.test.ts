import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

const SITE = "https://truyxuat.example.vn";

/** Where a browser goes for a Location header value, after its own clean-up (TAB/CR/LF dropped, "\" read as "/"). */
function browserTarget(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), SITE);
}

const leaving = [
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/ /evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/\u0085/evil.example",
  "/\u00a0/evil.example",
  "/\u2028/evil.example",
  "/\u3000/evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/./\\evil.example",
  "evil.example",
  "",
  undefined,
  null,
  42,
  ["/"],
];

const staying: [string, string][] = [
  ["/products/tra?x=1", "/products/tra?x=1"],
  ["/shop?q=chè&page=2", "/shop?q=ch%C3%A8&page=2"],
  ["/sản-phẩm/chè-tân-cương", "/s%E1%BA%A3n-ph%E1%BA%A9m/ch%C3%A8-t%C3%A2n-c%C6%B0%C6%A1ng"],
  ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/%09/evil.example", "/%09/evil.example"],
  ["/%5Cevil.example", "/%5Cevil.example"],
  ["/a/../b", "/b"],
  ["/workspace#stock", "/workspace#stock"],
  ["/😀", "/%F0%9F%98%80"],
];

describe("safeRedirectPath", () => {
  it("refuses everything that could leave the site (TAB, CR/LF, backslashes, //, /\\, dot segments, unicode spaces)", () => {
    for (const bad of leaving) expect(safeRedirectPath(bad), JSON.stringify(bad)).toBe("/");
    for (const bad of leaving) expect(safeRedirectPath(bad, ""), JSON.stringify(bad)).toBe("");
  });

  it("keeps same-site paths, percent-encoding what a header cannot carry", () => {
    for (const [input, expected] of staying) expect(safeRedirectPath(input), input).toBe(expected);
  });

  it("answers only values a Location header can carry and a browser resolves on this site", () => {
    for (const input of [...leaving, ...staying.map(([i]) => i)]) {
      const out = safeRedirectPath(input);
      expect(() => new Headers({ Location: out }), JSON.stringify(input)).not.toThrow();
      expect(browserTarget(out).origin, JSON.stringify(input)).toBe(SITE);
    }
  });
});
