import { describe, expect, it } from "vitest";
import { isLocale, localeFromCookieHeader, localized, messages, translate } from "./i18n";

describe("translate", () => {
  it("speaks Vietnamese and English", () => {
    expect(translate("vi", "nav.home")).toBe("Trang chủ");
    expect(translate("en", "nav.home")).toBe("Home");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("vi", "product.ocop", { stars: 4 })).toBe("OCOP 4 sao");
    expect(translate("en", "product.certificateExpiringSoon", {})).toBe("Expiring soon ({days} days left)");
  });

  it("has every key in both languages, none empty", () => {
    const vi = Object.keys(messages.vi).sort();
    expect(Object.keys(messages.en).sort()).toEqual(vi);
    for (const locale of ["vi", "en"] as const) {
      for (const key of vi) expect(messages[locale][key as keyof typeof messages.vi].trim()).not.toBe("");
    }
  });
});

describe("locale cookie", () => {
  it("defaults to Vietnamese", () => {
    expect(localeFromCookieHeader(null)).toBe("vi");
    expect(localeFromCookieHeader("")).toBe("vi");
  });
  it("reads a valid choice among other cookies", () => {
    expect(localeFromCookieHeader("a=1; lang=en; b=2")).toBe("en");
  });
  it("ignores values that are not a supported language", () => {
    expect(localeFromCookieHeader("lang=fr")).toBe("vi");
    expect(localeFromCookieHeader("lang=<script>")).toBe("vi");
    expect(isLocale("EN")).toBe(false);
  });
});

describe("localized", () => {
  it("falls back to Vietnamese when there is no English text", () => {
    expect(localized("en", "Trà", null)).toBe("Trà");
    expect(localized("en", "Trà", "")).toBe("Trà");
    expect(localized("en", "Trà", "Tea")).toBe("Tea");
    expect(localized("vi", "Trà", "Tea")).toBe("Trà");
  });
});

describe("message modules", () => {
  it("never define the same key twice (a later module would silently win)", async () => {
    const modules = import.meta.glob<{ vi: Record<string, string> }>("./messages/*.ts", { eager: true });
    const seen = new Map<string, string>();
    for (const [file, mod] of Object.entries(modules)) {
      for (const key of Object.keys(mod.vi)) {
        expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, file);
      }
    }
    expect(seen.size).toBe(Object.keys(messages.vi).length);
  });
});
