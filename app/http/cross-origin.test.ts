import { describe, expect, it } from "vitest";
import { isCrossOriginWrite } from "./cross-origin";

describe("cross-origin writes", () => {
  const own = ["trace.ocop.vn", "127.0.0.1:3000"];

  it("refuses a POST from another site, an opaque origin or a look-alike host", () => {
    expect(isCrossOriginWrite("POST", "https://evil.example", own)).toBe(true);
    expect(isCrossOriginWrite("POST", "null", own)).toBe(true);
    expect(isCrossOriginWrite("POST", "https://trace.ocop.vn.evil.example", own)).toBe(true);
    expect(isCrossOriginWrite("DELETE", "http://127.0.0.1:3001", own)).toBe(true);
  });

  it("lets the site's own pages, reads and clients without an Origin through", () => {
    expect(isCrossOriginWrite("POST", "https://trace.ocop.vn", own)).toBe(false);
    expect(isCrossOriginWrite("POST", "http://127.0.0.1:3000", own)).toBe(false);
    expect(isCrossOriginWrite("POST", undefined, own)).toBe(false);
    expect(isCrossOriginWrite("GET", "https://evil.example", own)).toBe(false);
    expect(isCrossOriginWrite("HEAD", "https://evil.example", own)).toBe(false);
  });
});
