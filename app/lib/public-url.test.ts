import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env.server";
import { resolvePublicAddress } from "./public-url.server";

describe("PUBLIC_URL", () => {
  it("is kept as an origin, with TRUST_PROXY off by default", () => {
    const env = parseEnv({ PUBLIC_URL: "https://truyxuat.thainguyen.gov.vn/" });
    expect(env.PUBLIC_URL).toBe("https://truyxuat.thainguyen.gov.vn");
    expect(env.TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
  });

  it("refuses a path, a query, credentials or another scheme, in one line", () => {
    for (const bad of ["https://x.vn/trace", "https://x.vn/?a=1", "https://u:p@x.vn", "ftp://x.vn", "x.vn"]) {
      expect(() => parseEnv({ PUBLIC_URL: bad }), bad).toThrow(/^Configuration error: PUBLIC_URL must be the site's public http\(s\) address/);
    }
  });

  it("production requires it; the demo defaults to localhost on its port", () => {
    expect(() => resolvePublicAddress(parseEnv({}), "production")).toThrow(ConfigError);
    expect(resolvePublicAddress(parseEnv({ PORT: "4000" }), "demo")).toEqual({ origin: "http://localhost:4000", defaulted: true });
    expect(resolvePublicAddress(parseEnv({ PUBLIC_URL: "https://a.vn" }), "production")).toEqual({ origin: "https://a.vn", defaulted: false });
  });
});
