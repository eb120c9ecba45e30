import { describe, expect, it } from "vitest";
import { explicitlyAccepts, localeFromAcceptLanguage, mediaTypeQuality } from "./negotiation";

describe("Accept", () => {
  it("honours q-values, q=0 meaning not acceptable", () => {
    expect(mediaTypeQuality("application/linkset+json;q=0", "application/linkset+json")).toBe(0);
    expect(explicitlyAccepts("application/linkset+json;q=0, */*", "application/linkset+json")).toBe(false);
    expect(explicitlyAccepts("text/html, application/linkset+json; q=0.5", "application/linkset+json")).toBe(true);
    expect(mediaTypeQuality("text/html, application/linkset+json; q=0.5", "application/linkset+json")).toBe(0.5);
    expect(mediaTypeQuality("text/*;q=0.3", "text/html")).toBe(0.3);
    expect(mediaTypeQuality("*/*", "text/html")).toBe(1);
    expect(mediaTypeQuality(undefined, "text/html")).toBe(0);
  });
});

describe("Accept-Language", () => {
  it("picks the app's locale with the highest q, regions ignored", () => {
    expect(localeFromAcceptLanguage("en")).toBe("en");
    expect(localeFromAcceptLanguage("en-GB,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fr, en;q=0.5, vi;q=0.8")).toBe("vi");
    expect(localeFromAcceptLanguage("vi;q=0, en;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("fr, de")).toBeNull();
    expect(localeFromAcceptLanguage("")).toBeNull();
    expect(localeFromAcceptLanguage(undefined)).toBeNull();
  });
});
